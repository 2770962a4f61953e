// The header line of a debug=2 goroutine, `goroutine 57 [select, 2 minutes] {route: x}:`: its id,
// its bracket and its Go 1.27 label map. Brackets and label maps repeat across goroutines, so
// each distinct text is decoded once and then found by a hash of its bytes.
import type { Labels } from '../model/goroutine';
import { parseHeaderBracket, type HeaderInfo } from './headerInfo';
import { parseLabelMap } from './goQuoted';
import { HashIndex } from './hashIndex';
import { decodeText, parseDecimal, startsWithAscii } from './textBytes';
import { hashWords, hashWordsH2 } from './wordHash';

const SPACE = 0x20;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;

export const NO_LABELS: Labels = Object.freeze({});

/**
 * Reads header lines into its fields (no object per line): after `read` returns true, `id`,
 * `header` and `labels` describe the line, and `badLabels` says its label map could not be read
 * (reported once per distinct map text; later lines with the same text just get no labels).
 */
export class Debug2HeaderReader {
  id = 0;
  header: HeaderInfo | null = null;
  labels: Labels = NO_LABELS;
  badLabels = false;

  private readonly headerIndex = new HashIndex(256);
  private readonly headerList: HeaderInfo[] = [];
  private readonly labelsIndex = new HashIndex(64);
  private readonly labelsList: Labels[] = [];

  /** `goroutine 57 [select, 2 minutes] {route: x}:` or `goroutine 1 gp=0x… m=0 mp=0x… [running]:`. */
  read(dv: DataView, buf: Uint8Array, s: number, e: number): boolean {
    if (!startsWithAscii(buf, s, e, 'goroutine ') || buf[e - 1] !== COLON) return false;
    const id = parseDecimal(buf, s + 10, e);
    if (id < 0) return false;
    const lb = buf.indexOf(LBRACKET, s + 10);
    if (lb < 0 || lb >= e) return false;
    const rb = buf.indexOf(RBRACKET, lb);
    if (rb < 0 || rb >= e) return false;
    let labels = NO_LABELS;
    this.badLabels = false;
    if (rb + 1 < e - 1) {
      // Go 1.27 `tracebacklabels`: ` {k: v, …}` between the bracket and the colon.
      if (buf[rb + 1] !== SPACE || buf[rb + 2] !== LBRACE || buf[e - 2] !== 0x7d) return false;
      const lh1 = hashWords(dv, buf, rb + 2, e - 1, 0x3c6ef372, e - rb);
      const lh2 = hashWordsH2();
      const li = this.labelsIndex.get(lh1, lh2);
      let l: Labels;
      if (li >= 0) l = this.labelsList[li]!;
      else {
        const parsed = parseLabelMap(decodeText(buf, rb + 2, e - 1));
        if (parsed === null) {
          this.badLabels = true;
          l = NO_LABELS;
        } else {
          l = Object.freeze(parsed);
        }
        this.labelsIndex.set(lh1, lh2, this.labelsList.length);
        this.labelsList.push(l);
      }
      labels = l;
    }
    const hh1 = hashWords(dv, buf, lb + 1, rb, 0x6a09e667, rb - lb);
    const hh2 = hashWordsH2();
    const hi = this.headerIndex.get(hh1, hh2);
    let h: HeaderInfo;
    if (hi >= 0) h = this.headerList[hi]!;
    else {
      h = parseHeaderBracket(decodeText(buf, lb + 1, rb));
      this.headerIndex.set(hh1, hh2, this.headerList.length);
      this.headerList.push(h);
    }
    this.id = id;
    this.header = h;
    this.labels = labels;
    return true;
  }
}
