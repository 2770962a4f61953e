// Goroutines of a `go test` binary, tied to the tests that started them, and the verdicts that
// go with a test timeout and with race reports. It rests on how package testing runs tests:
// - every test (and subtest) runs in its own goroutine whose outermost frames are the test
//   function and `testing.tRunner` (started by `testing.(*T).Run`); a test whose function has
//   returned but waits for its parallel subtests sits in `testing.tRunner.func1`, and a parallel
//   test not yet given a slot waits in `(*T).Parallel` (it is not running);
// - goroutines a test starts are tied to it by their creators: `created by … in goroutine N`
//   (Go 1.21+) names the parent goroutine, tracebackancestors and race reports print the stack of
//   the `go` statement, and otherwise a creator that is the test function (or a closure of it)
//   names the test; a goroutine started by a helper in Go < 1.21 cannot be tied and is not;
// - on -timeout, testing's alarm panics with `test timed out after D` and, since Go 1.21, the
//   `running tests:` with their durations: a goroutine of a running test that is not running is
//   what the test waits on, and why it hangs (kind test-hang);
// - the race detector proves a data race between its two accesses (kind data-race).
import type { GoroutineGroup, GoroutineSnapshot, TestTimeoutInfo } from '../model/goroutine';
import { closureParent, isStdlibFunction } from '../go/functionNames';
import type { AnalyzedGroup, GroupVerdict } from './verdict';

/** What a group's goroutines are to the test binary. */
export type TestRole =
  /** The test's own goroutine (its function under testing.tRunner). */
  | 'test'
  /** Started by a test's goroutine (directly or through others). */
  | 'started-by-test'
  /** A test whose function returned, waiting for its parallel subtests. */
  | 'waiting-for-subtests'
  /** A parallel test waiting in t.Parallel for a slot: not running yet. */
  | 'waiting-to-run'
  /** go test's own goroutines: the test runner, the timeout alarm, main. */
  | 'harness';

export interface GroupTest {
  /** The test, `TestDrain/empty` or `TestDrain/(func1)` when a subtest's name is not printed; null for the harness. */
  readonly test: string | null;
  readonly role: TestRole;
  /** The test was running when the dump was taken (from `running tests:`, or inferred before Go 1.21). */
  readonly running: boolean;
}

export interface TestEntry {
  readonly name: string;
  readonly running: boolean;
  /** How long it had run, from `running tests:` (Go 1.21+); null when not printed. */
  readonly duration: string | null;
  readonly groupKeys: readonly string[];
}

/** The tests of a `go test` binary's dump and which groups belong to which. */
export interface TestTies {
  readonly timeout: TestTimeoutInfo | null;
  readonly tests: readonly TestEntry[];
  /** By group key; groups not tied to any test are absent. */
  readonly byGroup: ReadonlyMap<string, GroupTest>;
}

const T_RUNNER = 'testing.tRunner';
/** Ancestry is followed this far up: a chain longer than that is a loop of workers. */
const MAX_DEPTH = 16;

/**
 * Test ties and the verdicts that come from them: blocked goroutines of running tests (only when
 * the binary timed out) and race reports' accesses. Returns the groups with those verdicts, and
 * the ties (null when nothing in the snapshot ran under package testing or raced).
 */
export function testVerdicts(
  snapshot: GoroutineSnapshot,
  groups: readonly AnalyzedGroup[],
): { groups: AnalyzedGroup[]; ties: TestTies | null } {
  const ties = tieToTests(snapshot, groups);
  const timeout = snapshot.testTimeout ?? null;
  const out = groups.map((g) => {
    if (g.group.race) return { group: g.group, verdict: raceVerdict(g, groups, ties) };
    const t = ties?.byGroup.get(g.group.key);
    if (timeout !== null && t && t.test !== null && t.running && blocked(g.group))
      return { group: g.group, verdict: hangVerdict(g, t, timeout, ties!) };
    return g;
  });
  return { groups: out, ties };
}

/** Not executing: parked on something (every wait state but running, runnable and preempted). */
function blocked(g: GoroutineGroup): boolean {
  const s = g.state;
  return s !== null && s !== 'running' && s !== 'runnable' && s !== 'preempted';
}

function hangVerdict(g: AnalyzedGroup, t: GroupTest, timeout: TestTimeoutInfo, ties: TestTies): GroupVerdict {
  const entry = ties.tests.find((e) => e.name === t.test);
  const ran = entry?.duration ? ` (it had run ${entry.duration})` : '';
  const n = g.group.count;
  const who =
    t.role === 'test'
      ? `The goroutine of ${t.test} was`
      : `${n} goroutine${n === 1 ? '' : 's'} started by ${t.test} ${n === 1 ? 'was' : 'were'}`;
  return {
    ...g.verdict,
    suspect: true,
    kind: 'test-hang',
    confidence: 'likely',
    reason:
      `${who} blocked in ${g.group.state} ` +
      `when the test binary timed out after ${timeout.after}, with ${t.test} still running${ran}; ` +
      'a test that waits here never returns.',
    fix: 'Give the wait a way out (close or send on the channel it waits on, a deadline, or select on t.Context() in Go 1.24+) so the test fails with a message instead of hanging.',
    evidence: [
      ...g.verdict.evidence,
      `go test timed out after ${timeout.after}`,
      `${t.test} was running${ran}`,
      `blocked: ${g.group.state}`,
    ],
  };
}

