import { defineDataset } from './dataset';
import { classesParam, classNames, noiseParam, pointsDataset, samplesParam } from './points2d';
import { whole } from './whole';

/** Blob centres sit on a circle of this radius; each blob has this base spread before noise. */
const CENTRE_RADIUS = 0.6;
const BLOB_SPREAD = 0.1;

export const Gaussians = defineDataset({
  name: 'gaussians',
  label: 'Gaussian blobs',
  kind: 'points2d',
  doc:
    'One round cloud of points per class, the cloud centres spaced evenly on a circle of radius 0.6. Each cloud has ' +
    'a spread of 0.1 plus the noise you choose. With little noise the classes are separated by straight lines, so ' +
    'even a network without hidden layers learns them; raise the noise until the clouds overlap and no model can ' +
    'be perfect.',
  params: { samples: samplesParam(), noise: noiseParam(), classes: classesParam(8) },
  generate: ({ samples, noise, classes }, rng) => {
    const c = whole(classes, 2, 8);
    return pointsDataset({
      samples, classes: c, noise, rng, labels: classNames('blob', c),
      place: (label, r, out) => {
        const angle = Math.PI / 4 + (2 * Math.PI * label) / c;
        out[0] = CENTRE_RADIUS * Math.cos(angle) + BLOB_SPREAD * r.normal();
        out[1] = CENTRE_RADIUS * Math.sin(angle) + BLOB_SPREAD * r.normal();
      },
    });
  },
});
