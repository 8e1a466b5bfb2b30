/**
 * Multi-task regions: a generic 2-D task
 * over the whole square, and T specialised tasks, each living in its own
 * region with its own labelling, for training experts separately and routing
 * among them afterwards (PHATGOOSE).
 *
 * Generic (task = T): x uniform in the square; label = (i + 2j) mod 4 for the
 *   cell (i, j) of a 4 × 4 grid over the square (a four-colour checkerboard).
 * Task t < T: x around centre c_t (a grid corner inside quadrant t); label =
 *   the generic label renamed by the task's own permutation of the 4 classes,
 *   so each region needs its own correction of the generic rule.
 * Mixture (task = T + 1, held out: test only): points from the task regions,
 *   each with its task's label, and no task id the model could use.
 *
 * Fields: x float32 [N, 2]; task int32 [N]; group int32 [N] = the source task
 * of every point (generic = T), for routing statistics only.
 */
import { defineDataset, type MetricsInput } from './dataset';
import { int, num } from '../registry/params';
import { samplesParam } from './points2d';
import { whole } from './whole';
import type { Rng } from '../random';

const CLASSES = 4;
/** The grid's classes, shared by the token version of these tasks. */
export const REGION_CLASSES = { classes: CLASSES, labels: ['class 0', 'class 1', 'class 2', 'class 3'] };
const CENTRE = 0.5;

/** Relabellings of the 4 local quadrants, one per task (all differ from the identity at every class). */
const PERMS = [[1, 2, 3, 0], [2, 3, 0, 1], [3, 0, 1, 2], [1, 0, 3, 2], [2, 3, 1, 0], [3, 2, 0, 1], [1, 3, 0, 2], [2, 0, 3, 1]];

/** The generic rule: colour (i + 2j) mod 4 of the 4 × 4 grid cell (i, j) holding the point. */
export function gridLabel(x: number, y: number): number {
  const cell = (v: number) => Math.min(3, Math.max(0, Math.floor((v + 1) * 2)));
  return (cell(x) + 2 * cell(y)) % 4;
}

/** A point of the generic task: uniform in the square, labelled by the checkerboard. */
export function genericPoint(rng: Rng): [number, number, number] {
  const a = 2 * rng.next() - 1, b = 2 * rng.next() - 1;
  return [a, b, gridLabel(a, b)];
}

/** A point of specialised task t of T: around its region's centre, labelled by the task's renaming of the checkerboard. */
export function taskPoint(t: number, T: number, spread: number, rng: Rng): [number, number, number] {
  const angle = Math.PI / 4 + (2 * Math.PI * t) / T;
  const a = CENTRE * Math.SQRT2 * Math.cos(angle) + spread * rng.normal();
  const b = CENTRE * Math.SQRT2 * Math.sin(angle) + spread * rng.normal();
  return [a, b, PERMS[t]![gridLabel(a, b)]!];
}

/** How many task regions, and how tightly each task's points gather around its centre. */
export const regionParams = {
  tasks: int({ default: 4, min: 2, max: 8, doc: 'How many specialised tasks (regions).' }),
  spread: num({ default: 0.15, min: 0.02, max: 0.5, step: 0.01, doc: 'Standard deviation of a task’s points around its centre.' }),
};

