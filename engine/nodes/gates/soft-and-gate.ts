/**
 * SoftAndGate: a differentiable AND over n control signals.
 *
 *   g = Π_i σ(s·(c_i − θ_i)) = exp(Σ_i log σ(s·(c_i − θ_i)))     (B, *, 1)
 *   out = x ⊙ g          (x connected)
 *   out = x + g ⊙ fx     (x and fx connected: a gated residual branch)
 *   out = g              (nothing on x: the gate itself)
 *
 * The quantum paper it stands beside compiles multi-controlled gates (MC-X flips
 * its target only when all n controls are |1⟩) onto a line of qubits; nothing
 * there trains. What carries over is the logic, which this node makes learnable.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { choice, num } from '../../registry/params';
import { formatShape, port } from '../../registry/ports';
import { broadcastShapes, fail, float, lastDim, perExample } from '../../shapes/dims';
import { stepAbove, stopGradient } from '../../compile/ops';
import { gatedResidual, gateMul } from './gate-mul';
import { lastOf } from '../../registry/torch';
import type { PlainKernel, PlainSetup } from '../../registry/plain';
import { sigmoid, softplus } from '../plain-math';
import * as onnx from '../../serialize/onnx/ops';

/**
 * The soft AND of controls c [..., n] against thresholds θ [n], sharpness s: [..., 1].
 * A sum of log-sigmoids, exponentiated, so many small factors do not underflow on the way.
 * log σ(z) is written −softplus(−z): tf.logSigmoid's gradient reads a tensor its tape
 * has already freed ("reading 'backend'", tfjs 4.22).
 */
export function softAnd(c: tf.Tensor, theta: tf.Tensor, sharpness: number): tf.Tensor {
  const logOn = tf.neg(tf.softplus(tf.neg(tf.mul(tf.sub(c, theta), sharpness)))); // log σ(s·(c − θ))
  return tf.exp(tf.sum(logOn, -1, true));
}

/** 1 where every control exceeds its threshold, else 0: [..., 1], no gradient. */
export function hardAnd(c: tf.Tensor, theta: tf.Tensor): tf.Tensor {
  // min, not prod: tf.prod's gradient calls a chained method that tfjs-core alone does not register.
  return stepAbove(tf.min(tf.sub(c, theta), c.rank - 1, true), 0);
}

