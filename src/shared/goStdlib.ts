// Whether a frame belongs to Go's standard library or runtime: such frames are dimmed or folded in
// the tree and the webview, and never chosen as "the line to open" when a user frame exists.
/** First path elements of the standard library (and of GOROOT/src). */
export const STDLIB_ROOTS: ReadonlySet<string> = new Set([
  'archive',
  'bufio',
  'bytes',
  'cmp',
  'compress',
  'container',
  'context',
  'crypto',
  'database',
  'debug',
  'embed',
  'encoding',
  'errors',
  'expvar',
  'flag',
  'fmt',
  'go',
  'hash',
  'html',
  'image',
  'index',
  'internal',
  'io',
  'iter',
  'log',
  'maps',
  'math',
  'mime',
  'net',
  'os',
  'path',
  'plugin',
  'reflect',
  'regexp',
  'runtime',
  'slices',
  'sort',
  'strconv',
  'strings',
  'structs',
  'sync',
  'syscall',
  'testing',
  'text',
  'time',
  'unicode',
  'unique',
  'unsafe',
  'vendor',
  'weak',
]);

/** The import path of a Go function name: `net/http.(*conn).serve` → `net/http`. */
export function packageOf(fn: string): string {
  const slash = fn.lastIndexOf('/');
  const dot = fn.indexOf('.', slash + 1);
  return dot < 0 ? fn : fn.slice(0, dot);
}

/** Decided by the package path alone: file paths differ with -trimpath and GOROOT location. */
export function isStdlibFunction(fn: string): boolean {
  const pkg = packageOf(fn);
  if (pkg === 'main') return false;
  const root = pkg.split('/')[0];
  return STDLIB_ROOTS.has(root) && !root.includes('.');
}
