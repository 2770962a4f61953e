// Stop functions nobody can call any more, and the struct types that tell two fields of the same
// name apart, read from Go snippets with the real tree-sitter grammar.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { createGoParser, type GoParser } from '../../../src/core/source/goParser';
import { fieldChannelWriters } from '../../../src/core/source/goWriters';
import { lostClosers } from '../../../src/core/source/goLostClosers';
import { declaredTypeOf, declaresField, timeChannelOwner, usesOfSameField } from '../../../src/core/source/goTypes';
import { loadTreeSitterWasm } from '../../../src/node/treeSitterWasm';

let parser: GoParser;
before(async () => {
  parser = await createGoParser(await loadTreeSitterWasm());
});

const parse = (body: string): Node => parser.parse(`package x\n\n${body}\n`).rootNode;

/** A blinker: a goroutine per Start, stopped by the function Start returns. */
const BLINKER = `
type blinker struct {
	*time.Ticker
	done chan struct{}
	once sync.Once
}

func Start(every time.Duration) (stop func()) {
	b := &blinker{Ticker: time.NewTicker(every), done: make(chan struct{})}
	go b.run()
	return b.stop
}

func (b *blinker) run() {
	for {
		select {
		case <-b.C:
		case <-b.done:
			return
		}
	}
}

func (b *blinker) stop() { b.once.Do(func() { close(b.done) }) }

type server struct{ done chan struct{} }

func (s *server) shutdown() { close(s.done) }
`;

async function lostIn(src: string) {
  const root = parse(src);
  const selectors = root.descendantsOfType('selector_expression').filter((s) => s.text === 'b.done');
  const site = selectors[0]!;
  const mine = declaredTypeOf('b', site);
  const w = fieldChannelWriters([root], 'done', { sameField: usesOfSameField([root], 'done', mine) });
  return lostClosers(
    w.writers.map((x) => x.fn),
    async () => [{ path: '/src/x/blink.go', root }],
  );
}

describe('lostClosers', () => {
  it('finds a stop function only returned by a constructor whose callers drop it', async () => {
    const lost = await lostIn(
      `${BLINKER}\nfunc (a *api) typing(w http.ResponseWriter, r *http.Request) {\n\tStart(time.Second)\n}\n`,
    );
    assert.deepEqual(lost, {
      closer: 'stop',
      returnedBy: ['Start'],
      droppedAt: ['blink.go:33'],
      dropsInHandler: true,
    });
  });

  it('is not lost when a caller keeps the stop function', async () => {
    const kept = `${BLINKER}\nfunc (a *api) typing(w http.ResponseWriter, r *http.Request) {\n\tstop := Start(time.Second)\n\tdefer stop()\n}\n`;
    assert.equal(await lostIn(kept), null);
  });

  it('is not lost when the stop method is called directly somewhere', async () => {
    const called = `${BLINKER}\nfunc cleanup(b *blinker) { b.stop() }\nfunc main() { Start(time.Second) }\n`;
    assert.equal(await lostIn(called), null);
  });

  it('says a drop outside a handler is not per request', async () => {
    const lost = await lostIn(`${BLINKER}\nfunc main() { Start(time.Second) }\n`);
    assert.equal(lost?.dropsInHandler, false);
  });

  it("counts another type's field of the same name as another field", async () => {
    // Without the types, server.shutdown (called) would be a writer of b.done and nothing would be lost.
    const src = `${BLINKER}\nfunc main() { s := &server{}; s.shutdown(); Start(time.Second) }\n`;
    assert.notEqual(await lostIn(src), null);
    const root = parse(src);
    assert.equal(fieldChannelWriters([root], 'done').writers.length, 2);
  });
});

describe('goTypes', () => {
  it('reads receivers, parameters and composite literals, and embedded tickers', () => {
    const root = parse(BLINKER);
    const c = root.descendantsOfType('selector_expression').find((s) => s.text === 'b.C')!;
    assert.equal(declaredTypeOf('b', c), 'blinker');
    assert.equal(timeChannelOwner(c.childForFieldName('operand')!, root), 'NewTicker');
    const inStart = root.descendantsOfType('selector_expression').find((s) => s.text === 'b.stop')!;
    assert.equal(declaredTypeOf('b', inStart), 'blinker');
    assert.equal(declaresField([root], 'server', 'done'), true);
    assert.equal(declaresField([root], 'server', 'once'), false);
  });

  it('reads a ticker kept in a named field', () => {
    const root = parse(`type poller struct{ t *time.Ticker }\nfunc (p *poller) loop() { <-p.t.C }\n`);
    const c = root.descendantsOfType('selector_expression').find((s) => s.text === 'p.t.C')!;
    assert.equal(timeChannelOwner(c.childForFieldName('operand')!, root), 'NewTicker');
  });
});

describe('lostClosers, exported closers', () => {
  it('never calls an exported stop method lost: code outside the roots may call it through an interface', async () => {
    const exported = BLINKER.replace(/\bstop\b/g, 'Stop').replace('(Stop func())', '(stop func())');
    assert.equal(
      await lostIn(
        `${exported}\nfunc (a *api) typing(w http.ResponseWriter, r *http.Request) {\n\tStart(time.Second)\n}\n`,
      ),
      null,
    );
  });
});

describe('usesOfSameField', () => {
  it('never tells a promoted field apart from the embedded struct’s own', () => {
    const root = parse(`type base struct{ done chan struct{} }
type hub struct{ base }
type other struct{ done chan struct{} }
func (h *hub) wait() { <-h.done }
func (b *base) stop() { close(b.done) }
func (o *other) stop() { close(o.done) }`);
    const uses = root
      .descendantsOfType('selector_expression')
      .filter((s) => s.childForFieldName('field')?.text === 'done');
    const text = (keep: (u: Node) => boolean) => uses.filter(keep).map((u) => u.text);
    // hub has no done of its own: every use may be its promoted field.
    assert.deepEqual(text(usesOfSameField([root], 'done', 'hub')), ['h.done', 'b.done', 'o.done']);
    // base declares it: other's own done is another field, hub's (promoted, type unknown here) is kept.
    assert.deepEqual(text(usesOfSameField([root], 'done', 'base')), ['h.done', 'b.done']);
  });
});
