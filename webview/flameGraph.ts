// The flame graph on a canvas: the root on top, each frame as wide as its share of the sample
// type shown, user code, standard library and runtime in three theme chart colours (in a
// comparison: grown, shrunk and unchanged). Click a frame to zoom into it and open its source
// line; the search dims what does not match. The canvas takes the keyboard (arrows move, Enter
// zooms and opens, Escape zooms out) and a live region says what is selected. Only frames half a
// pixel wide or more are drawn, so 300k samples paint as fast as a few hundred.
import { isRuntimeFunction, isStdlibFunction } from '../src/core/go/functionNames';
import type { FlameView } from '../src/core/present/flameDiff';
import { sampleValueText } from '../src/core/present/format';
import { h } from './dom';
import { flameColumns, hitTest, layoutFlame, moveSelection, type FlameColumns, type FlameRect } from './flameLayout';
import { displayText } from '../src/core/text/terminalText';

const ROW = 18;
const TEXT_MIN_PX = 28;

export interface FlameGraphOptions {
  readonly view: FlameView;
  readonly sampleType: number;
  /** A frame was chosen (click or Enter): open its source. */
  readonly onOpen: (node: number) => void;
}

export class FlameGraph {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private readonly status: HTMLElement;
  private readonly zoomNote: HTMLElement;
  private cols: FlameColumns;
  private rects: FlameRect[] = [];
  private zoom = 0;
  private selected = 0;
  private search = '';
  private matches: Uint8Array | null = null;
  private painted = false;
  /** CSS width of the last paint: a resize to the same width does not paint again. */
  private paintedWidth = -1;
  /** Colour class of each function name (FrameKind), made on first draw: once per name, not per frame. */
  private kinds: Uint8Array | null = null;
  private sampleType: number;

