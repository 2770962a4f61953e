// Registers comparisons: Compare Snapshots…, Compare with… (Snapshots view), the Comparison view,
// and Show Heap Profile (the heap page of the current snapshot).
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../commandIds';
import type { DetailPanel } from '../panel/detailPanel';
import { requireSession, type Services } from '../services';
import { compareSnapshotsCommand, compareWithCommand } from './compareCommand';
import { ComparisonStore } from './comparisonStore';
import { ComparisonTreeProvider } from './comparisonTree';

export function registerCompare(
  context: vscode.ExtensionContext,
  services: Services,
  panel: DetailPanel,
): ComparisonStore {
  const comparisons = new ComparisonStore(services.sessions);
  const tree = new ComparisonTreeProvider(comparisons);
  const deps = {
    analysis: services.analysis,
    snapshots: services.snapshots,
    comparisons,
    show: (c: Parameters<DetailPanel['showCompare']>[0]) => panel.showCompare(c),
  };
  context.subscriptions.push(
    comparisons,
    tree,
    vscode.window.registerTreeDataProvider(VIEWS.comparison, tree),
    vscode.commands.registerCommand(COMMANDS.compareSnapshots, compareSnapshotsCommand(deps)),
    vscode.commands.registerCommand(COMMANDS.compareWith, compareWithCommand(deps)),
    vscode.commands.registerCommand(COMMANDS.showHeap, () => {
      const s = requireSession(services);
      if (!s) return false;
      if (panel.showHeap(s)) return true;
      void vscode.window.showInformationMessage(
        `${s.title} has no heap profile. Captures fetch one unless goroutineInspector.capture.includeHeap is off; with files, open the heap profile with the goroutine files.`,
      );
      return false;
    }),
  );
  return comparisons;
}
