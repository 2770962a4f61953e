// The WebAssembly fast path of dump parsing (wasm/goroutineScan.ts): whole goroutines whose header,
// frames and creator the parser has read before are recognised eight bytes per step, outside the
// JavaScript JIT, and come back as records of ids. JavaScript still reads every other line and
// everything seen for the first time, then files its key here, so the module only speeds up
// what the parser already understood. Where WebAssembly is missing (a page whose CSP forbids
// it), `createGoroutineScanner` returns null and the parser reads every line itself, with the
// same result.
import { NUMS_CAP, NUMS_PER_RECORD, RECS_CAP, ScanStop, WINDOW_CAP } from './goroutineScanLayout';
import { GOROUTINE_SCAN_WASM_BASE64 } from './goroutineScanWasm';

/** The part of the WebAssembly API used here (the core's types include neither DOM nor its lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

interface GoroutineScanExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  reset(capacity: number): void;
  scan(pos: number, end: number, inGoroutine: number): ScanStop;
  stoppedAt(): number;
  records(): number;
  lines(): number;
  recordsOffset(): number;
  numbersOffset(): number;
  addPendingKey(id: number): void;
}

const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

function scannerModule(api: WasmApi): object | null {
  if (compiled === undefined) {
    try {
      const text = atob(GOROUTINE_SCAN_WASM_BASE64);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      compiled = new api.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A scanner with its own table, or null where WebAssembly cannot run. */
export function createGoroutineScanner(): GoroutineScanner | null {
  const mod = wasmApi === undefined ? null : scannerModule(wasmApi);
  if (mod === null || wasmApi === undefined) return null;
  try {
    const instance = new wasmApi.Instance(mod, {
      env: {
        abort: () => {
          throw new Error('goroutine scanner: abort');
        },
      },
    });
    return new GoroutineScanner(instance.exports as unknown as GoroutineScanExports);
  } catch {
    return null;
  }
}

export class GoroutineScanner {
  /**
   * The records of the last scan, `recordCount` of them, from index 0: the fields of RecordField,
   * then that many frame ids. A view into the module's memory, valid until the next scan.
   */
  records: Int32Array;
  /** Per record, the RecordNumber pair: goroutine id, parent id (NaN: none). */
  numbers: Float64Array;
  recordCount = 0;
  /** Lines the last scan took. */
  lineCount = 0;
  /** Where the last scan stopped, as an offset into the caller's bytes. */
  stoppedAt = 0;

  private memoryBytes: Uint8Array;
  // The caller's bytes the module holds: chunk `chunkId` from `winStart` to `winEnd`.
  private chunkId = -1;
  private winStart = 0;
  private winEnd = 0;
  /** The last scan ended at the window's end before the chunk's: the next scan moves the window. */
  private moveWindowAt = -1;

  constructor(private readonly wasm: GoroutineScanExports) {
    wasm.reset(1 << 12);
    this.memoryBytes = new Uint8Array(0);
    this.records = new Int32Array(0);
    this.numbers = new Float64Array(0);
    this.views();
  }

  /**
   * Read plain goroutines of `bytes` from `pos` (`chunkId` names the bytes: the same id means the
   * same content, so a window copied once serves every scan in it). `inGoroutine`: the parser is
   * inside a goroutine and expects its next frame.
   */
  scan(bytes: Uint8Array, chunkId: number, pos: number, end: number, inGoroutine: boolean): ScanStop {
    if (chunkId !== this.chunkId || pos < this.winStart || pos >= this.winEnd || pos === this.moveWindowAt) {
      this.load(bytes, chunkId, pos, end);
    }
    const wasm = this.wasm;
    let stop = wasm.scan(pos - this.winStart, this.winEnd - this.winStart, inGoroutine ? 1 : 0);
    this.stoppedAt = wasm.stoppedAt() + this.winStart;
    this.recordCount = wasm.records();
    this.lineCount = wasm.lines();
    this.moveWindowAt = -1;
    if (stop === ScanStop.End && this.winEnd < end) {
      // The window, not the bytes, ended. A line longer than a whole window is the parser's.
      if (this.stoppedAt > this.winStart) {
        this.moveWindowAt = this.stoppedAt;
        stop = ScanStop.More;
      } else {
        stop = ScanStop.OtherLine;
      }
    }
    return stop;
  }

  /** File the key of the header, frame or creator the last scan stopped at under `id`. */
  fileStopped(id: number): void {
    this.wasm.addPendingKey(id);
    this.views();
  }

  /** (Re)make the views of the module's memory: growing it (a bigger table) replaces its buffer. */
  private views(): void {
    const wasm = this.wasm;
    const buffer = wasm.memory.buffer;
    if (this.memoryBytes.buffer === buffer) return;
    this.memoryBytes = new Uint8Array(buffer);
    this.records = new Int32Array(buffer, wasm.recordsOffset(), RECS_CAP);
    this.numbers = new Float64Array(buffer, wasm.numbersOffset(), NUMS_PER_RECORD * NUMS_CAP);
  }

  private load(bytes: Uint8Array, chunkId: number, pos: number, end: number): void {
    this.views();
    const n = Math.min(end - pos, WINDOW_CAP);
    this.memoryBytes.set(bytes.subarray(pos, pos + n), 0);
    this.chunkId = chunkId;
    this.winStart = pos;
    this.winEnd = pos + n;
  }
}
