/**
 * Arithmetic shared by the nodes' plain-JavaScript kernels (engine/registry/plain.ts):
 * dense layers, activations and the expanded gates on row-major [B, width]
 * Float32Arrays, each with its gradient, computed as tfjs computes the node's
 * `apply` (the same formulas; GELU's erf is tfjs's own approximation). Loops
 * branch on the function once, outside the loop, so each stays monomorphic.
 * Backward functions add into their gradients.
 */
import type { FusedActivation } from '../registry/plain';
import type { ActivationName } from './dense';
import type { ExpandedFn } from './gates/gate-mul';

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** erf by Abramowitz & Stegun 7.1.26, with tfjs's constants (error below 1.5e-7). */
export function erf(v: number): number {
  const s = v < 0 ? -1 : 1, a = Math.abs(v);
  const t = 1 / (1 + 0.3275911 * a);
  return s * (1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a));
}

/** tfjs's softplus: exp(z) far below 0, z far above, log(1 + exp(z)) between. */
export function softplus(z: number): number {
  const threshold = Math.log(1.1920928955078125e-7) + 2;
  return z < threshold ? Math.exp(z) : z > -threshold ? z : Math.log(1 + Math.exp(z));
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * tanh as a rational function (Eigen's float tanh: odd degree 13 over even degree 6,
 * clamped at ±7.905), within 2.7e-7 of Math.tanh everywhere, a float's rounding, and
 * about four times faster: on a small tanh network Math.tanh took a third of the step.
 * Near 0 it is x · (1 − 1.3e-7), so it needs no branch of its own there.
 */
export function tanh(x: number): number {
  const v = x > 7.90531110763549805 ? 7.90531110763549805 : x < -7.90531110763549805 ? -7.90531110763549805 : x;
  const x2 = v * v;
  const p = ((((((-2.76076847742355e-16 * x2 + 2.00018790482477e-13) * x2 - 8.60467152213735e-11) * x2 + 5.12229709037114e-8) * x2 + 1.48572235717979e-5) * x2 + 6.37261928875436e-4) * x2 + 4.89352455891786e-3) * v;
  const q = ((1.19825839466702e-6 * x2 + 1.18534705686654e-4) * x2 + 2.268434632439e-3) * x2 + 4.89352518554385e-3;
  return p / q;
}

/**
 * The slopes of the activations whose gradient follows from their output alone, as
 * source text given the output t (as activateBackInto computes them): the layer before
 * may take the gradient back through them as it reads it (plain-dense.ts).
 */
export const FUSED_SLOPE: Record<FusedActivation, (t: string) => string> = {
  tanh: (t) => `1 - ${t} * ${t}`,
  sigmoid: (t) => `${t} * (1 - ${t})`,
  relu: (t) => `${t} > 0 ? 1 : 0`,
};

/** y = fn(x) over the first n values. */
export function activateInto(fn: ActivationName, x: Float32Array, y: Float32Array, n: number): void {
  switch (fn) {
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v > 0 ? v : 0; } return;
    case 'tanh': for (let i = 0; i < n; i++) y[i] = tanh(x[i]!); return;
    case 'sigmoid': for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]!)); return;
    case 'silu': for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v / (1 + Math.exp(-v)); } return;
    case 'gelu': for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = 0.5 * v * (1 + erf(v * Math.SQRT1_2)); } return;
    case 'identity': y.set(x.subarray(0, n)); return;
  }
}

/** dx += dy · fn'(x), given x and y = fn(x). */
export function activateBackInto(fn: ActivationName, x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void {
  switch (fn) {
    case 'relu': for (let i = 0; i < n; i++) if (x[i]! > 0) dx[i]! += dy[i]!; return;
    case 'tanh': for (let i = 0; i < n; i++) { const t = y[i]!; dx[i]! += dy[i]! * (1 - t * t); } return;
    case 'sigmoid': for (let i = 0; i < n; i++) { const s = y[i]!; dx[i]! += dy[i]! * s * (1 - s); } return;
    case 'silu': for (let i = 0; i < n; i++) { const v = x[i]!, s = sigmoid(v); dx[i]! += dy[i]! * s * (1 + v * (1 - s)); } return;
    case 'gelu': for (let i = 0; i < n; i++) { const v = x[i]!; dx[i]! += dy[i]! * (0.5 * (1 + erf(v * Math.SQRT1_2)) + 0.5 * v * SQRT_2_OVER_PI * Math.exp(-0.5 * v * v)); } return;
    case 'identity': for (let i = 0; i < n; i++) dx[i]! += dy[i]!; return;
  }
}

/**
 * The expanded gate of gate-mul.ts's expandedGate at u with range expansion a,
 * and its derivatives by u and by a.
 */
export function expandedGateAt(fn: ExpandedFn, u: number, a: number): number {
  switch (fn) {
    case 'arctan': return Math.atan(u) * ((1 + 2 * a) / Math.PI) + 0.5;
    case 'erf': return erf(u * Math.SQRT1_2) * (0.5 + a) + 0.5;
    case 'sigmoid': return sigmoid(u) * (1 + 2 * a) - a;
  }
}
export function expandedGateDu(fn: ExpandedFn, u: number, a: number): number {
  switch (fn) {
    case 'arctan': return (1 + 2 * a) / (Math.PI * (1 + u * u));
    case 'erf': return (0.5 + a) * SQRT_2_OVER_PI * Math.exp(-0.5 * u * u);
    case 'sigmoid': { const s = sigmoid(u); return (1 + 2 * a) * s * (1 - s); }
  }
}
export function expandedGateDa(fn: ExpandedFn, u: number): number {
  switch (fn) {
    case 'arctan': return (2 / Math.PI) * Math.atan(u);
    case 'erf': return erf(u * Math.SQRT1_2);
    case 'sigmoid': return 2 * sigmoid(u) - 1;
  }
}

/**
 * α of an expanded gate for channel c: the learned variable (one value, or one per
 * channel) when there is one, else the constant starting value.
 */
export function alphaOf(w: Float32Array | undefined, constant: number): (c: number) => number {
  if (!w) return () => constant;
  return w.length === 1 ? () => w[0]! : (c) => w[c]!;
}
