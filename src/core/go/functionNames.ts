// Facts about Go function names as printed in stacks: which package a function belongs to, whether
// that package is the standard library, which closure belongs to which function, and the short
// forms shown to people. Everything the analysis, the tree and the webview know about "user code"
// versus "Go's own code" comes from here.
import { isStdlibPackage } from './standardLibrary';

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
  // `type:.eq.main.T` and `go:buildid`-style compiler symbols belong to nobody's source.
  if (pkg.startsWith('type:') || pkg.startsWith('go:')) return true;
  return isStdlibPackage(pkg);
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

export interface ShortNameOptions {
  /**
   * Also drop `main.`, which says nothing in a narrow view (the tree, the icicle); default false,
   * as sentences read better with it (`main.(*shop).slowSelect`).
   */
  readonly dropMain?: boolean;
}

/**
 * The function without its package path: `example.com/m/pkg.F` → `pkg.F`, `net/http.(*conn).serve`
 * → `http.(*conn).serve`; `main.(*shop).slowSelect` stays, or loses `main.` with `dropMain`.
 */
export function shortFunctionName(fn: string, options: ShortNameOptions = {}): string {
  const slash = fn.lastIndexOf('/', firstParenOrEnd(fn));
  const short = slash < 0 ? fn : fn.slice(slash + 1);
  return options.dropMain && short.startsWith('main.') ? short.slice('main.'.length) : short;
}
