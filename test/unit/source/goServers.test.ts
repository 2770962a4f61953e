// How an http.Server bounds reading a request body, read at the line that serves it; and who holds
// a semaphore slot at a line. Real source (test/go/meteohub) and snippets for the other shapes.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { createGoParser, type GoParser } from '../../../src/core/source/goParser';
import { enclosingFunctions } from '../../../src/core/source/goSyntax';
import { servedServer } from '../../../src/core/source/goServers';
import { holdsSlotAt } from '../../../src/core/source/goSemaphores';
import { loadTreeSitterWasm } from '../../../src/node/treeSitterWasm';

const meteohub = path.resolve(__dirname, '..', '..', 'go', 'meteohub');
let parser: GoParser;
before(async () => {
  parser = await createGoParser(await loadTreeSitterWasm());
});

const parse = (src: string): Node => parser.parse(src).rootNode;
const rowOf = (root: Node, text: string): number => root.text.split('\n').findIndex((l) => l.includes(text));
function servedAt(root: Node, text: string) {
  const row = rowOf(root, text);
  assert.ok(row >= 0, text);
  return servedServer(root, enclosingFunctions(root, row)[0]!, row);
}

describe('servedServer', () => {
  it('reads meteohub: ReadHeaderTimeout alone bounds no body, and http.Serve serves a zero Server', () => {
    const main = parse(readFileSync(path.join(meteohub, 'main.go'), 'utf8'));
    assert.deepEqual(servedAt(main, 'srv.Serve(ln)'), {
      readTimeout: 'none',
      how: 'the http.Server built at line 59 sets no ReadTimeout (ReadHeaderTimeout bounds only the headers)',
      line: 59,
    });
    assert.equal(servedAt(main, 'http.Serve(ln, h)')?.readTimeout, 'none');
  });

  it('sees a ReadTimeout set in the literal or assigned later, and says unknown for a server built elsewhere', () => {
    const src = parse(`package x
func a(ln net.Listener) {
	srv := &http.Server{ReadTimeout: 5 * time.Second}
	srv.Serve(ln) // a
}
func b(ln net.Listener) {
	srv := http.Server{}
	srv.ReadTimeout = time.Second
	srv.Serve(ln) // b
}
func c(srv *http.Server, ln net.Listener) {
	srv.Serve(ln) // c
}
func d() { http.ListenAndServe(":80", nil) }
func e() { fmt.Println("no server here") }`);
    assert.equal(servedAt(src, '// a')?.readTimeout, 'set');
    assert.equal(servedAt(src, '// b')?.readTimeout, 'set');
    assert.equal(servedAt(src, '// c')?.readTimeout, 'unknown');
    assert.equal(servedAt(src, 'ListenAndServe')?.readTimeout, 'none');
    assert.equal(servedAt(src, 'no server here'), null);
  });
});

describe('holdsSlotAt', () => {
  it('sees exports.(*Service).Run holding a slot while it awaits the snapshot, not before it acquires', () => {
    const exports = parse(readFileSync(path.join(meteohub, 'internal', 'exports', 'exports.go'), 'utf8'));
    const awaitRow = rowOf(exports, 's.snaps.Await(ctx, spec.Dataset)');
    const acquireRow = rowOf(exports, 'err = s.acquire(ctx)');
    const literal = enclosingFunctions(exports, awaitRow)[0]!;
    assert.equal(holdsSlotAt(literal, awaitRow, 'slots', [exports]), true);
    assert.equal(holdsSlotAt(literal, acquireRow, 'slots', [exports]), false);
    assert.equal(holdsSlotAt(literal, awaitRow, 'other', [exports]), false);
  });

  it('sees a slot given back before the line', () => {
    const src = parse(`package x
func (s *S) f() { s.sem <- struct{}{}; <-s.sem; wait() }`);
    const row = 1;
    assert.equal(holdsSlotAt(enclosingFunctions(src, row)[0]!, row + 1, 'sem', [src]), false);
  });
});
