// The ids the extension shares with package.json are one list: every command src/host/commandIds.ts
// names is declared in `contributes.commands` and the other way round, the views likewise, every
// context key the menus read is one the extension sets, and no command id is spelled out anywhere
// else in src/.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, CONTEXT_KEYS, VIEWS } from '../../../src/host/commandIds';

const root = path.resolve(__dirname, '..', '..', '..');
interface Manifest {
  contributes: {
    commands: { command: string; enablement?: string }[];
    views: Record<string, { id: string; when?: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const c = manifest.contributes;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('command ids', () => {
  it('are the commands package.json declares, no more and no fewer', () => {
    assert.deepEqual(Object.values(COMMANDS).sort(), c.commands.map((x) => x.command).sort());
  });

  it("are the only commands package.json's menus and welcome links name", () => {
    const ours = new Set<string>(Object.values(COMMANDS));
    for (const [menu, items] of Object.entries(c.menus))
      for (const item of items) assert.ok(ours.has(item.command), `${menu}: ${item.command}`);
    for (const w of c.viewsWelcome)
      for (const m of w.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(ours.has(m[1]!), m[1]);
  });

  it('are written out in commandIds.ts only', () => {
    const ids = Object.values(COMMANDS);
    const own = path.join(root, 'src', 'host', 'commandIds.ts');
    for (const file of sourceFiles(path.join(root, 'src'))) {
      if (file === own) continue;
      const text = readFileSync(file, 'utf8');
      for (const id of ids)
        assert.ok(!text.includes(`'${id}'`), `${path.relative(root, file)} spells out '${id}': use COMMANDS`);
    }
  });
});

describe('view ids and context keys', () => {
  it('are the views package.json declares', () => {
    assert.deepEqual(
      Object.values(VIEWS).sort(),
      Object.values(c.views)
        .flat()
        .map((v) => v.id)
        .sort(),
    );
  });

  it('are all the goroutineInspector.* names that when and enablement clauses read', () => {
    const known = new Set<string>([...Object.values(CONTEXT_KEYS), ...Object.values(VIEWS)]);
    const clauses = [
      ...c.commands.flatMap((x) => (x.enablement ? [x.enablement] : [])),
      ...Object.values(c.menus).flatMap((items) => items.flatMap((i) => (i.when ? [i.when] : []))),
      ...Object.values(c.views).flatMap((items) => items.flatMap((v) => (v.when ? [v.when] : []))),
    ];
    const read = new Set(clauses.flatMap((w) => [...w.matchAll(/goroutineInspector\.[\w.]+/g)].map((m) => m[0])));
    for (const name of read) assert.ok(known.has(name), `package.json reads ${name}, which nothing sets`);
    for (const key of Object.values(CONTEXT_KEYS)) assert.ok(read.has(key), `${key} is set but no clause reads it`);
  });
});