  constructor(private readonly options: FlameGraphOptions) {
    const v = options.view;
    this.sampleType = options.sampleType;
    this.cols = flameColumns(v, this.sampleType);
    this.canvas = h('canvas', {
      class: 'flame-canvas',
      tabindex: '0',
      role: 'application',
      'aria-roledescription': 'flame graph',
      'aria-label':
        'Flame graph, root on top. Arrow keys move between frames, Enter zooms into a frame and opens its source, Escape zooms out.',
    });
    this.tooltip = h('div', { class: 'flame-tooltip', role: 'tooltip', hidden: '' });
    this.status = h('p', { class: 'flame-status muted', 'aria-live': 'polite' });
    const reset = h('vscode-button', { secondary: '', class: 'flame-reset' }, 'Reset zoom');
    reset.addEventListener('click', () => this.zoomTo(0, false));
    this.zoomNote = h('span', { class: 'muted' });
    this.element = h(
      'div',
      { class: 'flame' },
      h('div', { class: 'flame-bar' }, reset, this.zoomNote),
      h('div', { class: 'flame-scroll' }, this.canvas, this.tooltip),
      this.status,
    );
    this.canvas.addEventListener('click', (e) => this.click(e));
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => this.tooltip.setAttribute('hidden', ''));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    // The observer also reports the first layout, right after the first paint: a width that did
    // not change is no reason to lay out and draw 300k samples again.
    if (typeof ResizeObserver !== 'undefined')
      new ResizeObserver(() => {
        if (this.width() !== this.paintedWidth) this.paint();
      }).observe(this.element);
  }

  setSampleType(t: number): void {
    this.sampleType = t;
    this.cols = flameColumns(this.options.view, t);
    this.paint();
  }

  /** Frames whose function name contains `text` (any case) stand out; the rest are dimmed. */
  setSearch(text: string): void {
    this.search = text.trim().toLowerCase();
    const v = this.options.view;
    if (this.search === '') this.matches = null;
    else {
      const byName = v.names.map((n) => n.toLowerCase().includes(this.search));
      this.matches = Uint8Array.from(v.name, (x) => (x >= 0 && byName[x] ? 1 : 0));
    }
    this.paint();
  }

  /** Frames that match the search among those laid out (for the page's count). */
  matchCount(): number {
    if (!this.matches) return 0;
    return this.rects.filter((r) => this.matches![r.node] === 1).length;
  }

  zoomTo(node: number, open: boolean): void {
    this.zoom = node;
    this.selected = node;
    this.paint();
    this.announce();
    if (open && node > 0) this.options.onOpen(node);
  }

  private width(): number {
    return Math.max(200, Math.floor(this.element.clientWidth || 800));
  }

  paint(): void {
    const width = this.width();
    this.paintedWidth = width;
    const v = this.options.view;
    this.rects = layoutFlame(v, this.cols, this.zoom, width);
    const rows = this.rects.reduce((m, r) => Math.max(m, r.row), 0) + 1;
    const height = rows * ROW;
    const ratio = globalThis.devicePixelRatio || 1;
    // Setting a canvas' size reallocates it even when unchanged; draw() clears it anyway.
    const w = Math.round(width * ratio);
    const hgt = Math.round(height * ratio);
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== hgt) this.canvas.height = hgt;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.zoomNote.textContent =
      this.zoom === 0 ? '' : `Zoomed into ${this.label(this.zoom)}; click the top frame or press Escape to zoom out.`;
    const ctx = this.canvas.getContext('2d');
    if (ctx) this.draw(ctx, ratio, width);
    if (!this.painted) {
      this.painted = true;
      // The page's first paint, for the benchmark (bench/flameFirstPaint.ts) and nothing else.
      performance.mark('gi-flame-first-paint');
    }
  }

  private draw(ctx: CanvasRenderingContext2D, ratio: number, width: number): void {
    const css = getComputedStyle(document.documentElement);
    const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const palette = {
      user: color('--vscode-charts-orange', '#d18616'),
      stdlib: color('--vscode-charts-blue', '#3794ff'),
      runtime: color('--vscode-charts-purple', '#b180d7'),
      grown: color('--vscode-charts-red', '#f14c4c'),
      shrunk: color('--vscode-charts-green', '#89d185'),
      same: color('--vscode-charts-foreground', '#cccccc'),
      text: color('--vscode-foreground', '#cccccc'),
      focus: color('--vscode-focusBorder', '#007fd4'),
      match: color('--vscode-editor-findMatchBorder', color('--vscode-focusBorder', '#007fd4')),
    };
    const v = this.options.view;
    const types = v.sampleTypes.length;
    const t = this.sampleType;
    const kinds = (this.kinds ??= Uint8Array.from(v.names, frameKind));
    const byKind = [palette.user, palette.stdlib, palette.runtime];
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, this.canvas.height / ratio);
    ctx.font = `12px ${css.getPropertyValue('--vscode-editor-font-family').trim() || 'monospace'}`;
    ctx.textBaseline = 'middle';
    for (const r of this.rects) {
      const i = r.node;
      const name = i === 0 ? '' : v.names[v.name[i]!]!;
      let fill: string;
      let strength = 0.45;
      if (v.base) {
        const after = v.values[i * types + t]!;
        const before = v.base[i * types + t]!;
        fill = after > before ? palette.grown : after < before ? palette.shrunk : palette.same;
        const top = Math.max(Math.abs(after), Math.abs(before));
        strength = top === 0 ? 0.2 : 0.2 + 0.6 * (Math.abs(after - before) / top);
      } else fill = i === 0 ? palette.same : byKind[kinds[v.name[i]!]!]!;
      const dimmed = this.matches !== null && this.matches[i] !== 1;
      const y = r.row * ROW;
      const w = Math.max(r.x1 - r.x0 - 1, 0.5);
      ctx.globalAlpha = dimmed ? strength * 0.3 : strength;
      ctx.fillStyle = fill;
      ctx.fillRect(r.x0, y, w, ROW - 1);
      ctx.globalAlpha = dimmed ? 0.3 : 1;
      ctx.fillRect(r.x0, y, Math.min(2, w), ROW - 1);
      if (this.matches !== null && !dimmed) {
        ctx.strokeStyle = palette.match;
        ctx.lineWidth = 1;
        ctx.strokeRect(r.x0 + 0.5, y + 0.5, w - 1, ROW - 2);
      }
      if (w >= TEXT_MIN_PX) {
        ctx.fillStyle = palette.text;
        ctx.fillText(fit(ctx, i === 0 ? 'all' : displayText(name), w - 6), r.x0 + 4, y + ROW / 2);
      }
      ctx.globalAlpha = 1;
    }
    const sel = this.rects.find((r) => r.node === this.selected);
    if (sel && document.activeElement === this.canvas) {
      ctx.strokeStyle = palette.focus;
      ctx.lineWidth = 2;
      ctx.strokeRect(sel.x0 + 1, sel.row * ROW + 1, Math.max(sel.x1 - sel.x0 - 2, 1), ROW - 3);
    }
  }

  private point(e: MouseEvent): { row: number; x: number } {
    const box = this.canvas.getBoundingClientRect();
    return { row: Math.floor((e.clientY - box.top) / ROW), x: e.clientX - box.left };
  }

  private click(e: MouseEvent): void {
    const { row, x } = this.point(e);
    const node = hitTest(this.rects, row, x);
    if (node < 0) return;
    // A frame below the zoom zooms in, one of the full-width frames above it zooms back out.
    this.zoomTo(node, true);
  }

  private hover(e: MouseEvent): void {
    const { row, x } = this.point(e);
    const node = hitTest(this.rects, row, x);
    if (node < 0) {
      this.tooltip.setAttribute('hidden', '');
      return;
    }
    this.tooltip.textContent = displayText(this.describe(node));
    this.tooltip.removeAttribute('hidden');
    this.tooltip.style.left = `${Math.min(x + 12, Math.max(0, (this.element.clientWidth || 800) - 320))}px`;
    this.tooltip.style.top = `${(row + 1) * ROW + 4}px`;
  }

  private key(e: KeyboardEvent): void {
    const moves: Record<string, 'up' | 'down' | 'left' | 'right'> = {
      ArrowUp: 'up',
      ArrowDown: 'down',
      ArrowLeft: 'left',
      ArrowRight: 'right',
    };
    const move = moves[e.key];
    if (move) {
      this.selected = moveSelection(this.rects, this.cols, this.selected, move);
      this.paint();
      this.announce();
    } else if (e.key === 'Enter' || e.key === ' ') this.zoomTo(this.selected, true);
    else if (e.key === 'Escape' || e.key === 'Home') this.zoomTo(0, false);
    else return;
    e.preventDefault();
  }

  private label(node: number): string {
    const v = this.options.view;
    return node === 0 ? 'all frames' : v.names[v.name[node]!]!;
  }

  /** `main.handler: 12.0 MiB (41.2%)`, or in a comparison `12.0 MiB → 20.0 MiB (+8.0 MiB)`. */
  describe(node: number): string {
    const v = this.options.view;
    const types = v.sampleTypes.length;
    const t = this.sampleType;
    const unit = v.sampleTypes[t]!.unit;
    const after = v.values[node * types + t]!;
    const where = v.file[node]! >= 0 ? ` · ${v.files[v.file[node]!]}:${v.line[node]}` : '';
    if (v.base) {
      const before = v.base[node * types + t]!;
      const d = after - before;
      return `${this.label(node)}: ${sampleValueText(before, unit)} → ${sampleValueText(after, unit)} (${d > 0 ? '+' : ''}${sampleValueText(d, unit)})${where}`;
    }
    const total = v.values[t]!;
    const share = total === 0 ? '' : ` (${((100 * after) / total).toFixed(1)}%)`;
    return `${this.label(node)}: ${sampleValueText(after, unit)}${share}${where}`;
  }

  private announce(): void {
    this.status.textContent = displayText(this.describe(this.selected));
  }
}

/** 0 user code, 1 standard library, 2 runtime: the three colours of a frame outside a comparison. */
function frameKind(name: string): number {
  return isRuntimeFunction(name) ? 2 : isStdlibFunction(name) ? 1 : 0;
}

/** The longest prefix of `text` that fits `width`, with an ellipsis when cut. */
function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  // Names are long and mostly ASCII: estimate from the average glyph, then trim.
  const per = ctx.measureText('m').width || 7;
  let n = Math.max(0, Math.floor(width / per) - 1);
  while (n > 0 && ctx.measureText(`${text.slice(0, n)}…`).width > width) n--;
  return n > 0 ? `${text.slice(0, n)}…` : '';
}