function raceVerdict(g: AnalyzedGroup, groups: readonly AnalyzedGroup[], ties: TestTies | null): GroupVerdict {
  const race = g.group.race!;
  const other = groups.find(
    (x) => x !== g && x.group.race?.report === race.report && x.group.race.previous !== race.previous,
  );
  const top = g.group.stack.frames.find((f) => !f.function.startsWith('runtime.')) ?? g.group.stack.frames[0];
  const at = top ? ` in ${top.function} (${top.file.slice(top.file.lastIndexOf('/') + 1)}:${top.line})` : '';
  const test = ties?.byGroup.get(g.group.key)?.test;
  const otherTop = other?.group.stack.frames.find((f) => !f.function.startsWith('runtime.'));
  const against =
    other && otherTop ? `, racing with the ${other.group.state?.replace(/^race: /, '')} in ${otherTop.function}` : '';
  return {
    ...g.verdict,
    suspect: true,
    kind: 'data-race',
    confidence: 'proven',
    reason: `The race detector saw a ${race.previous ? 'previous ' : ''}${race.access} of ${race.address}${at}${against}${test ? ` during ${test}` : ''}.`,
    fix: 'Order the two accesses (a mutex held by both, a channel, or sync/atomic) so that one happens before the other.',
    evidence: [`WARNING: DATA RACE at line ${race.line}`, `${race.access} at ${race.address}`],
  };
}

// ---- ties ----------------------------------------------------------------------------------

