/**
 * Expanded gating ranges (Huang, 2024; AllenHaoHuang/x-activation src/x_gate.py).
 * A self-gated activation x · g(x) (GELU, SiLU, ATLU) lets through a share
 * g(x) ∈ (0, 1) of its input. Stretching the gate to (−α, 1+α), with α a
 * learned scalar from 0, lets it amplify (g > 1) and flip (g < 0) as well.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, choice, num } from '../../registry/params';
import { port, formatShape, type TensorInfo } from '../../registry/ports';
import type { VarMaker } from '../../registry/defineNode';
import { fail, lastDim, perExample, withLast } from '../../shapes/dims';
import { EXPANDED_FNS, expandedGate } from './gate-mul';
import { lastOf } from '../../registry/torch';
import { alphaOf, expandedGateAt, expandedGateDa, expandedGateDu } from '../plain-math';
import * as onnx from '../../serialize/onnx/ops';

/** The constructor args of the _Alpha base class in expanded-activations.py. */
const alphaArgs = (p: { learnAlpha: boolean; alphaInit: number; perChannel: boolean }, channels: number) => ({ learn_alpha: p.learnAlpha, alpha_init: p.alphaInit, per_channel: p.perChannel, channels });

const CITE = 'Huang, 2024, "Expanded Gating Ranges Improve Activation Functions" (arXiv:2405.20768)';

/** The gate histogram is drawn over this band; α rarely leaves it in a short run, values beyond land in the end bins. */
const GATE_RANGE: [number, number] = [-1, 2];

const alphaParams = {
  learnAlpha: bool({ default: true, doc: 'Train α (the expanded x-version); off keeps α at its starting value, so from 0 you get the plain ATLU/GELU/SiLU.' }),
  alphaInit: num({ default: 0, min: -0.5, max: 2, step: 0.01, doc: 'Starting α; the paper starts at 0, where the gate has its usual range (0, 1).' }),
  perChannel: bool({ default: false, doc: 'One α per channel instead of one per node (the README found no gain from it).' }),
};

/** α as a variable when it trains, else null (a constant). */
function makeAlpha(v: VarMaker, p: { learnAlpha: boolean; alphaInit: number; perChannel: boolean }, channels: number): Record<string, tf.Variable> {
  if (!p.learnAlpha) return {};
  return { alpha: v.make('alpha', p.perChannel ? [channels] : [], { kind: 'constant', value: p.alphaInit }) };
}

/** Records α, the gate values and the share of negative gates. */
function probeGate(probe: { enabled: boolean; record(s: string, t: tf.Tensor): void }, alpha: tf.Tensor | number, gate: tf.Tensor): void {
  if (!probe.enabled) return;
  probe.record('alpha', typeof alpha === 'number' ? tf.scalar(alpha) : alpha);
  probe.record('gate', gate);
  probe.record('negativeGate', tf.mean(tf.step(tf.neg(gate))));
}

const stats = {
  alpha: { kind: 'scalar' as const, label: 'Range expansion α', doc: 'The learned range expansion α, starting at 0: the gate spans (−α, 1+α), and moving away from 0 means the wider range helps.' },
  gate: { kind: 'gate' as const, label: 'Expanded gate', range: GATE_RANGE, doc: 'Gate values g(u); the band (−α, 1+α) they can reach widens as α grows.' },
  negativeGate: { kind: 'scalar' as const, label: 'Negative gates', doc: 'Share of gate values below 0: only possible once α > 0.' },
};

const fnParam = choice({ default: 'arctan', options: EXPANDED_FNS, doc: 'The squashing function inside the gate: arctan (ATLU), erf (GELU) or sigmoid (SiLU).' });

