/**
 * PHATGOOSE (Muqeeth et al., 2024; r-three/phatgoose src/models/addons/moe.py,
 * scripts/manipulations.py `use_input_gate_as_router`): experts trained
 * separately, then routed per token after the fact by their own gates.
 *
 *   stage 1  per task t, a LoRA on each frozen linear layer:  ΔW_t x = (x A_t) B_t / r
 *   stage 2  LoRAs frozen; a gate vector v_t per module, from 0: the LoRA input becomes x · σ(v_t · x)
 *   stage 3  zero-shot: s_t = LN(x) · LN(v_t) / √d (LayerNorm without affine), softmax, top-2
 *            renormalised: y = W x + Σ_{t ∈ top2} w_t ΔW_t x
 *
 * Two nodes per module: PostHocRouter (the gates, and the routing they become)
 * and LoRAExpertBank (the adapters), beside a frozen Dense with an Add. While
 * training, each example reaches only its own task's expert (stages 1 and 2 see
 * one task at a time, so this is the same as training them apart); the
 * sigmoid gate joins from the training phase `gatePhase` on.
 *
 * Intervention `offExpert` = i switches off expert i at evaluation: routed, its
 * score is −∞ before the softmax and top-k, so examples take their next-best
 * expert (top-k renormalised as usual); merged, the average is over the
 * others; oracle, its task's examples get no expert (there is no next best).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { choice, int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim, perExample, withLast } from '../../shapes/dims';
import { stopGradient } from '../../compile/ops';
import { groupPurity, offExpertIntervention, renormalize, switchOffExpert, topKMask } from './router';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

const CITE = 'Muqeeth et al., 2024, "Learning to Route Among Specialized Experts for Zero-Shot Generalization" (PHATGOOSE, ICML 2024); reference code r-three/phatgoose';

/** Standardise the last axis (LayerNorm without gain or bias). */
function standardise(x: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-6)));
}

/** One row per token: [B, T, D] → [B·T, D]; [B, D] stays as it is. */
function rows(t: tf.Tensor): tf.Tensor {
  return t.rank <= 2 ? t : tf.reshape(t, [-1, t.shape[t.rank - 1]!]);
}

/** One id per token: [B, T] → [B·T]. */
const perToken = (ids: tf.Tensor) => tf.reshape(tf.cast(ids, 'int32'), [-1]);

/** PHATGOOSE routing scores: standardised dot products of tokens x [N, D] with the gate vectors v [E, D], over √D. */
export function gateScores(x: tf.Tensor, v: tf.Tensor): tf.Tensor {
  return tf.div(tf.matMul(standardise(x), standardise(v), false, true), Math.sqrt(x.shape[1]!));
}

