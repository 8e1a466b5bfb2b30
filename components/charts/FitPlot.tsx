/**
 * A regression's fit over its data: for one input feature the points (x, y)
 * and the fitted curve through them; for two, the plane coloured by the
 * predicted value with the points on top, coloured by their target on the
 * same scale. The worker posts the fit; this draws it on the next frame.
 */
import { useEffect, useRef } from 'react';
import { useRun } from '../../src/store/runStore';
import type { RegressionFit } from '../../src/worker/protocol';
import { redrawOnFrame } from './frame';

/** Low values blue, high orange, white between: the two class colours of the boundary. */
export function valueColour(t: number): [number, number, number] {
  const u = Math.max(0, Math.min(1, t));
  const lo: [number, number, number] = [8, 119, 189], hi: [number, number, number] = [245, 147, 34];
  const [a, w] = u < 0.5 ? [lo, 1 - u * 2] : [hi, u * 2 - 1];
  return [0, 1, 2].map((k) => 255 * (1 - w) + a[k]! * w) as [number, number, number];
}

function range(...arrays: ArrayLike<number>[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) for (let i = 0; i < a.length; i++) { const v = a[i]!; if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = (hi - lo || 1) * 0.08;
  return [lo - pad, hi + pad];
}

function drawCurve(ctx: CanvasRenderingContext2D, f: RegressionFit, W: number, H: number): void {
  const ys: number[] = [];
  for (let i = 1; i < f.points.length; i += 2) ys.push(f.points[i]!);
  const [y0, y1] = range(ys, f.values);
  const [x0, x1] = f.extent;
  const px = (x: number) => ((x - x0) / (x1 - x0)) * W, py = (y: number) => ((y1 - y) / (y1 - y0)) * H;
  ctx.fillStyle = 'rgba(8, 119, 189, 0.75)';
  for (let i = 0; i + 1 < f.points.length; i += 2) {
    ctx.beginPath();
    ctx.arc(px(f.points[i]!), py(f.points[i + 1]!), W / 110, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.strokeStyle = 'rgb(234, 88, 12)';
  ctx.lineWidth = W / 120;
  ctx.beginPath();
  for (let i = 0; i < f.res; i++) {
    const x = x0 + ((i + 0.5) / f.res) * (x1 - x0), y = py(f.values[i]!);
    if (i) ctx.lineTo(px(x), y); else ctx.moveTo(px(x), y);
  }
  ctx.stroke();
}

function drawSurface(ctx: CanvasRenderingContext2D, f: RegressionFit, W: number, H: number): void {
  const targets: number[] = [];
  for (let i = 2; i < f.points.length; i += 3) targets.push(f.points[i]!);
  const [v0, v1] = range(targets, f.values);
  const t = (v: number) => (v - v0) / (v1 - v0);
  const cw = W / f.res, ch = H / f.res;
  for (let r = 0; r < f.res; r++) {
    for (let c = 0; c < f.res; c++) {
      const [R, G, B] = valueColour(t(f.values[r * f.res + c]!));
      ctx.fillStyle = `rgba(${R},${G},${B},0.7)`;
      ctx.fillRect(c * cw, r * ch, cw + 0.5, ch + 0.5);
    }
  }
  const [x0, x1, y0, y1] = f.extent;
  for (let i = 0; i + 2 < f.points.length; i += 3) {
    const [R, G, B] = valueColour(t(f.points[i + 2]!));
    ctx.beginPath();
    ctx.arc(((f.points[i]! - x0) / (x1 - x0)) * W, ((y1 - f.points[i + 1]!) / (y1 - y0)) * H, W / 90, 0, Math.PI * 2);
    ctx.fillStyle = `rgb(${R},${G},${B})`;
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

export function drawFit(canvas: HTMLCanvasElement, f: RegressionFit | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const W = canvas.width, H = canvas.height;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  if (!f) return;
  if (f.features === 1) drawCurve(ctx, f, W, H); else drawSurface(ctx, f, W, H);
}

export function FitPlot({ size = 200 }: { size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const fit = useRun((s) => s.fit);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const draw = () => drawFit(c, useRun.getState().fit);
    draw();
    return redrawOnFrame((s, p) => s.fit !== p.fit, draw);
  }, []);
  const dpr = typeof window !== 'undefined' ? Math.min(2, window.devicePixelRatio || 1) : 1;
  const what = fit?.features === 2 ? 'Predicted value over the plane' : 'Fitted curve';
  return (
    <figure className="gl-chart gl-boundary" data-testid="fit-plot" data-step={fit?.step ?? ''} data-features={fit?.features ?? ''}>
      <figcaption>{what}{fit ? <span className="gl-muted"> · step {fit.step}</span> : null}</figcaption>
      <canvas ref={ref} width={size * dpr} height={size * dpr} style={{ width: size, height: size }} role="img" aria-label={fit?.features === 2 ? 'The plane coloured by the predicted value, blue low and orange high, with the data points on top' : 'The data points (blue) and the fitted curve (orange)'} />
    </figure>
  );
}
