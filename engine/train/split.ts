import type { Dataset } from '../data/dataset';
import { permutation, type Rng } from '../random';

/**
 * Deterministic split of example indices, 80/20 unless the dataset sets its
 * `testShare`. Examples the dataset holds out (unseen classes, a held-out
 * task) always land in the test set.
 */
export function splitIndices(data: Dataset, rng: Rng, testShare = 0.2): { train: Int32Array; test: Int32Array } {
  const n = data.target.shape[0]!;
  const perm = permutation(n, rng);
  const held = data.heldOut;
  const pool = held ? Array.from(perm).filter((i) => !held[i]) : Array.from(perm);
  // at least one held-out example (unless the dataset's own held-out rows are all), and one left to train on when there are two
  const share = data.testShare ?? testShare;
  const nTest = share === 0 && held ? 0 : Math.max(1, Math.min(pool.length - 1, Math.round(pool.length * share)));
  const test = pool.slice(0, nTest);
  if (held) for (let i = 0; i < n; i++) if (held[i]) test.push(i);
  return { train: Int32Array.from(pool.slice(nTest)), test: Int32Array.from(test) };
}
