// Where a context value comes from, one function at a time (the walk across frames is tested in
// analysis/meteohubVerdicts.test.ts): constructors, the request's, parameters, locals, fields,
// closures given one by pprof.Do, the program's own constructors of contexts that never cancel.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { createGoParser, type GoParser } from '../../../src/core/source/goParser';
import {
  assignmentsBefore,
  contextExpr,
  contextParamIndex,
  fieldStores,
  literalCallContext,
  parameterOwner,
  returnsUncancellable,
  takesRequest,
} from '../../../src/core/source/goContext';
import { declarationsNamed } from '../../../src/core/source/goWriters';
import { loadTreeSitterWasm } from '../../../src/node/treeSitterWasm';

const meteohub = path.resolve(__dirname, '..', '..', 'go', 'meteohub', 'internal');
let parser: GoParser;
before(async () => {
  parser = await createGoParser(await loadTreeSitterWasm());
});

const parse = (src: string): Node => parser.parse(src).rootNode;
const fnOf = (root: Node, name: string): Node => declarationsNamed([root], name)[0]!;
/** The first argument of the first call to `callee` in `fn`. */
const argOf = (fn: Node, callee: string): Node =>
  fn
    .descendantsOfType('call_expression')
    .find((c) => c.childForFieldName('function')?.text === callee)!
    .childForFieldName('arguments')!.namedChildren[0]!;

const handlerSource = () =>
  parse(`package x
import ("context"; "net/http"; "time")
func h(w http.ResponseWriter, r *http.Request) {
	a(context.Background())
	a(context.TODO())
	a(r.Context())
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	a(ctx)
	a(context.WithoutCancel(ctx))
	a(s.life)
	a(detach(ctx))
	a(other.Context())
}
func a(ctx context.Context) {}
`);

describe('contextExpr', () => {
  it('tells constructors, the request’s context, names, fields and calls apart', () => {
    const h = fnOf(handlerSource(), 'h');
    const args = h
      .descendantsOfType('call_expression')
      .filter((c) => c.childForFieldName('function')?.text === 'a')
      .map((c) => c.childForFieldName('arguments')!.namedChildren[0]!);
    assert.deepEqual(
      args.map((n) => contextExpr(n, h).kind),
      ['background', 'background', 'request', 'name', 'detached', 'field', 'call', 'unknown'],
    );
    const derived = contextExpr(assignmentsBefore(h, 'ctx', 20)[0]!, h);
    assert.equal(derived.kind, 'derived');
    assert.equal(derived.kind === 'derived' && derived.deadline, true);
    assert.equal(derived.kind === 'derived' && derived.parent.text, 'r.Context()');
  });

  it('finds parameters, their owner and the context parameter of a declaration', () => {
    const root = handlerSource();
    const a = fnOf(root, 'a');
    assert.equal(contextParamIndex(a), 0);
    assert.equal(contextParamIndex(fnOf(root, 'h')), -1);
    assert.deepEqual(parameterOwner('ctx', a)?.index, 0);
    assert.equal(parameterOwner('nope', a), null);
    assert.equal(takesRequest(fnOf(root, 'h')), true);
    assert.equal(takesRequest(a), false);
  });
});

describe('contexts made by the program', () => {
  it('knows a constructor whose context’s Done returns nil can never be cancelled (exports.detach)', () => {
    const exports = parse(readFileSync(path.join(meteohub, 'exports', 'exports.go'), 'utf8'));
    assert.equal(returnsUncancellable(fnOf(exports, 'detach'), [exports]), true);
    const cancels = parse(`package x
type life struct{ context.Context; done chan struct{} }
func (l *life) Done() <-chan struct{} { return l.done }
func withLife(c context.Context) context.Context { return &life{c, make(chan struct{})} }`);
    assert.equal(returnsUncancellable(fnOf(cancels, 'withLife'), [cancels]), false);
  });

  it('finds what a struct field was given, and by whom (forecast.New stores its parameter)', () => {
    const forecast = parse(readFileSync(path.join(meteohub, 'forecast', 'forecast.go'), 'utf8'));
    const stores = fieldStores([forecast], 'life');
    assert.deepEqual(
      stores.map((s) => [s.value.text, s.fn?.childForFieldName('name')?.text]),
      [['life', 'New']],
    );
  });

  it('gives a closure passed to pprof.Do the context pprof.Do was given', () => {
    const exports = parse(readFileSync(path.join(meteohub, 'exports', 'exports.go'), 'utf8'));
    const run = fnOf(exports, 'Run');
    const literal = run.descendantsOfType('func_literal')[0]!;
    assert.equal(literalCallContext(literal)?.text, 'ctx');
    assert.equal(argOf(run, 'pprof.Do').text, 'ctx');
    assert.equal(literalCallContext(fnOf(exports, 'Run')), null);
  });
});
