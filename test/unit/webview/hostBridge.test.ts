// The webview's one seam to the host: it posts through VS Code's API and hands the app only the
// messages isHostMessage accepts; anything else another frame posts is dropped.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { HostMessage } from '../../../src/shared/messages';
import { vscodeBridge } from '../../../webview/hostBridge';
import { installDom } from './fakeDom';

describe('vscodeBridge', () => {
  let dom: ReturnType<typeof installDom>;
  const sent: unknown[] = [];
  before(() => {
    dom = installDom();
    (globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => sent.push(m),
      setState: () => undefined,
      getState: () => undefined,
    });
  });
  after(async () => {
    delete (globalThis as Record<string, unknown>).acquireVsCodeApi;
    await dom.teardown();
  });

  it('posts typed requests through the VS Code API', () => {
    vscodeBridge().post({ type: 'frame/open', groupKey: 'k', frameIndex: 2 });
    assert.deepEqual(sent, [{ type: 'frame/open', groupKey: 'k', frameIndex: 2 }]);
  });

  it('delivers host messages that pass the guard, and drops the rest', () => {
    const received: HostMessage[] = [];
    vscodeBridge().onMessage((m) => received.push(m));
    const post = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data }));
    post({ type: 'render/notice', text: 'hello' });
    post({ type: 'render/notice' });
    post({ type: 'render/group', group: { key: 'k' } });
    post({ type: 'eval', code: 'alert(1)' });
    post('render/notice');
    assert.deepEqual(received, [{ type: 'render/notice', text: 'hello' }]);
  });
});
