/**
 * A multilayer perceptron in plain JavaScript: forward and backward passes on
 * Float32Arrays, the same arithmetic as the compiled Dense/Activation chain.
 * On tiny networks tfjs spends far more time dispatching ops than computing
 * them (issue 8: 2 × 8 tanh on spiral ran about 6 times faster this way).
 */
export type PlainActivation = 'relu' | 'tanh' | 'sigmoid' | 'silu' | 'identity';
export const PLAIN_ACTIVATIONS: readonly string[] = ['relu', 'tanh', 'sigmoid', 'silu', 'identity'];

export type PlainLayer =
  | { kind: 'dense'; din: number; dout: number; kernel: Float32Array; bias?: Float32Array }
  | { kind: 'act'; fn: PlainActivation };

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function activate(fn: PlainActivation, x: Float32Array): Float32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    y[i] = fn === 'relu' ? (v > 0 ? v : 0) : fn === 'tanh' ? Math.tanh(v) : fn === 'sigmoid' ? sigmoid(v) : fn === 'silu' ? v * sigmoid(v) : v;
  }
  return y;
}

/** dL/dx from dL/dy, given the activation's input x and output y. */
function activateBack(fn: PlainActivation, x: Float32Array, y: Float32Array, dy: Float32Array): Float32Array {
  const dx = new Float32Array(dy.length);
  for (let i = 0; i < dy.length; i++) {
    const g = dy[i]!;
    if (fn === 'relu') dx[i] = x[i]! > 0 ? g : 0;
    else if (fn === 'tanh') dx[i] = g * (1 - y[i]! * y[i]!);
    else if (fn === 'sigmoid') dx[i] = g * y[i]! * (1 - y[i]!);
    else if (fn === 'silu') { const s = sigmoid(x[i]!); dx[i] = g * s * (1 + x[i]! * (1 - s)); }
    else dx[i] = g;
  }
  return dx;
}

function denseForward(l: Extract<PlainLayer, { kind: 'dense' }>, x: Float32Array, B: number): Float32Array {
  const { din, dout, kernel, bias } = l;
  const y = new Float32Array(B * dout);
  for (let b = 0; b < B; b++) {
    const row = b * dout;
    if (bias) y.set(bias, row);
    for (let i = 0; i < din; i++) {
      const xi = x[b * din + i]!;
      if (xi === 0) continue;
      const k = i * dout;
      for (let o = 0; o < dout; o++) y[row + o]! += xi * kernel[k + o]!;
    }
  }
  return y;
}

/** Gradients of one dense layer (into gk, gb) and dL/dx. */
function denseBackward(l: Extract<PlainLayer, { kind: 'dense' }>, x: Float32Array, dy: Float32Array, B: number, gk: Float32Array, gb: Float32Array | undefined, needDx: boolean): Float32Array | undefined {
  const { din, dout, kernel } = l;
  const dx = needDx ? new Float32Array(B * din) : undefined;
  for (let b = 0; b < B; b++) {
    const row = b * dout;
    if (gb) for (let o = 0; o < dout; o++) gb[o]! += dy[row + o]!;
    for (let i = 0; i < din; i++) {
      const xi = x[b * din + i]!;
      const k = i * dout;
      let s = 0;
      for (let o = 0; o < dout; o++) {
        const g = dy[row + o]!;
        gk[k + o]! += xi * g;
        s += g * kernel[k + o]!;
      }
      if (dx) dx[b * din + i] = s;
    }
  }
  return dx;
}

export interface PlainStep {
  /** The task loss of the batch (mean over examples). */
  loss: number;
  /** Share of the batch classified correctly. */
  accuracy: number;
  /** Gradients in layer order: kernel, then bias, per dense layer. */
  grads: Float32Array[];
}

/** Softmax cross-entropy on logits [B, C] and its gradient; accuracy with argmax ties going to the first index, as tf.argMax does. */
function crossEntropy(out: Float32Array, labels: ArrayLike<number>, B: number, C: number): { loss: number; accuracy: number; d: Float32Array } {
  const d = new Float32Array(B * C);
  let loss = 0, hits = 0;
  for (let b = 0; b < B; b++) {
    const r = b * C;
    let max = -Infinity, arg = 0;
    for (let c = 0; c < C; c++) if (out[r + c]! > max) { max = out[r + c]!; arg = c; }
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(out[r + c]! - max);
    const label = labels[b]!;
    loss += Math.log(sum) - (out[r + label]! - max);
    for (let c = 0; c < C; c++) d[r + c] = (Math.exp(out[r + c]! - max) / sum - (c === label ? 1 : 0)) / B;
    if (arg === label) hits++;
  }
  return { loss: loss / B, accuracy: hits / B, d };
}

/** One forward and backward pass over a batch x [B, din₀] with class ids [B]. */
export function forwardBackward(layers: readonly PlainLayer[], x: Float32Array, labels: ArrayLike<number>, B: number): PlainStep {
  const acts: Float32Array[] = [x];
  for (const l of layers) acts.push(l.kind === 'dense' ? denseForward(l, acts[acts.length - 1]!, B) : activate(l.fn, acts[acts.length - 1]!));
  const out = acts[acts.length - 1]!;
  const r = crossEntropy(out, labels, B, out.length / B);
  const grads: Float32Array[] = [];
  let dy: Float32Array = r.d;
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i]!;
    if (l.kind === 'act') { dy = activateBack(l.fn, acts[i]!, acts[i + 1]!, dy); continue; }
    const gk = new Float32Array(l.kernel.length), gb = l.bias ? new Float32Array(l.bias.length) : undefined;
    const dx = denseBackward(l, acts[i]!, dy, B, gk, gb, i > 0);
    grads.unshift(...(gb ? [gk, gb] : [gk]));
    if (dx) dy = dx;
  }
  return { loss: r.loss, accuracy: r.accuracy, grads };
}

/** The weights in the order forwardBackward returns their gradients. */
export function weightsOf(layers: readonly PlainLayer[]): Float32Array[] {
  return layers.flatMap((l) => (l.kind === 'dense' ? (l.bias ? [l.kernel, l.bias] : [l.kernel]) : []));
}