export const PostHocRouter = defineNode({
  type: 'PostHocRouter',
  label: 'Sigmoid gates → post-hoc router (PHATGOOSE)',
  category: 'routers/posthoc',
  version: 1,
  doc:
    'One gate vector per expert, starting at 0. While an expert trains on its own task, the gate scales what the expert ' +
    'sees by σ(v · x), so v learns which inputs that expert helps with (the gate starts half open and opens further on ' +
    'its task). Afterwards the gates become a router, with no further training: each token is compared with every gate ' +
    'vector (both standardised), the softmax of the scores picks the top 2 experts, and their weights go to a LoRA expert ' +
    'bank. Routing happens per token and per module: on a sequence [B, T, D] every token chooses its own experts. ' +
    'mode = pooled routes a whole sequence by its mean token instead (one choice per example); merge averages all ' +
    'experts uniformly (the baseline of merging the adapters); oracle sends each token to its own task’s expert (an upper bound).',
  cite: CITE,
  inputs: {
    in: port('data', ['B', '*', 'D'], { doc: 'The module’s input x (what its linear layer and experts see): one vector per example, or one per token.' }),
    task: port('condition', ['B', '*'], { dtype: 'int32', optional: true, doc: 'Task id of each example or token (the dataset field "task"): while training, it reaches only its own task’s expert.' }),
    group: port('condition', ['B', '*'], { dtype: 'int32', optional: true, doc: 'Optional source task of each example or token (the field "group"), for the routing-accuracy statistic.' }),
  },
  outputs: { weights: port('router', ['B', '*', 'E'], { doc: 'Weight of each expert’s update for each example or token.' }) },
  params: {
    experts: int({ default: 4, min: 1, max: 16, doc: 'Number of experts (tasks) E.' }),
    k: int({ default: 2, min: 1, max: 16, doc: 'Experts kept per token after the softmax (top-k, renormalised).' }),
    mode: choice({ default: 'posthoc', options: ['posthoc', 'pooled', 'merge', 'oracle'], doc: 'At inference: route every token by the gates (PHATGOOSE), route each sequence by its mean token (one choice per example), average all experts uniformly (merging), or use each token’s own task (oracle). On [B, D] inputs posthoc and pooled are the same.' }),
    gatePhase: int({ default: 2, min: 0, max: 19, doc: 'Index of the training phase from which the sigmoid gate scales the expert input (stage 2); before it the experts train ungated.' }),
  },
  keyParams: ['mode', 'k'],
  infer: ({ in: x, task, group }, p) => {
    if (p.k > p.experts) return fail(`k = ${p.k} but there are only ${p.experts} experts`);
    if (!x) return { weights: { shape: ['B', p.experts], dtype: 'float32' } };
    if (x.shape.length < 2 || x.shape.length > 3 || x.dtype !== 'float32') return fail(`PostHocRouter expects float features [B, D] or tokens [B, T, D]; it gets ${formatShape(x.shape)}`, 'in');
    const ids = formatShape(x.shape.slice(0, -1));
    for (const [name, t] of [['task', task], ['group', group]] as const) {
      if (t && formatShape(t.shape) !== ids) return fail(`${name} should be one id per ${x.shape.length === 3 ? 'token' : 'example'} ${ids}; it gets ${formatShape(t.shape)}`, name);
    }
    return { weights: withLast(x, p.experts) };
  },
  build: ({ params: p, inputs, v }) => ({ gates: v.make('gates', [p.experts, lastDim(inputs.in!) as number], { kind: 'zeros' }) }),
  apply: ({ in: x, task, group }, w, { nodeId, params: p, training, phase, probe, interventions }) => {
    const E = p.experts;
    const tokens = rows(x), N = tokens.shape[0]!;
    const back = (weights: tf.Tensor) => ({ weights: tf.reshape(weights, [...x.shape.slice(0, -1), E]) });
    const own = task ? tf.oneHot(perToken(task), E) : tf.zeros([N, E]);   // ids ≥ E: no expert
    if (training) {
      const gated = phase === undefined || phase >= p.gatePhase;
      return back(gated ? tf.mul(own, tf.sigmoid(tf.matMul(tokens, w.gates!, false, true))) : own);
    }
    // pooled: the sequence's mean token scores the experts once, and every token of it follows that choice
    const scores = () => (p.mode === 'pooled' && x.rank === 3
      ? rows(tf.tile(tf.expandDims(gateScores(tf.mean(x, 1), w.gates!), 1), [1, x.shape[1]!, 1]))
      : gateScores(tokens, w.gates!));
    const off = interventions?.[`${nodeId}.offExpert`];
    const switched = off === undefined ? undefined : switchOffExpert(scores(), off);
    let weights: tf.Tensor;
    if (p.mode === 'merge') weights = switched ? renormalize(tf.mul(tf.ones([N, E]), switched.keep)) : tf.fill([N, E], 1 / E);
    else if (p.mode === 'oracle') weights = switched ? tf.mul(own, switched.keep) : own;
    else {
      const probs = tf.softmax(switched?.logits ?? scores());
      const mask = topKMask(probs, p.k);
      weights = renormalize(tf.mul(probs, switched ? tf.mul(mask, switched.keep) : mask));
    }
    if (probe.enabled) {
      probe.record('routing', weights);
      if (group) {
        const source = perToken(group);
        const known = tf.cast(tf.less(source, E), 'float32');                                   // generic tokens have no expert
        const top1 = topKMask(stopGradient(weights), 1);
        const match = tf.sum(tf.mul(top1, tf.oneHot(source, E)), -1);
        probe.record('routingAccuracy', tf.div(tf.sum(tf.mul(match, known)), tf.maximum(tf.sum(known), 1)));
        probe.record('groupPurity', groupPurity(weights, source, E + 1));
      }
    }
    return back(weights);
  },
  torch: {
    source: () => import('./phatgoose.py?raw'),
    className: 'PostHocRouter',
    helpers: ['router'],
    context: true,
    args: ({ params: p, inputs }) => ({ dim: lastOf(inputs.in), experts: p.experts, k: p.k, mode: p.mode, gate_phase: p.gatePhase }),
  },
  onnx: {
    // Inference only: the gated training forward does not reach a prediction.
    write: ({ inputs: { in: x, task }, w, params: p, shapes, g }) => {
      const E = p.experts;
      // every op below works on the last axis, so [B, D] and [B, T, D] take the same path
      if (p.mode === 'merge') return { weights: g.op('Expand', [g.scalar(1 / E), onnx.shapeWithLast(g, x, E)]) };
      if (p.mode === 'oracle') return { weights: task ? onnx.oneHotAny(g, task, E) : g.op('Expand', [g.scalar(0), onnx.shapeWithLast(g, x, E)]) };
      const standardise = (v: string) => {
        const centred = g.op('Sub', [v, onnx.meanLast(g, v)]);
        return g.op('Div', [centred, g.op('Sqrt', [g.op('Add', [onnx.meanLast(g, g.op('Mul', [centred, centred])), g.scalar(1e-6)])])]);
      };
      const pooled = p.mode === 'pooled' && shapes.inputs.in!.shape.length === 3;
      const chooser = pooled ? g.op('ReduceMean', [x], { axes: { ints: [1] }, keepdims: { i: 1 } }) : x;   // [B, 1, D]: one choice per sequence
      const D = lastDim(shapes.inputs.in!) as number;
      const scores = g.op('Div', [g.op('MatMul', [standardise(chooser), g.op('Transpose', [standardise(w.gates!)])]), g.scalar(Math.sqrt(D))]);
      const probs = g.op('Softmax', [scores], { axis: { i: -1 } });
      const weights = onnx.renormalize(g, g.op('Mul', [probs, onnx.topKMask(g, probs, p.k)]));
      return { weights: pooled ? g.op('Expand', [weights, onnx.shapeWithLast(g, x, E)]) : weights };
    },
  },
  flops: ({ in: x }, p) => (x ? (perExample(x) / (lastDim(x) as number)) * (2 * (lastDim(x) as number) * p.experts + 10 * p.experts + 8 * (lastDim(x) as number)) : 0),
  stats: {
    routing: { kind: 'routing', label: 'Routing', doc: 'Expert weights per example [B, E]: expert load and routing entropy.' },
    routingAccuracy: { kind: 'scalar', label: 'Routing accuracy', doc: 'With a group input: share of task examples whose top expert is their own task’s.' },
    groupPurity: { kind: 'scalar', label: 'Expert purity', doc: 'With a group input: how purely each expert serves one source task (1 = one task per expert).' },
  },
  interventions: { offExpert: offExpertIntervention(16) },
});

