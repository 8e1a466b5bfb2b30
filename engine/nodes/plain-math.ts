/**
 * Arithmetic shared by the nodes' plain-JavaScript kernels (engine/registry/plain.ts):
 * dense layers, activations and the expanded gates on row-major [B, width]
 * Float32Arrays, each with its gradient, computed as tfjs computes the node's
 * `apply` (the same formulas; GELU's erf is tfjs's own approximation). Loops
 * branch on the function once, outside the loop, so each stays monomorphic.
 * Backward functions add into their gradients.
 */
import type { PlainKernel, PlainSetup } from '../registry/plain';
import type { ParamSchema } from '../registry/params';
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

/** y = fn(x) over the first n values. */
export function activateInto(fn: ActivationName, x: Float32Array, y: Float32Array, n: number): void {
  switch (fn) {
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v > 0 ? v : 0; } return;
    case 'tanh': for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]!); return;
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

/** y = x K + b for x [B, din], K [din, dout] (read from `k` at `kAt`), b [dout] at `bAt`. */
export function denseForward(x: Float32Array, k: Float32Array, b: Float32Array | undefined, y: Float32Array, B: number, din: number, dout: number, kAt = 0, bAt = 0): void {
  for (let r = 0; r < B; r++) {
    const row = r * dout;
    if (b) for (let o = 0; o < dout; o++) y[row + o] = b[bAt + o]!;
    else y.fill(0, row, row + dout);
    for (let i = 0; i < din; i++) {
      const xi = x[r * din + i]!;
      if (xi === 0) continue;
      const ki = kAt + i * dout;
      for (let o = 0; o < dout; o++) y[row + o]! += xi * k[ki + o]!;
    }
  }
}

/** dK += xᵀ dy, db += Σ dy, and dx += dy Kᵀ where dx is given. */
export function denseBackward(x: Float32Array, k: Float32Array, dy: Float32Array, B: number, din: number, dout: number, dk: Float32Array, db: Float32Array | undefined, dx: Float32Array | undefined, kAt = 0, bAt = 0): void {
  for (let r = 0; r < B; r++) {
    const row = r * dout;
    if (db) for (let o = 0; o < dout; o++) db[bAt + o]! += dy[row + o]!;
    for (let i = 0; i < din; i++) {
      const xi = x[r * din + i]!;
      const ki = kAt + i * dout;
      let s = 0;
      for (let o = 0; o < dout; o++) {
        const g = dy[row + o]!;
        dk[ki + o]! += xi * g;
        s += g * k[ki + o]!;
      }
      if (dx) dx[r * din + i]! += s;
    }
  }
}

/** The kernel of a layer y = x K + b with variables `kernel` and optional `bias` (Dense, ClassifierHead). */
export function densePlain<P extends ParamSchema>({ inputs, outputs }: PlainSetup<P, 'in', 'out'>): PlainKernel<'in', 'out'> {
  const din = inputs.in!, dout = outputs.out;
  return {
    forward: (x, w, y, B) => denseForward(x.in, w.kernel!, w.bias, y.out, B, din, dout),
    backward: (x, w, _y, dy, dx, dw, B) => denseBackward(x.in, w.kernel!, dy.out, B, din, dout, dw.kernel!, dw.bias, dx.in),
  };
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
