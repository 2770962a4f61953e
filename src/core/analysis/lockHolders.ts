// Which goroutines of a dump hold the lock a group waits for: the source of their parked frames
// locked it earlier in the same function and has not unlocked it since.
import type { Frame, GoroutineGroup, GoroutineSnapshot } from '../model/goroutine';
import type { SourceLookup } from '../source/sourceLookup';
import { enclosingFunctions } from '../source/goSyntax';
import { holdsLockAt } from '../source/goLocks';
import { isStdlibFunction } from '../go/functionNames';
import { perLookup } from './perLookup';

export interface LockHolder {
  readonly group: GoroutineGroup;
  readonly frame: Frame;
}

/**
 * Goroutines that hold the lock named `name`: parked (not running) in a user frame of the waiter's
 * package (`dir`: a lock named `mu` in another package is another lock) whose function locked it
 * earlier and has not unlocked it since.
 */
export async function findHolders(
  name: string,
  dir: string,
  waiters: GoroutineGroup,
  lookup: SourceLookup,
  snapshot: GoroutineSnapshot,
): Promise<LockHolder[]> {
  // Every group waiting on the same lock asks the same question: scan the snapshot once per name.
  const byName = perLookup(holderCache, lookup, () => new Map());
  const key = `${dir}\n${name}`;
  let all = byName.get(key);
  if (!all) {
    all = scanHolders(name, dir, lookup, snapshot);
    byName.set(key, all);
  }
  return (await all).filter((h) => h.group !== waiters);
}

export function packageDir(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** Per analysis (one SourceLookup each), so another source root never sees stale holders. */
const holderCache = new WeakMap<SourceLookup, Map<string, Promise<LockHolder[]>>>();

async function scanHolders(
  name: string,
  dir: string,
  lookup: SourceLookup,
  snapshot: GoroutineSnapshot,
): Promise<LockHolder[]> {
  const holders: LockHolder[] = [];
  // Frames are interned per parse: each distinct one is read once, however many groups share it.
  const holds = new Map<Frame, boolean>();
  for (const g of snapshot.groups) {
    for (const f of g.stack.frames) {
      if (isStdlibFunction(f.function)) continue;
      let held = holds.get(f);
      if (held === undefined) {
        const at = await lookup.at(f.file, f.line, f.function);
        const fn =
          at === null || packageDir(at.path) !== dir ? undefined : enclosingFunctions(at.tree.rootNode, at.row)[0];
        held = fn !== undefined && at !== null && holdsLockAt(fn, at.row, name);
        holds.set(f, held);
      }
      if (held) {
        holders.push({ group: g, frame: f });
        break;
      }
    }
  }
  return holders;
}