/** `pkg.TestDrain.func1` → { test: 'TestDrain', closure: 'func1' }; null for a function that is not a test's. */
function testFunction(fn: string): { test: string; closure: string | null } | null {
  const base = fn.slice(fn.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  if (dot < 0) return null;
  const rest = base.slice(dot + 1);
  // Tests, benchmarks and fuzz targets all run under tRunner (go test's naming rule: no lower case after the prefix).
  const m = /^((?:Test|Benchmark|Fuzz)(?:[^a-z.][^.]*)?)(?:\.(.+))?$/.exec(rest);
  if (m === null) return null;
  // Only closures belong to the test; `TestX.method` does not exist in Go.
  if (m[2] !== undefined && closureParent(fn) === null) return null;
  return { test: m[1]!, closure: m[2] ?? null };
}

interface RunnerFacts {
  readonly role: TestRole;
  /** The test function under tRunner (null for a runner waiting for subtests, and the harness). */
  readonly fn: string | null;
}

/** What a stack under testing.tRunner is, or null when it has none. */
function runnerOf(frames: readonly { function: string }[]): RunnerFacts | null {
  const i = frames.findIndex((f) => f.function === T_RUNNER);
  if (i < 0) return null;
  if (frames.some((f) => f.function === 'testing.runTests' || f.function === 'testing.(*M).Run'))
    return { role: 'harness', fn: null };
  const inner = frames[i - 1]?.function ?? '';
  if (inner === 'testing.tRunner.func1' || inner.startsWith('testing.tRunner.'))
    return { role: 'waiting-for-subtests', fn: null };
  if (inner === '' || inner.startsWith('testing.')) return { role: 'harness', fn: null };
  const paused = frames.slice(0, i).some((f) => f.function === 'testing.(*T).Parallel');
  // The race detector's stacks may lose the frames inlined into the runtime's map code: the test
  // function is then unknown from this stack alone.
  return {
    role: paused ? 'waiting-to-run' : 'test',
    fn: testFunction(inner) === null && isStdlibFunction(inner) ? null : inner,
  };
}

function isHarness(g: GoroutineGroup): boolean {
  return g.stack.frames.some(
    (f) =>
      f.function.startsWith('testing.(*M).') ||
      f.function === 'testing.runTests' ||
      f.function.startsWith('testing.(*M).startAlarm'),
  );
}

function tieToTests(snapshot: GoroutineSnapshot, analyzed: readonly AnalyzedGroup[]): TestTies | null {
  const groups = analyzed.map((a) => a.group);
  const timeout = snapshot.testTimeout ?? null;
  const runners = new Map<GoroutineGroup, RunnerFacts>();
  for (const g of groups) {
    const r = runnerOf(g.stack.frames);
    if (r !== null) runners.set(g, r);
  }
  if (runners.size === 0 && timeout === null && !groups.some((g) => g.race)) return null;
  const byId = new Map<number, GoroutineGroup>();
  for (const g of groups) for (const id of g.ids) if (!g.race) byId.set(id, g);

  // The running list, by top-level test: which subtests of it run.
  const running = timeout?.running ?? null;
  const names = new Map<GoroutineGroup, string>();
  // Test goroutines: named by their function; subtests by the running list where it is unambiguous.
  const subtestGroups = new Map<string, GoroutineGroup[]>();
  for (const [g, r] of runners) {
    if (r.fn === null) continue;
    const tf = testFunction(r.fn);
    const name = tf === null ? shortName(r.fn) : tf.closure === null ? tf.test : `${tf.test}/(${tf.closure})`;
    names.set(g, name);
    if (tf?.closure != null && r.role === 'test') {
      const list = subtestGroups.get(tf.test) ?? [];
      list.push(g);
      subtestGroups.set(tf.test, list);
    }
  }
  if (running !== null) {
    for (const [parent, list] of subtestGroups) {
      const listed = running.filter(
        (t) => t.name.startsWith(parent + '/') && !t.name.slice(parent.length + 1).includes('/'),
      );
      if (listed.length === 1 && list.length === 1) names.set(list[0]!, listed[0]!.name);
    }
  }
  // A runner waiting for its subtests is the test its subtests' closures belong to (their parent ids).
  for (const [g, r] of runners) {
    if (r.role !== 'waiting-for-subtests') continue;
    const child = groups.find((c) => runners.get(c)?.fn && c.parentIds.some((p) => g.ids.includes(p)));
    const tf = child ? testFunction(runners.get(child)!.fn!) : null;
    if (tf !== null) names.set(g, tf.test);
  }

  const byGroup = new Map<string, GroupTest>();
  const isRunning = (name: string, role: TestRole): boolean => {
    if (role === 'waiting-to-run' || role === 'waiting-for-subtests') return false;
    if (running === null) return role === 'test' || role === 'started-by-test';
    return running.some((t) => t.name === name);
  };
  const testOf = (g: GoroutineGroup, depth: number): { name: string; role: TestRole; via: TestRole } | null => {
    const r = runners.get(g);
    if (r !== undefined) {
      const name = names.get(g);
      return name === undefined ? null : { name, role: r.role, via: r.role };
    }
    if (depth > MAX_DEPTH) return null;
    // Ancestor stacks (tracebackancestors, race reports' created-at) that ran under tRunner.
    for (const a of g.ancestors ?? []) {
      const ar = runnerOf(a.stack.frames);
      if (ar?.fn) {
        const tf = testFunction(ar.fn);
        if (tf !== null) return { name: tf.test, role: 'started-by-test', via: 'test' };
      }
    }
    // The parent goroutine, when the dump names it (Go 1.21+).
    for (const p of g.parentIds) {
      const parent = byId.get(p);
      if (parent === undefined || parent === g) continue;
      const t = testOf(parent, depth + 1);
      if (t !== null) return { name: t.name, role: 'started-by-test', via: t.via };
    }
    // A creator that is the test function itself or one of its closures.
    const tf = g.createdBy ? testFunction(g.createdBy.function) : null;
    if (tf !== null) {
      const name = [...names.values()].find((n) => n === tf.test || n.startsWith(tf.test + '/')) ?? tf.test;
      return { name: tf.closure === null ? tf.test : name, role: 'started-by-test', via: 'test' };
    }
    return null;
  };
  for (const g of groups) {
    if (isHarness(g) && !g.race) {
      byGroup.set(g.key, { test: null, role: 'harness', running: false });
      continue;
    }
    const t = testOf(g, 0);
    if (t === null) continue;
    // A goroutine started by a test that waits to run cannot exist; one started by a running
    // test's goroutine runs with it.
    const role =
      t.role === 'test' || t.role === 'waiting-to-run' || t.role === 'waiting-for-subtests'
        ? t.role
        : 'started-by-test';
    byGroup.set(g.key, { test: t.name, role, running: isRunning(t.name, role === 'started-by-test' ? t.via : role) });
  }

  // The same goroutine seen elsewhere (another race report's access, a stack that lost its
  // inlined frames) is tied where one of its sightings is.
  const tieOfId = new Map<number, GroupTest>();
  for (const g of groups) {
    const t = byGroup.get(g.key);
    if (t !== undefined && t.test !== null) for (const id of g.ids) tieOfId.set(id, t);
  }
  for (const g of groups) {
    if (byGroup.has(g.key)) continue;
    const t = g.ids.map((id) => tieOfId.get(id)).find((x) => x !== undefined);
    if (t !== undefined) byGroup.set(g.key, t);
  }

  const entries = new Map<string, { running: boolean; duration: string | null; keys: string[] }>();
  for (const t of running ?? []) entries.set(t.name, { running: true, duration: t.duration, keys: [] });
  for (const g of groups) {
    const t = byGroup.get(g.key);
    if (!t || t.test === null) continue;
    let e = entries.get(t.test);
    if (e === undefined) {
      e = { running: t.running, duration: null, keys: [] };
      entries.set(t.test, e);
    }
    e.keys.push(g.key);
  }
  const tests = [...entries].map(([name, e]) => ({
    name,
    running: e.running,
    duration: e.duration,
    groupKeys: e.keys,
  }));
  return { timeout, tests, byGroup };
}

function shortName(fn: string): string {
  const base = fn.slice(fn.lastIndexOf('/') + 1);
  return base.slice(base.indexOf('.') + 1);
}
