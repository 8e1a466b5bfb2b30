/**
 * A stream of tasks for continual learning (GateON): one base problem
 * (Gaussian class blobs in F dimensions) seen through a different random
 * permutation of the features in each task, like permuted MNIST. Each task is
 * easy alone; trained one after another, a plain network forgets the early ones.
 *
 * x: float32 [N, F]. task: int32 [N], the task id (0..T-1), a side input and
 * what a phase's `task` selects. target: int32 [N], the class (shared by all tasks).
 * Metrics (test rows): task{i}Accuracy after the last phase, averageAccuracy,
 * and forgetting: the mean over all tasks but the last of (best accuracy on the
 * task at any phase end − its accuracy at the end), from the phase-end figures.
 */
import { defineDataset, type MetricsInput } from './dataset';
import { int, num } from '../registry/params';
import { permutation } from '../random';
import { whole } from './whole';

export const TaskStream = defineDataset({
  name: 'task-stream',
  label: 'Task stream (permuted blobs)',
  kind: 'features',
  doc:
    'Several tasks that share one set of classes: Gaussian clouds of points, one per class, in F dimensions. ' +
    'Each task shuffles the F coordinates in its own fixed way, so the same class looks different in every task, ' +
    'as in "permuted MNIST". The side field "task" says which task an example belongs to. Train on the tasks one ' +
    'after another (one training phase per task) and a plain network learns the new task by overwriting what it ' +
    'knew about the old ones: that loss is called forgetting. The test reports the accuracy on each task at the ' +
    'end, their average, and the average forgetting.',
  params: {
    samples: int({ default: 3000, min: 16, max: 20000, doc: 'How many examples, spread evenly over the tasks and classes.' }),
    tasks: int({ default: 5, min: 1, max: 20, doc: 'How many tasks in the stream.' }),
    classes: int({ default: 4, min: 2, max: 10, doc: 'How many classes every task has.' }),
    features: int({ default: 16, min: 2, max: 64, doc: 'Dimension F of each example.' }),
    spread: num({ default: 0.6, min: 0, max: 3, step: 0.05, doc: 'Standard deviation of each cloud around its centre (the centres are about 1.4 apart per axis).' }),
  },
  generate: (p, rng) => {
    const N = whole(p.samples, 1, 20000), T = whole(p.tasks, 1, 20), C = whole(p.classes, 2, 10), F = whole(p.features, 2, 64);
    const spread = Math.max(0, p.spread);
    const s = rng.fork('structure');
    const centre = new Float32Array(C * F);
    for (let i = 0; i < centre.length; i++) centre[i] = s.normal();
    const perms = Array.from({ length: T }, (_, t) => (t === 0 ? Int32Array.from({ length: F }, (_, i) => i) : permutation(F, s)));
    const r = rng.fork('examples');
    const x = new Float32Array(N * F);
    const y = new Int32Array(N);
    const task = new Int32Array(N);
    const clean = new Float32Array(F);
    for (let n = 0; n < N; n++) {
      const c = n % C, t = Math.floor(n / C) % T; // interleaved: every prefix covers all tasks and classes
      for (let f = 0; f < F; f++) clean[f] = centre[c * F + f]! + spread * r.normal();
      const perm = perms[t]!;
      for (let f = 0; f < F; f++) x[n * F + f] = clean[perm[f]!]!;
      y[n] = c;
      task[n] = t;
    }
    return {
      inputs: {
        x: { data: x, shape: [N, F], dtype: 'float32' },
        task: { data: task, shape: [N], dtype: 'int32' },
      },
      target: { data: y, shape: [N], dtype: 'int32' },
      task: 'classification',
      classes: C,
      labels: Array.from({ length: C }, (_, c) => `class ${c}`),
      marks: { task: { data: task, shape: [N], dtype: 'int32' } },
    };
  },
  metrics: taskStreamMetrics,
  metricDocs: {
    'task#Accuracy': { label: 'Task accuracy', doc: 'Held-out accuracy on this task at the end of training.', range: [0, 1] },
    averageAccuracy: { label: 'Average accuracy', doc: 'The mean over tasks of each task’s held-out accuracy at the end of training.', range: [0, 1] },
    forgetting: { label: 'Forgetting', doc: 'How far each earlier task’s accuracy fell from its best during the stream, averaged: 0 means nothing was forgotten.', range: [0, 1] },
  },
});

/** Accuracy per task on the test rows, their average, and forgetting from the phase-end figures. */
export function taskStreamMetrics({ data, rows, pred, predShape, earlier }: MetricsInput): Record<string, number> {
  const C = predShape[predShape.length - 1]!;
  const task = data.inputs['task']!.data, target = data.target.data;
  const hits = new Map<number, number>(), counts = new Map<number, number>();
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!, t = task[row]!;
    let best = 0;
    for (let c = 1; c < C; c++) if (pred[k * C + c]! > pred[k * C + best]!) best = c;
    counts.set(t, (counts.get(t) ?? 0) + 1);
    if (best === target[row]) hits.set(t, (hits.get(t) ?? 0) + 1);
  }
  const ids = [...counts.keys()].sort((a, b) => a - b);
  const out: Record<string, number> = {};
  for (const t of ids) out[`task${t}Accuracy`] = (hits.get(t) ?? 0) / counts.get(t)!;
  out.averageAccuracy = ids.reduce((s, t) => s + out[`task${t}Accuracy`]!, 0) / Math.max(ids.length, 1);
  if (earlier?.length) {
    // Every task but the last one trained: how far it fell from its best at any phase end.
    const drops = ids.slice(0, -1).map((t) => {
      const key = `task${t}Accuracy`;
      const best = Math.max(out[key]!, ...earlier.map((m) => m[key] ?? 0));
      return best - out[key]!;
    });
    out.forgetting = drops.reduce((a, b) => a + b, 0) / Math.max(drops.length, 1);
  }
  return out;
}
