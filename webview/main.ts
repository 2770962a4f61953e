// The detail webview app: renders what the host sends (a group, the summary, a notice) and posts
// typed requests back. Built by esbuild into dist/webview.js (+ webview.css).
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './styles.css';
import { h } from './dom';
import { renderGroupPage } from './groupPage';
import { renderHeapPage } from './heapPage';
import { vscodeBridge, type HostBridge } from './hostBridge';
import { renderSummaryPage } from './summaryPage';

export function startApp(root: HTMLElement, bridge: HostBridge): void {
  bridge.onMessage((m) => {
    let page: HTMLElement;
    switch (m.type) {
      case 'render/group':
        page = renderGroupPage(m.group, bridge);
        break;
      case 'render/summary':
        page = renderSummaryPage(m.summary, bridge);
        break;
      case 'render/heap':
        page = renderHeapPage(m.heap);
        break;
      case 'render/notice':
        page = h('p', { class: 'notice' }, m.text);
        break;
    }
    root.replaceChildren(page);
    window.scrollTo(0, 0);
    // Keyboard users land on the page's heading after each navigation.
    const heading = root.querySelector('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  });
  bridge.post({ type: 'ready' });
}

const app = document.getElementById('app');
if (app) startApp(app, vscodeBridge());
