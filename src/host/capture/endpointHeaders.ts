// Per-endpoint request headers (an Authorization token, a cookie) live in SecretStorage, keyed by
// the normalised endpoint URL, never in settings files that end up in repositories.
import type * as vscode from 'vscode';
import { parseHeader } from '../../core/capture/requestHeaders';

const key = (base: string) => `goroutineInspector.headers:${base}`;

export async function getEndpointHeaders(secrets: vscode.SecretStorage, base: string): Promise<Record<string, string>> {
  const raw = await secrets.get(key(base));
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
  } catch {
    return {};
  }
}

export async function setEndpointHeaders(
  secrets: vscode.SecretStorage,
  base: string,
  headers: Record<string, string>,
): Promise<void> {
  if (Object.keys(headers).length === 0) await secrets.delete(key(base));
  else await secrets.store(key(base), JSON.stringify(headers));
}

/** `Authorization: Bearer x; X-Env: prod` → headers; throws (naming no value) on a part that is not a header. */
export function parseHeaderLine(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of line
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value] = parseHeader(part);
    out[name] = value;
  }
  return out;
}
