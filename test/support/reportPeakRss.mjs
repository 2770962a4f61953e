// Preloaded with `node --import` into a child whose memory a test measures: on exit, writes the
// peak resident set size (VmHWM from /proc/self/status, in bytes) as the last line of stderr.
import { readFileSync, writeSync } from 'node:fs';

process.on('exit', () => {
  let bytes = process.resourceUsage().maxRSS * 1024;
  try {
    const m = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) bytes = Number(m[1]) * 1024;
  } catch {
    /* not Linux: maxRSS above */
  }
  writeSync(2, `\ngi-peak-rss ${bytes}\n`);
});
