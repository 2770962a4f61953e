// What capture errors tell an extension user to change: the settings and the headers command.
import type { CaptureAdvice } from '../../core/capture/captureAdvice';

export const EXTENSION_CAPTURE_ADVICE: CaptureAdvice = {
  requestTimeout: 'raise goroutineInspector.capture.timeoutSeconds',
  captureTimeout: 'raise goroutineInspector.capture.totalTimeoutSeconds',
  maxBytes: 'raise goroutineInspector.capture.maxBytes',
  credentials:
    'Set an Authorization header for this endpoint with "Goroutine Inspector: Set Endpoint Headers…" (kept in the secret storage).',
};
