// The rows of one group in the Goroutines view: the group itself, then (when expanded) its stack
// innermost first with runs of standard library frames folded, a note on elided frames, its
// created-by chain and its goroutine ids in pages. The host turns each row into a TreeItem.
import { growthNote } from '../analysis/history/growth';
import type { HeldMemory } from '../analysis/heldMemory';
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import type { Frame } from '../model/goroutine';
import { shortFile } from '../go/filePaths';
import { isStdlibFunction, shortFunctionName } from '../go/functionNames';
import { createdByChain, type CreatedByView, type CreationFrameView } from './createdByChain';
import { countText, heldText, numberText, stacksEstimateText, waitRangeText } from './format';
import { DIMMED_COLOR, verdictIcon, type IconView } from './icons';
import { groupLabel, groupState, groupTitle, verdictText } from './titles';

/** Goroutine ids per row: a 24,000-goroutine group still opens at once. */
export const ID_PAGE = 100;
/** A run of at least this many standard library frames folds into one row. */
const MIN_FOLDED = 2;
const PARENTS_SHOWN = 5;

/** What clicking a row does; the host maps each to its command. */
export type TreeAction =
  | { readonly command: 'showGroup'; readonly groupKey: string }
  | { readonly command: 'openFrame'; readonly groupKey: string; readonly index: number }
  | { readonly command: 'openCreatedBy'; readonly groupKey: string; readonly index: number };

/** One row as VS Code's TreeItem shows it. */
export interface TreeRowView {
  readonly label: string;
  readonly description?: string;
  /** Plain text. */
  readonly tooltip?: string;
  readonly icon?: IconView;
  /** The `viewItem` of package.json's menus. */
  readonly contextValue?: string;
  readonly action?: TreeAction;
}

export interface GroupRowView extends TreeRowView {
  /** The tooltip's parts: a plain first line, the verdict (shown bold), the reason. */
  readonly heading: string;
  readonly verdict: string | null;
  readonly reason: string | null;
}

/** A child row of an expanded group. */
export type GroupChildView =
  | { readonly kind: 'frame'; readonly row: TreeRowView }
  | { readonly kind: 'folded'; readonly row: TreeRowView; readonly frames: readonly TreeRowView[] }
  | { readonly kind: 'note'; readonly row: TreeRowView }
  | { readonly kind: 'createdBy'; readonly groupKey: string; readonly chain: readonly CreatedByView[] }
  | { readonly kind: 'ids'; readonly ids: readonly number[]; readonly parentIds: readonly number[] };

/** What a group row of a blocked goroutine of a running test says first (kind test-hang). */
export const BLOCKS_TEST = 'blocks its running test';

/** State, wait, the route (or first) label and the runtime's leak flags: `select · 2–5 min · /slow`. */
export function groupDescription(g: AnalyzedGroup): string {
  const parts: string[] = [groupState(g)];
  // The flag of a go test timeout: these goroutines are what a running test waits on.
  if (g.verdict.kind === 'test-hang') parts.unshift(BLOCKS_TEST);
  const wait = waitRangeText(g.group.waitMinutes);
  if (wait) parts.push(wait);
  const labels = g.group.labels;
  const route = labels.route ?? Object.entries(labels).map(([k, v]) => `${k}=${v}`)[0];
  if (route) parts.push(route);
  if (g.group.leakedCount > 0) parts.push(`${numberText(g.group.leakedCount)} leaked (runtime)`);
  // A watch's history: a suspect whose count only grows says how fast.
  const growth = g.verdict.suspect ? growthNote(g.verdict.evidence) : null;
  if (growth) parts.push(`grows ${growth}`);
  return parts.join(' · ');
}

/** A group's row; `held`, what it holds in the heap profile of the same moment, joins the description. */
export function groupRow(g: AnalyzedGroup, held: HeldMemory | null = null): GroupRowView {
  const v = g.verdict;
  const holds = held ? heldText(held) : null;
  return {
    label: groupLabel(g),
    description: holds ? `${groupDescription(g)} · ${holds}` : groupDescription(g),
    heading: `${countText(g.group.count, 'goroutine')} · ${groupTitle(g)}`,
    verdict: verdictText(v),
    reason: held && v.reason ? `${v.reason} It ${holds}, plus ${stacksEstimateText(held.stackEstimate)}.` : v.reason,
    icon: verdictIcon(v),
    contextValue: v.suspect ? 'group.suspect' : 'group',
    action: { command: 'showGroup', groupKey: g.group.key },
  };
}

export function frameRow(groupKey: string, index: number, f: Frame, blocking: boolean): TreeRowView {
  const stdlib = isStdlibFunction(f.function);
  const icon: IconView = blocking
    ? { id: 'debug-stackframe-focused', color: 'debugIcon.pauseForeground' }
    : stdlib
      ? { id: 'circle-small', color: DIMMED_COLOR }
      : { id: 'debug-stackframe' };
  return {
    label: shortFunctionName(f.function, { dropMain: true }),
    description: `${shortFile(f.file)}:${f.line}${f.inlined ? ' (inlined)' : ''}`,
    tooltip: `${f.function}\n${f.file}:${f.line}${blocking ? '\nBlocks here (user code)' : ''}`,
    icon,
    contextValue: stdlib ? 'frame.stdlib' : 'frame',
    action: { command: 'openFrame', groupKey, index },
  };
}

