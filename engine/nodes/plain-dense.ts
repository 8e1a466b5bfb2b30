/**
 * Dense layers y = x K + b in plain JavaScript (x [B, din], K [din, dout] read from
 * `k` at `kAt`, b [dout] at `bAt`) and their gradients. A small layer gets code
 * written for its sizes: every loop over din and dout unrolled, K held in local
 * variables, so a row costs its multiply-adds and little else (2 × 8 × 8 tanh
 * networks trained 2.3 times faster than through the loops below). Larger
 * layers, and pages that forbid generated code, use the loops.
 */
import type { FusedActivation, PlainKernel, PlainSetup } from '../registry/plain';
import type { ParamSchema } from '../registry/params';
import { FUSED_SLOPE, activateInto } from './plain-math';

type Forward = (x: Float32Array, k: Float32Array, b: Float32Array | undefined, y: Float32Array, B: number, kAt: number, bAt: number) => void;
/**
 * Adds dL/dK into dk, dL/db into db and, where dx is given, dL/dx into dx; a layer with an
 * activation of its own reads its output y (and dy is the gradient there).
 */
type Backward = (x: Float32Array, k: Float32Array, dy: Float32Array, dk: Float32Array, db: Float32Array | undefined, dx: Float32Array | undefined, B: number, kAt: number, bAt: number, y?: Float32Array) => void;

/** The largest din × dout written out as code: beyond it the locals spill and the loops do as well. */
const UNROLL_MAX = 256;
/**
 * The largest din × dout that takes an activation into its backward pass. At 16 × 16 the
 * fused code was faster in Node but made the default preset train 14 % slower in
 * Chromium's worker (1,158 against 1,349 steps a second); at 8 × 8 it is faster in both.
 */
const FUSE_MAX = 64;

export function denseForward(x: Float32Array, k: Float32Array, b: Float32Array | undefined, y: Float32Array, B: number, din: number, dout: number, kAt = 0, bAt = 0): void {
  for (let r = 0; r < B; r++) {
    const xr = r * din, yr = r * dout;
    for (let o = 0; o < dout; o++) {
      let s = b ? b[bAt + o]! : 0;
      for (let i = 0, ki = kAt + o; i < din; i++, ki += dout) s += x[xr + i]! * k[ki]!;
      y[yr + o] = s;
    }
  }
}

/** Row by row, dK and dx from one pass over K (faster here than summing each weight over the batch). */
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

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Source of an unrolled forward pass; only integers from the sizes enter it. */
function forwardSource(din: number, dout: number, bias: boolean): string {
  const I = range(din), O = range(dout);
  return [
    ...I.flatMap((i) => O.map((o) => `const k${i}_${o} = k[kAt + ${i * dout + o}];`)),
    ...(bias ? O.map((o) => `const b${o} = b[bAt + ${o}];`) : []),
    `for (let r = 0; r < B; r++) { const xr = r * ${din}, yr = r * ${dout};`,
    ...I.map((i) => `const x${i} = x[xr + ${i}];`),
    ...O.map((o) => `y[yr + ${o}] = ${[...(bias ? [`b${o}`] : []), ...I.map((i) => `x${i} * k${i}_${o}`)].join(' + ')};`),
    '}',
  ].join('\n');
}

/** With `act`, dy is the gradient at the activation's output y, taken back through its slope as it is read. */
function backwardSource(din: number, dout: number, bias: boolean, withDx: boolean, act: FusedActivation | undefined): string {
  const I = range(din), O = range(dout);
  const through = (o: number) => (act ? ` * (${FUSED_SLOPE[act](`y[yr + ${o}]`)})` : '');
  return [
    ...I.flatMap((i) => O.map((o) => `let g${i}_${o} = 0;`)),
    ...(bias ? O.map((o) => `let c${o} = 0;`) : []),
    ...(withDx ? I.flatMap((i) => O.map((o) => `const k${i}_${o} = k[kAt + ${i * dout + o}];`)) : []),
    `for (let r = 0; r < B; r++) { const xr = r * ${din}, yr = r * ${dout};`,
    ...I.map((i) => `const x${i} = x[xr + ${i}];`),
    ...O.map((o) => `const d${o} = dy[yr + ${o}]${through(o)};${bias ? ` c${o} += d${o};` : ''}`),
    ...I.flatMap((i) => O.map((o) => `g${i}_${o} += x${i} * d${o};`)),
    ...(withDx ? I.map((i) => `dx[xr + ${i}] += ${O.map((o) => `d${o} * k${i}_${o}`).join(' + ')};`) : []),
    '}',
    ...I.flatMap((i) => O.map((o) => `dk[kAt + ${i * dout + o}] += g${i}_${o};`)),
    ...(bias ? O.map((o) => `db[bAt + ${o}] += c${o};`) : []),
  ].join('\n');
}

