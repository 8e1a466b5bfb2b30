/**
 * JEI-DNN early exits (Regol et al., 2024; networkslab/dynn,
 * learnable_uncertainty_gate.py, gate_training_helper.py): an MLP backbone
 * with a classifier head after every few blocks, and a learned gate per
 * intermediate head that decides, from how sure that head is, whether the
 * example may leave there.
 *
 *   u_l = [p_max, H(p), p_max − p_2nd, H(p² / Σp²)]  of head l's softmax (no gradient)
 *   g_l = σ(w_l · u_l + b_l);  exit at the first l with g_l ≥ 0.5, else the last head
 *
 * Training (ours where marked): the backbone learns through the last head only
 * (the Output's loss); the intermediate heads see its features detached, so it
 * is in effect frozen for them, as in the paper. After a warm-up of plain
 * cross-entropy, heads train on Σ_l P_l CE_l / Σ_l P_l with the stick-breaking
 * exit probabilities P_l = max(0, min(g_l, 1 − Σ_{j<l} g_j)) (detached), and
 * gates on BCE against t_l = [l ≥ l*], l* = argmin_l CE_l + λ C_l. Both losses
 * reach disjoint weights, so they run on every step [ours] (the released code
 * alternates them every 200 batches; `alternateEvery` does that).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, choice, int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim, needsClassPerExample } from '../../shapes/dims';
import { linear, stopGradient } from '../../compile/ops';
import { ACTIVATIONS, activate } from '../dense';
import { ranks, topKMask } from './router';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';
import { ONNX_TYPE, type OnnxGraph } from '../../serialize/onnx/graph';

const CITE = 'Regol et al., 2024, "Jointly-Learned Exit and Inference for a Dynamic Neural Network: JEI-DNN" (ICLR 2024); reference code networkslab/dynn';

/** Blocks after which a head sits: every `every`-th block, and always the last. */
export function exitBlocks(blocks: number, every: number): number[] {
  const out: number[] = [];
  for (let b = every; b < blocks; b += every) out.push(b);
  out.push(blocks);
  return out;
}

/** Forward FLOPs per example of each piece. */
export function exitCosts(inDim: number, width: number, classes: number, blocks: number): { block: number[]; head: number; gate: number } {
  const block = Array.from({ length: blocks }, (_, b) => (b === 0 ? 2 * inDim * width + 2 * width : 2 * width * width + 3 * width));
  return { block, head: 2 * width * classes + classes, gate: 8 * classes + 10 };
}

/** FLOPs to reach and use exit l (blocks up to it, heads and gates on the way; the last exit has no gate). */
export function costToExit(c: ReturnType<typeof exitCosts>, exits: number[], l: number): number {
  let f = 0;
  for (let b = 0; b < exits[l]!; b++) f += c.block[b]!;
  return f + (l + 1) * c.head + Math.min(l + 1, exits.length - 1) * c.gate;
}

/** Mean entropy-style features of a softmax row, [B, C] → [B, 4] (the released gate's input). */
export function confidenceFeatures(logits: tf.Tensor): tf.Tensor {
  const p = tf.softmax(logits);
  const C = p.shape[1]!;
  const top2 = tf.mul(p, topKMask(p, Math.min(2, C)));
  const pmax = tf.max(p, -1, true);
  const second = tf.sub(tf.sum(top2, -1, true), pmax);
  const ent = (q: tf.Tensor) => tf.neg(tf.sum(tf.mul(q, tf.log(tf.add(q, 1e-12))), -1, true));
  const sq = tf.square(p);
  const sharp = tf.div(sq, tf.sum(sq, -1, true));
  return tf.concat([pmax, ent(p), tf.sub(pmax, second), ent(sharp)], -1);
}

/** Per-example softmax cross-entropy [B] of logits [B, C] against int labels [B]. */
function crossEntropyPer(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  const onehot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]!);
  return tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1));
}

/** Stick-breaking exit probabilities from gates g [B, L−1]: P_l = max(0, min(g_l, 1 − Σ_{j<l} g_j)), the last takes the rest. */
export function exitProbabilities(g: tf.Tensor): tf.Tensor {
  const before = tf.cumsum(g, 1, true);                                       // Σ_{j<l} g_j
  const P = tf.relu(tf.minimum(g, tf.sub(1, before)));
  return tf.concat([P, tf.relu(tf.sub(1, tf.sum(P, 1, true)))], 1);          // (B, L)
}

