/** `--seeds 1-5`, `--seeds 3,8,13`, or both at once (`1-3,10`). */
import { usage } from '../io';

const MAX_SEEDS = 100;
const MAX_SEED = 2 ** 32 - 1;

/** The seeds in the order given; each may appear once. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d{1,10})(?:-(\d{1,10}))?$/.exec(part);
    if (!m) usage(`--seeds takes seeds such as 1-5 or 3,8,13; got "${text}"`);
    const lo = Number(m[1]), hi = Number(m[2] ?? m[1]);
    if (hi > MAX_SEED) usage(`--seeds: a seed is a whole number from 0 to ${MAX_SEED}; got ${hi}`);
    if (hi < lo) usage(`--seeds ${part}: a range goes from the smaller seed to the larger`);
    if (seeds.length + hi - lo + 1 > MAX_SEEDS) usage(`--seeds names more than ${MAX_SEEDS} seeds`);
    for (let s = lo; s <= hi; s++) {
      if (seeds.includes(s)) usage(`--seeds names seed ${s} twice`);
      seeds.push(s);
    }
  }
  return seeds;
}
