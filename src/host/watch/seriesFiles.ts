// Where a watch's series lives: `watches/<id>/series.json` in the workspace storage, beside the
// snapshots its ticks name. Written beside and renamed over, so a reload or a crash mid-write
// finds the previous tick's file whole, never half of one.
import * as vscode from 'vscode';
import { seriesJson } from '../../core/watch/seriesJson';
import { parseSeries, type WatchSeries } from '../../core/watch/watchSeries';

export class SeriesFiles {
  constructor(private readonly root: vscode.Uri) {}

  private dir(id: string): vscode.Uri {
    if (!/^[\w.-]+$/.test(id)) throw new Error(`invalid watch id "${id}"`);
    return vscode.Uri.joinPath(this.root, 'watches', id);
  }

  async write(series: WatchSeries): Promise<void> {
    const dir = this.dir(series.id);
    await vscode.workspace.fs.createDirectory(dir);
    const temp = vscode.Uri.joinPath(dir, `series.json.${Math.random().toString(36).slice(2, 8)}.tmp`);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(seriesJson(series)));
    await vscode.workspace.fs.rename(temp, vscode.Uri.joinPath(dir, 'series.json'), { overwrite: true });
  }

  /** The stored series, or null when there is none (or it cannot be read: a newer format). */
  async read(id: string): Promise<WatchSeries | null> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.dir(id), 'series.json'));
      return parseSeries(new TextDecoder().decode(bytes));
    } catch {
      return null;
    }
  }

  /** Every stored series, newest first. */
  async list(): Promise<WatchSeries[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(this.root, 'watches'));
    } catch {
      return [];
    }
    const all = await Promise.all(
      entries.filter(([, t]) => t === vscode.FileType.Directory).map(([n]) => this.read(n)),
    );
    return all.filter((s): s is WatchSeries => s !== null).sort((a, b) => b.startedAt - a.startedAt);
  }
}
