// A mapped file must declare the frame's function at the frame's line: the path mapper's last
// resort (a unique file name) must not lend an unrelated main.go's lines to a frame. Real source:
// the demo service.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { createGoParser, type GoParser } from '../../../src/core/source/goParser';
import { fileHoldsFrame, functionNameParts } from '../../../src/core/source/frameDeclaration';
import { SourceLookup } from '../../../src/core/source/sourceLookup';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { loadTreeSitterWasm } from '../../../src/node/treeSitterWasm';
import { readFileSync } from 'node:fs';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const demo = path.join(repoRoot, 'demo', 'service');
let parser: GoParser;
before(async () => {
  parser = await createGoParser(await loadTreeSitterWasm());
});

describe('functionNameParts', () => {
  it('keeps the identifiers of package-qualified functions, methods, closures and generics', () => {
    assert.deepEqual([...functionNameParts('main.(*store).quote')], ['main', 'store', 'quote']);
    assert.deepEqual(
      [...functionNameParts('example.com/m/db.(*Store[...]).Get.func1')],
      ['db', 'Store', 'Get', 'func1'],
    );
    assert.deepEqual([...functionNameParts('main.main.labeled.func6.1')], ['main', 'labeled', 'func6', '1']);
    assert.deepEqual([...functionNameParts('pkg.Map[...]')], ['pkg', 'Map']);
  });
});

describe('fileHoldsFrame on the demo service', () => {
  const text = readFileSync(path.join(demo, 'store.go'), 'utf8');
  const lines = text.split('\n');
  const selectRow = lines.findIndex(
    (l, i) => l.trim() === 'select {' && lines.slice(0, i).some((x) => x.includes(') quote(')),
  );

  it('accepts the method that is declared at the line, and its closures', () => {
    const root = parser.parse(text).rootNode;
    assert.ok(selectRow > 0);
    assert.equal(fileHoldsFrame(root, selectRow, 'main.(*store).quote'), true);
    assert.equal(fileHoldsFrame(root, selectRow, 'main.(*store).quote.func1'), true);
  });

  it('rejects a frame of another function at the same line', () => {
    const root = parser.parse(text).rootNode;
    assert.equal(fileHoldsFrame(root, selectRow, 'main.main'), false);
    assert.equal(fileHoldsFrame(root, selectRow, 'main.(*store).exportOrders'), false);
  });

  it('accepts package-level lines, which belong to no declaration', () => {
    const root = parser.parse(text).rootNode;
    assert.equal(fileHoldsFrame(root, 0, 'main.init'), true);
  });

  it('makes SourceLookup refuse a same-named file from elsewhere whose line is in another function', async () => {
    const lookup = await SourceLookup.create(createFsSourceReader([demo]), parser);
    const line = selectRow + 1;
    const own = await lookup.at('/home/ci/src/leakyshop/store.go', line, 'main.(*store).quote');
    assert.equal(own?.path.endsWith('store.go'), true);
    assert.equal(await lookup.at('/src/elsewhere/store.go', line, 'main.(*cache).evict'), null);
  });
});
