import { defineDataset } from './dataset';
import { noiseParam, pointsDataset, samplesParam, twoClassesParam } from './points2d';

/** A small gap keeps clean points off the axes, as the Playground's `classifyXORData` does. */
const GAP = 0.05;

export const Xor = defineDataset({
  name: 'xor',
  label: 'XOR',
  kind: 'points2d',
  doc:
    'Points fill the square from -1 to 1; a point is class 0 when x and y have the same sign (top-right and ' +
    'bottom-left quarters) and class 1 when their signs differ. This is the classic problem a single neuron cannot ' +
    'solve: no one straight line splits the four quarters, but two hidden units can. A thin gap keeps the clean ' +
    'points off the axes; noise pushes some across.',
  params: { samples: samplesParam(), noise: noiseParam(), classes: twoClassesParam() },
  generate: ({ samples, noise }, rng) =>
    pointsDataset({
      samples, classes: 2, noise, rng, labels: ['same sign', 'opposite sign'],
      place: (label, r, out) => {
        const sx = r.next() < 0.5 ? -1 : 1;
        const sy = label === 0 ? sx : -sx;
        out[0] = sx * (GAP + (1 - GAP) * r.next());
        out[1] = sy * (GAP + (1 - GAP) * r.next());
      },
    }),
});
