/**
 * Idea-Gated Transformer: an "idea" head guesses which words
 * will come up in the next K tokens, and a vocabulary gate turns that guess into
 * a bounded penalty on the next-token logits.
 *
 *   u     = IdeaHead(h) = ReLU(h W1 + b1) W2 + b2                  (B, T, V)
 *   p     = σ(u)                                                  the concept vector
 *   z_out = z + max(α · log(p + 1e-8), β)                         β = −2: at most −2 per logit
 *   loss += w · BCEWithLogits(u, y_idea),  y_idea[t] = multi-hot of the targets y[t … t+K−1]
 *
 * Adding a log to the logits multiplies the probabilities: a word's probability is
 * scaled by g = max(p^α, e^β) before renormalising, so words the idea head does not
 * expect are damped, never removed. α ramps linearly from 0 during the first
 * `rampSteps` training steps; α = 0 is the ungated baseline.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, int, num } from '../../registry/params';
import { formatShape, port } from '../../registry/ports';
import { fail, float, lastDim, sameShape } from '../../shapes/dims';
import { linear, maskedMean, stepAbove, stopGradient } from '../../compile/ops';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

const EPS = 1e-8;

/**
 * Multi-hot [B, T, V] of the tokens in each window ids[t … t+K−1] (ids [B, T]);
 * `weight` [B, T] (0 where a target does not count) leaves tokens out.
 */
export function multiHotWindow(ids: tf.Tensor, V: number, K: number, weight?: tf.Tensor): tf.Tensor {
  const [B, T] = ids.shape as [number, number];
  let onehot = tf.cast(tf.oneHot(tf.cast(ids, 'int32'), V), 'float32');             // (B, T, V)
  if (weight) onehot = tf.mul(onehot, tf.expandDims(weight, 2));
  const band = new Float32Array(T * T); // band[t, s] = 1 for t ≤ s < t + K
  for (let t = 0; t < T; t++) for (let s = t; s < Math.min(T, t + K); s++) band[t * T + s] = 1;
  const perT = tf.reshape(tf.transpose(onehot, [1, 0, 2]), [T, B * V]);            // (T, B·V)
  const counts = tf.matMul(tf.tensor2d(band, [T, T]), perT);                         // (T, B·V)
  return stepAbove(tf.transpose(tf.reshape(counts, [T, B, V]), [1, 0, 2]), 0.5);    // (B, T, V)
}

/** Mean binary cross-entropy of logits u against 0/1 targets y, from logits (stable form). */
export function bceWithLogits(u: tf.Tensor, y: tf.Tensor, weight?: tf.Tensor): tf.Tensor {
  const per = tf.add(tf.sub(tf.relu(u), tf.mul(u, y)), tf.log1p(tf.exp(tf.neg(tf.abs(u))))); // (B, T, V)
  return weight ? maskedMean(tf.mean(per, -1), weight) : tf.mean(per);
}

/** The vocabulary gate's additive penalty max(α log(σ(u) + ε), β), in [β, 0]. */
export function vocabPenalty(ideaLogits: tf.Tensor, alpha: number, beta: number): tf.Tensor {
  return tf.maximum(tf.mul(tf.log(tf.add(tf.sigmoid(ideaLogits), EPS)), alpha), beta);
}

/** α at a training step: 0 before rampStart, then linear up to α over rampSteps; the full α at inference. */
export function alphaAt(alpha: number, rampStart: number, rampSteps: number, step: number, training: boolean): number {
  if (!training) return alpha;
  if (step < rampStart) return 0;
  return rampSteps <= 0 ? alpha : alpha * Math.min(1, (step - rampStart) / rampSteps);
}