/** One-hot of the first exit taken, from 0/1 decisions d [B, L−1]; the last exit takes whoever is left. */
/** `confidenceFeatures` as ONNX operators, for C classes. */
function confidenceFeaturesOnnx(g: OnnxGraph, logits: string, C: number): string {
  const p = g.op('Softmax', [logits], { axis: { i: -1 } });
  const pmax = g.op('ReduceMax', [p], { axes: { ints: [-1] }, keepdims: { i: 1 } });
  const second = g.op('Sub', [onnx.sumLast(g, g.op('Mul', [p, onnx.topKMask(g, p, Math.min(2, C))])), pmax]);
  const ent = (q: string) => g.op('Neg', [onnx.sumLast(g, g.op('Mul', [q, g.op('Log', [g.op('Add', [q, g.scalar(1e-12)])])]))]);
  const sq = g.op('Mul', [p, p]);
  const sharp = g.op('Div', [sq, onnx.sumLast(g, sq)]);
  return g.op('Concat', [pmax, ent(p), g.op('Sub', [pmax, second]), ent(sharp)], { axis: { i: -1 } });
}

export function firstExit(d: tf.Tensor): tf.Tensor {
  const all = tf.concat([d, tf.onesLike(tf.slice(d, [0, 0], [-1, 1]))], 1);    // (B, L)
  const before = tf.cumsum(all, 1, true);
  return tf.mul(all, tf.step(tf.sub(0.5, before)));
}

