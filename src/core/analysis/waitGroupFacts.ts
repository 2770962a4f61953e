// Whether a WaitGroup kept in a struct field can still be released: the go statements of its
// package whose goroutine can end without Done, and whether any of them still runs.
import type { Node } from 'web-tree-sitter';
import type { GoroutineGroup, GoroutineSnapshot } from '../model/goroutine';
import type { SourceLookup } from '../source/sourceLookup';
import type { SiteSyntax } from './siteSyntax';
import { declaredTypeOf } from '../source/goTypes';
import { goroutinesSkippingDone } from '../source/goWaitGroups';
import { baseName } from '../go/filePaths';

/**
 * A WaitGroup kept in a struct field (`g.wg.Wait()`) is counted by goroutines started anywhere in
 * its package: one that can end without Done (goWaitGroups.ts), none of which still runs (Go 1.21+:
 * none started by this goroutine), leaves this Wait blocked for good.
 */
export async function fieldWaitGroup(
  wg: SiteSyntax['waitGroup'],
  at: {
    group: GoroutineGroup;
    lookup: SourceLookup;
    snapshot: GoroutineSnapshot;
    path: string;
    scope: readonly Node[];
  },
): Promise<SiteSyntax['waitGroup']> {
  const m = wg && !wg.skipsDone ? /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(wg.name) : null;
  if (!wg || !m || !at.scope[0]) return wg;
  const type = declaredTypeOf(m[1]!, at.scope[0]);
  if (type === null) return wg;
  const files = await at.lookup.packageOf(at.path);
  const skipping = goroutinesSkippingDone(
    files.map((f) => f.tree.rootNode),
    m[2]!,
    type,
  );
  if (skipping.length === 0) return wg;
  const mine = new Set(at.group.ids);
  for (const sk of skipping) {
    const file = baseName(files.find((f) => f.tree.rootNode.tree === sk.root.tree)?.path ?? '');
    const alive = at.snapshot.groups.some(
      (g) =>
        g.createdBy !== null &&
        baseName(g.createdBy.file) === file &&
        g.createdBy.line === sk.row + 1 &&
        (g.parentIds.length === 0 || g.parentIds.some((p) => mine.has(p))),
    );
    if (alive) return wg;
  }
  return { ...wg, skipsDone: true };
}