export const MultiTaskRegions = defineDataset({
  name: 'multi-task-regions',
  label: 'Multi-task regions',
  kind: 'points2d',
  doc:
    'A generic task and several specialised tasks on 2-D points, 4 classes each. The generic task colours the square like ' +
    'a four-colour checkerboard of 4 × 4 cells. Each specialised task lives in a small region of its own (around a grid ' +
    'corner inside one quadrant) and renames the colours there by a task-specific permutation: a model that knows only ' +
    'the generic rule gets them all wrong, and each task needs its own correction. The side input ' +
    '"task" says which task an example belongs to (tasks 0 … T−1, generic = T); a held-out mixture (task T+1) mixes ' +
    'points of all specialised tasks and appears only in the test set, for zero-shot evaluation. "group" gives every ' +
    'point’s source task, for routing statistics.',
  params: {
    samples: samplesParam(),
    ...regionParams,
    genericShare: num({ default: 0.3, min: 0, max: 0.9, step: 0.05, doc: 'Share of generic examples.' }),
    mixtureShare: num({ default: 0.15, min: 0, max: 0.5, step: 0.05, doc: 'Share of held-out mixture examples (test only).' }),
  },
  generate: ({ samples, tasks, spread, genericShare, mixtureShare }, rng) => {
    const n = whole(samples, 1, 20000);
    const T = whole(tasks, 2, 8);
    const s = Number.isFinite(spread) ? Math.max(0, spread) : 0.15;
    const gShare = Number.isFinite(genericShare) ? genericShare : 0.3, mShare = Number.isFinite(mixtureShare) ? mixtureShare : 0.15;
    const x = new Float32Array(n * 2), y = new Int32Array(n), task = new Int32Array(n), group = new Int32Array(n);
    const heldOut = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (u < gShare) {
        [x[2 * i], x[2 * i + 1], y[i]] = genericPoint(rng); task[i] = T; group[i] = T;
        continue;
      }
      const t = rng.int(T);
      [x[2 * i], x[2 * i + 1], y[i]] = taskPoint(t, T, s, rng);
      group[i] = t;
      const mixture = u >= 1 - mShare;
      task[i] = mixture ? T + 1 : t;
      heldOut[i] = mixture ? 1 : 0;
    }
    return {
      inputs: {
        x: { data: x, shape: [n, 2], dtype: 'float32' },
        task: { data: task, shape: [n], dtype: 'int32' },
        group: { data: group, shape: [n], dtype: 'int32' },
      },
      target: { data: y, shape: [n], dtype: 'int32' },
      heldOut,
      task: 'classification',
      ...REGION_CLASSES,
    };
  },
  metrics: multiTaskMetrics,
  metricDocs: {
    heldOutAccuracy: { label: 'Mixture accuracy', doc: 'Accuracy on the held-out mixture of points from every task region, which come with no task id.', range: [0, 1] },
    taskAccuracy: { label: 'Task accuracy', doc: 'Accuracy on the specialised tasks’ points, each given with its task id.', range: [0, 1] },
    genericAccuracy: { label: 'Generic accuracy', doc: 'Accuracy on the generic task that covers the whole square.', range: [0, 1] },
  },
});

/**
 * Accuracy on the held-out mixture, on the specialised tasks' own test rows, and on the generic rows;
 * with one point per token ([N, L] fields, predictions [rows, L, C]) every token counts by its own task id.
 */
export function multiTaskMetrics({ data, rows, pred, predShape }: MetricsInput): Record<string, number> {
  const C = predShape[predShape.length - 1]!;
  const L = predShape.length === 3 ? predShape[1]! : 1;
  const task = data.inputs['task']!.data;
  let genericId = 0;                               // the group of generic points is the largest id, T
  for (const v of data.inputs['group']!.data) genericId = Math.max(genericId, v);
  const mixtureId = genericId + 1;
  const hit = [0, 0, 0], count = [0, 0, 0];
  rows.forEach((row, i) => {
    for (let j = 0; j < L; j++) {
      const at = row * L + j, o = (i * L + j) * C;
      let best = 0;
      for (let c = 1; c < C; c++) if (pred[o + c]! > pred[o + best]!) best = c;
      const k = task[at] === mixtureId ? 0 : task[at] === genericId ? 2 : 1;
      count[k]!++;
      if (best === data.target.data[at]) hit[k]!++;
    }
  });
  const acc = (k: number) => (count[k]! ? hit[k]! / count[k]! : NaN);
  return { heldOutAccuracy: acc(0), taskAccuracy: acc(1), genericAccuracy: acc(2) };
}
