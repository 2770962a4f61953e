// Does a parsed Go file plausibly hold a stack frame? The path mapper may pick a file by its name
// alone (a build from another machine, a module path absent from the stack's paths), and an
// unrelated `main.go` must not lend its lines to the frame: the named function or method that
// encloses the frame's line has to appear in the frame's function name.
import type { Node } from 'web-tree-sitter';

const DECLARATIONS = ['function_declaration', 'method_declaration'];

/**
 * The identifiers of a Go function name as printed in stacks, without package path, receiver
 * punctuation or type arguments: `example.com/m/db.(*Store[...]).Get.func1` → Store, Get, func1.
 */
export function functionNameParts(fn: string): Set<string> {
  const slash = fn.lastIndexOf('/');
  const rest = fn.slice(slash + 1).replace(/\[[^\]]*\]/g, '');
  const parts = new Set<string>();
  for (const p of rest.split('.')) {
    const name = p.replace(/^\(\*?/, '').replace(/\)$/, '');
    if (name !== '') parts.add(name);
  }
  return parts;
}

/** The name of the outermost function or method declaration around `row`, or null (package level). */
export function declarationAt(root: Node, row: number): string | null {
  let n: Node | null = root.descendantForPosition({ row, column: 0 }, { row, column: 1 << 20 });
  let name: string | null = null;
  while (n) {
    if (DECLARATIONS.includes(n.type)) name = n.childForFieldName('name')?.text ?? name;
    n = n.parent;
  }
  return name;
}

/** False when the line lies in a declared function that the frame's name does not mention. */
export function fileHoldsFrame(root: Node, row: number, fn: string): boolean {
  const declared = declarationAt(root, row);
  return declared === null || functionNameParts(fn).has(declared);
}
