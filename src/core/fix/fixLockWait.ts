// Requests queued on a lock whose holder is itself parked (waiting on a channel while it holds
// the mutex): nothing they do can end their wait. The fix releases the lock around the holder's
// wait, so the queue drains; the holder takes the lock back before it goes on (the state it
// guards may have changed meanwhile, which is what the title says).
import { holdsLockAt, lockAt } from '../source/goLocks';
import { enclosingFunctions, innermostFunction, lastName, sameNode } from '../source/goSyntax';
import { shortFunctionName } from '../go/functionNames';
import { baseName } from '../go/filePaths';
import { candidate, type FixCandidate, type FixInput } from './fixCandidate';
import { statementAt } from './fixSyntax';
import { indentAt, lineStartOf, nextLineStart } from './editText';

const SIMPLE = ['expression_statement', 'short_var_declaration', 'assignment_statement', 'send_statement'];

export async function releaseLockFix(input: FixInput): Promise<FixCandidate | null> {
  const lock = lockAt(input.site.root, input.site.row);
  if (!lock || !input.result) return null;
  for (const other of input.result.groups) {
    if (other.group.key === input.group.group.key) continue;
    for (const f of other.group.stack.frames) {
      const src = await input.sources.frame(f.file, f.line, f.function);
      if (!src) continue;
      const fn = enclosingFunctions(src.root, src.row)[0];
      if (!fn || !holdsLockAt(fn, src.row, lock.name)) continue;
      const stmt = statementAt(src.root, src.row);
      if (!stmt || !SIMPLE.includes(stmt.type) || stmt.startPosition.row !== stmt.endPosition.row) return null;
      // The holder's own Lock call names the mutex as it is reachable there (`s.cartMu`).
      const taken = fn.descendantsOfType('call_expression').find((c) => {
        const callee = c.childForFieldName('function');
        const operand = callee?.childForFieldName('operand');
        const method = callee?.childForFieldName('field')?.text;
        return (
          sameNode(innermostFunction(c), fn) &&
          c.startIndex < stmt.startIndex &&
          (method === 'Lock' || method === 'RLock') &&
          operand !== null &&
          operand !== undefined &&
          (lastName(operand) ?? operand.text) === lock.name
        );
      });
      const callee = taken?.childForFieldName('function');
      const mutex = callee?.childForFieldName('operand')?.text;
      const method = callee?.childForFieldName('field')?.text;
      if (!mutex || !method) return null;
      const [release, take] = method === 'RLock' ? ['RUnlock', 'RLock'] : ['Unlock', 'Lock'];
      const ind = indentAt(src.text, stmt.startIndex);
      const before = lineStartOf(src.text, stmt.startIndex);
      const after = nextLineStart(src.text, stmt.endIndex);
      return candidate(
        'release-lock-while-waiting',
        `Release ${mutex} while ${shortFunctionName(f.function)} waits at ${baseName(src.path)}:${src.row + 1} (its queue drains)`,
        src.path,
        [
          { start: before, end: before, text: `${ind}${mutex}.${release}()\n` },
          { start: after, end: after, text: `${ind}${mutex}.${take}()\n` },
        ],
      );
    }
  }
  return null;
}