function foldedRow(frames: readonly TreeRowView[], first: Frame): GroupChildView {
  return {
    kind: 'folded',
    row: {
      label: `${frames.length} standard library frames`,
      description: shortFunctionName(first.function, { dropMain: true }),
      icon: { id: 'fold', color: DIMMED_COLOR },
      contextValue: 'frames.folded',
    },
    frames,
  };
}

/** What an expanded group shows, in order. Standard library runs fold unless `foldStdlib` is false. */
export function groupChildren(
  result: AnalysisResult,
  g: AnalyzedGroup,
  options: { readonly foldStdlib: boolean },
): GroupChildView[] {
  const { group, verdict } = g;
  const out: GroupChildView[] = [];
  let run: { row: TreeRowView; frame: Frame }[] = [];
  const flush = () => {
    if (run.length >= MIN_FOLDED && options.foldStdlib)
      out.push(
        foldedRow(
          run.map((r) => r.row),
          run[0]!.frame,
        ),
      );
    else for (const r of run) out.push({ kind: 'frame', row: r.row });
    run = [];
  };
  group.stack.frames.forEach((f, i) => {
    const blocking = i === verdict.blockingFrame;
    const row = frameRow(group.key, i, f, blocking);
    if (isStdlibFunction(f.function) && !blocking) run.push({ row, frame: f });
    else {
      flush();
      out.push({ kind: 'frame', row });
    }
  });
  flush();
  if (group.stack.elidedFrames > 0)
    out.push({ kind: 'note', row: noteRow(`… ${group.stack.elidedFrames} frames elided by the runtime`) });
  else if (group.stack.truncated) out.push({ kind: 'note', row: noteRow('… stack truncated') });
  const chain = createdByChain(result, g);
  if (chain.length) out.push({ kind: 'createdBy', groupKey: group.key, chain });
  if (group.ids.length) out.push({ kind: 'ids', ids: group.ids, parentIds: group.parentIds });
  return out;
}

function noteRow(text: string): TreeRowView {
  return { label: text, icon: { id: 'ellipsis' } };
}

/**
 * Link `index` of a created-by chain; its children are the creating goroutine's stack at the `go`
 * statement (when the input printed it) and the next link.
 */
export function createdByRow(groupKey: string, chain: readonly CreatedByView[], index: number): TreeRowView {
  const c = chain[index]!;
  const ids = c.goroutineIds.length > 0 ? ` in goroutine ${c.goroutineIds.slice(0, PARENTS_SHOWN).join(', ')}` : '';
  return {
    label: `${index === 0 ? 'created by' : 'which was created by'} ${shortFunctionName(c.function, { dropMain: true })}`,
    description: `${shortFile(c.file)}:${c.line}${ids}`,
    tooltip: `${c.function}\n${c.file}:${c.line}${ids ? `\n(${ids.trim()})` : ''}${c.stack.length > 0 ? `\nits stack then: ${c.stack.length} more frame${c.stack.length === 1 ? '' : 's'}` : ''}`,
    icon: { id: 'git-commit' },
    contextValue: 'createdBy',
    action: { command: 'openCreatedBy', groupKey, index: c.index },
  };
}

/** A frame of a creating goroutine's stack at its `go` statement (tracebackancestors, race reports). */
export function creationFrameRow(groupKey: string, f: CreationFrameView): TreeRowView {
  const stdlib = f.stdlib;
  return {
    label: shortFunctionName(f.function, { dropMain: true }),
    description: `${shortFile(f.file)}:${f.line}`,
    tooltip: `${f.function}\n${f.file}:${f.line}`,
    icon: stdlib ? { id: 'circle-small', color: DIMMED_COLOR } : { id: 'debug-stackframe' },
    contextValue: stdlib ? 'frame.stdlib' : 'frame',
    action: { command: 'openCreatedBy', groupKey, index: f.index },
  };
}

export function idsRow(ids: readonly number[], parentIds: readonly number[]): TreeRowView {
  const more = parentIds.length > PARENTS_SHOWN ? ', …' : '';
  return {
    label: `goroutine ids (${numberText(ids.length)})`,
    description: parentIds.length
      ? `parent${parentIds.length > 1 ? 's' : ''} ${parentIds.slice(0, PARENTS_SHOWN).join(', ')}${more}`
      : undefined,
    icon: { id: 'symbol-number' },
    contextValue: 'ids',
  };
}

/** The ids in pages of ID_PAGE, each row saying which goroutines of the group it holds. */
export function idPageRows(ids: readonly number[]): TreeRowView[] {
  const rows: TreeRowView[] = [];
  for (let from = 0; from < ids.length; from += ID_PAGE) {
    const page = ids.slice(from, from + ID_PAGE);
    rows.push({ label: page.join(', '), tooltip: `goroutines ${from + 1}–${from + page.length} of ${ids.length}` });
  }
  return rows;
}
