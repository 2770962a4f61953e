// The detail webview app without its entry point: renders what the host sends (a group, the
// summary, a heap, a notice) into `root` and posts typed requests back through the bridge, so it
// runs the same under a fake bridge in the unit tests.
import { h } from './dom';
import { renderGroupPage } from './groupPage';
import { renderComparePage } from './comparePage';
import { renderHeapPage } from './heapPage';
import type { HostBridge } from './hostBridge';
import { renderSummaryPage } from './summaryPage';
import { renderTimelinePage } from './timelinePage';

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
        page = renderHeapPage(m.heap, bridge);
        break;
      case 'render/compare':
        page = renderComparePage(m.compare, bridge);
        break;
      case 'render/timeline':
        page = renderTimelinePage(m.timeline, bridge);
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