export const IdeaHead = defineNode({
  type: 'IdeaHead',
  label: 'Idea head',
  category: 'heads/idea',
  version: 1,
  doc:
    'Guesses which words will appear soon, not just the next one. From the final hidden states h [B, T, D] a small ' +
    'MLP (D → D with ReLU → V) gives one score per vocabulary word; σ of a score is the "concept vector", the ' +
    'chance that this word occurs among the next K tokens. While training it learns that from a multi-hot target ' +
    '(1 for every word in the next K targets) with a binary cross-entropy, weighted 0.1, added to the loss. Feed ' +
    'its output to a Vocab log-gate together with the language-model logits.',
  cite: '"Idea-Gated Transformers: Enforcing Semantic Coherence via Differentiable Vocabulary Pruning"; reference code DarshanFofadiya/idea-gated-transformers, model.py',
  inputs: { in: port('data', ['B', 'T', 'D'], { doc: 'Final hidden states.' }) },
  outputs: { out: port('gate', ['B', 'T', 'V'], { doc: 'Idea logits, one per vocabulary word (before the sigmoid).' }) },
  params: {
    window: int({ default: 8, min: 1, max: 128, doc: 'K: how many upcoming tokens the multi-hot target covers (the paper uses 20; 8 suits the short toy texts).' }),
    auxWeight: num({ default: 0.1, min: 0, max: 10, doc: 'Weight of the idea head\'s binary cross-entropy in the total loss.' }),
    detachInput: bool({ default: false, doc: 'Stop the idea head\'s gradients at its input, so training it never changes the language model beneath.' }),
  },
  keyParams: ['window'],
  infer: ({ in: h }, _p, ctx) => {
    if (!h) return { out: float(['B', 1, ctx.dataset.classes]) };
    if (h.shape.length !== 3 || h.dtype !== 'float32') return fail(`IdeaHead expects hidden states [B, T, D]; it gets ${formatShape(h.shape)}`, 'in');
    if (!ctx.dataset.vocab) return fail(`IdeaHead predicts words, but the dataset "${ctx.dataset.name}" has no vocabulary`, 'in');
    return { out: float([h.shape[0]!, h.shape[1]!, ctx.dataset.classes]) };
  },
  build: ({ inputs, v, dataset }) => {
    const D = lastDim(inputs.in!) as number;
    return {
      w1: v.make('w1', [D, D], { kind: 'he' }), b1: v.make('b1', [D], { kind: 'zeros' }),
      w2: v.make('w2', [D, dataset.classes], { kind: 'glorot' }), b2: v.make('b2', [dataset.classes], { kind: 'zeros' }),
    };
  },
  apply: ({ in: h }, w, { params, target, targetMask, addLoss }) => {
    const x = params.detachInput ? stopGradient(h) : h;
    const u = linear(tf.relu(linear(x, w.w1!, w.b1)), w.w2!, w.b2); // (B, T, V)
    if (target && params.auxWeight > 0 && target.rank === 2) {
      const V = u.shape[2]!;
      const y = multiHotWindow(target, V, params.window, targetMask);
      addLoss('idea', tf.mul(bceWithLogits(u, y, targetMask), params.auxWeight));
    }
    return { out: u };
  },
  torch: {
    source: () => import('./vocab-log-gate.py?raw'),
    className: 'IdeaHead',
    context: true,
    args: ({ params: p, inputs, dataset }) => ({ dim: lastOf(inputs.in), vocab: dataset.classes, window: p.window, aux_weight: p.auxWeight, detach_input: p.detachInput === true }),
  },
  onnx: { write: ({ inputs, w, g }) => ({ out: onnx.linear(g, g.op('Relu', [onnx.linear(g, inputs.in, w.w1!, w.b1)]), w.w2!, w.b2) }) },
  flops: ({ in: h }, _p, { out }) => {
    if (!h || !out) return 0;
    const T = h.shape[1] as number, D = h.shape[2] as number, V = out.shape[2] as number;
    return 2 * T * (D * D + D * V) + T * D;
  },
  auxLosses: { idea: 'w · BCE(idea logits, multi-hot of the next K target tokens), while training.' },
});

