// A group's identity across snapshots: functions and lines of its frames, its creator and its
// labels. Stack ids and goroutine ids are per parse; states and minutes change as time passes.
import type { GoroutineGroup } from '../model/goroutine';
import { canonicalLabels } from '../go/labels';

export function stackSignature(g: GoroutineGroup): string {
  const frames = g.stack.frames.map((f) => `${f.function}@${f.line}`).join('|');
  return `${frames}#${g.createdBy?.function ?? ''}#${canonicalLabels(g.labels)}`;
}
