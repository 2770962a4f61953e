// Compare and the heap page in a real VS Code (code-server + Chromium) against the leaking demo
// service: two captures from the palette some seconds apart, "Compare Snapshots…" from the palette
// with both picked in its quick picks, the Comparison view and the compare page listing the groups
// before → after with a growing one first (its counts checked against the goroutines the two
// stored debug=2 dumps hold at its site); "Show Heap Profile" from the palette, the sample-type
// switch changing the top table from inuse_space to inuse_objects (both checked against `go tool
// pprof -top` on the stored heap profile), and a click on a flame graph frame of the demo's own
// code (found by its colour on the canvas, named by the hover tooltip) landing the editor on that
// function's line. The demo runs with GODEBUG=memprofilerate=1 so its heap profile records every
// allocation, the demo's own small ones too (Go 1.23 or later: Go 1.19's runtime resets
// MemProfileRate after reading GODEBUG). Screenshots: test/output/compare.png and heap-flame.png
// (the README's media/screenshots/ copies).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { captureFrom } from './harness/captureFrom';
import { startGoService, type GoService } from './harness/goService';
import { repoRoot } from './harness/repoPaths';
import { startVscode, type VscodeSession } from './harness/startVscode';

const demoDir = path.join(repoRoot, 'demo', 'service');
const GO = ['/usr/lib/go-1.23/bin/go', '/usr/lib/go-1.27/bin/go'].find((g) => existsSync(g)) ?? null;
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' };
let service: GoService;
let vscode: VscodeSession;

before(async () => {
  if (!GO) return;
  service = await startGoService('demo/service', ['-load', '-trickle', '300ms'], {
    go: GO,
    env: { GODEBUG: 'memprofilerate=1' },
  });
  vscode = await startVscode({
    workspace: demoDir,
    label: 'compareHeap',
    extension: process.env.GI_E2E_DEV === '1' ? 'development' : 'vsix',
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    // Tall enough for the heap page's screenshot to show the flame graph and the top table.
    viewport: { width: 1400, height: 1150 },
  });
});

after(async () => {
  await vscode?.stop();
  await service?.stop();
});

interface StoredSnapshot {
  readonly dir: string;
  readonly createdAt: string;
  readonly files: readonly string[];
  /** Set once the extension analysed it (the counts the quick picks show). */
  readonly analysed: boolean;
}

/** The snapshots the extension stored in this session's workspace storage, oldest first. */
function storedSnapshots(): StoredSnapshot[] {
  const out: StoredSnapshot[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6 || !existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (name === 'meta.json' && path.basename(path.dirname(dir)) === 'snapshots') {
        const meta = JSON.parse(readFileSync(p, 'utf8')) as {
          createdAt: string;
          files: { name: string }[];
          goroutines: number | null;
        };
        out.push({
          dir,
          createdAt: meta.createdAt,
          files: meta.files.map((f) => f.name),
          analysed: meta.goroutines !== null,
        });
      } else if (statSync(p).isDirectory()) walk(p, depth + 1);
    }
  };
  walk(path.join(vscode.server.profileDir, 'user', 'User', 'workspaceStorage'), 0);
  return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
}

/**
 * The palette, again if it closed under the click: the end of a capture (its notification, the
 * tree taking the new snapshot) can take the focus while the palette is open.
 */
async function runCommandAgain(title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await vscode.runCommand(title);
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await vscode.screenshot(`compareHeap-palette-miss-${attempt}`);
      await vscode.page.keyboard.press('Escape');
    }
  }
}

async function waitForSnapshots(n: number): Promise<StoredSnapshot[]> {
  for (let i = 0; i < 120; i++) {
    const s = storedSnapshots();
    if (s.length >= n && s.every((x) => x.analysed)) return s;
    await vscode.page.waitForTimeout(500);
  }
  throw new Error(
    `the extension stored and analysed ${storedSnapshots().filter((x) => x.analysed).length} snapshots, not ${n}`,
  );
}

/**
 * Goroutines of a debug=2 dump waiting at the demo's `fn` at `file:line`: that frame, and no frame
 * of the demo's code (package main) above it, so one still working in a callee (an export's
 * renderCSV) does not count. Read with a few lines of text handling, not the extension's parser.
 */
function goroutinesAt(dump: string, fn: string, file: string, line: number): number {
  const where = new RegExp(`[/\\\\]${file.replace(/[.]/g, '\\.')}:${line}( |$)`);
  let n = 0;
  for (const block of dump.split(/\n\s*\n/)) {
    if (!block.startsWith('goroutine ')) continue;
    const lines = block.split('\n');
    const at = lines.findIndex((l, i) => l.startsWith(`${fn}(`) && where.test((lines[i + 1] ?? '').trim()));
    if (at > 0 && !lines.slice(1, at).some((l) => l.startsWith('main.'))) n++;
  }
  return n;
}

