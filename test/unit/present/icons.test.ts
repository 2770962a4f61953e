// Every leak kind the analysis can return has its own icon in the tree, and every icon the views
// name exists in the codicon font. The kinds are read from the LeakKind union in verdict.ts itself,
// so a kind added there without an icon fails here (chan-receive-no-ctx once had none and showed a
// plain warning; waitgroup-wait named 'people', which no codicon is called, and showed nothing).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as ts from 'typescript';
import type { LeakKind } from '../../../src/core/analysis/verdict';
import { LEAK_KIND_ICONS, verdictIcon } from '../../../src/core/present/icons';
import { statusBarView } from '../../../src/core/present/statusBarView';
import { groupChildren, groupRow, idsRow, createdByRow } from '../../../src/core/present/treeRows';
import { treeBuckets, treeSections, type GroupBy } from '../../../src/core/present/treeSections';
import { GO_VERSIONS, leakyapiSnapshot, repoRoot } from './leakyapiSnapshot';

/** The string literals of `export type <name> = 'a' | 'b' | …` in a TypeScript file. */
function unionMembers(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  for (const st of source.statements) {
    if (!ts.isTypeAliasDeclaration(st) || st.name.text !== name || !ts.isUnionTypeNode(st.type)) continue;
    return st.type.types.map((t) => {
      assert.ok(ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal), `${name} has a member that is not a string`);
      return t.literal.text;
    });
  }
  throw new Error(`no union type ${name} in ${file}`);
}

const codicons = new Set(
  [
    ...readFileSync(path.join(repoRoot, 'node_modules', '@vscode', 'codicons', 'dist', 'codicon.css'), 'utf8').matchAll(
      /\.codicon-([a-z0-9-]+):before/g,
    ),
  ].map((m) => m[1]!),
);

describe('leak kind icons', () => {
  const kinds = unionMembers(path.join(repoRoot, 'src', 'core', 'analysis', 'verdict.ts'), 'LeakKind');

  it('reads the kinds the analysis can return', () => {
    assert.ok(kinds.length >= 15, kinds.join(', '));
    assert.ok(kinds.includes('chan-receive-no-ctx'));
  });

  it('has an icon for every kind, and nothing else', () => {
    const missing = kinds.filter((k) => typeof LEAK_KIND_ICONS[k as LeakKind] !== 'string');
    assert.deepEqual(missing, [], `kinds without an icon: ${missing.join(', ')}`);
    assert.deepEqual(Object.keys(LEAK_KIND_ICONS).sort(), [...kinds].sort());
  });

  it('names real codicons', () => {
    assert.ok(codicons.size > 400, 'the codicon font lists its icons');
    const unknown = Object.entries(LEAK_KIND_ICONS).filter(([, icon]) => !codicons.has(icon));
    assert.deepEqual(unknown, []);
  });

  it("shows a suspect's kind, in the warning colour", () => {
    for (const kind of kinds) {
      const icon = verdictIcon({
        wait: 'other',
        handler: null,
        suspect: true,
        healthy: false,
        kind: kind as LeakKind,
        confidence: 'likely',
        reason: null,
        fix: null,
        blockingFrame: null,
        runtime: false,
        evidence: [],
      });
      assert.equal(icon.id, LEAK_KIND_ICONS[kind as LeakKind]);
      assert.equal(icon.color, 'problemsWarningIcon.foreground');
    }
  });
});

describe('every icon the tree and status bar show on real captures is a codicon', () => {
  const seen = new Set<string>();
  before(async () => {
    for (const v of GO_VERSIONS) {
      const { title, result } = await leakyapiSnapshot(v, 't2');
      seen.add(statusBarView(title, result).icon);
      for (const groupBy of ['handler', 'kind', 'state'] as GroupBy[]) {
        for (const s of treeSections(result, { groupBy, showRuntime: true, filter: '' })) {
          if (s.icon) seen.add(s.icon.id);
          if (s.bucketed) for (const b of treeBuckets(s, groupBy)) if (b.icon) seen.add(b.icon.id);
        }
      }
      for (const g of result.groups) {
        seen.add(groupRow(g).icon!.id);
        for (const c of groupChildren(result, g, { foldStdlib: true })) {
          if (c.kind === 'createdBy') seen.add(createdByRow(c.groupKey, c.chain, 0).icon!.id);
          else if (c.kind === 'ids') seen.add(idsRow(c.ids, c.parentIds).icon!.id);
          else {
            if (c.row.icon) seen.add(c.row.icon.id);
            if (c.kind === 'folded') for (const f of c.frames) seen.add(f.icon!.id);
          }
        }
      }
    }
  });

  it('covers sections, buckets, groups of several kinds, frames, folds, creators and ids', () => {
    for (const id of ['warning', 'pass', 'symbol-method', 'fold', 'git-commit', 'symbol-number'])
      assert.ok(seen.has(id), `${id} among ${[...seen].join(', ')}`);
    assert.ok(seen.has(LEAK_KIND_ICONS['lock-wait']) && seen.has(LEAK_KIND_ICONS['chan-send-orphan']));
  });

  it('names no icon the font lacks', () => {
    assert.deepEqual(
      [...seen].filter((id) => !codicons.has(id)),
      [],
    );
  });
});
