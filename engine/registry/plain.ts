/**
 * A node's plain-JavaScript kernel, for the plain training path
 * (engine/train/plain): on tiny networks tfjs spends far more time dispatching
 * ops than computing them, so small 2-D graphs train on Float32Arrays instead.
 * Every tensor there is [B, width] in row-major order. A node declares its
 * kernel beside its `apply` (the same arithmetic, written out with its
 * gradient), or says why these params have none; a type without `plain`
 * sends its graphs to tfjs.
 */
import type { ParamSchema, ParamValues } from './params';

/** What a kernel may depend on: params, the per-example widths of its ports, its variables' shapes. */
export interface PlainSetup<P extends ParamSchema = ParamSchema, I extends string = string, O extends string = string> {
  params: ParamValues<P>;
  /** Width of each connected input (the ports left unconnected are absent). */
  inputs: Partial<Record<I, number>>;
  outputs: Record<O, number>;
  /** The node's variables, by name without the node prefix, and their shapes. */
  variables: Record<string, number[]>;
}

type Arrays<K extends string> = Record<K, Float32Array>;

export interface PlainKernel<I extends string = string, O extends string = string> {
  /** Writes every output (over any contents) from the inputs and weights, for a batch of B rows. */
  forward(x: Arrays<I>, w: Arrays<string>, y: Arrays<O>, B: number): void;
  /**
   * Adds dL/dw into dw and dL/dx into dx (absent where the input needs no gradient),
   * given dy = dL/dy and the values of the forward pass just run. Adds, never sets:
   * an output that feeds two nodes gets both gradients.
   */
  backward(x: Arrays<I>, w: Arrays<string>, y: Arrays<O>, dy: Arrays<O>, dx: Partial<Arrays<I>>, dw: Arrays<string>, B: number): void;
  /**
   * Set by an element-wise activation (ports in → out) whose gradient follows from its
   * output alone: the layer before it may apply it in its own pass (engine/train/plain/fuse.ts).
   */
  activation?: FusedActivation;
  /** This layer (ports in → out) with `fn` applied to its output as it writes it, where it has such code. */
  withActivation?(fn: FusedActivation): PlainKernel<I, O> | undefined;
}

/** The activations a layer may take into its own pass. */
export type FusedActivation = 'tanh' | 'sigmoid' | 'relu';

/** The kernel for these params and widths, or why there is none (a sentence fragment: 'mode "hard"'). */
export type PlainBinding<P extends ParamSchema = ParamSchema, I extends string = string, O extends string = string> =
  (setup: PlainSetup<P, I, O>) => PlainKernel<I, O> | { reason: string };