export const EarlyExitStack = defineNode({
  type: 'EarlyExitStack',
  label: 'Early-exit stack (JEI-DNN)',
  category: 'skip/exit',
  version: 2,
  doc:
    'A stack of MLP blocks with a classifier head after every few blocks and a small gate beside each head but the last. ' +
    'The gate looks only at how sure its head is (top probability, entropy, margin to the runner-up) and learns when that ' +
    'head is good enough to stop: at inference an example leaves at the first gate that opens, so easy examples use a ' +
    'few blocks and hard ones the whole stack. Gates are trained towards the exit that minimises cross-entropy + λ·cost, ' +
    'and each head is trained mostly on the examples its gate will send it. rule = full always uses the last head; ' +
    'rule = confidence exits when a head’s top probability passes a threshold (the usual baseline).',
  cite: CITE,
  inputs: {
    in: port('data', ['B', 'D']),
    group: port('condition', ['B'], { dtype: 'int32', optional: true, doc: 'Optional known group of each example (easy 0, hard 1): splits the exit depth by group.' }),
  },
  outputs: {
    out: port('data', ['B', 'C'], { doc: 'Class scores: the last head’s while training, the chosen exit’s at inference.' }),
    exit: port('gate', ['B'], { doc: 'Index of the exit each example took (0 = first), at inference.' }),
  },
  params: {
    blocks: int({ default: 6, min: 2, max: 24, doc: 'MLP blocks in the backbone.' }),
    width: int({ default: 32, min: 2, max: 512, doc: 'Width of every block.' }),
    exitEvery: int({ default: 2, min: 1, max: 12, doc: 'A head after every this many blocks (and always after the last).' }),
    act: choice({ default: 'relu', options: ACTIVATIONS, doc: 'Non-linearity inside each block.' }),
    rule: choice({ default: 'learned', options: ['learned', 'confidence', 'full'], doc: 'How an example exits at inference: the learned gates (JEI-DNN), the top probability above a threshold, or always at the last head.' }),
    threshold: num({ default: 0.9, min: 0, max: 1, step: 0.01, label: 'threshold θ', doc: 'For rule = confidence: exit when the head’s top probability reaches this.' }),
    lambda: num({ default: 0.7, min: 0, max: 10, step: 0.05, label: 'cost weight λ', doc: 'λ: cost of depth against cross-entropy when choosing each example’s best exit (ce_ic_tradeoff).' }),
    warmup: int({ default: 100, min: 0, max: 100000, doc: 'Steps of plain cross-entropy for the heads before the gates train.' }),
    alternateEvery: int({ default: 0, min: 0, max: 100000, doc: 'Alternate gate and head training every this many steps, as released; 0 = both every step.' }),
    meanExitLoss: bool({ default: false, doc: 'Train the heads on the plain mean cross-entropy (what the released code’s head loss reduces to) instead of the P-weighted one the paper describes.' }),
  },
  keyParams: ['blocks', 'rule', 'lambda'],
  migrate: {
    // Version 2 renamed asReleased, which said where the loss came from rather than what it is.
    1: ({ asReleased, ...rest }) => (asReleased === undefined ? rest : { ...rest, meanExitLoss: asReleased }),
  },
  infer: ({ in: x, group }, p, ctx) => {
    const labels = needsClassPerExample('EarlyExitStack', ctx.dataset);
    if (labels) return labels;
    if (p.exitEvery >= p.blocks) return fail(`exitEvery = ${p.exitEvery} leaves no early exit in ${p.blocks} blocks`);
    const C = ctx.dataset.classes;
    if (!x) return { out: { shape: ['B', C], dtype: 'float32' }, exit: { shape: ['B'], dtype: 'float32' } };
    if (x.shape.length !== 2 || x.dtype !== 'float32') return fail(`EarlyExitStack expects float features [B, D]; it gets ${formatShape(x.shape)}`, 'in');
    if (group && group.shape.length !== 1) return fail(`group should be one id per example [B]; it gets ${formatShape(group.shape)}`, 'group');
    return { out: { shape: ['B', C], dtype: 'float32' }, exit: { shape: ['B'], dtype: 'float32' } };
  },
  build: ({ params: p, inputs, v, dataset }) => {
    const D = lastDim(inputs.in!) as number, W = p.width, C = dataset.classes;
    const vars: Record<string, tf.Variable> = {};
    for (let b = 0; b < p.blocks; b++) {
      vars[`block${b}/kernel`] = v.make(`block${b}/kernel`, [b === 0 ? D : W, W], { kind: 'he' });
      vars[`block${b}/bias`] = v.make(`block${b}/bias`, [W], { kind: 'zeros' });
    }
    exitBlocks(p.blocks, p.exitEvery).forEach((_, l) => {
      vars[`head${l}/kernel`] = v.make(`head${l}/kernel`, [W, C], { kind: 'glorot' });
      vars[`head${l}/bias`] = v.make(`head${l}/bias`, [C], { kind: 'zeros' });
    });
    const G = exitBlocks(p.blocks, p.exitEvery).length - 1;
    vars['gates/kernel'] = v.make('gates/kernel', [G, 4], { kind: 'uniform', limit: 0.5 });   // nn.Linear(4, 1) default
    vars['gates/bias'] = v.make('gates/bias', [G], { kind: 'uniform', limit: 0.5 });
    return vars;
  },
  apply: ({ in: x, group }, w, { nodeId, params: p, training, step, target, labels, probe, addLoss, interventions }) => {
    const exits = exitBlocks(p.blocks, p.exitEvery);
    const L = exits.length;
    // Backbone: block 0 maps to the width, later blocks are residual
    const feats: tf.Tensor[] = [];
    let h = activate(p.act, linear(x, w['block0/kernel']!, w['block0/bias']));
    for (let b = 1; b <= p.blocks; b++) {
      if (exits.includes(b)) feats.push(h);
      if (b < p.blocks) h = tf.add(h, activate(p.act, linear(h, w[`block${b}/kernel`]!, w[`block${b}/bias`])));
    }
    // Heads: the last on the live features, the others on detached ones
    const logits = feats.map((f, l) => linear(l === L - 1 ? f : stopGradient(f), w[`head${l}/kernel`]!, w[`head${l}/bias`]));
    const gateLogits = tf.add(tf.stack(logits.slice(0, -1).map((z, l) => tf.sum(tf.mul(confidenceFeatures(stopGradient(z)), tf.slice(w['gates/kernel']!, [l, 0], [1, 4])), -1)), 1), w['gates/bias']!); // (B, L−1)
    const g = tf.sigmoid(gateLogits);

    if (training) {
      if (target) addExitLosses(logits, gateLogits, g, target, exits, p, step, addLoss);
      return { out: logits[L - 1]!, exit: tf.fill([x.shape[0]!], L - 1) };
    }

    // Inference: the first exit whose decision fires
    const forced = interventions?.[`${nodeId}.exit`];
    let first: tf.Tensor;
    if (forced !== undefined) first = tf.oneHot(tf.fill([x.shape[0]!], Math.min(L - 1, Math.max(0, Math.round(forced))), 'int32'), L);
    else if (p.rule === 'full') first = tf.oneHot(tf.fill([x.shape[0]!], L - 1, 'int32'), L);
    else {
      const score = p.rule === 'learned' ? g : tf.concat(logits.slice(0, -1).map((z) => tf.max(tf.softmax(z), -1, true)), 1);
      const cut = p.rule === 'learned' ? 0.5 : p.threshold;
      first = firstExit(tf.sub(1, tf.step(tf.sub(cut, score))));           // score ≥ cut
    }
    first = tf.cast(first, 'float32');
    const out = tf.sum(tf.mul(tf.stack(logits, 1), tf.expandDims(first, -1)), 1);
    const index = tf.sum(tf.mul(first, tf.range(0, L)), -1);
    if (probe.enabled) recordExitStats(probe, { first, logits, exits, x, p, group, labels, out });
    return { out, exit: index };
  },
  torch: {
    source: () => import('./early-exit.py?raw'),
    className: 'EarlyExitStack',
    helpers: ['router', 'activate'],
    context: true,
    args: ({ params: p, inputs, dataset }) => ({
      in_features: lastOf(inputs.in), classes: dataset.classes, blocks: p.blocks, width: p.width,
      exit_every: p.exitEvery, act: p.act, rule: p.rule, threshold: p.threshold,
      lam: p.lambda, warmup: p.warmup, alternate_every: p.alternateEvery, mean_exit_loss: p.meanExitLoss,
    }),
  },
  onnx: {
    // Inference: each example leaves at its first exit whose score passes the cut (the learned gate, the top probability, or none).
    write: ({ inputs: { in: x }, w, params: p, shapes, g }) => {
      const C = lastDim(shapes.outputs.out!) as number;
      const exits = exitBlocks(p.blocks, p.exitEvery);
      const L = exits.length;
      const feats: string[] = [];
      let h = onnx.activate(g, p.act, onnx.linear(g, x, w['block0/kernel']!, w['block0/bias']));
      for (let b = 1; b <= p.blocks; b++) {
        if (exits.includes(b)) feats.push(h);
        if (b < p.blocks) h = g.op('Add', [h, onnx.activate(g, p.act, onnx.linear(g, h, w[`block${b}/kernel`]!, w[`block${b}/bias`]))]);
      }
      const logits = feats.map((f, l) => onnx.linear(g, f, w[`head${l}/kernel`]!, w[`head${l}/bias`]));   // L × (B, C)
      const stacked = g.op('Concat', logits.map((z) => g.op('Unsqueeze', [z, g.int64s([1])])), { axis: { i: 1 } }); // (B, L, C)
      let first: string;
      const early = logits.slice(0, -1);
      const columns = (per: (z: string, l: number) => string) => g.op('Concat', early.map(per), { axis: { i: 1 } });     // (B, L−1)
      if (p.rule === 'full') {
        first = g.constant(Array.from({ length: L }, (_, l) => (l === L - 1 ? 1 : 0)), [L]);
      } else {
        const score = p.rule === 'learned'
          ? onnx.sigmoid(g, g.op('Add', [columns((z, l) => onnx.sumLast(g, g.op('Mul', [confidenceFeaturesOnnx(g, z, C), onnx.entry(g, w['gates/kernel']!, l)]))), w['gates/bias']!]))
          : columns((z) => g.op('ReduceMax', [g.op('Softmax', [z], { axis: { i: -1 } })], { axes: { ints: [-1] }, keepdims: { i: 1 } }));
        const passes = g.op('Cast', [g.op('GreaterOrEqual', [score, g.scalar(p.rule === 'learned' ? 0.5 : p.threshold)])], { to: { i: ONNX_TYPE.float32 } });
        const all = g.op('Concat', [passes, g.op('Expand', [g.scalar(1), g.op('Concat', [g.op('Shape', [x], { end: { i: 1 } }), g.int64s([1])], { axis: { i: 0 } })])], { axis: { i: 1 } }); // (B, L)
        const before = g.op('CumSum', [all, g.constant([1], [], 'int64')], { exclusive: { i: 1 } });
        first = g.op('Mul', [all, g.op('Cast', [g.op('Less', [before, g.scalar(0.5)])], { to: { i: ONNX_TYPE.float32 } })]);
      }
      const out = g.op('ReduceSum', [g.op('Mul', [stacked, g.op('Unsqueeze', [first, g.int64s([-1])])]), g.int64s([1])], { keepdims: { i: 0 } });
      const exit = g.op('ReduceSum', [g.op('Mul', [first, g.constant(Array.from({ length: L }, (_, l) => l), [L])]), g.int64s([-1])], { keepdims: { i: 0 } });
      return { out, exit: p.rule === 'full' ? g.op('Expand', [exit, g.op('Shape', [x], { end: { i: 1 } })]) : exit };
    },
  },
  flops: ({ in: x }, p, outs) => {
    const D = x ? (lastDim(x) as number) : 0, C = outs.out ? (lastDim(outs.out) as number) : 0;
    const exits = exitBlocks(p.blocks, p.exitEvery);
    return costToExit(exitCosts(D, p.width, C, p.blocks), exits, exits.length - 1);   // every block, head and gate
  },
  stats: {
    exit: { kind: 'rate', label: 'Early exits', doc: 'Share of examples that leave before the last head.' },
    exitShare: { kind: 'scalar', label: 'Exit share', perItem: 'Exit', doc: 'Share of examples leaving at each exit, first to last.' },
    exitDepth: { kind: 'scalar', label: 'Blocks run', doc: 'Mean number of blocks an example runs through.' },
    groupDepth: { kind: 'scalar', label: 'Blocks run per group', perItem: 'Group', doc: 'With a group input: mean blocks run by the examples of each group (easy, hard).' },
    headAccuracy: { kind: 'scalar', label: 'Accuracy per exit head', perItem: 'Exit', doc: 'Accuracy of every head on all probe examples: the accuracy-against-depth curve.' },
    gatedAccuracy: { kind: 'scalar', label: 'Accuracy as exited', doc: 'Accuracy of the prediction actually made (each example from its own exit).' },
    ece: { kind: 'scalar', label: 'Calibration error', doc: 'Expected calibration error of the prediction made (15 equal-mass bins): how far its confidence is from its accuracy.' },
    compute: { kind: 'compute', label: 'Compute spent', doc: 'Share of the stack’s FLOPs spent: blocks after an example’s exit, and their heads and gates, are free.' },
  },
  auxLosses: {
    exits: 'Heads’ cross-entropy weighted by the exit probabilities P_l (plain mean during the warm-up).',
    gates: 'BCE of each gate against “exit here or earlier” for the best exit l* = argmin CE_l + λ C_l, positives reweighted.',
  },
  interventions: {
    exit: { label: 'send every example out at exit', min: 0, max: 11, step: 1, initial: 0, doc: 'Every example leaves at this exit (0 = the first head; past the last means the last).' },
  },
});

