// Facts about Go function names as printed in stacks: which package a function belongs to, whether
// that package is the standard library, and which closure belongs to which function. Everything
// the analysis knows about "user code" versus "Go's own code" comes from here.

/**
 * Top-level directories of GOROOT/src. A package whose first path element is one of these (and
 * has no dot) is the standard library; module paths always have a dot in their first element,
 * except `main` and local module names, which are never in this list.
 */
const STDLIB_ROOTS = new Set([
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
  'weak',
  'vendor',
  'simd',
]);

/**
 * The package path of a printed function name: `net/http.(*conn).serve` → `net/http`,
 * `example.com/m/v2/pkg.F.func1` → `example.com/m/v2/pkg`, `main.main` → `main`.
 */
export function packageOf(fn: string): string {
  // The package ends at the first dot after the last slash: path elements may contain dots
  // (`example.com`, `gopkg.in/yaml.v3`) but only before the last slash... except `gopkg.in/x.v3`,
  // whose last element has a dot too; `.v<digits>.` keeps it inside the package name.
  const slash = fn.lastIndexOf('/', firstParenOrEnd(fn));
  let rest = slash + 1;
  const versioned = /^[A-Za-z0-9_-]+\.v\d+\./.exec(fn.slice(rest));
  if (versioned) rest += versioned[0].length - 1;
  const dot = fn.indexOf('.', rest);
  return dot < 0 ? fn : fn.slice(0, dot);
}

function firstParenOrEnd(fn: string): number {
  const p = fn.indexOf('(');
  return p < 0 ? fn.length : p;
}

/** True when the function belongs to the Go standard library (including the runtime). */
export function isStdlibFunction(fn: string): boolean {
  const pkg = packageOf(fn);
  const first = pkg.split('/', 1)[0]!;
  if (first.includes('.')) return false;
  // `type:.eq.main.T` and `go:buildid`-style compiler symbols belong to nobody's source.
  if (first.startsWith('type:') || first.startsWith('go:')) return true;
  return STDLIB_ROOTS.has(first);
}

/** The runtime's own frames (`runtime.gopark`, `runtime.selectgo`, `runtime.goexit`). */
export function isRuntimeFunction(fn: string): boolean {
  return packageOf(fn) === 'runtime';
}

/**
 * The function a closure or `go` wrapper belongs to: `main.(*shop).spawnSend.func1` →
 * `main.(*shop).spawnSend`, `x.F.gowrap2` → `x.F`, `x.F.func1.2` → `x.F`; null for a named function.
 */
export function closureParent(fn: string): string | null {
  const m = /^(.*?)((?:\.(?:func|gowrap|deferwrap)\d+)(?:\.\d+)*)+$/.exec(fn);
  if (!m || !m[1]) return null;
  return m[1];
}

/** True when `fn` is `parent` itself or a closure (at any depth) defined inside it. */
export function isSameOrClosureOf(fn: string, parent: string): boolean {
  if (fn === parent) return true;
  return fn.startsWith(parent + '.') && closureParent(fn) === parent;
}

/** The short form used in sentences: `main.(*shop).slowSelect` stays, `example.com/m/pkg.F` → `pkg.F`. */
export function shortFunctionName(fn: string): string {
  const slash = fn.lastIndexOf('/', firstParenOrEnd(fn));
  return slash < 0 ? fn : fn.slice(slash + 1);
}

/** The last path element of a file as printed: `/home/u/src/app/main.go` → `main.go`. */
export function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? file : file.slice(i + 1);
}