/** pprof's `-top` rows (function → flat) and total for one sample type, from Go's own tool. */
function pprofTop(file: string, sample: string): { total: number; flat: Map<string, number> } {
  const out = execFileSync(
    GO!,
    ['tool', 'pprof', '-top', '-nodefraction=0', '-nodecount=100000', '-unit=B', `-sample_index=${sample}`, file],
    { encoding: 'utf8', env: goEnv, maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const total = /of (\d+)B? total/.exec(out);
  assert.ok(total, `pprof -top printed no total:\n${out.slice(0, 500)}`);
  const flat = new Map<string, number>();
  for (const l of out.split('\n')) {
    const m = /^\s*(\d+)B?\s+[\d.]+%\s+[\d.]+%\s+(\d+)B?\s+[\d.]+%\s+(.+?)( \((?:partial-)?inline\))?$/.exec(l);
    if (m) flat.set(m[3]!, Number(m[1]));
  }
  return { total: Number(total[1]), flat };
}

/** The heap page's numbers as a user reads them (written independently of the extension). */
function valueText(n: number, bytes: boolean): string {
  if (!bytes) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  if (abs >= 1048576) return `${(n / 1048576).toFixed(1)} MiB`;
  if (abs >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** The top table's rows on screen: function, flat, flat%, cum, cum%. */
async function tableRows(): Promise<string[][]> {
  const rows = vscode.webviewFrame().locator('article.heap-page table.top-table tbody tr');
  const out: string[][] = [];
  for (const r of await rows.all()) out.push((await r.locator('td').allTextContents()).map((t) => t.trim()));
  return out;
}

/** What the flame graph's pixel scan uses of a canvas (the tests compile without DOM types). */
interface PixelCanvas {
  readonly width: number;
  readonly height: number;
  readonly clientWidth: number;
  getContext(kind: '2d'): {
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
    getImageData(x: number, y: number, w: number, h: number): { readonly data: Uint8ClampedArray };
  } | null;
  readonly ownerDocument: {
    createElement(tag: 'canvas'): PixelCanvas;
    readonly documentElement: unknown;
    readonly defaultView: { getComputedStyle(e: unknown): { getPropertyValue(name: string): string } } | null;
  };
}

/** Lines `[start, end]` (1-based) of the Go function a profile names, e.g. `main.(*store).quote.func1`. */
function functionSpan(text: string, fn: string): [number, number] {
  const name = fn
    .replace(/^main\./, '')
    .replace(/(\.func\d+)+$/, '')
    .replace(/^\(\*?\w+\)\./, '');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^func (\\([^)]*\\) )?${name}\\(`).test(l));
  assert.ok(start >= 0, `no func ${name} in the file`);
  const end = lines.findIndex((l, i) => i > start && l === '}');
  return [start + 1, end + 1];
}

test(
  'compare two captures of the leaking demo, then its heap page: sample type, table and flame graph to source',
  { timeout: 300_000, skip: GO ? false : 'no Go 1.23+ toolchain (/usr/lib/go-1.23 or 1.27) for the demo and pprof' },
  async (t) => {
    const page = vscode.page;
    await vscode.openViewContainer('Goroutine Inspector');
    await page
      .locator('.sidebar .welcome-view-content', { hasText: 'Goroutine Inspector finds' })
      .waitFor({ timeout: 60_000 });

    // Two moments: the demo's clients give up every 300 ms, so its leaking groups grow between them.
    await captureFrom(vscode, service.url);
    await vscode.treeItem(/\d+ × /, 90_000);
    await waitForSnapshots(1);
    await page.waitForTimeout(8_000);
    await captureFrom(vscode, service.url);
    const snapshots = await waitForSnapshots(2);
    assert.equal(snapshots.length, 2);

    // Compare Snapshots…: one quick pick per moment, each offering the stored snapshots.
    await runCommandAgain('Goroutine Inspector: Compare Snapshots…');
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await page.locator('.quick-input-widget', { hasText: 'the earlier moment' }).waitFor();
    assert.equal(await rows.filter({ hasText: 'suspect /' }).count(), 2, 'the first pick lists both snapshots');
    await rows.filter({ hasText: 'suspect /' }).nth(1).click();
    await page.locator('.quick-input-widget', { hasText: 'the later moment' }).waitFor();
    assert.equal(await rows.filter({ hasText: 'suspect /' }).count(), 1, 'the second pick lists the other one');
    await rows.filter({ hasText: 'suspect /' }).first().click();

    // The Comparison view: every group before → after, growing ones first.
    await vscode.treeItem(/ → .* (grown|new)/, 90_000);
    const compared = (await vscode.treeItems('Comparison')).filter((r) => r.level === 1);
    const counts = compared.map((r) => {
      const m = /([\d,]+) → ([\d,]+) \(([+-]?[\d,]+)\) (new|grown|same|shrunk|gone)/.exec(r.ariaLabel);
      assert.ok(m, `a Comparison row reads before → after: ${r.ariaLabel}`);
      const num = (s: string) => Number(s.replace(/,/g, ''));
      return { label: r.label, before: num(m[1]!), after: num(m[2]!), delta: num(m[3]!), change: m[4]! };
    });
    assert.ok(counts.length >= 2, `groups in the Comparison view: ${counts.length}`);
    const first = counts[0]!;
    assert.ok(first.after > first.before, `the first row grew: ${JSON.stringify(first)}`);
    assert.equal(first.delta, first.after - first.before);
    const lastGrowing = counts.map((c) => c.delta > 0).lastIndexOf(true);
    const firstNotGrowing = counts.findIndex((c) => c.delta <= 0);
    assert.ok(
      firstNotGrowing < 0 || lastGrowing < firstNotGrowing,
      `growing groups first: ${counts.map((c) => `${c.label} ${c.delta}`).join(', ')}`,
    );

    // The compare page beside it says the same.
    const web = vscode.webviewFrame();
    const pageRows = web.locator('article.compare-page table.compare-table tbody tr');
    await pageRows.first().waitFor({ timeout: 60_000 });
    assert.match(
      await pageRows.first().locator('td.num').innerText(),
      new RegExp(`^${first.before} → ${first.after} `),
    );
    // The first growing group of the demo's own code: the stored dumps agree on its counts.
    let checked: string | null = null;
    const dumps = snapshots.map((s) => readFileSync(path.join(s.dir, 'goroutine_debug2.txt'), 'utf8'));
    for (const row of (await pageRows.all()).slice(0, 20)) {
      const site = (await row.locator('.site').innerText()).trim();
      const nums = /^([\d,]+) → ([\d,]+) /.exec(await row.locator('td.num').innerText());
      const at = /^(main\.\S+) \((\S+\.go):(\d+)\)$/.exec(site);
      if (!nums || !at) continue;
      const [before, after] = [Number(nums[1]!.replace(/,/g, '')), Number(nums[2]!.replace(/,/g, ''))];
      if (after <= before) continue;
      assert.deepEqual(
        dumps.map((d) => goroutinesAt(d, at[1]!, at[2]!, Number(at[3]))),
        [before, after],
        `goroutines waiting at ${site} in the earlier and the later dump`,
      );
      checked = `${site} ${before} → ${after}`;
      break;
    }
    assert.ok(checked, "a group of the demo's code grew");
    t.diagnostic(`first row: ${first.label} ${first.before} → ${first.after}; checked on the dumps: ${checked}`);
    await web.locator('article.compare-page section[aria-label="Heap difference"] canvas.flame-canvas').waitFor();
    // test/output/compare.png: media/screenshots/compare.png in the README is a copy of it.
    await vscode.screenshot('compare');

    // Show Heap Profile: the later moment's heap page.
    await runCommandAgain('Goroutine Inspector: Show Heap Profile');
    const heap = web.locator('article.heap-page');
    await heap.locator('table.top-table tbody tr').first().waitFor({ timeout: 60_000 });
    const heapFile = path.join(snapshots[1]!.dir, 'heap_debug0.pb.gz');
    assert.ok(existsSync(heapFile), 'the later capture stored its heap profile');
    const select = heap.locator('select.sample-type');
    assert.equal(await heap.locator('select.sample-type option:checked').textContent(), 'inuse_space');

    /** Every row pprof has a non-zero flat for reads the same in the table, and the total too. */
    const checkTable = async (sample: string, bytes: boolean): Promise<string[][]> => {
      const want = pprofTop(heapFile, sample);
      assert.equal(
        (await heap.locator('.heap-total').innerText()).trim(),
        `Total ${valueText(want.total, bytes)} ${sample}.`,
      );
      const shown = await tableRows();
      assert.ok(shown.length > 0);
      const byFunction = new Map(shown.map((r) => [r[0]!, r]));
      let checked = 0;
      for (const [fn, flat] of [...want.flat].filter(([, f]) => f !== 0).slice(0, 30)) {
        const row = byFunction.get(fn);
        assert.ok(row, `${sample}: pprof's ${fn} is in the table`);
        assert.equal(row[1], valueText(flat, bytes), `${sample}: flat of ${fn}`);
        checked++;
      }
      assert.ok(checked >= 5, `${sample}: rows checked against pprof: ${checked}`);
      return shown;
    };
    const space = await checkTable('inuse_space', true);
    assert.ok(
      space.every((r) => /^-?[\d.]+ (B|KiB|MiB)$/.test(r[1]!)),
      'inuse_space is in bytes',
    );
    await select.selectOption({ label: 'inuse_objects' });
    await heap.locator('.heap-total', { hasText: 'inuse_objects' }).waitFor();
    const objects = await checkTable('inuse_objects', false);
    assert.ok(
      objects.every((r) => /^-?[\d,]+$/.test(r[1]!)),
      'inuse_objects are counts',
    );
    assert.notDeepEqual(
      objects.slice(0, 10).map((r) => r[1]),
      space.slice(0, 10).map((r) => r[1]),
      'the numbers changed with the sample type',
    );
    await select.selectOption({ label: 'inuse_space' });
    await heap.locator('.heap-total', { hasText: 'inuse_space' }).waitFor();

    // The flame graph: find frames of the demo's own code by their colour (user code is drawn in
    // the theme's charts.orange), name one by hovering, click it and land on its source.
    const canvas = heap.locator('canvas.flame-canvas');
    await canvas.scrollIntoViewIfNeeded();
    // test/output/heap-flame.png: media/screenshots/heap-flame.png in the README is a copy of it.
    await vscode.screenshot('heap-flame');
    const candidates = await canvas.evaluate((c: PixelCanvas) => {
      const doc = c.ownerDocument;
      const probe = doc.createElement('canvas').getContext('2d')!;
      probe.fillStyle = doc
        .defaultView!.getComputedStyle(doc.documentElement)
        .getPropertyValue('--vscode-charts-orange')
        .trim();
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      const ratio = c.width / c.clientWidth;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const found: { x: number; y: number; width: number }[] = [];
      for (let row = 0; (row * 18 + 9) * ratio < c.height; row++) {
        const y = Math.round((row * 18 + 9) * ratio);
        let runStart = -1;
        for (let x = 0; x <= c.width; x++) {
          const i = (y * c.width + x) * 4;
          const orange =
            x < c.width &&
            data[i + 3]! > 0 &&
            Math.abs(data[i]! - r!) < 6 &&
            Math.abs(data[i + 1]! - g!) < 6 &&
            Math.abs(data[i + 2]! - b!) < 6;
          if (orange && runStart < 0) runStart = x;
          if (!orange && runStart >= 0) {
            if (x - runStart >= 3 * ratio)
              found.push({ x: (runStart + x) / 2 / ratio, y: row * 18 + 9, width: (x - runStart) / ratio });
            runStart = -1;
          }
        }
      }
      return found;
    });
    assert.ok(candidates.length > 0, 'the flame graph draws frames of user code');
    const tooltip = heap.locator('.flame-tooltip');
    let target: { x: number; y: number; fn: string; file: string; line: number } | null = null;
    // Deepest first: a leaf of the demo's code, like main.renderCSV.
    for (const c of [...candidates].sort((a, b) => b.y - a.y || b.width - a.width)) {
      await canvas.hover({ position: { x: c.x, y: c.y } });
      await tooltip.waitFor();
      const m = /^(main\.\S+): .* · (.+\.go):(\d+)$/.exec((await tooltip.innerText()).trim());
      if (m && existsSync(m[2]!) && m[2]!.startsWith(demoDir)) {
        target = { x: c.x, y: c.y, fn: m[1]!, file: m[2]!, line: Number(m[3]) };
        break;
      }
    }
    assert.ok(target, `a frame of the demo's code names its file: ${candidates.length} orange frames tried`);
    const [from, to] = functionSpan(readFileSync(target.file, 'utf8'), target.fn);
    assert.ok(
      target.line >= from && target.line <= to,
      `${target.fn}'s line ${target.line} is in its body (${from}-${to})`,
    );
    t.diagnostic(`flame frame: ${target.fn} at ${path.basename(target.file)}:${target.line}`);
    await canvas.click({ position: { x: target.x, y: target.y } });
    const editor = await vscode.activeEditor(path.basename(target.file));
    assert.equal(editor.line, target.line, `the editor is on ${target.fn}'s line`);
  },
);