interface ExitParams { lambda: number; warmup: number; alternateEvery: number; meanExitLoss: boolean; blocks: number }

/** The JEI-DNN training losses: P-weighted head cross-entropy and the gates' BCE towards the best exit. */
function addExitLosses(logits: tf.Tensor[], gateLogits: tf.Tensor, g: tf.Tensor, target: tf.Tensor, exits: number[], p: ExitParams, step: number, addLoss: (n: string, t: tf.Tensor) => void): void {
  const L = exits.length;
  const ce = tf.stack(logits.map((z) => crossEntropyPer(z, target)), 1);              // (B, L)
  const ceEarly = tf.slice(ce, [0, 0], [-1, L - 1]);                                   // intermediate heads
  if (step < p.warmup) { addLoss('exits', tf.mean(ceEarly)); return; }
  const phase = p.alternateEvery > 0 ? Math.floor((step - p.warmup) / p.alternateEvery) % 2 : -1;
  if (phase !== 0) {
    if (p.meanExitLoss) addLoss('exits', tf.mean(ceEarly));
    else {
      const P = tf.slice(stopGradient(exitProbabilities(g)), [0, 0], [-1, L - 1]);
      addLoss('exits', tf.div(tf.sum(tf.mul(P, ceEarly)), tf.add(tf.sum(P), 1e-6)));
    }
  }
  if (phase !== 1) {
    const cost = tf.tensor1d(exits.map((b) => b / p.blocks));
    const best = topKMask(tf.neg(tf.add(stopGradient(ce), tf.mul(p.lambda, cost))), 1);  // one-hot of l*, ties to the earlier exit
    const t = tf.slice(tf.cumsum(best, 1), [0, 0], [-1, L - 1]);                         // 1 for l ≥ l*
    const ones = tf.sum(t), zeros = tf.sub(t.size, ones);
    const weight = tf.add(tf.mul(t, tf.div(zeros, tf.maximum(ones, 1))), tf.sub(1, t)); // positives reweighted
    const bce = tf.add(tf.sub(tf.relu(gateLogits), tf.mul(gateLogits, t)), tf.log1p(tf.exp(tf.neg(tf.abs(gateLogits)))));
    addLoss('gates', tf.mean(tf.mul(bce, weight)));
  }
}

