import { defineDataset } from './dataset';
import { noiseParam, pointsDataset, samplesParam, twoClassesParam } from './points2d';

/**
 * scikit-learn's `make_moons` shapes (outer arc (cos t, sin t), inner arc
 * (1 - cos t, 0.5 - sin t), t in [0, π]), which span x in [-1, 2] and
 * y in [-0.5, 1]; shifted and divided by 1.5 so x fills [-1, 1].
 */
export const Moons = defineDataset({
  name: 'moons',
  label: 'Two moons',
  kind: 'points2d',
  doc:
    'Two interlocking half-circles ("moons"): class 0 is an arch opening downwards, class 1 a bowl opening upwards ' +
    'whose tip reaches into the arch. The gap between them curves, so a straight line gets most but not all points ' +
    'right; a small network with one hidden layer bends its boundary through the gap. Noise thickens the arcs ' +
    'until they touch.',
  params: { samples: samplesParam(), noise: noiseParam(), classes: twoClassesParam() },
  generate: ({ samples, noise }, rng) =>
    pointsDataset({
      samples, classes: 2, noise, rng, labels: ['upper moon', 'lower moon'],
      place: (label, r, out) => {
        const t = Math.PI * r.next();
        const mx = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
        const my = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
        out[0] = (mx - 0.5) / 1.5;
        out[1] = (my - 0.25) / 1.5;
      },
    }),
});
