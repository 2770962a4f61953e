// "Apply fix" on the group page: shown for the verdict kinds a fix family handles (with the
// suggested fix), absent for the others, and a click posts `fix/apply` with the group's key only
// (the host computes and applies the edit).
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { buildGroupView } from '../../../src/core/present/groupView';
import type { SummarySource } from '../../../src/core/present/summaryView';
import { isWebviewMessage } from '../../../src/shared/messages';
import { leakyapiSnapshot } from '../present/leakyapiSnapshot';
import { openApp } from './fakeDom';

describe('group page: Apply fix', () => {
  let src: SummarySource;
  const app = openApp();
  before(async () => {
    src = await leakyapiSnapshot('go1.27', 't2');
  });
  after(async () => app.teardown());

  const show = (kind: string) => {
    const g = src.result.groups.find((x) => x.verdict.kind === kind);
    assert.ok(g, `the capture has a ${kind} group`);
    app.bridge.send({ type: 'render/group', group: buildGroupView(src.result, g) });
    return g;
  };

  it('a fixable suspect has the button beside its suggested fix; the click posts its key', () => {
    const g = show('select-no-ctx');
    const button = app.root.querySelector<HTMLElement>('.fix vscode-button.apply-fix');
    assert.ok(button, 'the button is in the suggested-fix section');
    assert.equal(button.textContent, 'Apply fix');
    button.click();
    const last = app.bridge.posted[app.bridge.posted.length - 1];
    assert.deepEqual(last, { type: 'fix/apply', groupKey: g.group.key });
    assert.ok(isWebviewMessage(last));
  });

  it('a kind no fix family handles has none', () => {
    show('nil-channel');
    assert.ok(app.root.querySelector('.fix'), 'the suggested fix is shown');
    assert.equal(app.root.querySelector('.apply-fix'), null);
  });

  it('the host rejects a fix/apply without a key', () => {
    assert.equal(isWebviewMessage({ type: 'fix/apply' }), false);
    assert.equal(isWebviewMessage({ type: 'fix/apply', groupKey: '' }), false);
  });
});
