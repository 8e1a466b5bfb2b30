import { defineDataset } from './dataset';
import { num } from '../registry/params';
import { classesParam, classNames, noiseParam, pointsDataset, samplesParam } from './points2d';
import { whole } from './whole';

/**
 * Spiral arms as in the TensorFlow Playground (src/dataset.ts `classifySpiralData`:
 * r grows linearly along the arm while the angle turns), here with C arms,
 * radius up to 1 and a chosen number of turns.
 */
export const Spiral = defineDataset({
  name: 'spiral',
  label: 'Spiral',
  kind: 'points2d',
  doc:
    'Points lie on spiral arms that wind out from the centre, one arm per class, like the TensorFlow Playground ' +
    'spiral. No straight line (and no single bend) separates the arms, so a network needs hidden layers to wrap ' +
    'its decision boundary around the centre. More turns or more arms make it harder; near the centre the arms ' +
    'crowd together, so a few points there stay ambiguous.',
  params: {
    samples: samplesParam(),
    noise: noiseParam(),
    classes: classesParam(8),
    turns: num({ default: 1, min: 0.25, max: 3, step: 0.25, doc: 'How many full turns each arm makes from the centre to the rim.' }),
  },
  generate: ({ samples, noise, classes, turns }, rng) => {
    const c = whole(classes, 2, 8);
    const sweep = 2 * Math.PI * Math.min(3, Math.max(0.25, turns));
    return pointsDataset({
      samples, classes: c, noise, rng, labels: classNames('arm', c),
      place: (label, r, out) => {
        const t = r.next(); // position along the arm, 0 = centre, 1 = rim
        const angle = sweep * t + (2 * Math.PI * label) / c;
        const radius = 0.05 + 0.95 * t;
        out[0] = radius * Math.sin(angle);
        out[1] = radius * Math.cos(angle);
      },
    });
  },
});
