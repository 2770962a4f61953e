// pakoInflater (webview/browser gzip) against Node's zlib: same bytes out, same bounds, same errors,
// whole-buffer and streamed, including gzip members that end exactly at a chunk boundary.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InputError } from '../../../src/core/inputError';
import { pakoInflater } from '../../../src/core/profile/pakoInflater';

const heapGz = new Uint8Array(
  readFileSync(path.resolve(__dirname, '..', '..', 'golden', 'top', 'go1.19_t1_heap.pb.gz')),
);

async function* chunked(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

describe('pakoInflater', () => {
  it('gunzips a real profile to the bytes zlib produces', async () => {
    const out = await pakoInflater.gunzip(heapGz, { input: 'h', maxBytes: 1 << 30 });
    assert.ok(Buffer.from(out).equals(gunzipSync(heapGz)));
  });

  it('streams in small chunks, across member boundaries, to the same bytes', async () => {
    const a = gzipSync(Buffer.from('first member\n'));
    const b = gzipSync(Buffer.from('second member\n'));
    const two = Buffer.concat([a, b]);
    // Chunk size = first member's length: the second member starts exactly at a chunk boundary.
    assert.equal(
      (await collect(pakoInflater.gunzipStream(chunked(two, a.length), { input: 's', maxBytes: 1 << 20 }))).toString(),
      'first member\nsecond member\n',
    );
    const streamed = await collect(pakoInflater.gunzipStream(chunked(heapGz, 1000), { input: 'h', maxBytes: 1 << 30 }));
    assert.ok(streamed.equals(gunzipSync(heapGz)));
  });

  it('stops a stream past its bound and reports truncation', async () => {
    const zeros = gzipSync(new Uint8Array(64 << 20));
    await assert.rejects(
      collect(pakoInflater.gunzipStream(chunked(zeros, 4096), { input: 'z', maxBytes: 1 << 20 })),
      (e: unknown) => e instanceof InputError && /exceeds the limit of 1048576 bytes/.test(e.message),
    );
    await assert.rejects(
      collect(pakoInflater.gunzipStream(chunked(heapGz.subarray(0, 5000), 1000), { input: 't', maxBytes: 1 << 30 })),
      (e: unknown) => e instanceof InputError && e.stage === 'decompressing' && /corrupt or truncated/.test(e.message),
    );
  });
});
