// What a goroutine is parked on, from its wait state (debug=2) or, when the input has no states
// (debug=1, proto), from the innermost frames. Also finds the frame to open: the innermost frame
// of user code, or the innermost frame outside the runtime's and sync's plumbing.
import type { Frame } from '../model/goroutine';
import type { WaitCategory } from './verdict';
import { isStdlibFunction } from '../go/functionNames';

/** Wait states that only the runtime's own goroutines report. */
const RUNTIME_STATES = [
  'GC worker (idle)',
  'GC sweep wait',
  'GC scavenge wait',
  'finalizer wait',
  'force gc (idle)',
  'timer goroutine (idle)',
  'trace reader (blocked)',
  'cleanup wait',
  'GOMAXPROCS updater (idle)',
  'debug call',
  'GC assist marking',
  'GC assist wait',
  'GC weak to strong wait',
];

export interface WaitSite {
  readonly wait: WaitCategory;
  /** Index of the innermost frame outside the standard library, or null when every frame is Go's. */
  readonly userFrame: number | null;
  /** Index of the frame where the goroutine waits: the user frame, else the innermost non-plumbing frame. */
  readonly blockingFrame: number | null;
}

export function classifyWait(state: string | null, frames: readonly Frame[]): WaitSite {
  const userFrame = frames.findIndex((f) => !isStdlibFunction(f.function));
  const plumbing = frames.findIndex((f) => !isPlumbing(f.function));
  return {
    wait: state !== null ? fromState(state, frames) : fromFrames(frames),
    userFrame: userFrame < 0 ? null : userFrame,
    blockingFrame: userFrame >= 0 ? userFrame : plumbing >= 0 ? plumbing : null,
  };
}

/** Frames that only implement the wait itself (park, select, semaphores, poller). */
function isPlumbing(fn: string): boolean {
  return (
    fn.startsWith('runtime.') ||
    fn.startsWith('internal/poll.') ||
    fn.startsWith('internal/sync.') ||
    fn.startsWith('sync.runtime_') ||
    fn === 'sync.(*Mutex).lockSlow' ||
    fn === 'sync.(*Mutex).Lock' ||
    fn.startsWith('sync.(*RWMutex).') ||
    fn === 'sync.(*WaitGroup).Wait' ||
    fn === 'sync.(*Cond).Wait'
  );
}

function fromState(rawState: string, frames: readonly Frame[]): WaitCategory {
  // `(durable)`/`(synctest)` and similar suffixes qualify the wait without changing its kind.
  const state = rawState.replace(/ \((durable|synctest|leaked|scan)\)$/, '');
  if (state === 'chan send (nil chan)' || state === 'chan receive (nil chan)') return 'nil-channel';
  if (state === 'select (no cases)') return 'empty-select';
  if (RUNTIME_STATES.includes(state)) return 'runtime';
  switch (state) {
    case 'chan send':
      return 'chan-send';
    case 'chan receive':
      return contextWatcher(frames) ? 'context' : 'chan-receive';
    case 'select':
      return contextWatcher(frames) ? 'context' : 'select';
    case 'IO wait':
      return ioKind(frames);
    case 'syscall':
      return 'file-io';
    case 'sleep':
      return 'sleep';
    case 'sync.Mutex.Lock':
      return 'mutex';
    case 'sync.RWMutex.Lock':
    case 'sync.RWMutex.RLock':
      return 'rwmutex';
    case 'sync.WaitGroup.Wait':
      return 'waitgroup';
    case 'sync.Cond.Wait':
      return 'cond';
    case 'running':
    case 'runnable':
    case 'preempted':
      return 'running';
    default:
      // `semacquire` and states this list does not know: the frames say what it waits on.
      return fromFrames(frames);
  }
}

/** debug=1 and proto stacks start below the runtime's park frames; debug=2 with GOTRACEBACK=system shows them. */
function fromFrames(frames: readonly Frame[]): WaitCategory {
  for (const f of frames) {
    const fn = f.function;
    if (fn === 'runtime.block') return 'empty-select';
    if (fn === 'runtime.selectgo' || fn === 'runtime.selectnbrecv')
      return contextWatcher(frames) ? 'context' : 'select';
    if (fn === 'runtime.chanrecv1' || fn === 'runtime.chanrecv2' || fn === 'runtime.chanrecv')
      return contextWatcher(frames) ? 'context' : 'chan-receive';
    if (fn === 'runtime.chansend1' || fn === 'runtime.chansend') return 'chan-send';
    if (fn === 'sync.(*Mutex).Lock' || fn === 'internal/sync.(*Mutex).Lock' || fn === 'sync.(*Mutex).lockSlow')
      return 'mutex';
    if (fn.startsWith('sync.(*RWMutex).')) return 'rwmutex';
    if (fn === 'sync.(*WaitGroup).Wait') return 'waitgroup';
    if (fn === 'sync.(*Cond).Wait' || fn === 'sync.runtime_notifyListWait') return 'cond';
    if (fn === 'time.Sleep') return 'sleep';
    if (fn === 'internal/poll.runtime_pollWait') return ioKind(frames);
    if (fn.startsWith('syscall.') || fn.startsWith('internal/syscall')) return 'file-io';
    if (fn.startsWith('runtime.') || fn.startsWith('sync.') || fn.startsWith('internal/')) continue;
    break;
  }
  // A goroutine parked in a user frame with no runtime frames shown: debug=1/proto hide them.
  if (frames.length > 0 && frames.every((f) => f.function.startsWith('runtime.'))) return 'runtime';
  return 'other';
}

/** Goroutines the context package starts itself: they wait on a parent's Done channel. */
function contextWatcher(frames: readonly Frame[]): boolean {
  const first = frames.find((f) => !f.function.startsWith('runtime.'));
  return first !== undefined && first.function.startsWith('context.');
}

function ioKind(frames: readonly Frame[]): WaitCategory {
  const net = frames.some(
    (f) => f.function.startsWith('net.') || f.function.startsWith('net/') || f.function.includes('crypto/tls'),
  );
  if (net) return 'network-io';
  const file = frames.some((f) => f.function.startsWith('os.'));
  return file ? 'file-io' : 'network-io';
}
