import { defineDataset } from './dataset';
import { noiseParam, pointsDataset, samplesParam, twoClassesParam } from './points2d';

export const Circles = defineDataset({
  name: 'circles',
  label: 'Circles',
  kind: 'points2d',
  doc:
    'Class 0 fills a disc of radius 0.5 around the centre; class 1 is a ring between radius 0.7 and 1 around it ' +
    '(the TensorFlow Playground "circle" data). The boundary is a circle, so a linear model fails, but a network ' +
    'with a few hidden units, or a linear model given x² and y² as extra features, separates them easily.',
  params: { samples: samplesParam(), noise: noiseParam(), classes: twoClassesParam() },
  generate: ({ samples, noise }, rng) =>
    pointsDataset({
      samples, classes: 2, noise, rng, labels: ['inner', 'outer'],
      place: (label, r, out) => {
        // Uniform in radius, as in the Playground: the inner disc is densest at the centre.
        const radius = label === 0 ? 0.5 * r.next() : 0.7 + 0.3 * r.next();
        const angle = 2 * Math.PI * r.next();
        out[0] = radius * Math.sin(angle);
        out[1] = radius * Math.cos(angle);
      },
    }),
});
