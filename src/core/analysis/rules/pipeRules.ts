// io.Pipe is synchronous and unbuffered: a Read waits until a Write or until the writer closes
// (Close or CloseWithError); a Write waits until a reader takes the data or closes its end.
import { creatorName, leak, type RuleResult } from '../ruleResult';
import { withSource, type RuleFacts } from './ruleFacts';

const WRITER_FIX = 'close the PipeWriter on every path of the writer (`defer pw.Close()`, or CloseWithError on errors)';

/**
 * Reading an io.Pipe whose writing end the source saw handed to a goroutine that has exited (or to
 * nobody): no Write or Close can come any more, so the Read never returns.
 */
export function pipeWithoutWriter(f: RuleFacts): RuleResult | null {
  const p = f.source.pipeProducer;
  if (p === null || (p.state !== 'gone' && p.state !== 'none')) return null;
  if (!f.group.stack.frames.some((fr) => fr.function === 'io.(*pipe).read')) return null;
  const unclosed = p.unclosedReturn !== null ? `; ${p.unclosedReturn}` : '';
  return leak({
    kind: 'producer-vanished',
    confidence: 'likely',
    problem: `reading the io.Pipe ${p.channel}, whose writer ${p.state === 'gone' ? 'has exited without closing it' : 'nobody holds'}${unclosed}`,
    fix: WRITER_FIX,
    evidence: withSource(f, p.evidence, ...(p.unclosedReturn !== null ? [p.unclosedReturn] : [])),
  });
}

/**
 * A goroutine on one end of a pipe whose other end belonged to its creator, which has returned
 * (for a request's goroutine, or a closure of the creator): nobody is left to close that end.
 */
export function pipeOrphan(f: RuleFacts): RuleResult | null {
  const frames = f.group.stack.frames;
  const end = frames.some((fr) => fr.function === 'io.(*pipe).read')
    ? 'read'
    : frames.some((fr) => fr.function === 'io.(*pipe).write')
      ? 'write'
      : null;
  if (end === null || !f.orphaned || !(f.requestScoped || f.closure)) return null;
  if (end === 'read') {
    return leak({
      kind: 'chan-receive-orphan',
      confidence: f.orphan.status === 'gone' || f.source.status === 'found' ? 'likely' : 'possible',
      problem: `reading an io.Pipe whose writer, ${creatorName(f)}, has returned without closing it`,
      fix: 'close the PipeWriter on every path (`defer pw.Close()` or CloseWithError)',
      evidence: withSource(f),
    });
  }
  return leak({
    kind: 'chan-send-orphan',
    confidence: 'possible',
    problem: `writing an io.Pipe whose reader, ${creatorName(f)}, has returned`,
    fix: 'close the PipeReader on every path',
    evidence: withSource(f),
  });
}
