// The group page rendered in a DOM (happy-dom) through the HostBridge seam, from the view model of
// a real group: what it shows, what each click posts, and that profile strings stay text.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { AnalyzedGroup } from '../../../src/core/analysis/verdict';
import { buildGroupView, type GroupView } from '../../../src/core/present/groupView';
import type { SummarySource } from '../../../src/core/present/summaryView';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { load } from '../input/corpusFiles';
import { leakyapiSnapshot } from '../present/leakyapiSnapshot';
import { openApp, type FakeBridge } from './fakeDom';

describe('group page', () => {
  let app: ReturnType<typeof openApp> | null = null;
  let src: SummarySource;
  let root: HTMLElement;
  let bridge: FakeBridge;

  before(async () => {
    src = await leakyapiSnapshot('go1.27', 't2');
  });
  beforeEach(async () => {
    await app?.teardown();
    app = openApp();
    ({ root, bridge } = app);
  });
  after(async () => app?.teardown());

  const groupWith = (pred: (g: AnalyzedGroup) => boolean): GroupView => {
    const g = src.result.groups.find(pred);
    assert.ok(g, 'the capture has such a group');
    return buildGroupView(src.result, g);
  };
  const show = (group: GroupView) => bridge.send({ type: 'render/group', group });
  const buttons = (selector: string) => [...root.querySelectorAll<HTMLButtonElement>(selector)];

  it('says ready before anything else', () => {
    assert.deepEqual(bridge.posted, [{ type: 'ready' }]);
  });

  it('shows the verdict, the fix, the stack, the labels, the creator and the ids', () => {
    const v = groupWith((g) => g.verdict.kind === 'chan-send-orphan');
    show(v);
    const text = root.textContent ?? '';
    assert.equal(root.querySelector('h1')?.textContent, v.title);
    assert.ok(text.includes('chan-send-orphan') && text.includes(v.confidence!));
    assert.ok(text.includes('Suggested fix') && text.includes(v.fix!));
    assert.ok(text.includes(v.reason!));
    assert.equal(buttons('ol.stack button.frame').length, v.frames.length);
    assert.equal(buttons('button.frame.blocking').length, 1);
    assert.equal(buttons('button.frame.stdlib').length, v.frames.filter((f) => f.stdlib).length);
    assert.deepEqual(
      [...root.querySelectorAll('dl.labels dt')].map((e) => e.textContent),
      v.labels.map(([k]) => k),
    );
    assert.ok(text.includes(`Goroutine ids (${v.idsTotal})`));
    assert.ok(text.includes(v.ids.join(', ')));
    assert.equal(root.querySelector('vscode-badge')?.textContent, String(v.count));
  });

  it('posts the frame a click opens, by group key and index, never by path', () => {
    const v = groupWith((g) => g.verdict.kind === 'lock-wait');
    show(v);
    const frames = buttons('ol.stack button.frame');
    frames[frames.length - 1]!.click();
    buttons('button.frame.blocking')[0]!.click();
    const blocking = v.frames.find((f) => f.blocking)!;
    assert.deepEqual(bridge.posted.slice(1), [
      { type: 'frame/open', groupKey: v.key, frameIndex: v.frames.length - 1 },
      { type: 'frame/open', groupKey: v.key, frameIndex: blocking.index },
    ]);
  });

  it("opens a creator, and the creator's group where the chain reached it", () => {
    const v = groupWith((g) => buildGroupView(src.result, g).createdBy.some((c) => c.groupKey !== null));
    show(v);
    const chain = buttons('ol.chain button.frame');
    assert.equal(chain.length, v.createdBy.length);
    chain[0]!.click();
    const linked = v.createdBy.findIndex((c) => c.groupKey !== null);
    buttons('ol.chain button.link')[0]!.click();
    assert.deepEqual(bridge.posted.slice(1), [
      { type: 'createdBy/open', groupKey: v.key, chainIndex: 0 },
      { type: 'group/show', groupKey: v.createdBy[linked]!.groupKey! },
    ]);
  });

  it("shows a data race's two accesses side by side; each frame and created-at line opens its own group's location", async () => {
    const file = path.resolve(__dirname, '..', '..', 'fixtures', 'go1.27', 'pasted', 'race.txt');
    const r = await analyzeSnapshot(await load(file));
    const access = r.groups.find((g) => g.group.race?.previous === false)!;
    const v = buildGroupView(r, access);
    show(v);
    const columns = [...root.querySelectorAll<HTMLElement>('.race-accesses section.race-access')];
    assert.equal(columns.length, 2);
    assert.deepEqual(
      columns.map((c) => c.classList.contains('current')),
      [true, false],
    );
    const [, other] = v.race!.accesses;
    assert.ok(columns[1]!.querySelector('h3')!.textContent!.includes(other!.label));
    const frames = [...columns[1]!.querySelectorAll<HTMLButtonElement>('ol.stack:not(.ancestor) button.frame')];
    assert.equal(frames.length, other!.frames.length);
    frames.at(-1)!.click();
    const creators = [...columns[1]!.querySelectorAll<HTMLButtonElement>('ol.chain button.frame')];
    assert.ok(creators.length > 0, 'the created-at stack is shown');
    creators.at(-1)!.click();
    const chain = other!.createdBy;
    const lastIndex = chain.at(-1)!.stack.at(-1)?.index ?? chain.at(-1)!.index;
    assert.deepEqual(bridge.posted.slice(1), [
      { type: 'frame/open', groupKey: other!.groupKey, frameIndex: other!.frames.length - 1 },
      { type: 'createdBy/open', groupKey: other!.groupKey, chainIndex: lastIndex },
    ]);
  });

  it('goes back to the summary', () => {
    show(groupWith((g) => g.verdict.suspect));
    const back = root.querySelector<HTMLElement>('vscode-button.back')!;
    assert.equal(back.getAttribute('aria-label'), 'Show the snapshot summary');
    back.click();
    assert.deepEqual(bridge.posted.at(-1), { type: 'summary/show' });
  });

  it('can be used from the keyboard: frames are buttons in tab order, and the heading takes focus', () => {
    const v = groupWith((g) => g.verdict.suspect);
    show(v);
    const frames = buttons('button.frame');
    assert.ok(frames.length > 0);
    for (const b of frames) {
      assert.equal(b.tagName, 'BUTTON', 'a native button: Enter and Space activate it');
      assert.ok(b.tabIndex >= 0 && !b.disabled, 'reachable with Tab');
      assert.ok((b.getAttribute('title') ?? '').startsWith(b.querySelector('.fn')!.textContent!));
    }
    const h1 = root.querySelector('h1')!;
    assert.equal(document.activeElement, h1, 'focus moves to the new page');
    assert.equal(h1.tabIndex, -1, 'the heading is focusable without joining the tab order');
    assert.equal(root.querySelector('ol.stack')?.getAttribute('aria-label'), 'Stack, innermost frame first');
  });

  it('shows a function name and a label from the profile as text, never as markup', () => {
    const evil = '<img src=x onerror="globalThis.pwned=1">';
    const real = groupWith((g) => g.verdict.suspect);
    const v: GroupView = {
      ...real,
      title: `main.${evil}`,
      handler: `main.handler${evil}`,
      labels: [['route', evil]],
      reason: `because ${evil}`,
      frames: real.frames.map((f) => ({ ...f, function: `${f.function}${evil}`, file: `${evil}.go` })),
    };
    show(v);
    assert.equal(root.querySelectorAll('img').length, 0, 'no element was made from the strings');
    assert.equal(root.querySelector('h1')?.textContent, `main.${evil}`);
    assert.equal(root.querySelector('dl.labels dd')?.textContent, evil);
    assert.ok(buttons('button.frame')[0]!.getAttribute('title')!.includes(evil));
    assert.equal((globalThis as { pwned?: number }).pwned, undefined);
  });

  it('shows control and bidi characters from the profile as escapes, not as what they do', () => {
    const real = groupWith((g) => g.verdict.suspect);
    // U+202E would show `main.evil` reversed around it (the Trojan Source trick); ESC and NUL hide.
    const v: GroupView = {
      ...real,
      title: 'main.\u202eevil\u001b[2J\u0000',
      labels: [['route', '/a\u2066b']],
      frames: real.frames.map((f) => ({ ...f, function: `${f.function}\u202e` })),
    };
    show(v);
    assert.equal(root.querySelector('h1')?.textContent, 'main.\\u202eevil\\x1b[2J\\x00');
    assert.equal(root.querySelector('dl.labels dd')?.textContent, '/a\\u2066b');
    assert.ok(buttons('button.frame')[0]!.getAttribute('title')!.includes('\\u202e'));
    assert.ok(!/[\u202e\u2066\u0000\u001b]/.test(root.textContent ?? ''), 'no raw control left in the page');
  });

  it('says how long goroutines waited with the one wait formatter', () => {
    const real = groupWith((g) => g.verdict.suspect);
    show({ ...real, waitMinutes: [1, 2], waitHistogram: [] });
    assert.ok(root.textContent!.includes('1–2 min'));
    show({ ...real, waitMinutes: [0, 0], waitHistogram: [] });
    assert.ok(!root.textContent!.includes(' min'), 'no wait chip when no goroutine printed minutes');
  });
});
