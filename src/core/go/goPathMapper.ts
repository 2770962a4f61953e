// Maps a file path printed in a stack to a file under the source roots. Stacks come from other
// machines (`/home/ci/src/app/x.go`), from `-trimpath` builds (`shopd/main.go`,
// `example.com/m@v1.2.3/x.go`) or from GOROOT (`net/http/server.go`,
// `/usr/lib/go-1.27/src/net/http/server.go`); the roots hold `go.mod` files that say which
// module path lives where.
import { isStdlibFunction, packageOf } from './functionNames';
import { baseName } from './filePaths';

export interface GoModule {
  /** Directory holding go.mod, `/`-separated, no trailing slash. */
  readonly dir: string;
  /** `module` path declared in go.mod. */
  readonly path: string;
}

/** The module path declared by a go.mod file, or null. */
export function parseGoModModulePath(text: string): string | null {
  const m = /^\s*module\s+("([^"]+)"|(\S+))/m.exec(text);
  if (!m) return null;
  return (m[2] ?? m[3] ?? '').trim() || null;
}

export interface GoPathMapperOptions {
  /**
   * Trailing path elements a file found by suffix alone must share with the stack's file (default
   * 1: a unique base name is enough). The analysis checks the function declared at the line, so it
   * takes a base name; a file opened for a person is not checked, so the extension asks for 2.
   */
  readonly minSuffixElements?: number;
}

export class GoPathMapper {
  private readonly files: Set<string>;
  private readonly byBase = new Map<string, string[]>();
  private readonly modules: GoModule[];
  private readonly minSuffixElements: number;

  constructor(files: readonly string[], modules: readonly GoModule[], options: GoPathMapperOptions = {}) {
    this.minSuffixElements = options.minSuffixElements ?? 1;
    this.files = new Set(files.map(normalize));
    for (const f of this.files) {
      const b = baseName(f);
      const list = this.byBase.get(b);
      if (list) list.push(f);
      else this.byBase.set(b, [f]);
    }
    // Longest module path first: nested modules win over their parents.
    this.modules = [...modules].sort((a, b) => b.path.length - a.path.length);
  }

  /**
   * The file under the roots for a stack frame's file, or null when none matches unambiguously.
   * `fn` (the frame's function) narrows the search to the function's package directory.
   */
  resolve(stackFile: string, fn?: string): string | null {
    const file = normalize(stackFile);
    if (this.files.has(file)) return file;
    if (fn !== undefined && isStdlibFunction(fn)) return null;
    return this.byPackage(file, fn) ?? this.byModulePathInFile(file) ?? this.byLongestSuffix(file);
  }

  /** The function's package path under a module: `example.com/m/internal/db.F` → `<dir>/internal/db/<base>`. */
  private byPackage(file: string, fn: string | undefined): string | null {
    if (fn === undefined) return null;
    const pkg = packageOf(fn);
    if (pkg === 'main') return null;
    for (const m of this.modules) {
      if (pkg !== m.path && !pkg.startsWith(m.path + '/')) continue;
      const candidate = joinPath(m.dir, pkg.slice(m.path.length), baseName(file));
      if (this.files.has(candidate)) return candidate;
    }
    return null;
  }

  /** `-trimpath` paths start with the module path; module-cache paths carry `@version`. */
  private byModulePathInFile(file: string): string | null {
    const unversioned = decodeModuleCase(file.replace(/@[^/]+(?=\/)/, ''));
    for (const m of this.modules) {
      const at = findSegmentRun(unversioned, m.path);
      if (at < 0) continue;
      const candidate = joinPath(m.dir, unversioned.slice(at + m.path.length));
      if (this.files.has(candidate)) return candidate;
    }
    return null;
  }

  /** The listed file sharing the most trailing path elements; ties are ambiguous. */
  private byLongestSuffix(file: string): string | null {
    const candidates = this.byBase.get(baseName(file));
    if (!candidates) return null;
    const want = file.split('/').reverse();
    let best: string | null = null;
    let bestScore = 0;
    let tie = false;
    for (const c of candidates) {
      const have = c.split('/').reverse();
      let score = 0;
      while (score < want.length && score < have.length && want[score] === have[score]) score++;
      if (score > bestScore) {
        best = c;
        bestScore = score;
        tie = false;
      } else if (score === bestScore) tie = true;
    }
    return tie || bestScore < this.minSuffixElements ? null : best;
  }
}

function normalize(p: string): string {
  return p.replace(/\\/g, '/').replace(/\/+/g, '/');
}

function joinPath(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== '').join('/'));
}

/** Where `path` occurs as whole `/`-separated elements in `file` (last occurrence), or -1. */
function findSegmentRun(file: string, path: string): number {
  let at = file.lastIndexOf(path + '/');
  while (at >= 0) {
    if (at === 0 || file[at - 1] === '/') return at;
    at = at === 0 ? -1 : file.lastIndexOf(path + '/', at - 1);
  }
  return -1;
}

/**
 * The GOMODCACHE-relative path of a module-cache file: `/root/go/pkg/mod/example.com/m@v1.2.3/x.go`
 * and `-trimpath`'s `example.com/m@v1.2.3/x.go` both give `example.com/m@v1.2.3/x.go`, to open it
 * from the local module cache (capitals stay escaped, as the cache spells them on disk). Null for
 * any other file.
 */
export function moduleCacheRelativePath(stackFile: string): string | null {
  const file = normalize(stackFile);
  const at = file.indexOf('/pkg/mod/');
  if (at >= 0) return file.slice(at + '/pkg/mod/'.length);
  return !isAbsolutePath(file) && /@v[0-9]/.test(file) ? file : null;
}

/** `/x`, `C:\x`, `C:/x` or a UNC `\\server\x`: an absolute path on some machine. */
export function isAbsolutePath(p: string): boolean {
  return /^(\/|\\\\|[A-Za-z]:[\\/])/.test(p);
}

/** The module cache escapes capitals: `github.com/!azure/x` is `github.com/Azure/x`. */
function decodeModuleCase(p: string): string {
  return p.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The GOROOT-relative path of a standard-library frame's file, to open it from the local Go
 * installation: `/usr/lib/go-1.27/src/net/http/server.go` and `-trimpath`'s `net/http/server.go`
 * both give `net/http/server.go`. Null when the function is not the standard library's.
 */
export function gorootRelativePath(stackFile: string, fn: string): string | null {
  if (!isStdlibFunction(fn)) return null;
  const file = normalize(stackFile);
  // The package directory inside GOROOT/src is the function's package path (vendored code keeps its vendor/ prefix).
  const pkgDir = packageOf(fn);
  const at = file.lastIndexOf('/src/' + pkgDir + '/');
  if (at >= 0) return file.slice(at + '/src/'.length);
  if (file.startsWith(pkgDir + '/')) return file;
  // Runtime assembly and files of a package's internal directory still live under GOROOT/src.
  const src = file.lastIndexOf('/src/');
  return src >= 0 ? file.slice(src + '/src/'.length) : file.startsWith('/') ? null : file;
}