export const SoftAndGate = defineNode({
  type: 'SoftAndGate',
  label: 'Soft AND gate',
  category: 'gates/logic',
  version: 1,
  doc:
    'Opens only when all of its n control signals agree. Each control c_i is compared with a learned threshold θ_i ' +
    'through a sigmoid of sharpness s, and the gate is the product of those n "this control is on" probabilities: ' +
    'g = Π σ(s·(c_i − θ_i)), computed as exp(Σ log σ(·)). If any one control is off, its factor is near 0 and so is ' +
    'the gate; only when every control is above its threshold does g approach 1. The gate multiplies x ' +
    '(out = x ⊙ g), adds a gated branch (out = x + g ⊙ fx), or, with nothing on x, is the output itself. ' +
    'Mode "hard" uses the exact 0/1 AND [all c_i > θ_i] forward and the soft gate\'s gradient backward (straight-through); ' +
    'mode "off" removes the gate, so x (or, with nothing on x, the controls themselves) passes unchanged: that turns ' +
    'the graph around it into a plain network, the comparison\'s baseline. This is the trainable analogue of a ' +
    'multi-controlled quantum gate (MC-X), which flips its target only when all n controls are |1⟩; the quantum ' +
    'sandbox in GateLab\'s teaching module shows the real thing.',
  cite: '"Multi-Controlled Quantum Gates in Linear Nearest Neighbor" (the soft AND is GateLab\'s trainable analogue of their logic)',
  inputs: {
    c: port('gate', ['B', '*', 'n'], { doc: 'The n control signals on the last axis; with the default threshold 0.5 they are best in [0, 1] (a sigmoid before).' }),
    x: port('data', ['B', '*'], { optional: true, doc: 'What the gate lets through; leave empty to output the gate itself [B, *, 1].' }),
    fx: port('branch', ['B', '*'], { optional: true, doc: 'A branch added onto x through the gate: out = x + g ⊙ fx.' }),
  },
  outputs: { out: port('data', ['B', '*']) },
  params: {
    sharpness: num({ default: 10, min: 0.1, max: 100, doc: 'Slope s of each control\'s sigmoid: larger makes the gate closer to a hard AND.' }),
    threshold: num({ default: 0.5, min: -10, max: 10, doc: 'Where every learned threshold θ_i starts.' }),
    mode: choice({ default: 'soft', options: ['soft', 'hard', 'off'], doc: 'soft: the product of sigmoids; hard: exact 0/1 AND forward, soft gradient backward; off: no gate (the baseline).' }),
  },
  keyParams: ['mode', 'sharpness'],
  infer: ({ c, x, fx }, p) => {
    if (!c) return { out: float(['B', 1]) };
    if (c.shape.length < 2) return fail(`SoftAndGate expects controls [B, n]; it gets ${formatShape(c.shape)}`, 'c');
    const gateShape = float([...c.shape.slice(0, -1), 1]);
    if (fx && !x) return fail('SoftAndGate adds the branch fx onto x: connect x too', 'x');
    if (!x) return { out: p.mode === 'off' ? c : gateShape };
    if (x.dtype !== 'float32') return fail('SoftAndGate gates float values; it gets token ids on x', 'x');
    const xs = broadcastShapes(x.shape, gateShape.shape);
    if (!xs) return fail(`the gate ${formatShape(gateShape.shape)} does not broadcast onto x ${formatShape(x.shape)}`, 'x');
    if (fx) {
      const both = broadcastShapes(xs, fx.shape);
      if (!both) return fail(`fx ${formatShape(fx.shape)} must match x ${formatShape(x.shape)}`, 'fx');
      return { out: float(both) };
    }
    return { out: float(xs) };
  },
  build: ({ params, inputs, v }) =>
    params.mode === 'off' ? {} : { theta: v.make('theta', [lastDim(inputs.c!) as number], { kind: 'constant', value: params.threshold }) },
  apply: ({ c, x, fx }, { theta }, { params, probe }) => {
    const off = params.mode === 'off';
    let g: tf.Tensor | undefined;
    if (!off) {
      const soft = softAnd(c, theta!, params.sharpness);
      g = params.mode === 'hard' ? tf.add(soft, stopGradient(tf.sub(hardAnd(c, theta!), soft))) : soft;
      if (probe.enabled) recordStats(probe, c, theta!, g);
    }
    if (!x) return { out: g ?? c };
    if (!g) return { out: fx ? tf.add(x, fx) : x };
    return { out: fx ? gatedResidual(x, g, fx) : gateMul(x, g) };
  },
  torch: {
    source: () => import('./soft-and-gate.py?raw'),
    className: 'SoftAndGate',
    args: ({ params: p, inputs }) => ({ controls: lastOf(inputs.c), sharpness: p.sharpness, threshold: p.threshold, mode: p.mode }),
  },
  plain: (s) => softAndPlain(s),
  onnx: {
    write: ({ inputs: { c, x, fx }, w, params, g }) => {
      let gate: string | undefined;
      if (params.mode !== 'off') {
        const below = g.op('Sub', [c, w.theta!]);
        const logOn = g.op('Neg', [g.op('Softplus', [g.op('Neg', [g.op('Mul', [below, g.scalar(params.sharpness)])])])]);
        const soft = g.op('Exp', [onnx.sumLast(g, logOn)]);
        // hard: soft + (AND − soft), written as the training forward computes it
        gate = params.mode === 'hard' ? g.op('Add', [soft, g.op('Sub', [onnx.stepAbove0(g, g.op('ReduceMin', [below], { axes: { ints: [-1] }, keepdims: { i: 1 } })), soft])]) : soft;
      }
      if (!x) return { out: gate ?? c };
      if (!gate) return { out: fx ? g.op('Add', [x, fx]) : x };
      return { out: fx ? g.op('Add', [x, g.op('Mul', [gate, fx])]) : g.op('Mul', [x, gate]) };
    },
  },
  flops: ({ c, x, fx }, p) => {
    if (p.mode === 'off') return fx ? perExample(x) : 0;
    return 6 * perExample(c) + (x ? perExample(x) : 0) * (fx ? 2 : 1);
  },
  stats: {
    gate: { kind: 'gate', label: 'AND gate', doc: 'The AND gate g per example: after training it sits near 0 or near 1.' },
    theta: { kind: 'scalar', label: 'Thresholds θ', perItem: 'Control', doc: 'The learned thresholds θ, one per control: a control the AND should ignore drifts far below its signal, so its factor stays at 1.' },
    gateByControlsOn: {
      kind: 'scalar',
      label: 'Gate by controls on',
      perItem: 'Count',
      doc: 'Mean gate over the examples with exactly k = 0 … n controls above threshold (empty where no example has k on), which should step up at k = n.',
    },
  },
});

