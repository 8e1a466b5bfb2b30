/**
 * MoE++ (Jin et al., 2024; SkyworkAI/MoE-plus-plus MoE++/moe_plus_plus_layer.py):
 * a top-2 mixture of FFN experts plus zero-computation experts, which cost
 * next to nothing, so a token the router sends to them takes fewer FFNs.
 *
 *   zero      E(x) = 0                               (drop the slot)
 *   copy      E(x) = x                               (pass through)
 *   constant  [a1, a2] = softmax(W_c x); E(x) = a1·x + a2·v   (v learned)
 *   FFN       SwiGLU MLP
 *
 * Router [code]: logits = W2 tanh(W1 x) (+ W_map · previous layer's logits:
 * the gating residual); p = softmax(logits); keep the top k; the zero expert's
 * weight is set to 0 and the kept weights are renormalised; the token is
 * multiplied by k before dispatch. Expert order as released: FFNs, constants,
 * copies, zeros.
 *
 * Intervention `offExpert` = i (any kind, in that order) switches off expert i
 * at evaluation: its logit is −∞ before the top-k, so tokens take their
 * next-best expert and the kept weights are renormalised as usual. The next
 * layer's gating residual still gets the logits as computed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, int, num } from '../../registry/params';
import { port, formatShape, type TensorInfo } from '../../registry/ports';
import { fail, lastDim, perExample, withLast } from '../../shapes/dims';
import { oneHotAny, linear, stopGradient } from '../../compile/ops';
import { loadBalanceLoss, offExpertIntervention, renormalize, switchOffExpert, topKMask } from './router';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

const CITE = 'Jin et al., "MoE++: Accelerating Mixture-of-Experts Methods with Zero-Computation Experts"; reference code SkyworkAI/MoE-plus-plus, MoE++/moe_plus_plus_layer.py';

export type ExpertKind = 'ffn' | 'constant' | 'copy' | 'zero';
export const EXPERT_KINDS: readonly ExpertKind[] = ['ffn', 'constant', 'copy', 'zero'];

interface Layout { ffn: number; constant: number; copy: number; zero: number }

/** Kind of each expert, in the released order: FFNs, constants, copies, zeros. */
export function expertKinds(l: Layout): ExpertKind[] {
  return [...Array<ExpertKind>(l.ffn).fill('ffn'), ...Array<ExpertKind>(l.constant).fill('constant'), ...Array<ExpertKind>(l.copy).fill('copy'), ...Array<ExpertKind>(l.zero).fill('zero')];
}

function layoutOf(p: { ffnExperts: number; constantExperts: number; copyExperts: number; zeroExperts: number }): Layout {
  return { ffn: p.ffnExperts, constant: p.constantExperts, copy: p.copyExperts, zero: p.zeroExperts };
}

/** Forward FLOPs per token of each part (multiply-add = 2). */
export function moeppCosts(D: number, H: number, E: number): { router: number; ffn: number; constant: number } {
  return {
    router: 2 * D * 8 * E + 8 * E + 2 * 8 * E * E + 3 * E,   // W1, tanh, W2, softmax
    ffn: 3 * 2 * D * H + 5 * H,                             // gate, up, down matmuls; SiLU and product
    constant: 2 * D * 2 + 3 * D,                            // W_c, then a1·x + a2·v
  };
}

/** A [E] constant vector with 1 where the expert is of one of the kinds. */
function kindMask(kinds: ExpertKind[], which: ExpertKind[]): tf.Tensor {
  return tf.tensor1d(kinds.map((k) => (which.includes(k) ? 1 : 0)));
}

const tokens = (x: TensorInfo | undefined) => (x ? perExample(x) / Math.max(1, lastDim(x) as number) : 0);

