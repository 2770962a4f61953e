// The runtime guards on host↔webview messages: what the host accepts from the webview.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isHostMessage, isWebviewMessage } from '../../../src/shared/messages';
import { isStdlibFunction } from '../../../src/core/go/functionNames';

describe('isWebviewMessage', () => {
  it('accepts the typed requests', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'frame/open', groupKey: 'k', frameIndex: 3 }));
    assert.ok(isWebviewMessage({ type: 'createdBy/open', groupKey: 'k', chainIndex: 0 }));
    assert.ok(isWebviewMessage({ type: 'group/show', groupKey: 'k' }));
    assert.ok(isWebviewMessage({ type: 'summary/show' }));
    assert.ok(isWebviewMessage({ type: 'heap/show' }));
    assert.ok(isWebviewMessage({ type: 'heap/openFrame', node: 12 }));
  });
  it('rejects anything else, including paths the webview might try to open', () => {
    for (const m of [
      null,
      'ready',
      [],
      {},
      { type: 'frame/open', groupKey: 'k', frameIndex: '3' },
      { type: 'frame/open', groupKey: '', frameIndex: 1 },
      { type: 'frame/open', groupKey: 'k', frameIndex: -1 },
      { type: 'frame/open', groupKey: 'k', frameIndex: 1.5 },
      { type: 'file/open', path: '/etc/passwd' },
      { type: 'group/show' },
      { type: 'heap/openFrame', node: -1 },
      { type: 'heap/openFrame', node: '3' },
      { type: 'heap/openFrame', file: '/etc/passwd', line: 1 },
    ]) {
      assert.equal(isWebviewMessage(m), false, JSON.stringify(m));
    }
  });
});

describe('isHostMessage', () => {
  it('checks the shape of render messages', () => {
    assert.ok(isHostMessage({ type: 'render/notice', text: 'x' }));
    assert.ok(
      isHostMessage({
        type: 'render/heap',
        heap: { title: 'h', tops: [], flame: { name: [] } },
      }),
    );
    assert.equal(isHostMessage({ type: 'render/heap', heap: { title: 'h' } }), false);
    assert.equal(isHostMessage({ type: 'render/heap', heap: { title: 'h', tops: {}, flame: {} } }), false);
    assert.ok(isHostMessage({ type: 'render/compare', compare: { groups: [] } }));
    assert.equal(isHostMessage({ type: 'render/compare', compare: {} }), false);
    assert.equal(isHostMessage({ type: 'render/group', group: { key: 'k' } }), false);
    assert.equal(isHostMessage({ type: 'render/notice' }), false);
  });
});

describe('isStdlibFunction', () => {
  it('tells the standard library from user code, -trimpath module names included', () => {
    assert.ok(isStdlibFunction('net/http.(*conn).serve'));
    assert.ok(isStdlibFunction('runtime.gopark'));
    assert.ok(isStdlibFunction('internal/poll.(*FD).Read'));
    assert.equal(isStdlibFunction('main.(*shop).slowSelect'), false);
    assert.equal(isStdlibFunction('shopd/internal/db.Query'), false);
    assert.equal(isStdlibFunction('github.com/x/y.F'), false);
  });
});
