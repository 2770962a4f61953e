// escapeControls and safeJson: nothing an input holds reaches a terminal as a control sequence.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { displayText, escapeControls, escapeLines, safeJson } from '../../../src/core/text/terminalText';

const ALL_CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => i),
  ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
  0x200e,
  0x200f,
  0x2028,
  0x2029,
  0x202a,
  0x202e,
  0x2066,
  0x2069,
].map((c) => String.fromCharCode(c));

describe('escapeControls', () => {
  it('writes every C0 and C1 control, DEL and the bidi overrides as an escape', () => {
    for (const c of ALL_CONTROLS) {
      const out = escapeControls(`a${c}b`);
      assert.notEqual(out, `a${c}b`, `U+${c.charCodeAt(0).toString(16)} passed unchanged`);
      assert.match(out, /^a\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr])b$/);
    }
  });

  it('shows what was there, in a form a reader recognises', () => {
    assert.equal(escapeControls('\x1b]0;pwned\x07'), '\\x1b]0;pwned\\x07');
    assert.equal(escapeControls('\u009b2J'), '\\x9b2J');
    assert.equal(escapeControls('a\tb\nc\rd'), 'a\\tb\\nc\\rd');
    assert.equal(escapeControls('\u202egnp.exe'), '\\u202egnp.exe');
  });

  it('leaves printable text, including non-ASCII names, alone', () => {
    const s = 'main.(*Server).handle·dwrap·1 /src/café/ü.go 名前 😀 ~!@#$%^&*()';
    assert.equal(escapeControls(s), s);
  });

  it('is idempotent: escaping twice changes nothing more', () => {
    for (const c of ALL_CONTROLS) {
      const once = escapeControls(`x${c}y`);
      assert.equal(escapeControls(once), once);
    }
  });

  it('escapeLines keeps the line breaks and escapes the rest', () => {
    assert.equal(escapeLines('one\x1b[2J\ntwo\u009b'), 'one\\x1b[2J\ntwo\\x9b');
  });
});

describe('safeJson', () => {
  it('escapes C1 controls, DEL and format controls that JSON.stringify leaves raw', () => {
    const value = { name: 'a\u009bb\u007fc\u2028d\u202ee', label: { 'k\u0085': '\u0090' } };
    const text = safeJson(value, 2);
    for (const c of ALL_CONTROLS) {
      if (c === '\n' || c === ' ') continue;
      assert.ok(!text.includes(c), `U+${c.charCodeAt(0).toString(16)} is raw in ${text}`);
    }
    assert.deepEqual(JSON.parse(text), value);
  });

  it('prints what JSON.stringify prints when there is nothing to escape', () => {
    const value = { a: [1, 'two', null], b: 'é 名' };
    assert.equal(safeJson(value, 2), JSON.stringify(value, null, 2));
    assert.equal(safeJson(value), JSON.stringify(value));
  });
});

describe('displayText', () => {
  it('escapes what escapeControls does, but keeps tabs and line breaks as layout', () => {
    for (const c of ALL_CONTROLS) {
      if (c === '\n' || c === '\t') assert.equal(displayText(c), c);
      else assert.equal(displayText(c), escapeControls(c));
    }
    assert.equal(displayText('a\u202eb\nc'), 'a\\u202eb\nc');
  });
});