export const ExpandedSelfGate = defineNode({
  type: 'ExpandedSelfGate',
  label: 'Expanded self-gate (xATLU / xGELU / xSiLU)',
  category: 'activations/gated',
  version: 1,
  doc:
    'An activation that multiplies each value by a gate computed from itself: out = x · g(x). With g squashed into (0, 1) ' +
    'this is ATLU (arctan), GELU (erf) or SiLU (sigmoid). The expanded versions stretch the gate to (−α, 1+α) with one learned ' +
    'number α that starts at 0, so at the start they are exactly the plain activation; if a wider range helps, α grows and ' +
    'the gate can also amplify (above 1) and flip the sign (below 0). Turn learnAlpha off for the plain activation.',
  cite: CITE,
  inputs: { in: port('data', ['B', '*']) },
  outputs: { out: port('data', ['B', '*']) },
  params: { fn: fnParam, ...alphaParams },
  keyParams: ['fn', 'learnAlpha'],
  infer: ({ in: x }) => {
    if (!x) return { out: { shape: ['B'], dtype: 'float32' } };
    if (x.dtype !== 'float32') return fail('ExpandedSelfGate expects float features; it gets token ids (put an Embedding first)', 'in');
    return { out: x };
  },
  build: ({ params, inputs, v }) => makeAlpha(v, params, lastDim(inputs.in!) as number),
  apply: ({ in: x }, w, { params, probe }) => {
    const alpha = w.alpha ?? params.alphaInit;
    const g = expandedGate(params.fn, x, alpha);
    probeGate(probe, alpha, g);
    return { out: tf.mul(x, g) };
  },
  torch: {
    source: () => import('./expanded-activations.py?raw'),
    className: 'ExpandedSelfGate',
    args: ({ params, inputs }) => ({ fn: params.fn, ...alphaArgs(params, lastOf(inputs.in)) }),
  },
  // out = x · g(x): dout/dx = g + x · g'(x), dout/dα = x · ∂g/∂α.
  plain: ({ params: { fn, alphaInit }, outputs }) => {
    const D = outputs.out;
    return {
      forward: ({ in: x }, w, { out }, B) => {
        const a = alphaOf(w.alpha, alphaInit);
        for (let r = 0; r < B; r++) for (let c = 0; c < D; c++) { const i = r * D + c, u = x[i]!; out[i] = u * expandedGateAt(fn, u, a(c)); }
      },
      backward: ({ in: x }, w, _y, { out: dy }, dx, dw, B) => {
        const a = alphaOf(w.alpha, alphaInit), perChannel = (dw.alpha?.length ?? 0) > 1;
        for (let r = 0; r < B; r++) for (let c = 0; c < D; c++) {
          const i = r * D + c, u = x[i]!, g = dy[i]!;
          if (dx.in) dx.in[i]! += g * (expandedGateAt(fn, u, a(c)) + u * expandedGateDu(fn, u, a(c)));
          if (dw.alpha) dw.alpha[perChannel ? c : 0]! += g * u * expandedGateDa(fn, u);
        }
      },
    };
  },
  onnx: { write: ({ inputs, w, params, g }) => ({ out: g.op('Mul', [inputs.in, onnx.expandedGate(g, params.fn, inputs.in, w.alpha ?? g.scalar(params.alphaInit))]) }) },
  flops: ({ in: x }) => 6 * perExample(x),
  stats,
});

function inferGlu(x: TensorInfo | undefined): { out: TensorInfo } | ReturnType<typeof fail> {
  if (!x) return { out: { shape: ['B', 1], dtype: 'float32' } };
  const d = lastDim(x);
  if (x.dtype !== 'float32') return fail('ExpandedGLU expects float features; it gets token ids (put an Embedding first)', 'in');
  if (typeof d !== 'number' || d % 2 !== 0) return fail(`ExpandedGLU splits its last axis into two halves, so it must be even; it gets ${formatShape(x.shape)}`, 'in');
  return { out: withLast(x, d / 2) };
}

