// A browser document for the webview's code under node:test (happy-dom), and a fake HostBridge that
// records what the app posts and delivers what the host would send. Test helper, not a test.
import { Window } from 'happy-dom';
import type { HostMessage, WebviewMessage } from '../../../src/shared/messages';
import { startApp } from '../../../webview/app';
import type { HostBridge } from '../../../webview/hostBridge';

const GLOBALS = ['window', 'document', 'HTMLElement', 'Node', 'MessageEvent', 'KeyboardEvent'] as const;

/** Installs a fresh window as the globals the webview reads; the returned function removes it. */
export function installDom(): { window: Window; teardown: () => Promise<void> } {
  const window = new Window({ url: 'https://webview.test/' });
  const g = globalThis as Record<string, unknown>;
  const saved = GLOBALS.map((k) => [k, g[k]] as const);
  g.window = window;
  for (const k of GLOBALS) if (k !== 'window') g[k] = window[k as keyof Window];
  // happy-dom does not lay out: scrolling is a no-op, as in a hidden webview.
  window.scrollTo = () => undefined;
  return {
    window,
    teardown: async () => {
      await window.happyDOM.close();
      for (const [k, v] of saved) g[k] = v;
    },
  };
}

export class FakeBridge implements HostBridge {
  readonly posted: WebviewMessage[] = [];
  private handler: ((m: HostMessage) => void) | null = null;

  post(message: WebviewMessage): void {
    this.posted.push(message);
  }

  onMessage(handler: (message: HostMessage) => void): void {
    this.handler = handler;
  }

  /** What the host posts. */
  send(message: HostMessage): void {
    if (!this.handler) throw new Error('the app has not subscribed to host messages');
    this.handler(message);
  }
}

/** A fresh document with the app started on a fake bridge in a `<main>`, as the webview's HTML has it. */
export function openApp(): { root: HTMLElement; bridge: FakeBridge; teardown: () => Promise<void> } {
  const { teardown } = installDom();
  const root = document.createElement('main');
  document.body.appendChild(root);
  const bridge = new FakeBridge();
  startApp(root, bridge);
  return { root, bridge, teardown };
}
