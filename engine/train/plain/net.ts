/**
 * A graph on the plain-JavaScript path: its nodes' plain kernels
 * (engine/registry/plain.ts) in execution order, wired port to port over
 * Float32Arrays, with one forward and backward pass per batch. On tiny
 * networks tfjs spends far more time dispatching ops than computing them
 * (issue 8: 2 × 8 tanh on spiral ran about 6 times faster this way). Buffers
 * are made once per batch size, so a step allocates nothing of its own.
 */
import type { PlainKernel } from '../../registry/plain';

export interface PlainNode {
  id: string;
  kernel: PlainKernel;
  /** Per input port: the index in `nodes` of the node it reads (INPUT: the batch's features) and that node's port. */
  from: Record<string, [node: number, port: string]>;
  /** The width of each output port. */
  widths: Record<string, number>;
  /** Per variable (its name without the node prefix): its index in the weights. */
  vars: Record<string, number>;
}

/** The `from` index of the batch's features. */
export const INPUT = -1;

export interface PlainStep {
  /** The task loss of the batch (mean over examples). */
  loss: number;
  /** Share of the batch classified correctly. */
  accuracy: number;
}

type Ports = Record<string, Float32Array>;

/** What one node's kernel reads and writes, made once per batch size. */
interface Wired { x: Ports; y: Ports; dy: Ports; dx: Ports; w: Ports; dw: Ports }

/** Views of one new array, one of each size in turn. */
function viewsOf(sizes: readonly number[]): { all: Float32Array; views: Float32Array[] } {
  const all = new Float32Array(sizes.reduce((a, n) => a + n, 0));
  let at = 0;
  return { all, views: sizes.map((n) => all.subarray(at, (at += n))) };
}

export class PlainNet {
  /** Trained in place by the optimizer: views of `allWeights`, one per variable. */
  readonly weights: readonly Float32Array[];
  /** Every weight in one array, in the weights' order (the optimizer updates them in one loop). */
  readonly allWeights: Float32Array;
  /** The gradients, laid out as the weights; overwritten by each step. */
  readonly allGrads: Float32Array;
  /** Views of `allGrads`, one per variable. */
  private readonly grads: readonly Float32Array[];
  /** Reused by every step. */
  private readonly result: PlainStep;
  private B = -1;
  private features: Float32Array | undefined;
  private wired: Wired[] = [];
  /** Every port's gradient, zeroed before each backward pass. */
  private portGrads: Float32Array = new Float32Array(0);
  /** The output port's values [B, classes] and their gradient, found once per batch size. */
  private logits: Float32Array = new Float32Array(0);
  private dLogits: Float32Array = new Float32Array(0);
  private readonly classes: number;

  constructor(
    readonly nodes: readonly PlainNode[],
    /** The size of each variable. */
    sizes: readonly number[],
    /** The node and port whose values are the logits [B, classes]. */
    readonly output: readonly [node: number, port: string],
  ) {
    const w = viewsOf(sizes), g = viewsOf(sizes);
    this.weights = w.views;
    this.allWeights = w.all;
    this.allGrads = g.all;
    this.grads = g.views;
    this.result = { loss: 0, accuracy: 0 };
    this.classes = nodes[output[0]]!.widths[output[1]]!;
  }

  /** One forward and backward pass over features x [B, width] with class ids [B]; the result is overwritten by the next. */
  forwardBackward(x: Float32Array, labels: ArrayLike<number>, B: number): PlainStep {
    if (B !== this.B || x !== this.features) this.wire(x, B);
    this.allGrads.fill(0);
    this.portGrads.fill(0);
    const { nodes, wired } = this;
    for (let i = 0; i < nodes.length; i++) { const p = wired[i]!; nodes[i]!.kernel.forward(p.x, p.w, p.y, B); }
    const r = this.result;
    crossEntropy(this.logits, labels, B, this.classes, this.dLogits, r);
    for (let i = nodes.length - 1; i >= 0; i--) { const p = wired[i]!; nodes[i]!.kernel.backward(p.x, p.w, p.y, p.dy, p.dx, p.dw, B); }
    return r;
  }

  private wire(x: Float32Array, B: number): void {
    const values = this.nodes.map((n) => Object.fromEntries(Object.entries(n.widths).map(([p, w]) => [p, new Float32Array(B * w)])));
    const widths = this.nodes.flatMap((n) => Object.values(n.widths));
    const { all, views } = viewsOf(widths.map((w) => B * w));
    let next = 0;
    const grads = this.nodes.map((n) => Object.fromEntries(Object.keys(n.widths).map((p) => [p, views[next++]!])));
    this.wired = this.nodes.map((n, i) => {
      const x_: Ports = {}, dx: Ports = {}, w: Ports = {}, dw: Ports = {};
      for (const [port, [src, srcPort]] of Object.entries(n.from)) {
        x_[port] = src === INPUT ? x : values[src]![srcPort]!;
        if (src !== INPUT) dx[port] = grads[src]![srcPort]!;
      }
      for (const [name, k] of Object.entries(n.vars)) { w[name] = this.weights[k]!; dw[name] = this.grads[k]!; }
      return { x: x_, y: values[i]!, dy: grads[i]!, dx, w, dw };
    });
    this.portGrads = all;
    const [on, port] = this.output;
    this.logits = values[on]![port]!;
    this.dLogits = grads[on]![port]!;
    this.B = B;
    this.features = x;
  }
}

/**
 * Softmax cross-entropy on logits [B, C] into `into`, its gradient written into d; accuracy with
 * argmax ties going to the first index, as tf.argMax does.
 */
function crossEntropy(out: Float32Array, labels: ArrayLike<number>, B: number, C: number, d: Float32Array, into: PlainStep): void {
  // Σ log(sum) as the log of the product of the sums, one Math.log a batch rather than one an example:
  // each sum lies in [1, C], and the product is taken into the loss before it could overflow.
  let loss = 0, hits = 0, sums = 1;
  for (let b = 0; b < B; b++) {
    const r = b * C;
    let max = -Infinity, arg = 0;
    for (let c = 0; c < C; c++) if (out[r + c]! > max) { max = out[r + c]!; arg = c; }
    // d is still zero here (no backward pass has run): it holds the exponentials first,
    // the largest being exp(0) = 1 (for two classes, one Math.exp per example instead of two).
    let sum = 0;
    for (let c = 0; c < C; c++) { const e = c === arg ? 1 : Math.exp(out[r + c]! - max); d[r + c] = e; sum += e; }
    const label = labels[b]!;
    sums *= sum;
    if (sums > 1e250) { loss += Math.log(sums); sums = 1; }
    loss -= out[r + label]! - max;
    for (let c = 0; c < C; c++) d[r + c] = (d[r + c]! / sum - (c === label ? 1 : 0)) / B;
    if (arg === label) hits++;
  }
  into.loss = (loss + Math.log(sums)) / B;
  into.accuracy = hits / B;
}
