/**
 * The optimizers of engine/train/optimizers.ts in plain JavaScript, step for
 * step as tfjs computes them, so the plain path trains the same weights:
 * Adam (tfjs: moments, bias correction by 1 − βᵗ, ε outside the root),
 * AdamW's decoupled decay on matrices, SGD and momentum (non-Nesterov).
 */
import type { Training } from '../../graph/format';

export interface PlainOptimizer {
  lr: number;
  /** Updates `weights` in place from `grads`; `isMatrix[i]` marks the kernels (AdamW decays those). */
  apply(weights: Float32Array[], grads: Float32Array[], isMatrix: readonly boolean[]): void;
}

export function plainOptimizer(cfg: Training['optimizer']): PlainOptimizer {
  const slots = new Map<number, Float32Array[]>();
  const slot = (i: number, n: number, count: number) => {
    let s = slots.get(i);
    if (!s) slots.set(i, (s = Array.from({ length: count }, () => new Float32Array(n))));
    return s;
  };
  if (cfg.name === 'sgd') {
    const m = cfg.momentum ?? 0;
    return {
      lr: cfg.learningRate,
      apply(weights, grads) {
        weights.forEach((w, i) => {
          const g = grads[i]!;
          if (m === 0) { for (let j = 0; j < w.length; j++) w[j]! -= this.lr * g[j]!; return; }
          const [acc] = slot(i, w.length, 1) as [Float32Array];
          for (let j = 0; j < w.length; j++) { acc[j] = acc[j]! * m + g[j]!; w[j]! -= this.lr * acc[j]!; }
        });
      },
    };
  }
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const decay = cfg.name === 'adamw' ? cfg.weightDecay ?? 0.01 : 0;
  let accB1 = b1, accB2 = b2;
  return {
    lr: cfg.learningRate,
    apply(weights, grads, isMatrix) {
      const c1 = 1 - accB1, c2 = 1 - accB2;
      weights.forEach((w, i) => {
        const g = grads[i]!;
        const [m, v] = slot(i, w.length, 2) as [Float32Array, Float32Array];
        for (let j = 0; j < w.length; j++) {
          m[j] = m[j]! * b1 + g[j]! * (1 - b1);
          v[j] = v[j]! * b2 + g[j]! * g[j]! * (1 - b2);
          w[j]! += -this.lr * ((m[j]! / c1) / (Math.sqrt(v[j]! / c2) + eps));
        }
        if (decay > 0 && isMatrix[i]) for (let j = 0; j < w.length; j++) w[j]! *= 1 - this.lr * decay;
      });
      accB1 *= b1;
      accB2 *= b2;
    },
  };
}
