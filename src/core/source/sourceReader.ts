// How the core reads Go source without touching a file system: the CLI injects a Node
// implementation (src/node/fsSourceReader.ts), the extension one over the workspace. The reader
// also knows where its environment keeps the tree-sitter wasm files the parser needs.
import type { TreeSitterWasm } from './goParser';

export interface SourceReader {
  /**
   * Every `.go` and `go.mod` file under the source roots, as `/`-separated paths that `readFile`
   * accepts. Called once per analysis.
   */
  listFiles(): Promise<readonly string[]>;
  /** The file's text, or null when it cannot be read. */
  readFile(path: string): Promise<string | null>;
  /** The tree-sitter runtime and Go grammar wasm bytes (dist/wasm in a package, node_modules in dev). */
  treeSitterWasm(): Promise<TreeSitterWasm>;
}