export const MoEPlusPlus = defineNode({
  type: 'MoEPlusPlus',
  label: 'MoE++ layer (zero-computation experts)',
  category: 'routers/moe',
  version: 1,
  doc:
    'A mixture-of-experts layer where some experts do (almost) nothing: a zero expert drops its slot, a copy expert ' +
    'passes the token through, a constant expert blends the token with a learned vector. Each token still picks its top ' +
    '2 experts, but a token that picks a zero-computation expert runs only one FFN, or none: easy tokens can learn to ' +
    'be cheap. The router is two small layers (tanh between them) and can add the previous MoE++ layer’s scores through ' +
    'a learned E×E map (the gating residual): connect that layer’s "logits" output to "residual". As released, the zero ' +
    'expert’s weight is set to 0 and the other kept weight renormalised, so picking it means "use one FFN at full ' +
    'weight", and tokens are multiplied by k before the experts. The balance loss weighs zero-computation experts by τ: ' +
    'below 1 it lets more tokens go to them. Set all zero-computation counts to 0 for a vanilla top-k MoE.',
  cite: CITE,
  inputs: {
    in: port('data', ['B', '*', 'D']),
    residual: port('router', ['B', '*', 'E'], { optional: true, doc: 'Router logits of the previous MoE++ layer (the gating residual).' }),
    group: port('condition', ['B', '*'], { dtype: 'int32', optional: true, doc: 'Optional token kind (an Input reading the dataset field "group"): splits the statistics by kind.' }),
  },
  outputs: {
    out: port('data', ['B', '*', 'D']),
    logits: port('router', ['B', '*', 'E'], { doc: 'This layer’s router logits, for the next layer’s gating residual.' }),
  },
  params: {
    ffnExperts: int({ default: 4, min: 1, max: 16, doc: 'FFN experts (SwiGLU MLPs): the ones that cost compute.' }),
    constantExperts: int({ default: 2, min: 0, max: 8, doc: 'Constant experts: a1·x + a2·v with a learned vector v.' }),
    copyExperts: int({ default: 1, min: 0, max: 8, doc: 'Copy experts: return the token unchanged.' }),
    zeroExperts: int({ default: 1, min: 0, max: 8, doc: 'Zero experts: return nothing (the slot is dropped).' }),
    k: int({ default: 2, min: 1, max: 8, doc: 'Experts chosen per token.' }),
    hidden: int({ default: 32, min: 1, max: 1024, doc: 'Hidden width of each FFN expert.' }),
    tau: num({ default: 0.75, min: 0, max: 2, step: 0.05, doc: 'τ: weight of zero-computation experts in the balance loss; below 1 they may take more tokens.' }),
    balance: num({ default: 0.01, min: 0, max: 1, step: 0.001, doc: 'Coefficient of the heterogeneous load-balancing loss; 0 turns it off.' }),
    renormalizeAfterZero: bool({ default: true, doc: 'As released: zero the zero expert’s weight and rescale the kept weights to sum to 1.' }),
    scaleInputByK: bool({ default: true, doc: 'As released: multiply each token by k before the experts.' }),
  },
  keyParams: ['ffnExperts', 'zeroExperts', 'k'],
  infer: ({ in: x, residual, group }, p) => {
    const E = p.ffnExperts + p.constantExperts + p.copyExperts + p.zeroExperts;
    if (p.k > E) return fail(`k = ${p.k} but the layer has only ${E} experts`);
    if (!x) return { out: { shape: ['B', 1], dtype: 'float32' }, logits: { shape: ['B', E], dtype: 'float32' } };
    if (x.dtype !== 'float32') return fail('MoE++ expects float features; it gets token ids (put an Embedding first)', 'in');
    const want = withLast(x, E);
    if (residual && (residual.shape.length !== want.shape.length || residual.shape.some((d, i) => d !== want.shape[i]))) {
      return fail(`the gating residual must be the previous layer's logits ${formatShape(want.shape)} (same experts); it gets ${formatShape(residual.shape)}`, 'residual');
    }
    if (group && group.shape.length !== x.shape.length - 1) return fail(`group should have one id per token, ${formatShape(x.shape.slice(0, -1))}; it gets ${formatShape(group.shape)}`, 'group');
    return { out: x, logits: want };
  },
  build: ({ params: p, inputs, v }) => {
    const D = lastDim(inputs.in!) as number;
    const E = p.ffnExperts + p.constantExperts + p.copyExperts + p.zeroExperts;
    const H = p.hidden, F = p.ffnExperts, C = p.constantExperts;
    // nn.Linear's default init, U(±1/√fan_in), as in the released router
    const lin = (fanIn: number) => ({ kind: 'uniform' as const, limit: 1 / Math.sqrt(fanIn) });
    const vars: Record<string, tf.Variable> = {
      router1: v.make('router1', [D, 8 * E], lin(D)),
      router2: v.make('router2', [8 * E, E], lin(8 * E)),
      gate: v.make('gate', [F, D, H], lin(D)),
      up: v.make('up', [F, D, H], lin(D)),
      down: v.make('down', [F, H, D], lin(H)),
    };
    if (inputs.residual) vars.residualMap = v.make('residualMap', [E, E], lin(E));
    if (C > 0) {
      vars.constWeights = v.make('constWeights', [C, D, 2], lin(D));
      vars.constVectors = v.make('constVectors', [C, 1, D], { kind: 'normal', std: 1 });
    }
    return vars;
  },
  apply: ({ in: x, residual, group }, w, { nodeId, params: p, probe, addLoss, interventions }) => {
    const layout = layoutOf(p);
    const kinds = expertKinds(layout);
    const E = kinds.length, D = x.shape[x.shape.length - 1]!;
    const flat = tf.reshape(x, [-1, D]);                                              // (N, D)
    const N = flat.shape[0]!;

    // Router: two layers, plus the previous layer's logits through W_map
    let logits = linear(tf.tanh(linear(flat, w.router1!)), w.router2!);               // (N, E)
    if (residual && w.residualMap) logits = tf.add(logits, linear(tf.reshape(residual, [-1, E]), w.residualMap));
    const off = interventions?.[`${nodeId}.offExpert`];
    const routed = off === undefined ? { logits, keep: undefined } : switchOffExpert(logits, off);
    const probs = tf.softmax(routed.logits);
    let mask = topKMask(routed.logits, p.k);                                           // (N, E) chosen experts
    if (routed.keep) mask = tf.mul(mask, routed.keep);
    const isZero = kindMask(kinds, ['zero']);
    let weights = tf.mul(tf.mul(probs, mask), tf.sub(1, isZero));                     // zero expert: weight 0
    if (p.renormalizeAfterZero) weights = renormalize(weights);

    // Experts on every token (dense here; the compute statistic counts only the chosen ones)
    const xin = p.scaleInputByK ? tf.mul(flat, p.k) : flat;
    const outs: tf.Tensor[] = [];                                                      // each (N, E_kind, D)
    const F = layout.ffn;
    const xs = tf.tile(tf.expandDims(xin, 0), [F, 1, 1]);                             // (F, N, D)
    const g = tf.matMul(xs, w.gate!), u = tf.matMul(xs, w.up!);                       // (F, N, H)
    const ffn = tf.matMul(tf.mul(tf.mul(g, tf.sigmoid(g)), u), w.down!);              // (F, N, D) SwiGLU
    outs.push(tf.transpose(ffn, [1, 0, 2]));
    if (layout.constant > 0) {
      const C = layout.constant;
      const xc = tf.tile(tf.expandDims(xin, 0), [C, 1, 1]);                           // (C, N, D)
      const a = tf.softmax(tf.matMul(xc, w.constWeights!));                           // (C, N, 2)
      const [a1, a2] = tf.split(a, 2, -1) as [tf.Tensor, tf.Tensor];
      outs.push(tf.transpose(tf.add(tf.mul(a1, xc), tf.mul(a2, w.constVectors!)), [1, 0, 2]));
    }
    if (layout.copy > 0) outs.push(tf.tile(tf.expandDims(xin, 1), [1, layout.copy, 1]));
    if (layout.zero > 0) outs.push(tf.zeros([N, layout.zero, D]));
    const all = outs.length === 1 ? outs[0]! : tf.concat(outs, 1);                    // (N, E, D)
    const y = tf.sum(tf.mul(all, tf.expandDims(weights, -1)), 1);                    // (N, D)

    if (p.balance > 0) {
      const eta = kinds.map((k) => (k === 'ffn' ? 1 : p.tau));
      addLoss('balance', tf.mul(p.balance, loadBalanceLoss(probs, mask, eta)));
    }
    if (probe.enabled) recordStats(probe, { mask, probs, kinds, group, costs: moeppCosts(D, p.hidden, E), layout, N });
    return { out: tf.reshape(y, x.shape), logits: tf.reshape(logits, [...x.shape.slice(0, -1), E]) };
  },
  torch: {
    source: () => import('./moe-plus-plus.py?raw'),
    className: 'MoEPlusPlus',
    helpers: ['router'],
    context: true,
    args: ({ params: p, inputs }) => ({
      dim: lastOf(inputs.in), ffn_experts: p.ffnExperts, constant_experts: p.constantExperts,
      copy_experts: p.copyExperts, zero_experts: p.zeroExperts, k: p.k, hidden: p.hidden,
      tau: p.tau, balance: p.balance, renormalize_after_zero: p.renormalizeAfterZero,
      scale_input_by_k: p.scaleInputByK, gating_residual: inputs.residual !== undefined,
    }),
  },
  onnx: {
    write: ({ inputs: { in: x, residual }, w, params: p, shapes, g }) => {
      const layout = layoutOf(p);
      const kinds = expertKinds(layout);
      const E = kinds.length, D = lastDim(shapes.inputs.in!) as number;
      const flat = g.op('Reshape', [x, g.int64s([-1, D])]);                                          // (N, D)
      let logits = onnx.linear(g, g.op('Tanh', [onnx.linear(g, flat, w.router1!)]), w.router2!);     // (N, E)
      if (residual && w.residualMap) logits = g.op('Add', [logits, onnx.linear(g, g.op('Reshape', [residual, g.int64s([-1, E])]), w.residualMap)]);
      const probs = g.op('Softmax', [logits], { axis: { i: -1 } });
      const notZero = g.constant(kinds.map((k) => (k === 'zero' ? 0 : 1)), [E]);
      let weights = g.op('Mul', [g.op('Mul', [probs, onnx.topKMask(g, logits, p.k)]), notZero]);   // zero expert: weight 0
      if (p.renormalizeAfterZero) weights = onnx.renormalize(g, weights);
      const xin = p.scaleInputByK ? g.op('Mul', [flat, g.scalar(p.k)]) : flat;
      const xs = g.op('Unsqueeze', [xin, g.int64s([0])]);                                             // (1, N, D)
      const toTokens = (v: string) => g.op('Transpose', [v], { perm: { ints: [1, 0, 2] } });
      const gate = g.op('MatMul', [xs, w.gate!]);                                                     // (F, N, H)
      const outs = [toTokens(g.op('MatMul', [g.op('Mul', [g.op('Mul', [gate, onnx.sigmoid(g, gate)]), g.op('MatMul', [xs, w.up!])]), w.down!]))]; // SwiGLU
      if (layout.constant > 0) {
        const [a1, a2] = g.ops('Split', [g.op('Softmax', [g.op('MatMul', [xs, w.constWeights!])], { axis: { i: -1 } })], { axis: { i: -1 } }, 2) as [string, string];
        outs.push(toTokens(g.op('Add', [g.op('Mul', [a1, xs]), g.op('Mul', [a2, w.constVectors!])])));
      }
      const rows = g.op('Shape', [flat], { end: { i: 1 } });
      if (layout.copy > 0) outs.push(g.op('Expand', [g.op('Unsqueeze', [xin, g.int64s([1])]), g.int64s([1, layout.copy, 1])]));
      if (layout.zero > 0) outs.push(g.op('Expand', [g.scalar(0), g.op('Concat', [rows, g.int64s([layout.zero, D])], { axis: { i: 0 } })]));
      const all = outs.length === 1 ? outs[0]! : g.op('Concat', outs, { axis: { i: 1 } });              // (N, E, D)
      const y = g.op('ReduceSum', [g.op('Mul', [all, g.op('Unsqueeze', [weights, g.int64s([-1])])]), g.int64s([1])], { keepdims: { i: 0 } });
      return { out: g.op('Reshape', [y, g.op('Shape', [x])]), logits: g.op('Reshape', [logits, onnx.shapeWithLast(g, x, E)]) };
    },
  },
  flops: ({ in: x }, p) => {
    if (!x) return 0;
    const E = p.ffnExperts + p.constantExperts + p.copyExperts + p.zeroExperts;
    const c = moeppCosts(lastDim(x) as number, p.hidden, E);
    return tokens(x) * (c.router + p.ffnExperts * c.ffn + p.constantExperts * c.constant);
  },
  stats: {
    routing: { kind: 'routing', label: 'Routing', doc: 'Router probabilities of the chosen experts [tokens, E] (expert order: FFNs, constants, copies, zeros): expert load and routing entropy.' },
    compute: { kind: 'compute', label: 'Compute spent', doc: 'Share of the layer’s dense FLOPs (router + every expert on every token) spent on the chosen experts; zero and copy experts are free.' },
    ffnPerToken: { kind: 'scalar', label: 'FFN experts per token', doc: 'FFN experts run per token (0, 1 or 2 with k = 2; always k in a vanilla MoE).' },
    zeroComputeShare: { kind: 'scalar', label: 'Free-expert share', doc: 'Share of routed slots that go to zero, copy or constant experts.' },
    routeShare: { kind: 'scalar', label: 'Share per expert kind', perItem: 'Kind', doc: 'Share of routed slots per expert kind, in the order ffn, constant, copy, zero.' },
    ffn: { kind: 'scalar', label: 'FFN experts per token kind', perItem: 'TokenOfGroup', doc: 'With a group input: FFN experts run per token for each token kind, and their mean over kinds.' },
    zeroComputeRoutes: { kind: 'scalar', label: 'Free-expert share per token kind', perItem: 'Group', doc: 'With a group input: the share of each token kind’s slots that go to zero-computation experts, and their mean over kinds.' },
  },
  auxLosses: { balance: 'Heterogeneous load balance E · Σ_i η_i f_i P_i (η = 1 for FFNs, τ for zero-computation experts), times balance.' },
  interventions: { offExpert: offExpertIntervention(16 + 8 + 8 + 8) },   // the most FFN, constant, copy and zero experts
});

