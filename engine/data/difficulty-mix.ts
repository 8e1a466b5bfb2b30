/**
 * Difficulty mix: 2-D points of many
 * classes, each class a few small clouds scattered over the square; every
 * point is drawn easy (tight around its cloud) or hard (spread wide, into
 * other classes' clouds). An early-exit network should let easy points leave
 * after a few blocks and keep hard ones for the full depth.
 *
 * x: float32 [N, 2]; target: int32 [N]; group: int32 [N], 0 easy, 1 hard (for
 * the exit statistics only); marks.difficulty = the point's noise level.
 */
import { defineDataset } from './dataset';
import { int, num } from '../registry/params';
import { samplesParam, classNames } from './points2d';
import { whole } from './whole';

export const DifficultyMix = defineDataset({
  name: 'difficulty-mix',
  label: 'Difficulty mix',
  kind: 'points2d',
  doc:
    'Many classes of 2-D points; each class is a few small clouds scattered over the square, so the classes interleave. ' +
    'Every point is either easy, drawn tightly around its cloud, or hard, drawn with a much wider spread so that it may ' +
    'land among other classes’ clouds. A small network already gets the easy points right; the hard ones need more ' +
    'work, and some are hopeless. Whether a point is easy or hard is given as the side input "group" (0 easy, 1 hard), ' +
    'for statistics only. Used to show early exits: easy points can leave the network early.',
  params: {
    samples: samplesParam(),
    classes: int({ default: 10, min: 2, max: 16, doc: 'How many classes.' }),
    clusters: int({ default: 2, min: 1, max: 8, doc: 'Clouds per class, placed at random (by seed) in the square.' }),
    hardShare: num({ default: 0.5, min: 0, max: 1, step: 0.05, doc: 'Share of hard points.' }),
    easyNoise: num({ default: 0.03, min: 0, max: 1, step: 0.01, doc: 'Spread of an easy point around its cloud centre.' }),
    hardNoise: num({ default: 0.2, min: 0, max: 2, step: 0.01, doc: 'Spread of a hard point around its cloud centre.' }),
  },
  generate: ({ samples, classes, clusters, hardShare, easyNoise, hardNoise }, rng) => {
    const n = whole(samples, 1, 20000);
    const C = whole(classes, 2, 16), K = whole(clusters, 1, 8);
    const fin = (v: number, d: number) => (Number.isFinite(v) ? Math.max(0, v) : d);
    const share = Math.min(1, fin(hardShare, 0.5)), easy = fin(easyNoise, 0.03), hard = fin(hardNoise, 0.2);
    const centres = new Float32Array(C * K * 2);
    for (let i = 0; i < centres.length; i++) centres[i] = 1.8 * rng.next() - 0.9;
    const x = new Float32Array(n * 2);
    const y = new Int32Array(n);
    const group = new Int32Array(n);
    const difficulty = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % C, k = rng.int(K);
      const isHard = rng.next() < share;
      const s = isHard ? hard : easy;
      x[2 * i] = centres[2 * (c * K + k)]! + s * rng.normal();
      x[2 * i + 1] = centres[2 * (c * K + k) + 1]! + s * rng.normal();
      y[i] = c;
      group[i] = isHard ? 1 : 0;
      difficulty[i] = s;
    }
    return {
      inputs: { x: { data: x, shape: [n, 2], dtype: 'float32' }, group: { data: group, shape: [n], dtype: 'int32' } },
      target: { data: y, shape: [n], dtype: 'int32' },
      marks: { difficulty: { data: difficulty, shape: [n], dtype: 'float32' } },
      task: 'classification',
      classes: C,
      labels: classNames('class', C),
    };
  },
});
