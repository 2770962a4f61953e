// The Go source a fix reads and edits: stack frames mapped to files under the source roots (the
// analysis' own path mapping), each file's text with its syntax tree, parsed once. Frames outside
// the workspace (standard library, module cache, vendor) are never offered: the user does not own
// that code, and an edit there would not survive the next `go mod download`.
import type { Node, Tree } from 'web-tree-sitter';
import { isStdlibFunction } from '../go/functionNames';
import { fileHoldsFrame } from '../source/frameDeclaration';
import type { GoParser } from '../source/goParser';
import { SourceLookup } from '../source/sourceLookup';
import type { SourceReader } from '../source/sourceReader';

export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly tree: Tree;
  readonly root: Node;
}

export interface FrameSource extends SourceFile {
  /** 0-based row of the frame's line. */
  readonly row: number;
}

export interface FixSourcesOptions {
  /**
   * Where a stack's 1-based line of a local file is now (edits since the capture move lines), or
   * null when that line was edited away. Identity by default.
   */
  readonly mapLine?: (path: string, line: number) => number | null;
}

export class FixSources {
  private readonly files = new Map<string, Promise<SourceFile | null>>();

  private constructor(
    private readonly reader: SourceReader,
    readonly parser: GoParser,
    private readonly lookup: SourceLookup,
    private readonly listed: readonly string[],
    private readonly options: FixSourcesOptions,
  ) {}

  static async create(reader: SourceReader, parser: GoParser, options: FixSourcesOptions = {}): Promise<FixSources> {
    const lookup = await SourceLookup.create(reader, parser);
    return new FixSources(reader, parser, lookup, await reader.listFiles(), options);
  }

  /** Every `.go` file under the roots that belongs to the workspace (no vendor, no module cache). */
  goFiles(): string[] {
    return this.listed.filter((f) => f.endsWith('.go') && isWorkspacePath(f));
  }

  /** The file and row of a frame, or null when it is not the user's own code under the roots. */
  async frame(file: string, printedLine: number, fn: string): Promise<FrameSource | null> {
    if (printedLine <= 0 || isStdlibFunction(fn)) return null;
    const path = this.lookup.mapper.resolve(file, fn);
    if (path === null || !isWorkspacePath(path)) return null;
    const line = this.options.mapLine ? this.options.mapLine(path, printedLine) : printedLine;
    if (line === null) return null;
    const src = await this.file(path);
    if (!src || line - 1 > src.root.endPosition.row) return null;
    if (!fileHoldsFrame(src.root, line - 1, fn)) return null;
    return { ...src, row: line - 1 };
  }

  file(path: string): Promise<SourceFile | null> {
    let f = this.files.get(path);
    if (!f) {
      f = this.reader.readFile(path).then((text) => {
        if (text === null) return null;
        const tree = this.parser.parse(text);
        return { path, text, tree, root: tree.rootNode };
      });
      this.files.set(path, f);
    }
    return f;
  }
}

/** Code the user owns: not a vendored copy, not the module cache (GOROOT frames are stdlib functions). */
export function isWorkspacePath(path: string): boolean {
  const p = `/${path.replace(/\\/g, '/')}`;
  return !/\/vendor\//.test(p) && !/\/pkg\/mod\//.test(p) && !/@v\d/.test(p);
}