interface StatInputs {
  mask: tf.Tensor; probs: tf.Tensor; kinds: ExpertKind[]; group: tf.Tensor | undefined;
  costs: { router: number; ffn: number; constant: number }; layout: Layout; N: number;
}

function recordStats(probe: { record(s: string, t: tf.Tensor): void }, s: StatInputs): void {
  const mask = stopGradient(s.mask);
  probe.record('routing', tf.mul(s.probs, mask));
  const perKind = EXPERT_KINDS.map((k) => tf.sum(tf.mul(mask, kindMask(s.kinds, [k])), -1));   // 4 × (N)
  const [nFfn, nConst] = perKind as [tf.Tensor, tf.Tensor];
  const dense = s.costs.router + s.layout.ffn * s.costs.ffn + s.layout.constant * s.costs.constant;
  probe.record('compute', tf.div(tf.add(tf.add(tf.mul(nFfn, s.costs.ffn), tf.mul(nConst, s.costs.constant)), s.costs.router), dense));
  probe.record('ffnPerToken', nFfn);
  const slots = tf.sum(mask);
  const cheap = tf.sub(tf.sum(mask, -1), nFfn);                                                // (N) zero-computation slots
  probe.record('zeroComputeShare', tf.div(tf.sum(cheap), slots));
  probe.record('routeShare', tf.div(tf.stack(perKind.map((t) => tf.sum(t))), slots));
  if (s.group) {
    const G = Math.max(1, (tf.max(s.group).arraySync() as number) + 1);
    const oh = oneHotAny(tf.reshape(s.group, [-1]), G);                        // (N, G)
    const count = tf.maximum(tf.sum(oh, 0), 1);                                                  // (G)
    const byGroup = (v: tf.Tensor) => tf.squeeze(tf.matMul(tf.expandDims(v, 0), oh), [0]);       // (G) sums
    probe.record('ffn', tf.div(byGroup(nFfn), count));
    probe.record('zeroComputeRoutes', tf.div(byGroup(cheap), tf.maximum(byGroup(tf.sum(mask, -1)), 1)));
  }
}
