/**
 * Multi-task tokens: the multi-task regions task
 * (engine/data/multi-task-regions.ts) on sequences, one 2-D point per token, so
 * that different tokens of one sequence can need different experts (PHATGOOSE's
 * per-token routing).
 *
 * Generic sequence (task = T on every token): points uniform in the square,
 *   labelled by the checkerboard.
 * Task-t sequence: every token from region t with task t's labels; an expert
 *   trained on these sees its own task alone.
 * Mixture sequence (task = T + 1, held out: test only): every token drawn from
 *   a region of its own, so one sequence mixes the tasks; no task id is given.
 *
 * Fields: x float32 [N, L, 2]; task int32 [N, L]; group int32 [N, L] = the
 * source task of every token (generic = T), for routing statistics only.
 */
import { defineDataset } from './dataset';
import { int, num } from '../registry/params';
import { samplesParam } from './points2d';
import { whole } from './whole';
import { genericPoint, multiTaskMetrics, REGION_CLASSES, regionParams, taskPoint } from './multi-task-regions';

export const MultiTaskTokens = defineDataset({
  name: 'multi-task-tokens',
  label: 'Multi-task tokens',
  kind: 'features',
  doc:
    'The multi-task regions task on sequences: every token is a 2-D point with 4 classes. A generic sequence is coloured ' +
    'by the four-colour checkerboard; a specialised task’s sequence holds points of its own small region only, renamed by ' +
    'its own permutation of the colours. The held-out mixture (task T+1, test only) draws every token from a region of ' +
    'its own, so one sequence needs several tasks’ corrections, one per token, and carries no task id. "task" gives each ' +
    'token’s task (tasks 0 … T−1, generic = T); "group" every token’s source task, for routing statistics.',
  params: {
    samples: samplesParam(),
    length: int({ default: 6, min: 2, max: 32, doc: 'Tokens per sequence.' }),
    ...regionParams,
    genericShare: num({ default: 0.3, min: 0, max: 0.9, step: 0.05, doc: 'Share of generic sequences.' }),
    mixtureShare: num({ default: 0.15, min: 0, max: 0.5, step: 0.05, doc: 'Share of held-out mixture sequences (test only).' }),
  },
  generate: ({ samples, length, tasks, spread, genericShare, mixtureShare }, rng) => {
    const n = whole(samples, 1, 20000), L = whole(length, 2, 32), T = whole(tasks, 2, 8);
    const s = Number.isFinite(spread) ? Math.max(0, spread) : 0.15;
    const gShare = Number.isFinite(genericShare) ? genericShare : 0.3, mShare = Number.isFinite(mixtureShare) ? mixtureShare : 0.15;
    const x = new Float32Array(n * L * 2), y = new Int32Array(n * L), task = new Int32Array(n * L), group = new Int32Array(n * L);
    const heldOut = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      const kind = u < gShare ? 'generic' : u >= 1 - mShare ? 'mixture' : 'task';
      const own = rng.int(T);
      heldOut[i] = kind === 'mixture' ? 1 : 0;
      for (let j = 0; j < L; j++) {
        const at = i * L + j;
        const t = kind === 'generic' ? T : kind === 'task' ? own : rng.int(T);
        [x[2 * at], x[2 * at + 1], y[at]] = t === T ? genericPoint(rng) : taskPoint(t, T, s, rng);
        group[at] = t;
        task[at] = kind === 'mixture' ? T + 1 : t;
      }
    }
    return {
      inputs: {
        x: { data: x, shape: [n, L, 2], dtype: 'float32' },
        task: { data: task, shape: [n, L], dtype: 'int32' },
        group: { data: group, shape: [n, L], dtype: 'int32' },
      },
      target: { data: y, shape: [n, L], dtype: 'int32' },
      heldOut,
      task: 'classification',
      ...REGION_CLASSES,
    };
  },
  metrics: multiTaskMetrics,
  metricDocs: {
    heldOutAccuracy: { label: 'Mixture accuracy', doc: 'Token accuracy on the held-out mixture sequences, whose tokens come from different task regions and carry no task id.', range: [0, 1] },
    taskAccuracy: { label: 'Task accuracy', doc: 'Token accuracy on the specialised tasks’ sequences, each given with its task id.', range: [0, 1] },
    genericAccuracy: { label: 'Generic accuracy', doc: 'Token accuracy on the generic sequences that cover the whole square.', range: [0, 1] },
  },
});
