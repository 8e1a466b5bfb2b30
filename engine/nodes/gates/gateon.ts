/**
 * GateON-style continual learning, a reconstruction: the
 * paper's principles (Barry, Bellec & Gerstner, 2023) are context gating of units and
 * an online relevance estimate that lowers the plasticity of what old tasks
 * need; no code was released, so every equation here is ours.
 *
 *   gate:         h' = h ⊙ σ(W_c c)                 c = one-hot task id
 *   relevance:    r_j ← β r_j + (1 − β) Σ_batch |y_j · ∂L/∂y_j|   during a task
 *   consolidate:  R_j ← max(R_j, r_j) when the task changes, r ← 0
 *   availability: a_j = 1 − min(1, R_j / (θ · max_k R_k))
 *   update:       ∂L/∂W_ij ← a_i^in · a_j^out · ∂L/∂W_ij   (rows and columns of guarded units)
 *   re-activate:  when mean_j a_j < a_min, R_j = 0 for the less relevant half
 *
 * The guard scales gradients, so it scales updates only with an optimiser
 * that follows the gradient's size: use SGD (Adam normalises the size away).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, choice, int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim } from '../../shapes/dims';
import { oneHotAny, linear, stopGradient } from '../../compile/ops';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

type Tensor = tf.Tensor;

export const GATEON_CITE = 'Barry, Bellec & Gerstner, 2023, "GateON: an unsupervised method for large scale continual learning" (arXiv:2306.01690); reconstructed, no code released';

const taskPort = () => port('condition', ['B'], { dtype: 'int32', doc: 'The task id of each example (Input field "task").' });

export const ContextGate = defineNode({
  type: 'ContextGate',
  label: 'Context gate (GateON-style)',
  category: 'gates/context',
  version: 1,
  doc:
    'Multiplies each hidden unit by a gate that depends only on the task: h\' = h ⊙ σ(W_c c), with c the one-hot ' +
    'task id. Each task gets its own pattern of open and closed units, drawn at random at the start and then ' +
    'learned, so tasks use partly overlapping pathways and a new task disturbs fewer of the units an old one ' +
    'relies on. Only the current task\'s row of W_c changes while it trains. A reconstruction of GateON\'s ' +
    'context gating, not the authors\' code. mode "off" passes h through unchanged (the ungated baseline); ' +
    'mode "bias" adds a learned per-task vector instead, h\' = h + W_c c, starting at 0 (an ungated network that is still told the task).',
  cite: GATEON_CITE,
  inputs: {
    h: port('data', ['B', 'D'], { doc: 'Hidden units to gate.' }),
    task: taskPort(),
  },
  outputs: { out: port('data', ['B', 'D']) },
  params: {
    mode: choice({ default: 'gate', options: ['gate', 'off', 'bias'], doc: 'gate: multiply by the task\'s gate; off: pass h through; bias: add the task\'s learned vector (no gating, but the task id still reaches the network).' }),
    tasks: int({ default: 10, min: 1, max: 100, doc: 'How many task ids the gate can tell apart (rows of W_c).' }),
    spread: num({ default: 2, min: 0, max: 10, step: 0.1, doc: 'Standard deviation of the initial gate logits: larger makes each task\'s starting pathway more distinct.' }),
  },
  keyParams: ['mode'],
  infer: ({ h, task }) => {
    if (!h) return { out: { shape: ['B', 1], dtype: 'float32' } };
    if (h.shape.length !== 2) return fail(`ContextGate expects hidden units [B, D]; it gets ${formatShape(h.shape)}`, 'h');
    if (task && (task.shape.length !== 1 || task.dtype !== 'int32')) return fail(`ContextGate expects one task id per example [B]; it gets ${formatShape(task.shape)}`, 'task');
    return { out: h };
  },
  build: ({ params: p, inputs, v }) => ({
    logits: v.make('logits', [p.tasks, lastDim(inputs.h!) as number], p.mode === 'bias' ? { kind: 'zeros' } : { kind: 'normal', std: p.spread }),
  }),
  apply: ({ h, task }, w, { params: p, probe }) => {
    if (p.mode === 'off') return { out: h };
    const rows = tf.matMul(oneHotAny(task, p.tasks), w.logits!); // (B, D)
    if (p.mode === 'bias') return { out: tf.add(h, rows) };
    const g = tf.sigmoid(rows);
    probe.record('gate', g);
    return { out: tf.mul(h, g) };
  },
  torch: {
    source: () => import('./gateon.py?raw'),
    className: 'ContextGate',
    args: ({ params: p, inputs }) => ({ dim: lastOf(inputs.h), tasks: p.tasks, spread: p.spread, mode: p.mode }),
  },
  onnx: {
    write: ({ inputs: { h, task }, w, params: p, g }) => {
      if (p.mode === 'off') return { out: h };
      const rows = g.op('MatMul', [onnx.oneHotAny(g, task, p.tasks), w.logits!]); // (B, D)
      return { out: p.mode === 'bias' ? g.op('Add', [h, rows]) : g.op('Mul', [h, onnx.sigmoid(g, rows)]) };
    },
  },
  flops: ({ h }) => 3 * ((h ? lastDim(h) : 1) as number),
  stats: { gate: { kind: 'gate', label: 'Task gate', doc: 'The task gate of each unit: 1 open, 0 closed.' } },
});

/** Availability from consolidated relevance: 1 − min(1, R / (θ · max R)); all 1 while nothing is relevant yet. */
export function availability(R: Tensor, theta: number): Tensor {
  const top = tf.max(R);
  return tf.sub(1, tf.minimum(1, tf.div(R, tf.maximum(tf.mul(top, theta), 1e-12))));
}

