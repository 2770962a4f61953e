// Parses Go source with web-tree-sitter and the tree-sitter-go grammar. The wasm bytes are
// injected (Node reads them from dist/wasm or node_modules, a webview would fetch them), so this
// module runs wherever WebAssembly does.
import { Parser, Language } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';

export interface TreeSitterWasm {
  /** `web-tree-sitter.wasm`, the parser runtime. */
  readonly runtime: Uint8Array;
  /** `tree-sitter-go.wasm`, the Go grammar. */
  readonly goGrammar: Uint8Array;
}

export interface GoParser {
  /** The syntax tree of one Go file; syntax errors yield a tree with ERROR nodes, never a throw. */
  parse(text: string): Tree;
}

// Parser.init sets up one WebAssembly module per JavaScript realm; doing it twice is wasteful.
let runtimeReady: Promise<void> | null = null;

export async function createGoParser(wasm: TreeSitterWasm): Promise<GoParser> {
  runtimeReady ??= Parser.init({ wasmBinary: wasm.runtime });
  try {
    await runtimeReady;
  } catch (err) {
    runtimeReady = null;
    throw new Error(`loading the tree-sitter runtime: ${(err as Error).message}`, { cause: err });
  }
  let go: Language;
  try {
    go = await Language.load(wasm.goGrammar);
  } catch (err) {
    throw new Error(`loading the tree-sitter Go grammar: ${(err as Error).message}`, { cause: err });
  }
  const parser = new Parser();
  parser.setLanguage(go);
  return {
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
  };
}
