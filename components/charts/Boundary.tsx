/**
 * The decision boundary of a 2-D classifier, as TensorFlow Playground shows
 * it: the plane coloured by the predicted class (paler where the model is
 * unsure), the data points on top. The worker posts the grid; this draws it
 * on the next animation frame.
 */
import { useEffect, useRef, type MouseEvent } from 'react';
import { useRun } from '../../src/store/runStore';
import type { BoundaryGrid } from '../../src/worker/protocol';
import { classColour, redrawOnFrame, rgb } from './frame';

export type Points = readonly (readonly [number, number, number])[];

/** Pixels of the heatmap: each cell the winning class's colour, faded toward white by uncertainty. */
export function heatPixels(g: BoundaryGrid): Uint8ClampedArray {
  const { res, classes, probs } = g;
  const px = new Uint8ClampedArray(res * res * 4);
  for (let i = 0; i < res * res; i++) {
    let best = 0, pmax = -1;
    for (let c = 0; c < classes; c++) { const p = probs[i * classes + c]!; if (p > pmax) { pmax = p; best = c; } }
    const conf = classes > 1 ? Math.max(0, (pmax - 1 / classes) / (1 - 1 / classes)) : 1;
    const a = 0.12 + 0.55 * conf;
    const col = classColour(best);
    for (let k = 0; k < 3; k++) px[i * 4 + k] = 255 * (1 - a) + col[k]! * a;
    px[i * 4 + 3] = 255;
  }
  return px;
}

export function extentOfPoints(points: Points): [number, number, number, number] {
  let m = 0;
  for (const [x, y] of points) m = Math.max(m, Math.abs(x), Math.abs(y));
  const r = (m || 1) * 1.1;
  return [-r, r, -r, r];
}

let scratch: HTMLCanvasElement | null = null;
/** One small canvas reused for every frame's heatmap, scaled up when drawn. */
function offscreen(res: number): HTMLCanvasElement {
  scratch ??= document.createElement('canvas');
  if (scratch.width !== res) { scratch.width = res; scratch.height = res; }
  return scratch;
}

/** Draws the grid (if any) and the points; without a grid, over `extent` or a square around the points. */
export function drawBoundary(canvas: HTMLCanvasElement, grid: BoundaryGrid | null, points: Points, dotSize = 2.6, extent = grid?.extent ?? extentOfPoints(points)): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const W = canvas.width, H = canvas.height;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  if (grid) {
    const off = offscreen(grid.res);
    off.getContext('2d')!.putImageData(new ImageData(heatPixels(grid) as Uint8ClampedArray<ArrayBuffer>, grid.res, grid.res), 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, W, H);
  }
  const [x0, x1, y0, y1] = extent;
  for (const [x, y, c] of points) {
    const px = ((x - x0) / (x1 - x0)) * W, py = ((y1 - y) / (y1 - y0)) * H;
    ctx.beginPath();
    ctx.arc(px, py, dotSize, 0, Math.PI * 2);
    ctx.fillStyle = rgb(classColour(c));
    ctx.fill();
    ctx.lineWidth = 0.8;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
  }
}

/** `onPick`: a click on the plane (the Trace view traces the held-out point nearest to it). */
export function Boundary({ points, size = 200, onPick }: { points: Points; size?: number; onPick?: (e: MouseEvent<HTMLCanvasElement>) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const step = useRun((s) => s.boundary?.step);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const draw = () => drawBoundary(c, useRun.getState().boundary, points);
    draw();
    return redrawOnFrame((s, p) => s.boundary !== p.boundary, draw);
  }, [points]);
  const dpr = typeof window !== 'undefined' ? Math.min(2, window.devicePixelRatio || 1) : 1;
  return (
    <figure className="gl-chart gl-boundary" data-testid="boundary">
      <figcaption>Decision boundary{step !== undefined ? <span className="gl-muted"> · step {step}</span> : null}</figcaption>
      <canvas ref={ref} width={size * dpr} height={size * dpr} style={{ width: size, height: size, ...(onPick ? { cursor: 'crosshair' } : {}) }} {...(onPick ? { onClick: onPick, title: 'Click to trace the nearest held-out example' } : {})} />
    </figure>
  );
}
