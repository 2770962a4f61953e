// Normalises what a user types as an endpoint into the base URL of net/http/pprof:
// `127.0.0.1:6060`, `http://host:6060`, `http://host:6060/debug/pprof/goroutine?debug=1` all
// become `http://host:6060/debug/pprof`. A custom mount (`/admin/pprof`) is kept as typed.
export function normalizeEndpoint(input: string): string {
  let text = input.trim();
  if (text === '') throw new Error('the endpoint URL is empty');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${input.trim()}" is not a URL; expected something like http://127.0.0.1:6060`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${input.trim()}" uses ${url.protocol}; only http:// and https:// are supported`);
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
