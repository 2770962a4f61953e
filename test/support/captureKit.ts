// Shared by the capture tests: a CaptureRequest with test defaults (bodies kept in memory), and
// the CaptureError a capture that must fail ends with.
import { strict as assert } from 'node:assert';
import { CaptureError } from '../../src/core/capture/captureError';
import { memorySinks } from '../../src/core/capture/captureSink';
import type { CaptureRequest } from '../../src/core/capture/fetchProfiles';

export function captureRequest(base: string, extra: Partial<CaptureRequest> = {}): CaptureRequest {
  return {
    base,
    headers: {},
    timeoutSeconds: 5,
    totalTimeoutSeconds: 10,
    maxBytes: 64 << 20,
    includeHeap: true,
    signal: new AbortController().signal,
    openSink: memorySinks().open,
    ...extra,
  };
}

export async function captureFailure(p: Promise<unknown>): Promise<CaptureError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CaptureError, `expected a CaptureError, got ${String(e)}`);
    return e;
  }
  assert.fail('the capture should have failed');
}
