// Normalises what a user types as an endpoint into the base URL of net/http/pprof:
// `127.0.0.1:6060`, `http://host:6060`, `http://host:6060/debug/pprof/goroutine?debug=1` all
// become `http://host:6060/debug/pprof`. A custom mount (`/admin/pprof`) is kept as typed.
// Credentials in the URL are refused: fetch would refuse them anyway, and a base URL is shown,
// remembered and logged; they belong in a header. Messages never repeat them (redactUrls).
import { redactUrls } from '../text/redactUrl';

export function normalizeEndpoint(input: string): string {
  let text = input.trim();
  const shown = redactUrls(text);
  if (text === '') throw new Error('the endpoint URL is empty');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme === null) text = `http://${text}`;
  else if (!/^https?$/i.test(scheme[1]!)) {
    throw new Error(`"${shown}" uses ${scheme[1]!.toLowerCase()}://; only http:// and https:// are supported`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${shown}" is not a URL; expected something like http://127.0.0.1:6060`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${shown}" uses ${url.protocol}//; only http:// and https:// are supported`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error(
      `"${redactUrls(url.href)}" has credentials in it, which are not sent (they would be shown and kept with ` +
        `the URL); send them as a header, e.g. Authorization: Basic <base64 of user:password>`,
    );
  }
  url.search = '';
  url.hash = '';
  let path = url.pathname.replace(/\/+$/, '');
  const m = /^(.*\/debug\/pprof)(\/.*)?$/.exec(path);
  if (m) path = m[1];
  else if (path === '') path = '/debug/pprof';
  url.pathname = path;
  return url.toString().replace(/\/$/, '');
}

/** The URL of one profile under a normalised base. */
export function profileUrl(base: string, profile: string, query: string): string {
  return `${base}/${profile}${query ? `?${query}` : ''}`;
}

/** `scheme://host:port` of a URL, for same-origin checks. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