interface ExitStatInputs {
  first: tf.Tensor; logits: tf.Tensor[]; exits: number[]; x: tf.Tensor; out: tf.Tensor;
  p: { blocks: number; width: number }; group: tf.Tensor | undefined; labels: tf.Tensor | undefined;
}

function recordExitStats(probe: { record(s: string, t: tf.Tensor): void }, s: ExitStatInputs): void {
  const L = s.exits.length;
  const C = s.logits[0]!.shape[1]!;
  probe.record('exit', tf.sub(1, tf.slice(s.first, [0, L - 1], [-1, 1])));
  probe.record('exitShare', tf.mean(s.first, 0));
  const depth = tf.sum(tf.mul(s.first, tf.tensor1d(s.exits)), -1);                      // (B) blocks run
  probe.record('exitDepth', depth);
  const c = exitCosts(s.x.shape[1]!, s.p.width, C, s.p.blocks);
  const full = costToExit(c, s.exits, L - 1);
  probe.record('compute', tf.div(tf.sum(tf.mul(s.first, tf.tensor1d(s.exits.map((_, l) => costToExit(c, s.exits, l)))), -1), full));
  if (s.group) {
    const G = Math.max(2, (tf.max(s.group).arraySync() as number) + 1);
    const oh = tf.oneHot(tf.cast(s.group, 'int32'), G);                                    // (B, G)
    probe.record('groupDepth', tf.div(tf.squeeze(tf.matMul(tf.expandDims(depth, 0), oh), [0]), tf.maximum(tf.sum(oh, 0), 1)));
  }
  if (s.labels) {
    const y = tf.cast(s.labels, 'int32');
    const hit = (z: tf.Tensor) => tf.mean(tf.cast(tf.equal(tf.argMax(z, -1), y), 'float32'));
    probe.record('headAccuracy', tf.stack(s.logits.map(hit)));
    probe.record('gatedAccuracy', hit(s.out));
    probe.record('ece', expectedCalibrationError(s.out, y));
  }
}

/**
 * Expected calibration error of predictions (as in the
 * JEI-DNN code): examples sorted by confidence into `bins` equal-mass bins,
 * Σ_b (n_b / N) · |accuracy_b − mean confidence_b|. Ranks instead of a sort.
 */
export function expectedCalibrationError(logits: tf.Tensor, labels: tf.Tensor, bins = 15): tf.Tensor {
  const N = logits.shape[0]!;
  const conf = tf.max(tf.softmax(logits), -1);                                          // (N)
  const correct = tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'float32');
  const order = tf.reshape(ranks(tf.reshape(tf.neg(conf), [1, N])), [N]);            // 0 = least confident
  const bin = tf.oneHot(tf.cast(tf.floor(tf.div(tf.mul(order, bins), N)), 'int32'), Math.max(2, bins)); // (N, bins); oneHot needs depth ≥ 2
  const gap = tf.abs(tf.sub(tf.sum(tf.mul(bin, tf.expandDims(correct, -1)), 0), tf.sum(tf.mul(bin, tf.expandDims(conf, -1)), 0)));
  return tf.div(tf.sum(gap), N);                                                        // Σ_b n_b/N · |acc_b − conf_b| = Σ_b |Σ correct − Σ conf| / N
}
