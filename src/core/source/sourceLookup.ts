// Finds and parses the Go file behind a stack frame, once per file: the source reader lists the
// roots, go.mod files give module paths, the mapper picks the file, tree-sitter parses it.
import type { Tree } from 'web-tree-sitter';
import type { SourceReader } from './sourceReader';
import type { GoParser } from './goParser';
import { GoPathMapper, parseGoModModulePath, type GoModule } from '../go/goPathMapper';
import { fileHoldsFrame } from './frameDeclaration';

export interface SourceSite {
  /** The file under the source roots. */
  readonly path: string;
  readonly tree: Tree;
  /** 0-based row of the frame's line. */
  readonly row: number;
}

export class SourceLookup {
  private readonly trees = new Map<string, Promise<Tree | null>>();
  private readonly texts = new Map<string, Promise<string | null>>();
  /**
   * Sites by frame (file, line, function): 100k goroutines are a few thousand groups whose frames
   * repeat the same few lines, and every rule asks again; mapping and checking the declaration
   * (a walk of the tree) is done once per distinct frame.
   */
  private readonly sites = new Map<string, Promise<SourceSite | null>>();

  private constructor(
    private readonly reader: SourceReader,
    private readonly parser: GoParser,
    readonly mapper: GoPathMapper,
    /** Every .go file under the roots. */
    private readonly goFiles: readonly string[],
  ) {}

  /** How many .go files the roots hold (0: no source at all). */
  get goFileCount(): number {
    return this.goFiles.length;
  }

  static async create(reader: SourceReader, parser: GoParser): Promise<SourceLookup> {
    const files = await reader.listFiles();
    const modules: GoModule[] = [];
    for (const f of files) {
      if (!f.endsWith('/go.mod') && f !== 'go.mod') continue;
      const text = await reader.readFile(f);
      const path = text === null ? null : parseGoModModulePath(text);
      if (path !== null) modules.push({ dir: f.slice(0, Math.max(0, f.length - '/go.mod'.length)), path });
    }
    const goFiles = files.filter((f) => f.endsWith('.go'));
    return new SourceLookup(reader, parser, new GoPathMapper(goFiles, modules), goFiles);
  }

  /**
   * The parsed file and row for a frame, or null when the file is not under the roots, unreadable,
   * too short, or (given the frame's function) declares another function at that line.
   */
  at(file: string, line: number, fn?: string): Promise<SourceSite | null> {
    const key = `${file}\n${line}\n${fn ?? '\n'}`;
    let site = this.sites.get(key);
    if (site === undefined) {
      site = this.siteOf(file, line, fn);
      this.sites.set(key, site);
    }
    return site;
  }

  private async siteOf(file: string, line: number, fn?: string): Promise<SourceSite | null> {
    if (line <= 0) return null;
    const path = this.mapper.resolve(file, fn);
    if (path === null) return null;
    const tree = await this.tree(path);
    if (tree === null) return null;
    const rows = tree.rootNode.endPosition.row + 1;
    if (line - 1 >= rows) return null;
    if (fn !== undefined && !fileHoldsFrame(tree.rootNode, line - 1, fn)) return null;
    return { path, tree, row: line - 1 };
  }

  /** The local file of a frame (checked against its source like `at`), or null. */
  async localFile(file: string, line: number, fn: string): Promise<string | null> {
    return (await this.at(file, line, fn))?.path ?? null;
  }

  /**
   * The parsed files of the package `path` belongs to (its directory, tests excluded), `path`
   * first. Files of other build tags are included: questions asked of them must hold for any build.
   */
  async packageOf(path: string): Promise<{ path: string; tree: Tree }[]> {
    const dir = path.slice(0, path.lastIndexOf('/') + 1);
    const paths = this.goFiles.filter(
      (f) => f === path || (f.startsWith(dir) && !f.includes('/', dir.length) && !f.endsWith('_test.go')),
    );
    return this.parsed([path, ...paths.filter((f) => f !== path)]);
  }

  /**
   * The parsed files under the roots whose text contains `needle` (tests excluded): for the rare
   * question about the whole program (who sends on an exported channel field).
   */
  async filesMentioning(needle: string): Promise<{ path: string; tree: Tree }[]> {
    const hits: string[] = [];
    for (const f of this.goFiles) {
      if (f.endsWith('_test.go')) continue;
      const text = await this.text(f);
      if (text !== null && text.includes(needle)) hits.push(f);
    }
    return this.parsed(hits);
  }

  private async parsed(paths: readonly string[]): Promise<{ path: string; tree: Tree }[]> {
    const out: { path: string; tree: Tree }[] = [];
    for (const p of paths) {
      const tree = await this.tree(p);
      if (tree !== null) out.push({ path: p, tree });
    }
    return out;
  }

  private text(path: string): Promise<string | null> {
    let t = this.texts.get(path);
    if (!t) {
      t = this.reader.readFile(path);
      this.texts.set(path, t);
    }
    return t;
  }

  private tree(path: string): Promise<Tree | null> {
    let t = this.trees.get(path);
    if (!t) {
      t = this.text(path).then((text) => (text === null ? null : this.parser.parse(text)));
      this.trees.set(path, t);
    }
    return t;
  }
}
