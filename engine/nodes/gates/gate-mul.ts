/**
 * The gated multiply that most gate nodes share:
 *   y = value ⊙ act(logits)            (a multiplicative gate)
 *   y = base + gate ⊙ branch           (a gated residual)
 * plus the expanded gate functions (Huang, 2024), whose range (−α, 1+α) grows with a
 * learned α and equals the plain gate's (0, 1) at α = 0.
 * Pure tensor math: node files import these and stay thin.
 */
import * as tf from '@tensorflow/tfjs-core';

type Tensor = tf.Tensor;

export const GATE_ACTS = ['sigmoid', 'tanh', 'identity'] as const;
export type GateAct = (typeof GATE_ACTS)[number];

/** Squashes gate logits: sigmoid into (0, 1), tanh into (−1, 1), identity leaves them as they are. */
export function gateAct(act: GateAct, logits: Tensor): Tensor {
  switch (act) {
    case 'sigmoid': return tf.sigmoid(logits);
    case 'tanh': return tf.tanh(logits);
    case 'identity': return logits;
  }
}

/** value ⊙ gate; the gate broadcasts (a [.., 1] gate scales a whole head or vector). */
export function gateMul(value: Tensor, gate: Tensor): Tensor {
  return tf.mul(value, gate);
}

/** base + gate ⊙ branch: with gate = 0 the block is the identity map on base. */
export function gatedResidual(base: Tensor, gate: Tensor, branch: Tensor): Tensor {
  return tf.add(base, tf.mul(gate, branch));
}

export const EXPANDED_FNS = ['arctan', 'erf', 'sigmoid'] as const;
export type ExpandedFn = (typeof EXPANDED_FNS)[number];

/**
 * The expanded gate of Huang (2024), range (−α, 1+α):
 *   arctan: atan(u)·(1 + 2α)/π + 1/2
 *   erf:    erf(u/√2)·(1/2 + α) + 1/2
 *   sigmoid: σ(u)·(1 + 2α) − α
 * α is a scalar or broadcasts against u (one per channel).
 */
export function expandedGate(fn: ExpandedFn, u: Tensor, alpha: Tensor | number): Tensor {
  switch (fn) {
    case 'arctan': return tf.add(tf.mul(tf.atan(u), tf.div(tf.add(1, tf.mul(2, alpha)), Math.PI)), 0.5);
    case 'erf': return tf.add(tf.mul(tf.erf(tf.mul(u, Math.SQRT1_2)), tf.add(0.5, alpha)), 0.5);
    case 'sigmoid': return tf.sub(tf.mul(tf.sigmoid(u), tf.add(1, tf.mul(2, alpha))), alpha);
  }
}
