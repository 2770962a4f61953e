// One capture whose goroutines printed `N minutes` (shopd t2: 1 and 2 minutes), seen by every view:
// the tree's row, the webview's page and histogram, and the editor's line marks all read the wait
// through core/present/format, and the marks land on the lines of the real source.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import { blockingLineMarks, lineMarkText } from '../../../src/core/present/editorMarks';
import { waitRangeText } from '../../../src/core/present/format';
import { buildGroupView } from '../../../src/core/present/groupView';
import { groupRow } from '../../../src/core/present/treeRows';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { readInput } from '../../../src/node/readInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { repoRoot } from './leakyapiSnapshot';

const dir = path.join(repoRoot, 'test', 'fixtures', 'shopd-t2');
const src = path.join(dir, 'src');

describe('waits and line marks on shopd t2', () => {
  let result: AnalysisResult;
  before(async () => {
    const snapshot = await loadSnapshot(
      ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz', 'goroutineleak_debug1.txt'].map((f) =>
        readInput(path.join(dir, f)),
      ),
      { inflater: zlibInflater },
    );
    result = await analyzeSnapshot(snapshot, { sourceReader: createFsSourceReader([src]), showRuntime: true });
  });

  it('prints a group that waited 1 to 2 minutes the same in the tree and the webview', () => {
    const g = result.groups.find((x) => x.verdict.handler === 'main.(*shop).slowSelect')!;
    assert.deepEqual(g.group.waitMinutes, [1, 2]);
    assert.equal(groupRow(g).description, 'select · 1–2 min · slow-select');
    const page = buildGroupView(result, g);
    assert.equal(waitRangeText(page.waitMinutes), '1–2 min');
    assert.deepEqual(
      page.waitHistogram.map((b) => b.label),
      ['1 min', '2 min'],
    );
    assert.equal(
      page.waitHistogram.reduce((n, b) => n + b.count, 0),
      g.group.count,
    );
  });

  it('marks each blocking line of shopd/main.go with count, states and the longest wait', async () => {
    const located: string[] = [];
    const marks = await blockingLineMarks(result, async (file) => {
      located.push(file);
      return file === 'shopd/main.go' ? path.join(src, 'main.go') : null;
    });
    assert.equal(new Set(located).size, located.length, 'each printed file is located once');
    const lines = readFileSync(path.join(src, 'main.go'), 'utf8').split('\n');
    const suspects = result.groups.filter((g) => g.verdict.suspect && g.verdict.blockingFrame !== null);
    assert.equal(
      marks.reduce((n, m) => n + m.groups.length, 0),
      suspects.filter((g) => g.group.stack.frames[g.verdict.blockingFrame!]!.file === 'shopd/main.go').length,
    );
    for (const m of marks) {
      assert.equal(m.file, path.join(src, 'main.go'));
      assert.ok(lines[m.line - 1]!.trim().length > 0, `line ${m.line} is code`);
      const count = m.groups.reduce((n, g) => n + g.group.count, 0);
      assert.match(m.text, new RegExp(`^⏸ ${count} goroutines? · `));
      assert.equal(m.text, lineMarkText(m.groups));
      assert.deepEqual(
        m.hover.map((h) => h.groupKey),
        m.groups.map((g) => g.group.key),
      );
    }
    const send = marks.find((m) => /· chan send/.test(m.text));
    assert.ok(send, marks.map((m) => m.text).join(' | '));
    assert.match(lines[send.line - 1]!, /<-/, 'the send line');
    const waited = marks.find((m) => m.groups.some((g) => (g.group.waitMinutes?.[1] ?? 0) > 0))!;
    assert.match(waited.text, / · up to \d+ min$/);
  });

  it('joins groups that block on the same line into one mark', () => {
    const [a, b] = result.groups.filter((g) => g.verdict.suspect);
    const text = lineMarkText([a!, b!]);
    const count = a!.group.count + b!.group.count;
    assert.ok(text.startsWith(`⏸ ${count} goroutines · `), text);
    const hi = Math.max(a!.group.waitMinutes?.[1] ?? 0, b!.group.waitMinutes?.[1] ?? 0);
    assert.equal(text.endsWith(` · up to ${hi} min`), hi > 0, text);
  });
});