export const VocabLogGate = defineNode({
  type: 'VocabLogGate',
  label: 'Vocab log-gate',
  category: 'gates/vocab',
  version: 1,
  doc:
    'Keeps a language model on topic by damping words the idea head does not expect. It adds ' +
    'max(α · log σ(idea), β) to each next-token logit: a word the idea head rates likely (σ near 1) is left almost ' +
    'alone, an unlikely one loses up to |β| = 2 logits, and no word is ever forbidden outright. On probabilities ' +
    'this is a gate: each word\'s probability is multiplied by g = max(σ(idea)^α, e^β) before renormalising. ' +
    'α ramps from 0 to its value over the first training steps, so the idea head learns before it steers; set α = 0 ' +
    'for the ungated model. Watch clamped (how many words sit at the floor β) and the gate histogram.',
  cite: '"Idea-Gated Transformers: Enforcing Semantic Coherence via Differentiable Vocabulary Pruning"; reference code DarshanFofadiya/idea-gated-transformers, model.py',
  inputs: {
    z: port('data', ['B', 'T', 'V'], { doc: 'Next-token logits of the language model.' }),
    idea: port('gate', ['B', 'T', 'V'], { doc: 'Idea logits from an Idea head.' }),
  },
  outputs: { out: port('data', ['B', 'T', 'V']) },
  params: {
    alpha: num({ default: 0.5, min: 0, max: 4, step: 0.05, doc: 'Strength α of the log-gate at inference (and at the end of the ramp); 0 switches the gate off.' }),
    beta: num({ default: -2, min: -20, max: 0, step: 0.5, doc: 'Floor β of the penalty: no logit loses more than |β|.' }),
    rampSteps: int({ default: 1000, min: 0, max: 1_000_000, doc: 'Training steps over which α grows linearly from 0 (0 = no ramp).' }),
    rampStart: int({ default: 0, min: 0, max: 1_000_000, doc: 'Training step where the ramp begins; before it α = 0 (a language model pretrained before the gate is added).' }),
  },
  keyParams: ['alpha', 'beta'],
  infer: ({ z, idea }) => {
    if (!z || !idea) return { out: z ?? idea ?? float(['B', 1, 1]) };
    if (z.shape.length !== 3) return fail(`VocabLogGate expects logits [B, T, V]; it gets ${formatShape(z.shape)}`, 'z');
    if (!sameShape(z.shape, idea.shape)) return fail(`the idea logits ${formatShape(idea.shape)} must match the logits ${formatShape(z.shape)}`, 'idea');
    return { out: z };
  },
  apply: ({ z, idea }, _w, { params, step, training, probe }) => {
    const alpha = alphaAt(params.alpha, params.rampStart, params.rampSteps, step, training);
    if (alpha === 0) {
      if (probe.enabled) recordStats(probe, tf.zerosLike(z), params.beta, alpha, idea);
      return { out: z };
    }
    const penalty = vocabPenalty(idea, alpha, params.beta); // (B, T, V), in [β, 0]
    if (probe.enabled) recordStats(probe, penalty, params.beta, alpha, idea);
    return { out: tf.add(z, penalty) };
  },
  torch: {
    source: () => import('./vocab-log-gate.py?raw'),
    className: 'VocabLogGate',
    context: true,
    args: ({ params: p }) => ({ alpha: p.alpha, beta: p.beta, ramp_start: p.rampStart, ramp_steps: p.rampSteps }),
  },
  onnx: {
    write: ({ inputs: { z, idea }, params: p, g }) => {
      if (p.alpha === 0) return { out: z }; // at inference α has finished its ramp
      const penalty = g.op('Max', [g.op('Mul', [g.op('Log', [g.op('Add', [onnx.sigmoid(g, idea), g.scalar(EPS)])]), g.scalar(p.alpha)]), g.scalar(p.beta)]);
      return { out: g.op('Add', [z, penalty]) };
    },
  },
  flops: ({ z }) => (z ? 5 * (z.shape[1] as number) * (z.shape[2] as number) : 0),
  stats: {
    gate: { kind: 'gate', label: 'Word gate', doc: 'The factor g = exp(penalty) in [e^β, 1] that multiplies each word\'s probability.' },
    clamped: { kind: 'scalar', label: 'Words at the floor', doc: 'Vocabulary entries per position whose penalty sits at the floor β.' },
    concept: { kind: 'scalar', label: 'Concept strength', doc: 'Mean of the concept vector σ(idea) over positions and words.' },
    alpha: { kind: 'scalar', label: 'Gate strength α', doc: 'α in use (the ramp\'s current value while training, the full α in a probe pass).' },
  },
});

function recordStats(probe: { record(stat: string, value: tf.Tensor): void }, penalty: tf.Tensor, beta: number, alpha: number, idea: tf.Tensor): void {
  probe.record('gate', tf.exp(penalty));
  const V = penalty.shape[penalty.shape.length - 1]!;
  const atFloor = alpha === 0 ? tf.zerosLike(penalty) : stepAbove(tf.neg(penalty), -beta - 1e-6);
  probe.record('clamped', tf.mul(tf.mean(atFloor), V));
  probe.record('concept', tf.mean(tf.sigmoid(idea)));
  probe.record('alpha', tf.scalar(alpha));
}