/** x in the forward pass, gradient × scale in the backward pass. */
export function scaleGradient(x: Tensor, scale: Tensor): Tensor {
  return tf.add(tf.mul(x, scale), tf.mul(stopGradient(x), tf.sub(1, scale)));
}

/** Identity forward; the backward pass adds Σ_batch |y · ∂L/∂y| into `relevance` as an EMA. */
function relevanceTap(y: Tensor, relevance: tf.Variable, beta: number): Tensor {
  const tap = tf.customGrad(((v: Tensor, save: (t: Tensor[]) => void) => {
    save([v]);
    return {
      value: tf.add(v, 0),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const now = tf.sum(tf.abs(tf.mul(saved[0]!, dy)), 0);
        relevance.assign(tf.add(tf.mul(beta, relevance), tf.mul(1 - beta, now)));
        return dy;
      },
    };
  }) as never) as (t: Tensor) => Tensor;
  return tap(y);
}

/**
 * At a task change (the batch's task differs from the last one seen): R ← max(R, r), r ← 0.
 * Then, if too little is still plastic, re-activate the less relevant half. Training steps only.
 */
function consolidate(s: Record<string, tf.Variable>, side: 'In' | 'Out', changed: Tensor, theta: number, minAvailable: number): void {
  const r = s[`r${side}`]!, R = s[`R${side}`]!;
  const merged = tf.add(R, tf.mul(changed, tf.sub(tf.maximum(R, r), R)));
  const n = merged.shape[0]!;
  const median = tf.neg(tf.slice(tf.topk(tf.neg(merged), Math.ceil(n / 2)).values, [Math.ceil(n / 2) - 1], [1])); // not on the loss path
  const starved = tf.step(tf.sub(minAvailable, tf.mean(availability(merged, theta))));
  const low = tf.sub(1, tf.step(tf.sub(merged, median)));                 // R ≤ median
  R.assign(tf.sub(merged, tf.mul(tf.mul(starved, low), merged)));
  r.assign(tf.mul(r, tf.sub(1, changed)));
}

