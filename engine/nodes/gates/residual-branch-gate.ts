/**
 * GateSkip (Laitenberger et al., 2025): a learned gate on a residual branch that also
 * decides which tokens skip the branch altogether.
 *   g    = σ(stopGradient(u) W_g + b)     [B, T, G], b = 5 so g ≈ 0.993 at the start
 *   r    = mean over channels of g         token importance [B, T]
 *   skip = the ρ·N least important tokens of the batch (N = B·T)
 *   out  = x + (skip ? 0 : g ⊙ f(u))
 * Reference: Thiggel/GateSkip experiment/models/gating/GatedWrapper.py,
 * ModelGating.py (gate loss averaged over modules).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, choice, int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, float, lastDim, sameShape } from '../../shapes/dims';
import { linear, stopGradient } from '../../compile/ops';
import type { Rng } from '../../random';
import { gatedResidual } from './gate-mul';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';
import { GateLabError, graphError } from '../../errors';

type Tensor = tf.Tensor;

export const GATESKIP_CITE = 'Laitenberger et al., 2025, "What Layers When: Learning to Skip Compute in LLMs with Residual Gates" (GateSkip)';

/**
 * 1 at exactly ⌊share·N⌋ of the N scores, the lowest (ties broken by position),
 * 0 elsewhere. tf.topk has no gradient, so it runs inside a customGrad whose
 * inner ops stay off the tape; the mask passes no gradient, as in the paper
 * (a boolean skip mask).
 */
export function lowestShareMask(scores: Tensor, share: number): Tensor {
  const N = scores.size;
  const k = Math.floor(Math.min(1, Math.max(0, share)) * N + 1e-9);
  if (k <= 0) return tf.zerosLike(scores);
  if (k >= N) return tf.onesLike(scores);
  const pick = tf.customGrad(((s: Tensor) => {
    const lowest = tf.topk(tf.neg(tf.reshape(s, [N])), k).indices;               // (k,) positions of the k lowest
    const mask = tf.scatterND(tf.reshape(lowest, [k, 1]), tf.ones([k]), [N]);
    return { value: tf.reshape(mask, s.shape), gradFunc: (dy: Tensor) => tf.zerosLike(dy) };
  }) as never) as (s: Tensor) => Tensor;
  return pick(scores);
}

/** Uniform scores from the node's seeded stream: a random skip of exactly ⌊ρN⌋ tokens. */
function randomScores(shape: number[], rng: Rng): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.next();
  return tf.tensor(v, shape, 'float32');
}

/**
 * Skip ratio in force: the evaluation budget, or in training 0 until rampStart (a pretraining phase
 * without skipping), then a ramp to trainSkipRatio over rampSteps.
 */
export function skipRatioAt(p: { skipRatio: number; trainSkipRatio: number; rampSteps: number; rampStart: number }, training: boolean, step: number, override?: number): number {
  if (override !== undefined) return override;
  if (!training) return p.skipRatio;
  const since = step - p.rampStart;
  if (since < 0) return 0;
  return p.rampSteps > 0 ? p.trainSkipRatio * Math.min(1, since / p.rampSteps) : p.trainSkipRatio;
}

/** Binary entropy, with the reference code's eps inside the logs. */
function binaryEntropy(g: Tensor): Tensor {
  const eps = 1e-6;
  return tf.neg(tf.add(tf.mul(g, tf.log(tf.add(g, eps))), tf.mul(tf.sub(1, g), tf.log(tf.add(tf.sub(1, g), eps)))));
}

