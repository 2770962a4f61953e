// Which import paths are Go's standard library. One list for everything that asks: the analysis
// (which frame is the user's), the tree and the webview (which frames to dim or fold), and the
// path mapping (which files live under GOROOT/src).

/**
 * Top-level directories of GOROOT/src. A package whose first path element is one of these (and
 * has no dot) is the standard library; module paths always have a dot in their first element,
 * except `main` and local module names, which are never in this list. `arena` and `simd` are
 * experiments (GOEXPERIMENT) that still live in GOROOT.
 */
export const STDLIB_ROOTS: ReadonlySet<string> = new Set([
  'archive',
  'arena',
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
  'simd',
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

/** True for an import path of the standard library: `net/http`, `internal/poll`, `vendor/golang.org/x/net/…`. */
export function isStdlibPackage(pkg: string): boolean {
  const first = pkg.split('/', 1)[0]!;
  return !first.includes('.') && STDLIB_ROOTS.has(first);
}
