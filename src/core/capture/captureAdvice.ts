// What a capture's error messages tell the user to change. The extension names its settings, the
// CLI its flags; the core only fills the sentence.
export interface CaptureAdvice {
  /** How to give each request more time (`raise goroutineInspector.capture.timeoutSeconds`). */
  readonly requestTimeout: string;
  /** How to give the whole capture more time. */
  readonly captureTimeout: string;
  /** How to accept more bytes per capture. */
  readonly maxBytes: string;
  /** How to send credentials (an Authorization header), as a sentence. */
  readonly credentials: string;
}

/** Wording for callers that have no settings or flags of their own (tests, scripts). */
export const NEUTRAL_ADVICE: CaptureAdvice = {
  requestTimeout: 'raise the timeout of each request',
  captureTimeout: 'raise the timeout of the whole capture',
  maxBytes: 'raise the size limit of the capture',
  credentials: 'Send credentials as a request header (Authorization: Bearer …).',
};
