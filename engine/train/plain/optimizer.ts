/**
 * The optimizers of engine/train/optimizers.ts in plain JavaScript, step for
 * step as tfjs computes them, so the plain path trains the same weights:
 * Adam (tfjs: moments, bias correction by 1 − βᵗ, ε outside the root),
 * AdamW's decoupled decay on matrices, SGD and momentum (non-Nesterov).
 * All the weights are one array (PlainNet keeps them so), updated in one loop
 * with moments made once: a step allocates nothing, and a small network's step
 * pays no per-weight-array overhead.
 */
import type { Training } from '../../graph/format';

export interface PlainOptimizer {
  lr: number;
  /** Updates the weights `w` in place from their gradients `g` (both flat, the same layout). */
  apply(w: Float32Array, g: Float32Array): void;
}

/**
 * The optimizer for `size` weights; `matrices` are the [start, end) ranges of the kernels,
 * the weights AdamW decays.
 */
export function plainOptimizer(cfg: Training['optimizer'], size: number, matrices: readonly (readonly [number, number])[]): PlainOptimizer {
  if (cfg.name === 'sgd') {
    const m = cfg.momentum ?? 0;
    const acc = new Float32Array(m === 0 ? 0 : size);
    return {
      lr: cfg.learningRate,
      apply(w, g) {
        const lr = this.lr;
        if (m === 0) for (let j = 0; j < w.length; j++) w[j]! -= lr * g[j]!;
        else for (let j = 0; j < w.length; j++) { acc[j] = acc[j]! * m + g[j]!; w[j]! -= lr * acc[j]!; }
      },
    };
  }
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const decay = cfg.name === 'adamw' ? cfg.weightDecay ?? 0.01 : 0;
  const ms = new Float32Array(size), vs = new Float32Array(size);
  let accB1 = b1, accB2 = b2;
  return {
    lr: cfg.learningRate,
    apply(w, g) {
      const lr = this.lr, step = lr / (1 - accB1), overRootC2 = 1 / Math.sqrt(1 - accB2);
      for (let j = 0; j < w.length; j++) {
        const gj = g[j]!;
        const mj = (ms[j] = ms[j]! * b1 + gj * (1 - b1));
        const vj = (vs[j] = vs[j]! * b2 + gj * gj * (1 - b2));
        // lr · (m / c1) / (√(v / c2) + ε), with one root and one division (each costs as much as the rest of the update)
        w[j]! -= (step * mj) / (Math.sqrt(vj) * overRootC2 + eps);
      }
      if (decay > 0) for (const [start, end] of matrices) for (let j = start; j < end; j++) w[j]! *= 1 - lr * decay;
      accB1 *= b1;
      accB2 *= b2;
    },
  };
}
