/**
 * A matrix drawn as coloured cells (viridis, row 0 on top) on a canvas, with
 * a caption, axis words and the colour range. Redrawn when its rows change;
 * the rows come from the stats log, which grows at most a few times a second.
 */
import { memo, useEffect, useRef, type ReactNode } from 'react';
import { matrixPixels } from './colour';
import { ExportMenu } from './ExportMenu';

export interface HeatmapProps {
  title: ReactNode;
  rows: readonly (readonly number[])[];
  /** Colour range; default [min, max] of the cells. */
  range?: [number, number];
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** Row labels drawn at the left (a few, e.g. layer names). */
  rowLabels?: readonly string[];
  note?: string | undefined;
  testId: string;
}

export function rangeOf(rows: readonly (readonly number[])[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const r of rows) for (const v of r) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return lo <= hi ? [lo, hi] : [0, 1];
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

export const Heatmap = memo(function Heatmap({ title, rows, range, width = 200, height = 120, xLabel, yLabel, rowLabels, note, testId }: HeatmapProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [lo, hi] = range ?? rangeOf(rows);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.fillStyle = '#f1f5f9';
    ctx.fillRect(0, 0, c.width, c.height);
    const { px, w, h } = matrixPixels(rows, lo, hi);
    if (!w || !h) return;
    const off = document.createElement('canvas');
    off.width = w; off.height = h;
    off.getContext('2d')!.putImageData(new ImageData(px as Uint8ClampedArray<ArrayBuffer>, w, h), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, c.width, c.height);
  }, [rows, lo, hi]);
  const dpr = typeof window !== 'undefined' ? Math.min(2, window.devicePixelRatio || 1) : 1;
  return (
    <figure className="gl-tm-fig" data-testid={testId} data-rows={rows.length} data-cols={rows[0]?.length ?? 0}>
      <figcaption><span>{title}</span><ExportMenu name={testId} canvas={ref} data={{ rows, range: [lo, hi] }} /></figcaption>
      <div className="gl-tm-heat">
        {yLabel && <span className="gl-tm-ylabel">{yLabel}</span>}
        {rowLabels && (
          <div className="gl-tm-rowlabels" style={{ height }}>
            {rowLabels.map((l, i) => <span key={i} style={{ height: height / rowLabels.length }}>{l}</span>)}
          </div>
        )}
        <canvas ref={ref} width={Math.round(width * dpr)} height={Math.round(height * dpr)} style={{ width, height }} />
        <div className="gl-tm-scale" style={{ height }}><span>{fmt(hi)}</span><i /><span>{fmt(lo)}</span></div>
      </div>
      {xLabel && <div className="gl-tm-xlabel" style={{ width }}>{xLabel}</div>}
      {note && <div className="gl-tm-note">{note}</div>}
    </figure>
  );
});
