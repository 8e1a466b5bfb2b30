/**
 * A figure of a metric against compute, as a standalone SVG document: one
 * curve per swept rule, each point the mean over seeds with error bars of one
 * standard deviation in both directions (compute varies over seeds too when
 * examples exit or skip). Plain text, no DOM, so the CLI writes it to a file.
 */
import { figureOf, type RunFigures } from './seeds';
import { spread } from './spread';

interface PlotPoint {
  x: number;
  y: number;
  /** One standard deviation over seeds; absent with a single seed. */
  xStd?: number;
  yStd?: number;
  /** Written beside the point: the swept value. */
  label?: string;
}

export interface PlotCurve {
  name: string;
  points: PlotPoint[];
}

interface PlotAxes {
  x: string;
  y: string;
  title?: string;
}

/** The document's size and the margins around the drawing area for ticks and axis names; the legend rows add to the top. */
const PLOT_FRAME = { width: 640, height: 420, left: 72, right: 24, top: 36, bottom: 56 } as const;
const LEGEND_ROW = 16;
/** A rough width of 12px sans-serif text, enough to lay the legend out in rows. */
const textWidth = (s: string) => s.length * 6.6;

/** Legend entries placed left to right above the drawing area, wrapping to a new row when one is full. */
function legendLayout(names: readonly string[]): { x: number; row: number }[] {
  const F = PLOT_FRAME;
  let x = F.left, row = 0;
  return names.map((name) => {
    const w = 24 + textWidth(name) + 16;
    if (x > F.left && x + w > F.width - F.right) { x = F.left; row++; }
    const at = { x, row };
    x += w;
    return at;
  });
}

/** Colour-blind-safe (Okabe–Ito), one per curve, in order. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

/** A point per variant: the mean and standard deviation of `x` and `y` over its runs; a variant lacking either is left out. */
export function curveOf(name: string, variants: readonly { label: string; runs: readonly RunFigures[] }[], x: string, y: string): PlotCurve {
  const points: PlotPoint[] = [];
  for (const v of variants) {
    const xs = v.runs.map((r) => figureOf(r, x)).filter((n) => n !== undefined);
    const ys = v.runs.map((r) => figureOf(r, y)).filter((n) => n !== undefined);
    if (xs.length === 0 || ys.length === 0) continue;
    const sx = spread(xs), sy = spread(ys);
    points.push({ x: sx.mean, y: sy.mean, label: v.label, ...(sx.std !== undefined ? { xStd: sx.std } : {}), ...(sy.std !== undefined ? { yStd: sy.std } : {}) });
  }
  return { name, points };
}

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten, about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) { const pad = Math.abs(lo) * 0.1 || 1; lo -= pad; hi += pad; }
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.floor(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks[ticks.length - 1]! < hi) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

/** The axis covers every point with its error bar, widened to round ticks. */
function axisTicks(points: readonly PlotPoint[], v: 'x' | 'y'): number[] {
  const lo = Math.min(...points.map((p) => p[v] - (p[`${v}Std`] ?? 0)));
  const hi = Math.max(...points.map((p) => p[v] + (p[`${v}Std`] ?? 0)));
  return niceTicks(lo, hi);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number) => String(Number(v.toFixed(2)));
/** Tick text: thousands grouped (FLOPs), otherwise as few digits as the value needs. */
const tickText = (v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : String(Number(v.toPrecision(6))));

/** The SVG document: axes with ticks and grid, one coloured curve per entry, error bars, point labels and a legend. */
export function plotSvg(curves: readonly PlotCurve[], axes: PlotAxes): string {
  const all = curves.flatMap((c) => c.points);
  if (all.length === 0) throw new Error('plot: no curve has a point with both figures');
  const legend = legendLayout(curves.map((c) => c.name));
  const F = { ...PLOT_FRAME, top: PLOT_FRAME.top + LEGEND_ROW * (Math.max(0, ...legend.map((l) => l.row)) + 1) };
  const xt = axisTicks(all, 'x'), yt = axisTicks(all, 'y');
  const [x0, x1] = [xt[0]!, xt[xt.length - 1]!], [y0, y1] = [yt[0]!, yt[yt.length - 1]!];
  const px = (v: number) => F.left + ((v - x0) / (x1 - x0)) * (F.width - F.left - F.right);
  const py = (v: number) => F.height - F.bottom - ((v - y0) / (y1 - y0)) * (F.height - F.top - F.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${F.width}" height="${F.height}" viewBox="0 0 ${F.width} ${F.height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${F.width}" height="${F.height}" fill="#fff"/>`,
  ];
  if (axes.title) out.push(`<text x="${F.width / 2}" y="20" text-anchor="middle" font-size="14">${esc(axes.title)}</text>`);
  for (const t of xt) out.push(`<line class="grid" x1="${num(px(t))}" y1="${F.top}" x2="${num(px(t))}" y2="${F.height - F.bottom}" stroke="#e5e5e5"/>`, `<text class="x-tick" x="${num(px(t))}" y="${F.height - F.bottom + 16}" text-anchor="middle">${tickText(t)}</text>`);
  for (const t of yt) out.push(`<line class="grid" x1="${F.left}" y1="${num(py(t))}" x2="${F.width - F.right}" y2="${num(py(t))}" stroke="#e5e5e5"/>`, `<text class="y-tick" x="${F.left - 6}" y="${num(py(t) + 4)}" text-anchor="end">${tickText(t)}</text>`);
  out.push(
    `<rect x="${F.left}" y="${F.top}" width="${F.width - F.left - F.right}" height="${F.height - F.top - F.bottom}" fill="none" stroke="#888"/>`,
    `<text x="${(F.left + F.width - F.right) / 2}" y="${F.height - 14}" text-anchor="middle">${esc(axes.x)}</text>`,
    `<text transform="translate(16 ${(F.top + F.height - F.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(axes.y)}</text>`,
  );
  curves.forEach((c, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    out.push(`<g class="curve" stroke="${colour}" fill="${colour}">`);
    if (c.points.length > 1) out.push(`<polyline fill="none" stroke-width="1.5" points="${c.points.map((p) => `${num(px(p.x))},${num(py(p.y))}`).join(' ')}"/>`);
    for (const p of c.points) {
      const [cx, cy] = [px(p.x), py(p.y)];
      if (p.xStd) out.push(`<path class="error-x" d="M${num(px(p.x - p.xStd))} ${num(cy)}H${num(px(p.x + p.xStd))}M${num(px(p.x - p.xStd))} ${num(cy - 3)}v6M${num(px(p.x + p.xStd))} ${num(cy - 3)}v6"/>`);
      if (p.yStd) out.push(`<path class="error-y" d="M${num(cx)} ${num(py(p.y - p.yStd))}V${num(py(p.y + p.yStd))}M${num(cx - 3)} ${num(py(p.y - p.yStd))}h6M${num(cx - 3)} ${num(py(p.y + p.yStd))}h6"/>`);
      out.push(`<circle cx="${num(cx)}" cy="${num(cy)}" r="3.5"/>`);
      if (p.label) out.push(`<text x="${num(cx + 6)}" y="${num(cy - 6)}" stroke="none" font-size="10">${esc(p.label)}</text>`);
    }
    out.push('</g>');
    const { x, row } = legend[i]!, ly = PLOT_FRAME.top + 4 + row * LEGEND_ROW;
    out.push(`<g class="legend"><line x1="${x}" y1="${ly - 4}" x2="${x + 18}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/><text x="${x + 24}" y="${ly}">${esc(c.name)}</text></g>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
