// Imports a fix needs (`time` for a duration it writes): the package name a file uses for a path,
// and the edit that adds the import where gofmt would keep it (sorted within the first group).
import type { Node } from 'web-tree-sitter';
import { children } from './fixSyntax';
import type { OffsetEdit } from './fixModel';

interface ImportSpec {
  readonly node: Node;
  readonly path: string;
  readonly name: string | null;
}

function importSpecs(root: Node): ImportSpec[] {
  return root.descendantsOfType('import_spec').map((node) => ({
    node,
    path: node.childForFieldName('path')?.text.replace(/^"|"$/g, '') ?? '',
    name: node.childForFieldName('name')?.text ?? null,
  }));
}

/** The name a file refers to an imported package by (`http` for net/http), or null if not imported. */
export function importedName(root: Node, path: string): string | null {
  const spec = importSpecs(root).find((s) => s.path === path);
  if (!spec) return null;
  return spec.name ?? path.slice(path.lastIndexOf('/') + 1);
}

/** The edit importing `path`, or null when the file imports it already. */
export function addImport(root: Node, text: string, path: string): OffsetEdit | null {
  const specs = importSpecs(root);
  if (specs.some((s) => s.path === path)) return null;
  const line = `"${path}"`;
  const decls = children(root).filter((c) => c.type === 'import_declaration');
  const block = decls.map((d) => children(d).find((c) => c.type === 'import_spec_list')).find((l) => l);
  if (block) {
    // The first group (specs on consecutive lines) of the parenthesised block, sorted by path.
    const group: ImportSpec[] = [];
    for (const s of specs.filter((x) => x.node.parent?.startIndex === block.startIndex)) {
      const prev = group[group.length - 1];
      if (prev && s.node.startPosition.row > prev.node.endPosition.row + 1) break;
      group.push(s);
    }
    const after = group.find((s) => s.path > path);
    if (after) return { start: lineStart(after.node), end: lineStart(after.node), text: `\t${line}\n` };
    const last = group[group.length - 1];
    if (last) {
      // After the line's end, so a trailing comment stays with its spec.
      const nl = text.indexOf('\n', last.node.endIndex);
      const at = nl < 0 ? text.length : nl + 1;
      return { start: at, end: at, text: `\t${line}\n` };
    }
  }
  const single = decls[0];
  if (single) {
    // `import "fmt"` becomes a block holding both.
    const spec = children(single).find((c) => c.type === 'import_spec');
    if (!spec) return null;
    const both = [spec.text, line].sort((a, b) => unquote(a).localeCompare(unquote(b)));
    return { start: single.startIndex, end: single.endIndex, text: `import (\n\t${both.join('\n\t')}\n)` };
  }
  const pkg = children(root).find((c) => c.type === 'package_clause');
  if (!pkg) return null;
  return { start: pkg.endIndex, end: pkg.endIndex, text: `\n\nimport ${line}` };
}

function lineStart(n: Node): number {
  return n.startIndex - n.startPosition.column;
}

function unquote(spec: string): string {
  return /"([^"]*)"/.exec(spec)?.[1] ?? spec;
}