export const LoRAExpertBank = defineNode({
  type: 'LoRAExpertBank',
  label: 'LoRA expert bank',
  category: 'experts/lora',
  version: 1,
  doc:
    'E low-rank adapters for one frozen linear layer: expert t adds ΔW_t x = (x A_t) B_t / r. B starts at zero, so an ' +
    'untrained expert changes nothing. Put it beside a frozen Dense of the same input and width and add the two; the ' +
    'router’s weights say how much of each expert every example gets: Σ_t w_t ΔW_t x.',
  cite: CITE,
  inputs: {
    in: port('data', ['B', '*', 'D']),
    weights: port('router', ['B', '*', 'E'], { doc: 'Weight of each expert for each example or token (from a PostHocRouter).' }),
  },
  outputs: { out: port('branch', ['B', '*', 'units']) },
  params: {
    units: int({ default: 16, min: 1, max: 1024, doc: 'Output width: the width of the frozen layer the experts adapt.' }),
    rank: int({ default: 16, min: 1, max: 256, doc: 'Rank r of each adapter.' }),
    initStd: num({ default: 0.01, min: 0, max: 1, step: 0.001, doc: 'Standard deviation of A at the start (B starts at 0).' }),
  },
  keyParams: ['rank'],
  infer: ({ in: x, weights }, p) => {
    if (!x) return { out: { shape: ['B', p.units], dtype: 'float32' } };
    if (x.shape.length < 2 || x.shape.length > 3 || x.dtype !== 'float32') return fail(`LoRAExpertBank expects float features [B, D] or tokens [B, T, D]; it gets ${formatShape(x.shape)}`, 'in');
    if (weights && formatShape(weights.shape.slice(0, -1)) !== formatShape(x.shape.slice(0, -1))) {
      return fail(`the router weights should be ${formatShape([...x.shape.slice(0, -1), 'E'])}, one row per ${x.shape.length === 3 ? 'token' : 'example'}; they are ${formatShape(weights.shape)}`, 'weights');
    }
    return { out: withLast(x, p.units) };
  },
  build: ({ params: p, inputs, v }) => {
    const D = lastDim(inputs.in!) as number, E = lastDim(inputs.weights!) as number;
    return { A: v.make('A', [E, D, p.rank], { kind: 'normal', std: p.initStd }), B: v.make('B', [E, p.rank, p.units], { kind: 'zeros' }) };
  },
  apply: ({ in: x, weights }, w, { params: p, probe }) => {
    const E = w.A!.shape[0]!;
    const xs = tf.tile(tf.expandDims(rows(x), 0), [E, 1, 1]);                             // (E, N, D), a row per token
    const delta = tf.div(tf.matMul(tf.matMul(xs, w.A!), w.B!), p.rank);                 // (E, N, U)
    const y = tf.sum(tf.mul(tf.transpose(delta, [1, 0, 2]), tf.expandDims(rows(weights), -1)), 1); // (N, U)
    if (probe.enabled) probe.record('compute', tf.div(tf.sum(tf.step(tf.abs(rows(weights))), -1), E));
    return { out: tf.reshape(y, [...x.shape.slice(0, -1), p.units]) };
  },
  torch: {
    source: () => import('./phatgoose.py?raw'),
    className: 'LoRAExpertBank',
    args: ({ params: p, inputs }) => ({ dim: lastOf(inputs.in), experts: lastOf(inputs.weights), units: p.units, rank: p.rank, init_std: p.initStd }),
  },
  onnx: {
    write: ({ inputs: { in: x, weights }, w, params: p, shapes, g }) => {
      const flat = (v: string, width: number) => g.op('Reshape', [v, g.int64s([-1, width])]);            // a row per token
      const xs = g.op('Unsqueeze', [flat(x, lastDim(shapes.inputs.in!) as number), g.int64s([0])]);                           // (1, N, D)
      const delta = g.op('Div', [g.op('MatMul', [g.op('MatMul', [xs, w.A!]), w.B!]), g.scalar(p.rank)]); // (E, N, U)
      const spread = g.op('Mul', [g.op('Transpose', [delta], { perm: { ints: [1, 0, 2] } }), g.op('Unsqueeze', [flat(weights, lastDim(shapes.inputs.weights!) as number), g.int64s([-1])])]);
      return { out: g.op('Reshape', [g.op('ReduceSum', [spread, g.int64s([1])], { keepdims: { i: 0 } }), onnx.shapeWithLast(g, x, p.units)]) };
    },
  },
  flops: ({ in: x, weights }, p) => {
    if (!x || !weights) return 0;
    return (perExample(x) / (lastDim(x) as number)) * (lastDim(weights) as number) * (2 * (lastDim(x) as number) * p.rank + 2 * p.rank * p.units + 2 * p.units);
  },
  stats: { compute: { kind: 'compute', label: 'Compute spent', doc: 'Share of the experts actually run per example (top-k of E when routed, all when merged).' } },
});
