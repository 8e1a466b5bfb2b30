/** Which training examples each step's batch holds, the same on both training paths. */
import type { Training } from '../graph/format';
import { createRng } from '../random';
import { phaseAt, type Schedule } from './schedule';
import type { Session } from './session';

/**
 * For each task a phase trains on, the positions in the training split of the
 * examples of that task (read from the dataset's `task` field, one id per row).
 */
export function taskPools(schedule: Schedule, session: Session): Map<number, Int32Array> {
  const pools = new Map<number, Int32Array>();
  const field = session.data.inputs['task'];
  const rows = session.trainRows;
  const wanted = new Set(schedule.phases.flatMap((p) => (p.task !== undefined ? [p.task] : [])));
  if (!wanted.size || !field || !rows) return pools;
  const stride = field.data.length / Math.max(field.shape[0]!, 1);
  for (const t of wanted) {
    const hits: number[] = [];
    for (let i = 0; i < rows.length; i++) if (field.data[rows[i]! * stride] === t) hits.push(i);
    pools.set(t, Int32Array.from(hits));
  }
  return pools;
}

/**
 * The training batch of each step (positions in the training split), from the run's own
 * random stream: a run resumed at step k draws the batches a straight run draws from k on.
 */
export function batchSampler(cfg: Training, schedule: Schedule, session: Session, pools: Map<number, Int32Array>): (step: number) => Int32Array {
  const rng = createRng(cfg.seed).fork('batches');
  const draw = (step: number) => {
    const phase = schedule.phases.length ? phaseAt(schedule, step) : undefined;
    const pool = phase?.task !== undefined ? pools.get(phase.task) : undefined;
    const n = pool ? pool.length : session.train.size;
    const idx = sampleIndices(rng, n, Math.min(cfg.batchSize, n));
    if (pool) for (let i = 0; i < idx.length; i++) idx[i] = pool[idx[i]!]!;
    return idx;
  };
  let next = 0;
  return (step) => {
    while (next < step) draw(next++);
    next = step + 1;
    return draw(step);
  };
}

function sampleIndices(rng: ReturnType<typeof createRng>, n: number, size: number): Int32Array {
  const idx = new Int32Array(size);
  for (let i = 0; i < size; i++) idx[i] = rng.int(n);
  return idx;
}
