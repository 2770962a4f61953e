// Keeps every capture as files in the workspace storage (one folder per snapshot with a meta.json),
// so a capture is never lost: listed in the Snapshots view, re-openable, savable elsewhere. A
// capture streams into its folder as it arrives (`begin`), and is listed once it is committed.
import * as vscode from 'vscode';
import type { OpenSink } from '../../core/capture/captureSink';
import { fileSinks } from '../../node/captureFiles';

export interface SnapshotFile {
  readonly name: string;
  /** Where it came from (a URL for captures). */
  readonly source: string;
  readonly size: number;
}

export interface SnapshotMeta {
  readonly id: string;
  readonly title: string;
  /** ISO time of the capture. */
  readonly createdAt: string;
  readonly endpoint: string | null;
  readonly files: readonly SnapshotFile[];
  /** The watch whose tick this is (its series caps it, not snapshots.maxKept); absent otherwise. */
  readonly watchId?: string;
  /** Suspect goroutines once analysed; null before. */
  suspectGoroutines: number | null;
  goroutines: number | null;
}

/** A snapshot being captured: its folder exists, it is not listed until `commit`. */
export interface PendingSnapshot {
  readonly id: string;
  /** Streams each profile into the snapshot's folder. */
  readonly openSink: OpenSink;
  /** Records the files that arrived (meta.json) and lists the snapshot. */
  commit(files: readonly SnapshotFile[]): Promise<SnapshotMeta>;
  /** Deletes the folder: the capture failed. */
  discard(): Promise<void>;
}

export class SnapshotStore {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(
    /** The storage folder; a new store over the same one sees every snapshot (as after a reload). */
    readonly root: vscode.Uri,
    private readonly maxKept: () => number,
  ) {}

  private dir(id: string): vscode.Uri {
    if (!/^[\w.-]+$/.test(id)) throw new Error(`invalid snapshot id "${id}"`);
    return vscode.Uri.joinPath(this.root, 'snapshots', id);
  }

  fileUri(id: string, name: string): vscode.Uri {
    return vscode.Uri.joinPath(this.dir(id), name);
  }

  /**
   * Starts a snapshot whose files are written as they arrive. The storage folder of an extension
   * is on the extension host's disk (a file: URI, also in remote windows), written with Node's fs
   * so that a body is never held whole; another scheme (a test's in-memory file system) gets its
   * files through workspace.fs when each one is complete.
   */
  async begin(title: string, endpoint: string | null, options: { watchId?: string } = {}): Promise<PendingSnapshot> {
    const stamp = new Date();
    const id = `${stamp.toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 6)}`;
    const dir = this.dir(id);
    await vscode.workspace.fs.createDirectory(dir);
    return {
      id,
      openSink: dir.scheme === 'file' ? fileSinks(dir.fsPath) : workspaceFsSinks(dir),
      commit: async (files) => {
        const meta: SnapshotMeta = {
          id,
          title,
          createdAt: stamp.toISOString(),
          endpoint,
          files: files.map((f) => ({ name: f.name, source: f.source, size: f.size })),
          ...(options.watchId !== undefined ? { watchId: options.watchId } : {}),
          suspectGoroutines: null,
          goroutines: null,
        };
        await this.writeMeta(meta);
        await this.prune();
        this.emitter.fire();
        return meta;
      },
      discard: async () => {
        await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false }).then(undefined, () => undefined);
      },
    };
  }

  async recordCounts(id: string, goroutines: number, suspectGoroutines: number): Promise<void> {
    const meta = await this.get(id);
    if (!meta) return;
    meta.goroutines = goroutines;
    meta.suspectGoroutines = suspectGoroutines;
    await this.writeMeta(meta);
    this.emitter.fire();
  }

  /**
   * Written beside and renamed over meta.json, so that `list()` running at the same moment never
   * reads a half-written file (which made a fresh snapshot vanish from the list).
   */
  private async writeMeta(meta: SnapshotMeta): Promise<void> {
    const dir = this.dir(meta.id);
    const temp = vscode.Uri.joinPath(dir, `meta.json.${Math.random().toString(36).slice(2, 8)}.tmp`);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(JSON.stringify(meta, null, 2)));
    await vscode.workspace.fs.rename(temp, vscode.Uri.joinPath(dir, 'meta.json'), { overwrite: true });
  }

  async get(id: string): Promise<SnapshotMeta | null> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.dir(id), 'meta.json'));
      return JSON.parse(new TextDecoder().decode(bytes)) as SnapshotMeta;
    } catch {
      return null;
    }
  }

  /** Newest first. */
  async list(): Promise<SnapshotMeta[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(this.root, 'snapshots'));
    } catch {
      return [];
    }
    const metas = await Promise.all(
      entries.filter(([, t]) => t === vscode.FileType.Directory).map(([name]) => this.get(name)),
    );
    return metas.filter((m): m is SnapshotMeta => m !== null).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async delete(id: string): Promise<void> {
    await vscode.workspace.fs.delete(this.dir(id), { recursive: true, useTrash: false });
    this.emitter.fire();
  }

  /** Copies the snapshot's files into `target` (a folder), prefixed with the capture time. */
  async saveTo(id: string, target: vscode.Uri): Promise<vscode.Uri[]> {
    const meta = await this.get(id);
    if (!meta) throw new Error(`snapshot ${id} no longer exists`);
    const prefix = meta.createdAt.replace(/[:]/g, '').replace(/\..*$/, '');
    const out: vscode.Uri[] = [];
    for (const f of meta.files) {
      const dest = vscode.Uri.joinPath(target, `${prefix}_${f.name}`);
      await vscode.workspace.fs.copy(this.fileUri(id, f.name), dest, { overwrite: true });
      out.push(dest);
    }
    return out;
  }

  /** Keeps snapshots.maxKept single captures; a watch's ticks are capped by its series instead. */
  private async prune(): Promise<void> {
    const all = (await this.list()).filter((m) => m.watchId === undefined);
    for (const m of all.slice(this.maxKept()))
      await vscode.workspace.fs.delete(this.dir(m.id), { recursive: true, useTrash: false });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

function workspaceFsSinks(dir: vscode.Uri): OpenSink {
  return async (name) => {
    const parts: Uint8Array[] = [];
    return {
      write: async (chunk) => {
        parts.push(chunk);
      },
      close: async () => {
        await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, name), Buffer.concat(parts));
      },
      discard: async () => {
        parts.length = 0;
      },
    };
  };
}
