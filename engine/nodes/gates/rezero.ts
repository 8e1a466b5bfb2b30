/**
 * ReZero (Bachlechner et al., 2020): a residual connection whose branch is
 * scaled by one learned scalar α that starts at 0, so every block begins as the
 * identity map and the signal passes through any depth unchanged at step 0.
 */
import { defineNode } from '../../registry/defineNode';
import { num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, perExample, sameShape } from '../../shapes/dims';
import { gatedResidual } from './gate-mul';

export const REZERO_CITE = 'Bachlechner, Majumder, Mao, Cottrell & McAuley, 2020, "ReZero is All You Need: Fast Convergence at Large Depth" (arXiv:2003.04887)';

export const ReZero = defineNode({
  type: 'ReZero',
  label: 'ReZero',
  category: 'gates/residual',
  version: 1,
  doc:
    'A residual connection with a learned volume knob: out = x + α · f(x), where f(x) is any branch (a Dense, an attention ' +
    'layer, an MLP) and α is a single number that starts at 0. At the first step the block passes x through untouched, ' +
    'so a stack of a hundred of them is still the identity map and its gradients neither explode nor vanish; training ' +
    'then turns each α up as far as its branch helps. No normalisation layer is needed. Watch alpha grow from 0.',
  cite: REZERO_CITE,
  inputs: {
    x: port('residual', ['B', '*', 'D'], { doc: 'The residual stream that passes through.' }),
    fx: port('branch', ['B', '*', 'D'], { doc: 'The branch output f(x), scaled by α before it is added.' }),
  },
  outputs: { out: port('residual', ['B', '*', 'D']) },
  params: {
    init: num({ default: 0, min: -1, max: 1, step: 0.01, doc: 'Starting value of α; the paper uses 0 so the block starts as the identity.' }),
  },
  keyParams: ['init'],
  infer: ({ x, fx }) => {
    if (!x || !fx) return { out: x ?? fx ?? { shape: ['B'], dtype: 'float32' } };
    if (!sameShape(x.shape, fx.shape)) return fail(`ReZero needs x and f(x) of the same shape; x is ${formatShape(x.shape)}, f(x) is ${formatShape(fx.shape)}`, 'fx');
    return { out: x };
  },
  build: ({ params, v }) => ({ alpha: v.scalar('alpha', params.init) }),
  apply: ({ x, fx }, w, { probe }) => {
    probe.record('alpha', w.alpha!);
    return { out: gatedResidual(x, w.alpha!, fx) };
  },
  torch: {
    source: () => import('./rezero.py?raw'),
    className: 'ReZero',
    args: ({ params }) => ({ init: params.init }),
  },
  onnx: { write: ({ inputs: { x, fx }, w, g }) => ({ out: g.op('Add', [x, g.op('Mul', [w.alpha!, fx])]) }) },
  plain: ({ outputs }) => ({
    forward: ({ x, fx }, { alpha }, { out }, B) => {
      const a = alpha![0]!;
      for (let i = 0, N = B * outputs.out; i < N; i++) out[i] = x[i]! + a * fx[i]!;
    },
    backward: ({ fx }, { alpha }, _y, { out }, dx, dw, B) => {
      const a = alpha![0]!, N = B * outputs.out;
      let da = 0;
      for (let i = 0; i < N; i++) {
        const g = out[i]!;
        if (dx.x) dx.x[i]! += g;
        if (dx.fx) dx.fx[i]! += a * g;
        da += g * fx[i]!;
      }
      dw.alpha![0]! += da;
    },
  }),
  flops: ({ x }) => 2 * perExample(x),
  headline: 'alpha',
  stats: { alpha: { kind: 'scalar', label: 'Residual weight α', doc: 'The learned residual weight α: 0 at the start, its size shows how much the branch is used.' } },
});
