/**
 * The optimizers of engine/train/optimizers.ts in plain JavaScript, step for
 * step as tfjs computes them, so the plain path trains the same weights:
 * Adam (tfjs: moments, bias correction by 1 − βᵗ, ε outside the root),
 * AdamW's decoupled decay on matrices, SGD and momentum (non-Nesterov).
 * The moments are made at the first step and reused: a step allocates nothing.
 */
import type { Training } from '../../graph/format';

export interface PlainOptimizer {
  lr: number;
  /** Updates `weights` in place from `grads`; `isMatrix[i]` marks the kernels (AdamW decays those). */
  apply(weights: readonly Float32Array[], grads: readonly Float32Array[], isMatrix: readonly boolean[]): void;
}

/** One zeroed array per weight, `count` times over, made on first use. */
function moments(count: number) {
  let made: Float32Array[][] | undefined;
  return (weights: readonly Float32Array[]) => (made ??= Array.from({ length: count }, () => weights.map((w) => new Float32Array(w.length))));
}

export function plainOptimizer(cfg: Training['optimizer']): PlainOptimizer {
  if (cfg.name === 'sgd') {
    const m = cfg.momentum ?? 0;
    const slots = moments(1);
    return {
      lr: cfg.learningRate,
      apply(weights, grads) {
        const lr = this.lr;
        const [acc] = slots(weights) as [Float32Array[]];
        for (let i = 0; i < weights.length; i++) {
          const w = weights[i]!, g = grads[i]!, a = acc[i]!;
          if (m === 0) for (let j = 0; j < w.length; j++) w[j]! -= lr * g[j]!;
          else for (let j = 0; j < w.length; j++) { a[j] = a[j]! * m + g[j]!; w[j]! -= lr * a[j]!; }
        }
      },
    };
  }
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const decay = cfg.name === 'adamw' ? cfg.weightDecay ?? 0.01 : 0;
  const slots = moments(2);
  let accB1 = b1, accB2 = b2;
  return {
    lr: cfg.learningRate,
    apply(weights, grads, isMatrix) {
      const lr = this.lr, step = lr / (1 - accB1), rootC2 = Math.sqrt(1 - accB2);
      const [ms, vs] = slots(weights) as [Float32Array[], Float32Array[]];
      for (let i = 0; i < weights.length; i++) {
        const w = weights[i]!, g = grads[i]!, m = ms[i]!, v = vs[i]!;
        for (let j = 0; j < w.length; j++) {
          const gj = g[j]!;
          const mj = (m[j] = m[j]! * b1 + gj * (1 - b1));
          const vj = (v[j] = v[j]! * b2 + gj * gj * (1 - b2));
          // lr · (m / c1) / (√(v / c2) + ε), with one root and one division
          w[j]! -= (step * mj) / (Math.sqrt(vj) / rootC2 + eps);
        }
        if (decay > 0 && isMatrix[i]) for (let j = 0; j < w.length; j++) w[j]! *= 1 - lr * decay;
      }
      accB1 *= b1;
      accB2 *= b2;
    },
  };
}
