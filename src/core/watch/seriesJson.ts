// A series as the JSON its file holds, exactly JSON.stringify(series), with each tick written once:
// the file is rewritten after every tick, and a tick's point carries the ids of every goroutine of
// a full capture, so stringifying the whole series each time cost the extension host's event loop
// more with every tick (240 ticks of 10k ids: megabytes). A tick is immutable once appended; its
// text is kept beside it (weakly: a tick the caps dropped takes its text with it).
import type { SeriesTick, WatchSeries } from './watchSeries';

const tickText = new WeakMap<SeriesTick, string>();

function textOf(tick: SeriesTick): string {
  let t = tickText.get(tick);
  if (t === undefined) {
    t = JSON.stringify(tick);
    tickText.set(tick, t);
  }
  return t;
}

export function seriesJson(series: WatchSeries): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(series)) {
    if (value === undefined || typeof value === 'function') continue;
    const text = key === 'ticks' ? `[${series.ticks.map(textOf).join(',')}]` : JSON.stringify(value);
    parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
