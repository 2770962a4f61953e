// Where a file printed in a stack may be on this machine, most trusted first. The extension host
// gathers the inputs (settings, `go env`, the workspace's files) and opens the first candidate
// that exists; which candidates there are, and in which order, is decided here only.
import { gorootRelativePath, isAbsolutePath, moduleCacheRelativePath, type GoPathMapper } from './goPathMapper';

export interface FrameFileInputs {
  /** The user's `goroutineInspector.pathMappings`: printed prefix → local folder. */
  readonly pathMappings?: Readonly<Record<string, string>>;
  /** Printed file → local file, as the analysis matched them against its source roots. */
  readonly analysed?: ReadonlyMap<string, string>;
  /** The local Go installation (go.goroot setting, else `go env GOROOT`). */
  readonly goroot?: string | null;
  /** The local module cache (`go env GOMODCACHE`). */
  readonly gomodcache?: string | null;
  /** The workspace's .go files and go.mod modules. */
  readonly workspace?: GoPathMapper | null;
}

/** The part of a stack frame that says where its code is. */
export interface FrameFile {
  readonly file: string;
  readonly function: string;
}

/**
 * Local paths for a frame's file, each once, in the order to try them: what the user mapped
 * (longest prefix first), the printed path when absolute (built on this machine), what the
 * analysis matched, the module cache, the workspace (go.mod module paths, then trailing path
 * elements), and GOROOT/src for the standard library's frames.
 */
export function frameFileCandidates(frame: FrameFile, inputs: FrameFileInputs): string[] {
  const out: string[] = [];
  const mappings = Object.entries(inputs.pathMappings ?? {}).sort((a, b) => b[0].length - a[0].length);
  for (const [prefix, folder] of mappings) out.push(mappedPath(frame.file, prefix, folder) ?? '');
  if (isAbsolutePath(frame.file)) out.push(frame.file);
  out.push(inputs.analysed?.get(frame.file) ?? '');
  const inCache = moduleCacheRelativePath(frame.file);
  if (inCache !== null && inputs.gomodcache) out.push(under(inputs.gomodcache, inCache));
  out.push(inputs.workspace?.resolve(frame.file, frame.function) ?? '');
  const inGoroot = gorootRelativePath(frame.file, frame.function);
  if (inGoroot !== null && inputs.goroot) out.push(under(inputs.goroot, `src/${inGoroot}`));
  return [...new Set(out.filter((p) => p !== ''))];
}

/**
 * The file a path mapping gives: `prefix` replaced by `folder` when the file starts with it at a
 * whole path element (`/build` maps `/build/x.go`, not `/builds/x.go`); null otherwise.
 */
export function mappedPath(file: string, prefix: string, folder: string): string | null {
  const bare = prefix.replace(/[\\/]+$/, '');
  if (file !== bare && !file.startsWith(`${bare}/`) && !file.startsWith(`${bare}\\`)) return null;
  const rest = file.slice(bare.length).replace(/^[\\/]+/, '');
  return rest === '' ? folder : under(folder, rest);
}

/**
 * The prefix "Map path…" offers to map: a relative (`-trimpath`) file's first element, which is
 * its module path's first element; an absolute file's folder.
 */
export function mappingPrefix(file: string): string {
  if (!isAbsolutePath(file)) return file.split(/[\\/]/)[0]!;
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i <= 0 ? file.slice(0, i + 1) : file.slice(0, i);
}

function under(folder: string, relative: string): string {
  return `${folder.replace(/[\\/]+$/, '')}/${relative}`;
}
