// The webview's one seam to the host: typed posts out, guarded messages in. Rendering code takes a
// HostBridge, so it can run outside VS Code with a fake one.
import { isHostMessage, type HostMessage, type WebviewMessage } from '../src/shared/messages';

export interface HostBridge {
  post(message: WebviewMessage): void;
  onMessage(handler: (message: HostMessage) => void): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
  getState(): unknown;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeBridge(): HostBridge {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (handler) => {
      window.addEventListener('message', (e: MessageEvent) => {
        if (isHostMessage(e.data)) handler(e.data);
      });
    },
  };
}