/** Gate statistics: the gate, θ, and the mean gate by the number of controls that are on. */
function recordStats(probe: { record(stat: string, value: tf.Tensor): void }, c: tf.Tensor, theta: tf.Tensor, g: tf.Tensor): void {
  probe.record('gate', g);
  probe.record('theta', theta);
  const n = c.shape[c.shape.length - 1]!;
  const on = tf.reshape(tf.sum(stepAbove(c, theta), -1), [-1, 1]);          // (N, 1) controls above threshold
  const at = stepAbove(tf.neg(tf.abs(tf.sub(on, tf.range(0, n + 1)))), -0.5); // (N, n+1) one-hot of that count
  const gAt = tf.sum(tf.mul(tf.reshape(g, [-1, 1]), at), 0);
  probe.record('gateByControlsOn', tf.div(gAt, tf.sum(at, 0)));              // 0/0 = NaN where no example has k on
}

/**
 * The soft AND on [B, n] controls, as `apply` computes it: g = exp(Σ log σ(z_i)),
 * z_i = s·(c_i − θ_i), so ∂g/∂c_i = g · s · σ(−z_i) and ∂g/∂θ_i = −∂g/∂c_i. Mode
 * "hard" passes the exact AND forward and the soft gate's gradient backward.
 */
function softAndPlain({ params: p, inputs, outputs }: Pick<PlainSetup<{}, 'c' | 'x' | 'fx', 'out'>, 'inputs' | 'outputs'> & { params: { sharpness: number; mode: string } }): PlainKernel<'c' | 'x' | 'fx', 'out'> | { reason: string } {
  const n = inputs.c!, D = outputs.out, hasX = inputs.x !== undefined, s = p.sharpness;
  if (hasX && (inputs.x !== D || (inputs.fx !== undefined && inputs.fx !== D))) return { reason: 'a broadcast' };
  if (p.mode === 'off') return passThrough(hasX ? (inputs.fx !== undefined ? ['x', 'fx'] : ['x']) : ['c'], D);
  let soft = new Float32Array(0), hard = soft;
  return {
    forward: ({ c, x, fx }, { theta }, { out }, B) => {
      if (soft.length !== B) { soft = new Float32Array(B); hard = new Float32Array(B); }
      for (let r = 0; r < B; r++) {
        let log = 0, least = Infinity;
        for (let i = 0; i < n; i++) {
          const d = c[r * n + i]! - theta![i]!;
          log -= softplus(-d * s);
          least = Math.min(least, d);
        }
        soft[r] = Math.exp(log);
        hard[r] = least > 0 ? 1 : 0;
        const g = p.mode === 'hard' ? hard[r]! : soft[r]!;
        if (!hasX) { out[r] = g; continue; }
        for (let j = r * D; j < (r + 1) * D; j++) out[j] = fx ? x![j]! + g * fx[j]! : x![j]! * g;
      }
    },
    backward: ({ c, x, fx }, { theta }, _y, { out: dy }, dx, dw, B) => {
      for (let r = 0; r < B; r++) {
        const g = p.mode === 'hard' ? hard[r]! : soft[r]!;
        let dg = 0;
        if (!hasX) dg = dy[r]!;
        else for (let j = r * D; j < (r + 1) * D; j++) {
          const d = dy[j]!;
          dg += d * (fx ? fx[j]! : x![j]!);
          if (dx.x) dx.x[j]! += fx ? d : d * g;
          if (dx.fx) dx.fx[j]! += d * g;
        }
        for (let i = 0; i < n; i++) {
          const z = (c[r * n + i]! - theta![i]!) * s;
          const dc = dg * soft[r]! * s * sigmoid(-z);
          if (dx.c) dx.c[r * n + i]! += dc;
          dw.theta![i]! -= dc;
        }
      }
    },
  };
}

/** Mode "off": the sum of the given inputs (x, x + fx, or the controls), all of width D. */
function passThrough(ports: ('c' | 'x' | 'fx')[], D: number): PlainKernel<'c' | 'x' | 'fx', 'out'> {
  return {
    forward: (x, _w, { out }, B) => {
      out.fill(0, 0, B * D);
      for (const p of ports) for (let j = 0; j < B * D; j++) out[j]! += x[p][j]!;
    },
    backward: (_x, _w, _y, { out: dy }, dx, _dw, B) => {
      for (const p of ports) { const d = dx[p]; if (d) for (let j = 0; j < B * D; j++) d[j]! += dy[j]!; }
    },
  };
}
