// The one sentence a verdict is explained with: who, how many, how long, where, what is wrong,
// and the usual fix. "40 goroutines of handler main.(*shop).slowSelect have waited 2 minutes in a
// select at main.go:61 that has no ctx.Done case; add `case <-r.Context().Done(): return`".
import type { GoroutineGroup } from '../model/goroutine';
import type { WaitCategory } from './verdict';
import { baseName } from '../go/filePaths';
import { formatLabels } from '../go/labels';

const WAIT_NOUN: Record<WaitCategory, string> = {
  context: 'a context wait',
  'network-io': 'network IO',
  'file-io': 'a system call',
  'chan-send': 'a channel send',
  'chan-receive': 'a channel receive',
  'nil-channel': 'a channel operation',
  select: 'a select',
  'empty-select': 'an empty select',
  mutex: 'sync.Mutex.Lock',
  rwmutex: 'a sync.RWMutex lock',
  cond: 'sync.Cond.Wait',
  waitgroup: 'sync.WaitGroup.Wait',
  sleep: 'time.Sleep',
  timer: 'a timer wait',
  running: 'running code',
  runtime: 'the runtime',
  other: 'a wait',
};

export interface ReasonParts {
  readonly group: GoroutineGroup;
  readonly wait: WaitCategory;
  readonly handler: string | null;
  /** `main.go:61`, or null when no frame can be named. */
  readonly site: string | null;
  readonly problem: string;
  readonly fix: string | null;
}

export function reasonSentence(p: ReasonParts): string {
  const n = p.group.count;
  const plural = n !== 1;
  let who = `${n} goroutine${plural ? 's' : ''}`;
  if (p.handler !== null) who += ` of handler ${p.handler}`;
  else if (p.group.createdBy !== null) who += ` started by ${p.group.createdBy.function}`;
  if (Object.keys(p.group.labels).length > 0) who += ` (${formatLabels(p.group.labels)})`;
  const minutes = p.group.waitMinutes?.[1] ?? 0;
  const upTo = p.group.waitMinutes !== null && p.group.waitMinutes[0] !== minutes ? 'up to ' : '';
  const verb =
    minutes >= 1
      ? `${plural ? 'have' : 'has'} waited ${upTo}${minutes} minute${minutes === 1 ? '' : 's'}`
      : `${plural ? 'are' : 'is'} parked`;
  const where = p.site !== null ? ` at ${p.site}` : '';
  // Some problems read as their own clause ("on a nil channel"), others qualify the wait ("that has …").
  const wait = /^(on|in|for|calling|inside|reading|writing) /.test(p.problem) ? '' : ` in ${WAIT_NOUN[p.wait]}`;
  const problem = wait === '' ? `${where} ${p.problem}` : `${wait}${where} ${p.problem}`;
  return `${who} ${verb}${problem}${p.fix ? `; ${p.fix}` : ''}.`.replace(/\.\.$/, '.');
}

/** `main.go:61` for the frame at `index`, or null. */
export function siteOf(group: GoroutineGroup, index: number | null): string | null {
  if (index === null) return null;
  const f = group.stack.frames[index];
  return f ? `${baseName(f.file)}:${f.line}` : null;
}
