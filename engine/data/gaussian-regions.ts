/**
 * Gaussian regions: a 2-D mixture of R round clouds, each with its own local
 * labelling rule, so a mixture of experts has a reason to give each region
 * its own expert (a classification version of Nguyen et al.'s Gaussian mixture of experts).
 *
 * x: float32 [N, 2]; target: int32 [N] (2 classes); group: int32 [N], the
 * region each point was drawn from (for the router's statistics only).
 */
import { defineDataset } from './dataset';
import { int, num } from '../registry/params';
import { samplesParam } from './points2d';
import { whole } from './whole';

const CENTRE_RADIUS = 0.6;
/** Turns between consecutive regions' boundary directions: the golden angle keeps neighbours far apart. */
const GOLDEN_TURN = 0.381966;

export const GaussianRegions = defineDataset({
  name: 'gaussian-regions',
  label: 'Gaussian regions',
  kind: 'points2d',
  doc:
    'Round clouds of points whose centres sit evenly on a circle of radius 0.6. Inside each cloud a straight line through ' +
    'its centre splits the points into two classes, and every cloud turns its line a different way. One straight line ' +
    'cannot separate all clouds at once, but one per cloud can: a mixture of experts whose router learns the territory of ' +
    'each cloud can hand each cloud to its own simple expert. The cloud a point came from is also given as the side input ' +
    '"group", which routers read only for their statistics.',
  params: {
    samples: samplesParam(),
    regions: int({ default: 4, min: 2, max: 8, doc: 'How many clouds (regions), each with its own boundary direction.' }),
    spread: num({ default: 0.18, min: 0.02, max: 1, step: 0.01, doc: 'Standard deviation of each cloud around its centre.' }),
  },
  generate: ({ samples, regions, spread }, rng) => {
    const n = whole(samples, 1, 20000);
    const R = whole(regions, 2, 8);
    const s = Number.isFinite(spread) ? Math.max(0, spread) : 0.18;
    const x = new Float32Array(n * 2);
    const y = new Int32Array(n);
    const group = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = i % R;
      const angle = Math.PI / 4 + (2 * Math.PI * r) / R;
      const cx = CENTRE_RADIUS * Math.cos(angle), cy = CENTRE_RADIUS * Math.sin(angle);
      const dx = s * rng.normal(), dy = s * rng.normal();
      const turn = 2 * Math.PI * GOLDEN_TURN * r;
      x[2 * i] = cx + dx;
      x[2 * i + 1] = cy + dy;
      y[i] = Math.cos(turn) * dx + Math.sin(turn) * dy > 0 ? 1 : 0;
      group[i] = r;
    }
    return {
      inputs: {
        x: { data: x, shape: [n, 2], dtype: 'float32' },
        group: { data: group, shape: [n], dtype: 'int32' },
      },
      target: { data: y, shape: [n], dtype: 'int32' },
      marks: { region: { data: group.slice(), shape: [n], dtype: 'int32' } },
      task: 'classification',
      classes: 2,
      labels: ['class 0', 'class 1'],
    };
  },
});
