// The io.Pipe rules: a reader or writer whose other end belonged to its creator, which returned; a
// reader whose writer, by the source, went to a goroutine that has exited.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { pipeOrphan, pipeWithoutWriter } from '../../../../src/core/analysis/rules/pipeRules';
import type { ProducerFacts } from '../../../../src/core/analysis/producers';
import { assertVerdict, factsFor, MAIN_SERVING, park, requests, type DumpGoroutine } from './factsFromDump';

const EXPORT = 'example.com/orders.(*api).export';
const SELECT = [park('runtime.gopark'), park('runtime.selectgo', 'runtime/select.go:351')];

/** A closure of `export` on one end of a pipe; its request goroutine 77 has ended unless `parentAlive`. */
function onPipe(end: 'read' | 'write', parent: number | undefined, parentAlive = false): DumpGoroutine[] {
  const frames =
    end === 'read'
      ? ['io.(*pipe).read /usr/local/go/src/io/pipe.go:57', 'io.(*PipeReader).Read /usr/local/go/src/io/pipe.go:134']
      : ['io.(*pipe).write /usr/local/go/src/io/pipe.go:86', 'io.(*PipeWriter).Write /usr/local/go/src/io/pipe.go:161'];
  const out: DumpGoroutine[] = [
    MAIN_SERVING,
    {
      id: 61,
      state: 'select',
      frames: [...SELECT, ...frames, `${EXPORT}.func1 /build/orders/export.go:40`],
      createdBy: `${EXPORT} /build/orders/export.go:37`,
      parent,
    },
  ];
  if (parentAlive) {
    out.push({
      id: 77,
      state: 'chan receive',
      frames: [
        park('runtime.gopark'),
        park('runtime.chanrecv1', 'runtime/chan.go:489'),
        `${EXPORT} /build/orders/export.go:45`,
      ],
      createdBy: 'main.main /build/orders/main.go:30',
      parent: 1,
    });
  }
  return out;
}

describe('pipeOrphan', () => {
  it('leaks a pipe reader whose writer, its creator, returned without closing (likely when the parent is gone)', async () => {
    const f = await factsFor(onPipe('read', 77), `${EXPORT}.func1`);
    assertVerdict(pipeOrphan(f), {
      status: 'leak',
      kind: 'chan-receive-orphan',
      confidence: 'likely',
      problem: /reading an io\.Pipe whose writer, orders\.\(\*api\)\.export, has returned without closing it/,
      evidence: ['its creator goroutine has exited', 'no source given'],
    });
  });

  it('is possible without parent ids (Go < 1.21) and without source', async () => {
    const f = await factsFor(onPipe('read', undefined), `${EXPORT}.func1`);
    assert.equal(f.orphan.status, 'creator-returned');
    assertVerdict(pipeOrphan(f), { status: 'leak', kind: 'chan-receive-orphan', confidence: 'possible' });
  });

  it('leaks a pipe writer whose reader returned (possible)', async () => {
    const f = await factsFor(onPipe('write', 77), `${EXPORT}.func1`);
    assertVerdict(pipeOrphan(f), {
      status: 'leak',
      kind: 'chan-send-orphan',
      confidence: 'possible',
      problem: /writing an io\.Pipe whose reader, orders\.\(\*api\)\.export, has returned/,
    });
  });

  it('passes while the creator is alive: it may still close its end', async () => {
    assert.equal(pipeOrphan(await factsFor(onPipe('read', 77, true), `${EXPORT}.func1`)), null);
  });
});

describe('pipeWithoutWriter', () => {
  const COPY = [
    ...SELECT,
    'io.(*pipe).read /usr/local/go/src/io/pipe.go:57',
    'io.(*PipeReader).Read /usr/local/go/src/io/pipe.go:134',
    'io.copyBuffer /usr/local/go/src/io/io.go:429',
    'io.Copy /usr/local/go/src/io/io.go:388',
  ];
  const handlerReading = () =>
    requests({ wait: COPY, handler: `${EXPORT} /build/orders/export.go:55`, state: 'select' });
  const writer = (state: ProducerFacts['state'], unclosedReturn: string | null = null): ProducerFacts => ({
    channel: 'pr',
    state,
    evidence: `pr is the reading end of io.Pipe; the goroutine it was handed to (go statement at export.go:52) ${state === 'gone' ? 'has exited' : 'still runs'}`,
    unclosedReturn,
  });

  it('leaks a handler reading a pipe whose writer goroutine has exited (likely), naming the path that skips Close', async () => {
    const f = await factsFor(handlerReading(), EXPORT, {
      source: { pipeProducer: writer('gone', 'writeCSV returns at line 64 without pw.Close()') },
    });
    assertVerdict(pipeWithoutWriter(f), {
      status: 'leak',
      kind: 'producer-vanished',
      confidence: 'likely',
      problem: /reading the io\.Pipe pr, whose writer has exited without closing it; writeCSV returns at line 64/,
      evidence: [/has exited/, 'writeCSV returns at line 64 without pw.Close()'],
    });
  });

  it('passes while the writer runs, when it is not known, or without source', async () => {
    assert.equal(
      pipeWithoutWriter(await factsFor(handlerReading(), EXPORT, { source: { pipeProducer: writer('running') } })),
      null,
    );
    assert.equal(
      pipeWithoutWriter(await factsFor(handlerReading(), EXPORT, { source: { pipeProducer: writer('unknown') } })),
      null,
    );
    assert.equal(pipeWithoutWriter(await factsFor(handlerReading(), EXPORT)), null);
  });
});