interface DenseOps { forward: Forward; backward: Backward }

const written = new Map<string, DenseOps | null>();

/**
 * Code written for these sizes, or null where the page forbids it (a Content-Security-Policy
 * without 'unsafe-eval'). With `act`, the backward pass reads dy at the activation's output.
 */
function unrolled(din: number, dout: number, bias: boolean, act?: FusedActivation): DenseOps | null {
  const key = `${din}:${dout}:${bias}:${act ?? ''}`;
  if (!written.has(key)) {
    try {
      const forward = new Function('x', 'k', 'b', 'y', 'B', 'kAt', 'bAt', forwardSource(din, dout, bias)) as Forward;
      const args = ['x', 'k', 'dy', 'dk', 'db', 'dx', 'B', 'kAt', 'bAt', 'y'];
      const withDx = new Function(...args, backwardSource(din, dout, bias, true, act)) as Backward;
      const noDx = new Function(...args, backwardSource(din, dout, bias, false, act)) as Backward;
      written.set(key, { forward, backward: (x, k, dy, dk, db, dx, B, kAt, bAt, y) => (dx ? withDx : noDx)(x, k, dy, dk, db, dx, B, kAt, bAt, y) });
    } catch {
      written.set(key, null);
    }
  }
  return written.get(key)!;
}

/** The forward and backward passes of a din → dout layer (with or without a bias). */
export function denseOps(din: number, dout: number, bias: boolean): DenseOps {
  return (din * dout <= UNROLL_MAX ? unrolled(din, dout, bias) : null) ?? {
    forward: (x, k, b, y, B, kAt, bAt) => denseForward(x, k, b, y, B, din, dout, kAt, bAt),
    backward: (x, k, dy, dk, db, dx, B, kAt, bAt) => denseBackward(x, k, dy, B, din, dout, dk, db, dx, kAt, bAt),
  };
}

/** The kernel of a layer y = x K + b with variables `kernel` and optional `bias` (Dense, ClassifierHead). */
export function densePlain<P extends ParamSchema>({ inputs, outputs, variables }: PlainSetup<P, 'in', 'out'>): PlainKernel<'in', 'out'> {
  const din = inputs.in!, dout = outputs.out, bias = variables['bias'] !== undefined;
  const { forward, backward } = denseOps(din, dout, bias);
  return {
    forward: (x, w, y, B) => forward(x.in, w.kernel!, w.bias, y.out, B, 0, 0),
    backward: (x, w, _y, dy, dx, dw, B) => backward(x.in, w.kernel!, dy.out, dw.kernel!, dw.bias, dx.in, B, 0, 0),
    // Only a small written-out layer takes an activation in: there its backward pass reads through the slope for free.
    // (Its forward pass applies the activation in a loop of its own: calls inside the written-out rows were slower.)
    withActivation: (fn) => {
      const fused = din * dout <= FUSE_MAX ? unrolled(din, dout, bias, fn) : null;
      if (!fused) return undefined;
      return {
        forward: (x, w, y, B) => { fused.forward(x.in, w.kernel!, w.bias, y.out, B, 0, 0); activateInto(fn, y.out, y.out, B * dout); },
        backward: (x, w, y, dy, dx, dw, B) => fused.backward(x.in, w.kernel!, dy.out, dw.kernel!, dw.bias, dx.in, B, 0, 0, y.out),
      };
    },
  };
}
