// The shared formats on the leakyapi capture: the speedscope file validates against the schema the
// speedscope npm package ships (and a broken one does not), its weights add up to the goroutines;
// the Markdown report lists suspects first with everything a reader needs, and escapes what came
// from the profile.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import { markdownReport } from '../../../src/core/report/markdownReport';
import { codeSpan, mdText } from '../../../src/core/report/markdownText';
import { speedscopeProfile } from '../../../src/core/report/speedscopeProfile';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { readInput } from '../../../src/node/readInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { validate } from './jsonSchema';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const schema = JSON.parse(
  readFileSync(require.resolve('speedscope/dist/release/file-format-schema.json', { paths: [repoRoot] }), 'utf8'),
);

let result: AnalysisResult;
before(async () => {
  const dir = path.join(repoRoot, 'test', 'fixtures', 'go1.27', 'leakyapi');
  const snapshot = await loadSnapshot([readInput(path.join(dir, 't2_goroutine_debug2.txt'))], {
    inflater: zlibInflater,
  });
  result = await analyzeSnapshot(snapshot, {
    sourceReader: createFsSourceReader([path.join(repoRoot, 'test', 'go', 'leakyapi')]),
  });
});

describe('speedscope export', () => {
  it('validates against speedscope’s file-format schema', () => {
    const file = JSON.parse(JSON.stringify(speedscopeProfile(result.snapshot, 't2', 'test')));
    assert.deepEqual(validate(file, schema), []);
    const p = file.profiles[0];
    assert.equal(
      p.weights.reduce((a: number, b: number) => a + b, 0),
      result.snapshot.goroutineCount,
    );
    assert.equal(p.endValue, result.snapshot.goroutineCount);
    assert.equal(p.samples.length, result.snapshot.groups.length);
    // Root first: every stack that has `net/http.(*conn).serve` has it at its root.
    const serve = file.shared.frames.findIndex((f: { name: string }) => f.name === 'net/http.(*conn).serve');
    for (const s of p.samples as number[][]) if (s.includes(serve)) assert.equal(s[0], serve);
  });

  it('the checker rejects a file speedscope would not open', () => {
    const file = JSON.parse(JSON.stringify(speedscopeProfile(result.snapshot, 't2', 'test')));
    file.profiles[0].unit = 'goroutines';
    delete file.shared;
    const errors = validate(file, schema);
    assert.ok(
      errors.some((e) => /missing shared/.test(e)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => /matches no anyOf/.test(e)),
      errors.join('\n'),
    );
  });
});

describe('Markdown report', () => {
  it('suspects first, each with count, kind, reason, fix, file:line, labels and a collapsed stack', () => {
    const md = markdownReport(result, { title: 'leakyapi t2' });
    const suspects = md.indexOf('### Suspects');
    const others = md.indexOf('### Other groups');
    assert.ok(suspects > 0 && others > suspects);
    const first = md.slice(suspects, md.indexOf('#### 2.'));
    assert.match(first, /#### 1\. 12 × `chan-send-orphan` \(proven\): `main\.\(\*api\)\.search\.func1`/);
    assert.match(first, /- \*\*Reason:\*\* 12 goroutines of handler main\.\(\\\*api\)\.search/);
    assert.match(first, /- \*\*Fix:\*\* make the channel buffered/);
    assert.match(first, /- \*\*Blocking frame:\*\* `[^`]*handlers\.go:35`/);
    assert.match(first, /- \*\*Labels:\*\* `route=search`/);
    assert.match(first, /<details>\n<summary>Stack \(1 frame\)<\/summary>\n\n```\nmain\.\(\*api\)\.search\.func1\(\)/);
    assert.equal((md.match(/^#### \d+\./gm) ?? []).length, result.suspectCount);
  });

  it('one group from its context menu', () => {
    const g = result.groups.find((x) => x.verdict.kind === 'select-no-ctx')!;
    const md = markdownReport(result, { groupKeys: [g.group.key] });
    assert.equal((md.match(/^#### /gm) ?? []).length, 1);
    assert.doesNotMatch(md, /### Other groups/);
  });

  it('profile strings render as text: no HTML, no markup, fences that cannot be closed', () => {
    assert.equal(
      mdText('<img src=x onerror=alert(1)> *bold* [link](x)'),
      '&lt;img src=x onerror=alert(1)&gt; \\*bold\\* \\[link\\](x)',
    );
    assert.equal(mdText('add `case <-ctx.Done(): return`'), 'add `case <-ctx.Done(): return`');
    assert.equal(codeSpan('a`b'), '``a`b``');
  });
});