export const GuardedDense = defineNode({
  type: 'GuardedDense',
  label: 'Dense with plasticity guard (GateON-style)',
  category: 'train/plasticity',
  version: 1,
  doc:
    'A Dense layer (y = x W + b) that protects what earlier tasks need. While a task trains it estimates how much ' +
    'each unit matters, relevance = Σ |y · ∂L/∂y| (how much the loss would change without the unit), and when the ' +
    'task id changes it locks that estimate in. Each unit\'s availability is 1 − its locked relevance relative to ' +
    'the most relevant unit, and the gradient of every weight is scaled by the availability of the units it ' +
    'connects: important units barely move, free ones learn the new task. When almost nothing is available any ' +
    'more, the less relevant half is freed again. Guard the output units of a hidden layer and the input units of ' +
    'the layer after it. A reconstruction of GateON\'s plasticity control; use it with SGD, since Adam rescales ' +
    'every gradient to the same size.',
  cite: GATEON_CITE,
  inputs: {
    in: port('data', ['B', 'F'], { doc: 'Features.' }),
    task: taskPort(),
  },
  outputs: { out: port('data', ['B', 'units']) },
  params: {
    units: int({ default: 64, min: 1, max: 4096, doc: 'Width of the output.' }),
    guard: bool({ default: true, doc: 'Switch the plasticity guard on (off: an ordinary Dense layer).' }),
    guardIn: bool({ default: false, doc: 'Protect the input units (turn on when the input is a guarded hidden layer, off for raw features).' }),
    guardOut: bool({ default: true, doc: 'Protect the output units.' }),
    decay: num({ default: 0.9, min: 0, max: 0.999, step: 0.01, doc: 'β, how slowly the running relevance forgets earlier batches of the current task.' }),
    saturation: num({ default: 0.3, min: 0.01, max: 1, step: 0.01, doc: 'θ: a unit is fully frozen once its relevance reaches this share of the most relevant unit\'s.' }),
    reactivate: num({ default: 0.1, min: 0, max: 1, step: 0.05, doc: 'a_min: when the mean availability falls below it, the less relevant half of the units is freed.' }),
  },
  keyParams: ['units', 'guard'],
  infer: ({ in: x, task }, p) => {
    if (x && (x.shape.length !== 2 || x.dtype !== 'float32')) return fail(`GuardedDense expects features [B, F]; it gets ${formatShape(x.shape)}`, 'in');
    if (task && (task.shape.length !== 1 || task.dtype !== 'int32')) return fail(`GuardedDense expects one task id per example [B]; it gets ${formatShape(task.shape)}`, 'task');
    return { out: { shape: ['B', p.units], dtype: 'float32' } };
  },
  build: ({ params: p, inputs, v }) => {
    const F = lastDim(inputs.in!) as number;
    const state = (name: string, n: number, value = 0) => {
      const s = v.make(name, n ? [n] : [], { kind: 'constant', value });
      s.trainable = false; // running statistics, kept by the node, not trained
      return s;
    };
    return {
      kernel: v.make('kernel', [F, p.units], { kind: 'glorot' }), bias: v.make('bias', [p.units], { kind: 'zeros' }),
      rIn: state('rIn', F), RIn: state('RIn', F), rOut: state('rOut', p.units), ROut: state('ROut', p.units),
      lastTask: state('lastTask', 0, -1),
    };
  },
  apply: ({ in: x, task }, w, { params: p, training, probe }) => {
    if (!p.guard) return { out: linear(x, w.kernel!, w.bias) };
    const F = x.shape[1]!;
    if (training) {
      const now = tf.cast(tf.slice(task, [0], [1]), 'float32');           // a phase trains one task at a time
      const changed = tf.reshape(tf.step(tf.sub(tf.abs(tf.sub(now, w.lastTask!)), 0.5)), []);
      if (p.guardIn) consolidate(w, 'In', changed, p.saturation, p.reactivate);
      if (p.guardOut) consolidate(w, 'Out', changed, p.saturation, p.reactivate);
      w.lastTask!.assign(tf.reshape(now, []));
    }
    const aIn = p.guardIn ? availability(w.RIn!, p.saturation) : tf.ones([F]);
    const aOut = p.guardOut ? availability(w.ROut!, p.saturation) : tf.ones([p.units]);
    const kernel = scaleGradient(w.kernel!, tf.mul(tf.expandDims(aIn, 1), tf.expandDims(aOut, 0)));
    const bias = scaleGradient(w.bias!, aOut);
    const xIn = training && p.guardIn ? relevanceTap(x, w.rIn!, p.decay) : x;
    let y = linear(xIn, kernel, bias);
    if (training && p.guardOut) y = relevanceTap(y, w.rOut!, p.decay);
    if (probe.enabled) {
      const a = p.guardOut ? aOut : aIn;
      probe.record('availability', a);
      probe.record('frozen', tf.mean(tf.sub(1, tf.step(tf.sub(a, 0.05)))));
    }
    return { out: y };
  },
  torch: {
    source: () => import('./gateon.py?raw'),
    className: 'GuardedDense',
    args: ({ params: p, inputs }) => ({
      in_features: lastOf(inputs.in), units: p.units, guard: p.guard, guard_in: p.guardIn,
      guard_out: p.guardOut, decay: p.decay, saturation: p.saturation, reactivate: p.reactivate,
    }),
  },
  // At inference the guard changes nothing: x · a + x · (1 − a) is the kernel itself.
  onnx: { write: ({ inputs, w, g }) => ({ out: onnx.linear(g, inputs.in, w.kernel!, w.bias) }) },
  flops: ({ in: x }, p) => 2 * ((x ? lastDim(x) : 1) as number) * p.units,
  stats: {
    availability: { kind: 'scalar', label: 'Plasticity left', perItem: 'Unit', doc: 'Plasticity left per guarded unit: 1 free, 0 frozen for the sake of earlier tasks.' },
    frozen: { kind: 'scalar', label: 'Frozen units', doc: 'Share of guarded units that are (almost) frozen.' },
  },
});