export const ResidualBranchGate = defineNode({
  type: 'ResidualBranchGate',
  label: 'Residual branch gate (GateSkip)',
  category: 'gates/residual',
  version: 1,
  doc:
    'Puts a learned gate on a residual branch (an attention or MLP sublayer) and lets unimportant tokens skip it. ' +
    'The gate g = σ(u W + b) reads the sublayer\'s input u (detached, so the gate learns without steering the ' +
    'sublayer) and scales the branch output: out = x + g ⊙ f(u). Its bias starts at 5, so g ≈ 0.99 and a model ' +
    'is nearly unchanged when gates are added. The mean of g over channels is each token\'s importance; at a ' +
    'skip ratio ρ the ρ share of tokens in the batch with the lowest importance skip the branch (out = x), ' +
    'and their branch FLOPs count as free. Two small losses push gates towards 0 or 1 (mean g² and the binary ' +
    'entropy). The paper trains with ρ ramping up and reports compute saved at a fixed ρ per module; wrap the ' +
    'attention and the MLP sublayer separately. In the paper a skipped token\'s keys and values at that layer ' +
    'are copied from the layer below; this toy still computes them for the other tokens to attend to, but ' +
    'counts them as skipped, as the paper does.',
  cite: GATESKIP_CITE,
  inputs: {
    u: port('data', ['B', 'T', 'Du'], { doc: "The sublayer's input (after its norm): what the gate reads." }),
    fu: port('branch', ['B', 'T', 'D'], { doc: 'The sublayer\'s output f(u): the branch that is gated or skipped.' }),
    x: port('residual', ['B', 'T', 'D'], { doc: 'The residual stream the branch is added to.' }),
  },
  outputs: { out: port('residual', ['B', 'T', 'D']) },
  params: {
    gateWidth: choice({ default: 'vector', options: ['vector', 'scalar'], doc: 'vector: one gate per channel (W: Du→D, the default); scalar: one gate per token (W: Du→1).' }),
    bias: num({ default: 5, min: -10, max: 10, step: 0.5, doc: 'Initial gate bias; σ(5) ≈ 0.993 leaves the branch almost untouched at the start.' }),
    detachInput: bool({ default: true, doc: 'Stop the gradient into u, as the reference code does, so the gate cannot reshape the sublayer input.' }),
    decision: choice({ default: 'gate', options: ['gate', 'random'], doc: 'Which tokens skip: the least important by the gate (GateSkip), or a random set of the same size (the baseline).' }),
    skipRatio: num({ default: 0.2, min: 0, max: 1, step: 0.05, doc: 'ρ at evaluation: the share of tokens in a batch that skip this branch.' }),
    trainSkipRatio: num({ default: 0.2, min: 0, max: 1, step: 0.05, doc: 'ρ reached during training; 0 trains the gates without skipping.' }),
    rampSteps: int({ default: 300, min: 0, max: 1_000_000, doc: 'Training steps over which ρ ramps linearly from 0 to trainSkipRatio (0 = at once).' }),
    rampStart: int({ default: 0, min: 0, max: 1_000_000, doc: 'Training step at which the ramp begins; no token skips before it (set it to the end of a pretraining phase, to fine-tune with skipping as the paper does).' }),
    sparsityWeight: num({ default: 0.01, min: 0, max: 1, step: 0.001, doc: 'Weight of mean(g²), which pulls gates towards 0 (the paper averages it over modules; each gate adds its own here).' }),
    entropyWeight: num({ default: 0.01, min: 0, max: 1, step: 0.001, doc: 'Weight of the binary entropy of g, which pushes gates to 0 or 1.' }),
  },
  keyParams: ['skipRatio', 'decision'],
  infer: ({ u, fu, x }) => {
    if (!fu || !x || !u) return { out: fu ?? x ?? float(['B', 1, 1]) };
    for (const [name, t] of [['u', u], ['fu', fu], ['x', x]] as const) {
      if (t.shape.length < 2 || t.dtype !== 'float32') return fail(`ResidualBranchGate expects float features [B, T, D] on ${name}; it gets ${formatShape(t.shape)}`, name);
    }
    if (!sameShape(fu.shape, x.shape)) return fail(`the branch fu ${formatShape(fu.shape)} must have the residual's shape ${formatShape(x.shape)}`, 'fu');
    if (!sameShape(u.shape.slice(0, -1), x.shape.slice(0, -1))) return fail(`u ${formatShape(u.shape)} must have the same tokens as x ${formatShape(x.shape)}`, 'u');
    return { out: x };
  },
  build: ({ params: p, inputs, v }) => {
    const Du = lastDim(inputs.u!) as number;
    const G = p.gateWidth === 'vector' ? (lastDim(inputs.x!) as number) : 1;
    return { kernel: v.make('kernel', [Du, G], { kind: 'normal', std: 0.01 }), bias: v.make('bias', [G], { kind: 'constant', value: p.bias }) };
  },
  apply: ({ u, fu, x }, w, { params: p, training, step, rng, probe, addLoss, nodeId, interventions }) => {
    const g = tf.sigmoid(linear(p.detachInput ? stopGradient(u) : u, w.kernel!, w.bias)); // (B, T, G)
    const importance = tf.mean(g, -1);                                                     // (B, T)
    const rho = skipRatioAt(p, training, step, interventions?.[`${nodeId}.skipRatio`]);
    const scores = p.decision === 'random' ? randomScores(importance.shape, rng) : importance;
    const skip = lowestShareMask(scores, rho);                                             // (B, T), 1 = skip
    const keep = tf.sub(1, skip);
    const out = gatedResidual(x, tf.mul(g, tf.expandDims(keep, -1)), fu);
    if (p.sparsityWeight > 0) addLoss('sparsity', tf.mul(p.sparsityWeight, tf.mean(tf.square(g))));
    if (p.entropyWeight > 0) addLoss('entropy', tf.mul(p.entropyWeight, tf.mean(binaryEntropy(g))));
    if (probe.enabled) {
      probe.record('gate', g);
      probe.record('importance', tf.expandDims(importance, -1));
      probe.record('skip', skip);
      probe.record('compute', keep);
    }
    return { out };
  },
  torch: {
    source: () => import('./residual-branch-gate.py?raw'),
    className: 'ResidualBranchGate',
    context: true,
    stochastic: (p) => p.decision === 'random',
    args: ({ params: p, inputs }) => ({
      in_features: lastOf(inputs.u), width: p.gateWidth === 'vector' ? lastOf(inputs.x) : 1, bias: p.bias,
      detach_input: p.detachInput, decision: p.decision, skip_ratio: p.skipRatio,
      train_skip_ratio: p.trainSkipRatio, ramp_steps: p.rampSteps, ramp_start: p.rampStart,
      sparsity_weight: p.sparsityWeight, entropy_weight: p.entropyWeight,
    }),
  },
  onnx: {
    write: ({ inputs: { u, fu, x }, w, params: p, nodeId, g }) => {
      if (p.decision === 'random') throw new GateLabError([graphError('NOT_EXPORTED', `node "${nodeId}" is a ResidualBranchGate that skips random tokens, which cannot be exported to ONNX: GateLab draws them from its own seeded generator`, { nodeId })]);
      const gate = onnx.sigmoid(g, onnx.linear(g, u, w.kernel!, w.bias));                       // (B, T, G)
      const importance = g.op('ReduceMean', [gate], { axes: { ints: [-1] }, keepdims: { i: 0 } }); // (B, T)
      const keep = g.op('Sub', [g.scalar(1), onnx.lowestShareMask(g, importance, p.skipRatio)]);
      return { out: g.op('Add', [x, g.op('Mul', [g.op('Mul', [gate, g.op('Unsqueeze', [keep, g.int64s([-1])])]), fu])]) };
    },
  },
  flops: ({ u, x }, p) => {
    if (!u || !x) return 0;
    const tokens = x.shape.slice(1, -1).reduce<number>((a, d) => a * (d as number), 1);
    const Du = lastDim(u) as number, D = lastDim(x) as number;
    const G = p.gateWidth === 'vector' ? D : 1;
    return tokens * (2 * Du * G + 2 * G + 3 * D); // gate matmul, sigmoid and mean, then gate·branch + residual
  },
  stats: {
    gate: { kind: 'gate', label: 'Branch gate', doc: 'Gate values g per token and channel.' },
    importance: { kind: 'gate', label: 'Token importance', doc: 'Token importance: mean of g over channels; per position it shows which tokens the gate keeps (the paper finds the first token near 1).' },
    skip: { kind: 'rate', label: 'Skipped tokens', doc: 'Share of tokens that skip the branch at the current ρ.' },
    compute: { kind: 'compute', label: 'Compute spent', doc: "Share of the branch's FLOPs actually spent: skipped tokens are free.", covers: ['fu'] },
  },
  auxLosses: {
    sparsity: 'sparsityWeight · mean(g²): pulls gates down so fewer tokens matter.',
    entropy: 'entropyWeight · mean binary entropy of g: pushes each gate to 0 or 1.',
  },
  interventions: {
    skipRatio: { label: 'force a skip ratio of', min: 0, max: 1, step: 0.05, initial: 0.5, doc: 'Share of tokens that skip the branch at evaluation (the lowest gates skip).' },
  },
});
