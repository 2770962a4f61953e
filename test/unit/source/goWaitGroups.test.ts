// Goroutines counted in a WaitGroup field that can end without Done, read from Go snippets with the
// real tree-sitter grammar: the errgroup-like helper that forgets Done on its error path, and the
// shapes that do call it on every path.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { createGoParser, type GoParser } from '../../../src/core/source/goParser';
import { goroutinesSkippingDone } from '../../../src/core/source/goWaitGroups';
import { loadTreeSitterWasm } from '../../../src/node/treeSitterWasm';

let parser: GoParser;
before(async () => {
  parser = await createGoParser(await loadTreeSitterWasm());
});

const parse = (body: string): Node =>
  parser.parse(
    `package x\n\ntype Group struct{ wg sync.WaitGroup }\ntype other struct{ wg sync.WaitGroup }\n\n${body}\n`,
  ).rootNode;
const skipping = (body: string) => goroutinesSkippingDone([parse(body)], 'wg', 'Group').map((s) => s.startedIn);

describe('goroutinesSkippingDone', () => {
  it('finds a goroutine that calls Done only when its function succeeded', () => {
    const src = `func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		err := f()
		if err == nil {
			g.wg.Done()
			return
		}
		g.fail(err)
	}()
}`;
    assert.deepEqual(skipping(src), ['Go']);
  });

  it('finds a return before a Done at the top of the body', () => {
    const src = `func (g *Group) Go(f func() error) {
	go func() {
		if f() != nil {
			return
		}
		g.wg.Done()
	}()
}`;
    assert.deepEqual(skipping(src), ['Go']);
  });

  it('finds an early return before a deferred Done: the defer covers only the paths that reach it', () => {
    const src = `func (g *Group) Go(f func() error) {\n\tgo func() {\n\t\tif f() != nil {\n\t\t\treturn\n\t\t}\n\t\tdefer g.wg.Done()\n\t}()\n}`;
    assert.deepEqual(skipping(src), ['Go']);
  });

  it('ignores the returns of a literal inside the goroutine (a sort function)', () => {
    const src = `func (g *Group) Go(xs []int) {\n\tgo func() {\n\t\tsort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })\n\t\tg.wg.Done()\n\t}()\n}`;
    assert.deepEqual(skipping(src), []);
  });

  it('accepts a deferred Done, a Done on both branches, and a Done before an early return', () => {
    const deferred = `func (g *Group) Go(f func() error) {\n\tgo func() {\n\t\tdefer g.wg.Done()\n\t\tif f() != nil {\n\t\t\treturn\n\t\t}\n\t}()\n}`;
    const both = `func (g *Group) Go(f func() error) {\n\tgo func() {\n\t\tif f() != nil {\n\t\t\tg.wg.Done()\n\t\t} else {\n\t\t\tg.wg.Done()\n\t\t}\n\t}()\n}`;
    const early = `func (g *Group) Go(f func() error) {\n\tgo func() {\n\t\tif f() != nil {\n\t\t\tg.wg.Done()\n\t\t\treturn\n\t\t}\n\t\tg.wg.Done()\n\t}()\n}`;
    assert.deepEqual(skipping(deferred), []);
    assert.deepEqual(skipping(both), []);
    assert.deepEqual(skipping(early), []);
  });

  it('ignores the Done of another struct type’s field of the same name', () => {
    const src = `func (o *other) Go(f func() error) {\n\tgo func() {\n\t\tif f() == nil {\n\t\t\to.wg.Done()\n\t\t}\n\t}()\n}`;
    assert.deepEqual(skipping(src), []);
    assert.deepEqual(
      goroutinesSkippingDone([parse(src)], 'wg', 'other').map((s) => s.startedIn),
      ['Go'],
    );
  });
});
