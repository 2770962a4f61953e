// The quick pick of "Capture from Endpoint…": saved endpoints (setting), recently used ones
// (global state), or whatever URL the user types.
import * as vscode from 'vscode';
import { settings } from '../settings';
import { normalizeEndpoint } from '../../core/capture/endpointUrl';
import { redactUrls } from '../../core/text/redactUrl';

const MRU_KEY = 'goroutineInspector.recentEndpoints';
const MRU_MAX = 8;

interface EndpointItem extends vscode.QuickPickItem {
  readonly url: string;
}

export function recentEndpoints(state: vscode.Memento): string[] {
  return state.get<string[]>(MRU_KEY, []);
}

export async function rememberEndpoint(state: vscode.Memento, base: string): Promise<void> {
  const list = [base, ...recentEndpoints(state).filter((u) => u !== base)].slice(0, MRU_MAX);
  await state.update(MRU_KEY, list);
}

export function pickEndpoint(
  state: vscode.Memento,
  title: string,
  /** What a typed URL's entry says it will do: `$(eye) Watch http://…`. */
  action: { icon: string; verb: string } = { icon: 'cloud-download', verb: 'Capture' },
): Promise<string | undefined> {
  const saved = settings.endpoints();
  const items: EndpointItem[] = [];
  const seen = new Set<string>();
  const add = (item: EndpointItem) => {
    if (seen.has(item.url)) return;
    seen.add(item.url);
    items.push(item);
  };
  if (saved.length) items.push({ label: 'Saved endpoints', kind: vscode.QuickPickItemKind.Separator, url: '' });
  // A saved URL with credentials is refused when picked; it is not shown with them either.
  for (const e of saved) add({ label: `$(server) ${redactUrls(e.name)}`, description: redactUrls(e.url), url: e.url });
  const recent = recentEndpoints(state);
  if (recent.length) items.push({ label: 'Recently used', kind: vscode.QuickPickItemKind.Separator, url: '' });
  for (const u of recent) add({ label: `$(history) ${u}`, url: u });

  const qp = vscode.window.createQuickPick<EndpointItem>();
  qp.title = title;
  qp.placeholder = 'Pick an endpoint or type a URL, e.g. http://127.0.0.1:6060';
  qp.matchOnDescription = true;
  // Focus returning to a webview or the editor must not throw away a half-typed URL.
  qp.ignoreFocusOut = true;
  qp.items = items;
  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (v: string | undefined) => {
      if (done) return;
      done = true;
      resolve(v);
      qp.dispose();
    };
    qp.onDidChangeValue((value) => {
      const typed = value.trim();
      if (!typed) {
        qp.items = items;
        return;
      }
      let label: string;
      try {
        label = `$(${action.icon}) ${action.verb} ${normalizeEndpoint(typed)}`;
      } catch {
        label = `$(warning) ${typed}`;
      }
      qp.items = [{ label, description: 'typed URL', url: typed, alwaysShow: true }, ...items];
    });
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.url || qp.value.trim() || undefined));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}
