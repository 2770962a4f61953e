// Typed access to the extension's settings (declared in package.json `contributes.configuration`).
import * as vscode from 'vscode';
import type { GroupBy } from '../core/present/treeSections';

export interface EndpointSetting {
  readonly name: string;
  readonly url: string;
}

function cfg(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('goroutineInspector');
}

export const settings = {
  endpoints(): EndpointSetting[] {
    const raw = cfg().get<unknown[]>('endpoints', []);
    return raw
      .filter(
        (e): e is EndpointSetting =>
          typeof e === 'object' && e !== null && typeof (e as EndpointSetting).url === 'string',
      )
      .map((e) => ({ name: typeof e.name === 'string' && e.name ? e.name : e.url, url: e.url }));
  },
  timeoutSeconds: () => Math.max(1, cfg().get<number>('capture.timeoutSeconds', 30)),
  totalTimeoutSeconds: () => Math.max(1, cfg().get<number>('capture.totalTimeoutSeconds', 60)),
  maxCaptureBytes: () => Math.max(1024, cfg().get<number>('capture.maxBytes', 256 * 1024 * 1024)),
  includeHeap: () => cfg().get<boolean>('capture.includeHeap', true),
  maxDecompressedBytes: () => Math.max(1024, cfg().get<number>('decode.maxDecompressedBytes', 1024 * 1024 * 1024)),
  groupBy: (): GroupBy => {
    const v = cfg().get<string>('tree.groupBy', 'handler');
    return v === 'kind' || v === 'state' || v === 'test' ? v : 'handler';
  },
  showRuntime: () => cfg().get<boolean>('tree.showRuntime', false),
  foldStandardLibrary: () => cfg().get<boolean>('tree.foldStandardLibrary', true),
  decorationsEnabled: () => cfg().get<boolean>('decorations.enabled', true),
  maxSnapshots: () => Math.max(1, cfg().get<number>('snapshots.maxKept', 30)),
  watchIntervalSeconds: () => Math.max(0.2, cfg().get<number>('watch.intervalSeconds', 30)),
  watchFullEvery: () => Math.max(1, Math.floor(cfg().get<number>('watch.fullDumpEvery', 4))),
  watchMaxTicks: () => Math.max(2, cfg().get<number>('watch.maxTicks', 240)),
  watchMaxBytes: () => Math.max(1024 * 1024, cfg().get<number>('watch.maxBytes', 1024 * 1024 * 1024)),
  pathMappings: (): Record<string, string> => {
    const raw = cfg().get<Record<string, unknown>>('pathMappings', {});
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw ?? {})) if (typeof v === 'string') out[k] = v;
    return out;
  },
  goroot: () => vscode.workspace.getConfiguration('go').get<string>('goroot', '') || '',

  async update(key: string, value: unknown, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
    const t = vscode.workspace.workspaceFolders?.length ? target : vscode.ConfigurationTarget.Global;
    await cfg().update(key, value, t);
  },
};
