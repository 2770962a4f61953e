// The declared type of a variable where the syntax states it, and the fields a struct type
// declares: enough to tell `b.done` of a `*beacon` from `h.done` of a `*Hub` when both types
// declare a field `done` (a selector names the field of its operand's type; a field declared by
// the type itself shadows any promoted from an embedded one, Go spec "Selectors").
import type { Node } from 'web-tree-sitter';
import { FUNCTION_TYPES } from './goSyntax';

/**
 * The named type of variable `name` as seen at `at`: a method's receiver, a parameter, or a
 * `name := &T{…}` / `name := T{…}` / `var name T` in an enclosing function. Pointer and package
 * qualifier dropped (`*hub.Room` → `Room`). Null when no declaration states it.
 */
export function declaredTypeOf(name: string, at: Node): string | null {
  for (let fn: Node | null = at; fn; fn = fn.parent) {
    if (!FUNCTION_TYPES.includes(fn.type)) continue;
    const lists = [fn.childForFieldName('receiver'), fn.childForFieldName('parameters')];
    for (const list of lists) {
      for (const p of list?.namedChildren ?? []) {
        if (p?.type !== 'parameter_declaration') continue;
        if (!p.childrenForFieldName('name').some((id) => id?.text === name)) continue;
        return typeName(p.childForFieldName('type'));
      }
    }
    const body = fn.childForFieldName('body');
    if (!body) continue;
    for (const decl of body.descendantsOfType(['short_var_declaration', 'var_spec'])) {
      const t = declaredIn(decl, name);
      if (t !== undefined) return t;
    }
  }
  return null;
}

/** The struct type `type` declares a field `field` of its own (not one promoted from an embedded type). */
export function declaresField(roots: readonly Node[], type: string, field: string): boolean {
  for (const root of roots) {
    for (const spec of root.descendantsOfType('type_spec')) {
      if (spec.childForFieldName('name')?.text !== type) continue;
      const struct = spec.childForFieldName('type');
      if (struct?.type !== 'struct_type') continue;
      for (const fd of struct.descendantsOfType('field_declaration')) {
        if (fd.childrenForFieldName('name').some((id) => id?.text === field)) return true;
      }
    }
  }
  return false;
}

/** `undefined`: `decl` does not declare `name`; null: it does, with no stated type. */
function declaredIn(decl: Node, name: string): string | null | undefined {
  if (decl.type === 'var_spec') {
    if (!decl.childrenForFieldName('name').some((id) => id?.text === name)) return undefined;
    return typeName(decl.childForFieldName('type'));
  }
  const left = decl.childForFieldName('left')?.namedChildren ?? [];
  const i = left.findIndex((id) => id?.text === name);
  if (i < 0) return undefined;
  let value = decl.childForFieldName('right')?.namedChildren[i] ?? null;
  if (value?.type === 'unary_expression' && value.childForFieldName('operator')?.text === '&')
    value = value.childForFieldName('operand');
  return value?.type === 'composite_literal' ? typeName(value.childForFieldName('type')) : null;
}

function typeName(t: Node | null): string | null {
  if (!t) return null;
  const text = t.text.replace(/^\*/, '');
  const m = /^(?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*)$/.exec(text);
  return m ? m[1]! : null;
}

/**
 * The time constructor behind `owner.C` where the syntax says it: a variable whose struct type
 * embeds `*time.Ticker` (or `*time.Timer`), whose C is the ticker's (a promoted field), or a field
 * `owner = x.f` declared as `f *time.Ticker` by some struct of the file.
 */
export function timeChannelOwner(owner: Node, root: Node): 'NewTicker' | 'NewTimer' | null {
  let type: string | null = null;
  if (owner.type === 'identifier') {
    const struct = declaredTypeOf(owner.text, owner);
    if (struct !== null) type = embeddedTimeType(root, struct);
  } else if (owner.type === 'selector_expression') {
    const f = owner.childForFieldName('field')?.text;
    for (const fd of root.descendantsOfType('field_declaration')) {
      if (fd.childrenForFieldName('name').some((id) => id?.text === f)) {
        type = fd.childForFieldName('type')?.text.replace(/^\*/, '') ?? null;
        break;
      }
    }
  }
  return type === 'time.Ticker' ? 'NewTicker' : type === 'time.Timer' ? 'NewTimer' : null;
}

function embeddedTimeType(root: Node, struct: string): string | null {
  for (const spec of root.descendantsOfType('type_spec')) {
    if (spec.childForFieldName('name')?.text !== struct) continue;
    for (const fd of spec.descendantsOfType('field_declaration')) {
      if (fd.childrenForFieldName('name').length > 0) continue;
      const t = fd.childForFieldName('type')?.text.replace(/^\*/, '');
      if (t === 'time.Ticker' || t === 'time.Timer') return t;
    }
  }
  return null;
}

/**
 * Whether a use of `field` (`x.field`, or `field: v` in a composite literal) is the field of struct
 * type `mine` (null: not known, every use is). A use is another type's field when its operand's
 * declared type differs and both types declare the field themselves; a field promoted from an
 * embedded struct is that struct's own, so a type that does not declare it is never told apart.
 */
export function usesOfSameField(roots: readonly Node[], field: string, mine: string | null): (use: Node) => boolean {
  if (mine === null || !declaresField(roots, mine, field)) return () => true;
  return (use) => {
    const other = typeOfUse(use);
    return other === null || other === mine || !declaresField(roots, other, field);
  };
}

/** The declared type of the operand of `x.field`, or of the composite literal holding `field: v`. */
function typeOfUse(use: Node): string | null {
  if (use.type === 'keyed_element') {
    const lit = use.parent?.parent;
    return lit?.type === 'composite_literal' ? typeName(lit.childForFieldName('type')) : null;
  }
  const operand = use.childForFieldName('operand');
  return operand?.type === 'identifier' ? declaredTypeOf(operand.text, use) : null;
}
