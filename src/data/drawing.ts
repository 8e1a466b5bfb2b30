/**
 * Points drawn by hand on the plane [-1, 1]²: the editing steps the drawing
 * canvas calls (place, erase, jitter) and the graph's `points` dataset they
 * become. Pure, so the canvas only renders and dispatches.
 */
import { createRng } from '../../engine';

export type Task = 'classification' | 'regression';

/** A drawn point: x, y and (classification) its class. */
export type Drawn = readonly [number, number, number];

export interface Drawing {
  task: Task;
  /** 2 to 8 classes (classification); ignored for regression. */
  classes: number;
  points: readonly Drawn[];
}

export const MIN_CLASSES = 2;
export const MAX_CLASSES = 8;
/** Enough for any lesson-sized drawing, and small enough that a share link carries it. */
export const MAX_DRAWN = 600;
/** While dragging, a new point needs this much room from the last one (plane units). */
export const DRAG_SPACING = 0.05;
export const ERASE_RADIUS = 0.08;

const clamp = (v: number) => Math.max(-1, Math.min(1, v));
/** Three decimals: plenty on a 2-unit plane, and short in a file or link. */
const round = (v: number) => Math.round(v * 1000) / 1000;

export const emptyDrawing = (task: Task = 'classification', classes = 2): Drawing => ({ task, classes, points: [] });

export function place(d: Drawing, x: number, y: number, cls: number): Drawing {
  if (d.points.length >= MAX_DRAWN) return d;
  const c = d.task === 'regression' ? 0 : Math.max(0, Math.min(d.classes - 1, cls));
  return { ...d, points: [...d.points, [round(clamp(x)), round(clamp(y)), c]] };
}

export function eraseNear(d: Drawing, x: number, y: number, r = ERASE_RADIUS): Drawing {
  const kept = d.points.filter(([px, py]) => (px - x) ** 2 + (py - y) ** 2 > r * r);
  return kept.length === d.points.length ? d : { ...d, points: kept };
}

/** Gaussian jitter of spread `sigma` on every point, seeded so the same press gives the same result. */
export function jitter(d: Drawing, sigma: number, seed: number): Drawing {
  const rng = createRng(seed);
  return { ...d, points: d.points.map(([x, y, c]) => [round(clamp(x + sigma * rng.normal())), round(clamp(y + sigma * rng.normal())), c] as const) };
}

/** Fewer classes drop the points of the classes that no longer exist. */
export function withClasses(d: Drawing, classes: number): Drawing {
  const k = Math.max(MIN_CLASSES, Math.min(MAX_CLASSES, Math.round(classes)));
  return { ...d, classes: k, points: d.points.filter(([, , c]) => c < k) };
}

/** How many points each class has (classification). */
export function balance(d: Drawing): number[] {
  const n = new Array<number>(d.classes).fill(0);
  for (const [, , c] of d.points) n[c] = (n[c] ?? 0) + 1;
  return n;
}

/** Why the drawing cannot train yet, in words; null when it can. */
export function notReady(d: Drawing): string | null {
  if (d.task === 'regression') return d.points.length < 4 ? `Draw at least 4 points of the curve (${d.points.length} so far).` : null;
  const empty = balance(d).map((n, c) => (n === 0 ? c + 1 : 0)).filter((c) => c > 0);
  if (empty.length) return `Every class needs points: class ${empty.join(', ')} has none yet.`;
  return d.points.length < 4 ? 'Draw at least 4 points.' : null;
}

/** The graph's `training.dataset` for a drawing. */
export function drawingDataset(d: Drawing): Record<string, unknown> {
  return d.task === 'regression'
    ? { name: 'points', task: 'regression', points: d.points.map(([x, y]) => [x, y]) }
    : { name: 'points', task: 'classification', points: d.points.map((p) => [...p]), classes: d.classes };
}

/** The drawing a graph's dataset holds, when it is a `points` dataset. */
export function drawingOf(ds: Readonly<Record<string, unknown>>): Drawing | null {
  if (ds['name'] !== 'points' || !Array.isArray(ds['points'])) return null;
  const task: Task = ds['task'] === 'regression' ? 'regression' : 'classification';
  const classes = typeof ds['classes'] === 'number' ? ds['classes'] : 2;
  const points: Drawn[] = [];
  for (const p of ds['points'] as unknown[]) {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') continue;
    points.push([p[0], p[1], task === 'regression' ? 0 : Number(p[2]) || 0]);
  }
  return { task, classes: Math.max(MIN_CLASSES, Math.min(MAX_CLASSES, classes)), points };
}