export const ExpandedGLU = defineNode({
  type: 'ExpandedGLU',
  label: 'Expanded GLU (xATGLU / xGEGLU / xSwiGLU)',
  category: 'activations/glu',
  version: 1,
  doc:
    'A gated linear unit: the input (usually a Dense of twice the wanted width) is split into halves u and v, and one half ' +
    'gates the other. First order: out = g(u) · v; second order: out = g(u) · u · v. The gate g is arctan, erf or sigmoid ' +
    'stretched to (−α, 1+α) with a learned α from 0, as in the expanded self-gates; at α = 0 the second-order erf and ' +
    'sigmoid versions are the familiar GEGLU and SwiGLU, and the arctan ones are ATGLU. The paper found the expanded first-order GLU ' +
    'about as good as the second-order one, and no gain from expanding the second-order GLU.',
  cite: CITE,
  inputs: { in: port('data', ['B', '*', '2K'], { doc: 'u and v side by side on the last axis.' }) },
  outputs: { out: port('data', ['B', '*', 'K']) },
  params: {
    fn: fnParam,
    order: choice({ default: 'first', options: ['first', 'second'], doc: 'first: g(u)·v; second: g(u)·u·v (the usual GEGLU/SwiGLU).' }),
    ...alphaParams,
  },
  keyParams: ['fn', 'order'],
  infer: ({ in: x }) => inferGlu(x),
  build: ({ params, inputs, v }) => makeAlpha(v, params, (lastDim(inputs.in!) as number) / 2),
  apply: ({ in: x }, w, { params, probe }) => {
    const [u, val] = tf.split(x, 2, -1) as [tf.Tensor, tf.Tensor];  // (B, …, K) each
    const alpha = w.alpha ?? params.alphaInit;
    const g = expandedGate(params.fn, u, alpha);
    probeGate(probe, alpha, g);
    const gated = tf.mul(g, val);
    return { out: params.order === 'first' ? gated : tf.mul(gated, u) };
  },
  torch: {
    source: () => import('./expanded-activations.py?raw'),
    className: 'ExpandedGLU',
    args: ({ params, inputs }) => ({ fn: params.fn, order: params.order, ...alphaArgs(params, lastOf(inputs.in) / 2) }),
  },
  // out = g(u) · v (· u for the second order), u and v the halves of each row.
  plain: ({ params: { fn, order, alphaInit }, outputs }) => {
    const K = outputs.out, second = order === 'second';
    return {
      forward: ({ in: x }, w, { out }, B) => {
        const a = alphaOf(w.alpha, alphaInit);
        for (let r = 0; r < B; r++) for (let c = 0; c < K; c++) {
          const u = x[2 * K * r + c]!, v = x[2 * K * r + K + c]!;
          out[r * K + c] = expandedGateAt(fn, u, a(c)) * v * (second ? u : 1);
        }
      },
      backward: ({ in: x }, w, _y, { out: dy }, dx, dw, B) => {
        const a = alphaOf(w.alpha, alphaInit), perChannel = (dw.alpha?.length ?? 0) > 1;
        for (let r = 0; r < B; r++) for (let c = 0; c < K; c++) {
          const iu = 2 * K * r + c, u = x[iu]!, v = x[iu + K]!, d = dy[r * K + c]!;
          const g = expandedGateAt(fn, u, a(c)), gu = expandedGateDu(fn, u, a(c)), s = second ? u : 1;
          if (dx.in) {
            dx.in[iu]! += d * v * (second ? gu * u + g : gu);
            dx.in[iu + K]! += d * g * s;
          }
          if (dw.alpha) dw.alpha[perChannel ? c : 0]! += d * v * s * expandedGateDa(fn, u);
        }
      },
    };
  },
  onnx: {
    write: ({ inputs, w, params, g }) => {
      const [u, val] = g.ops('Split', [inputs.in], { axis: { i: -1 } }, 2) as [string, string];
      const gated = g.op('Mul', [onnx.expandedGate(g, params.fn, u, w.alpha ?? g.scalar(params.alphaInit)), val]);
      return { out: params.order === 'first' ? gated : g.op('Mul', [gated, u]) };
    },
  },
  flops: ({ in: x }) => 4 * perExample(x),
  stats,
});
