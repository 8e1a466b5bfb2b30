import * as tf from '@tensorflow/tfjs-core';
import type { Training } from '../graph/format';
import { sumOf } from '../compile/ops';

/** An optimizer with a settable learning rate (for warm-up) and decoupled weight decay (AdamW). */
export interface StepOptimizer {
  setLearningRate(lr: number): void;
  apply(grads: tf.NamedTensorMap, vars: readonly tf.Variable[]): void;
  dispose(): void;
}

export function createOptimizer(cfg: Training['optimizer']): StepOptimizer {
  let lr = cfg.learningRate;
  if (cfg.name === 'sgd') {
    const m = cfg.momentum ?? 0;
    const opt = m > 0 ? tf.train.momentum(lr, m) : tf.train.sgd(lr);
    return {
      setLearningRate: (v) => { lr = v; (opt as tf.SGDOptimizer).setLearningRate(v); },
      apply: (grads, vars) => opt.applyGradients(everyWeight(grads, vars)),
      // tfjs's MomentumOptimizer.dispose() forgets its SGD base's learning-rate scalar.
      dispose: () => { opt.dispose(); (opt as unknown as { c?: tf.Tensor }).c?.dispose(); },
    };
  }
  const opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  const decay = cfg.name === 'adamw' ? cfg.weightDecay ?? 0.01 : 0;
  return {
    setLearningRate: (v) => { lr = v; (opt as unknown as { learningRate: number }).learningRate = v; },
    apply: (grads, vars) => {
      opt.applyGradients(everyWeight(grads, vars));
      // AdamW: shrink weights directly, apart from the adaptive step (Loshchilov & Hutter).
      if (decay > 0) tf.tidy(() => { for (const v of vars) if (v.rank >= 2) v.assign(tf.mul(v, 1 - lr * decay)); });
    },
    dispose: () => opt.dispose(),
  };
}

/**
 * The gradients keyed by every weight the optimizer trains, in one fixed order, null where the
 * loss did not reach a weight this step. tfjs's Adam and momentum keep their moments by position
 * in this map, and tf.variableGrads leaves unreached weights out: a router that sends no token to
 * an expert on one step shifted every later moment onto the wrong weight ("could not be broadcast").
 */
function everyWeight(grads: tf.NamedTensorMap, vars: readonly tf.Variable[]): Record<string, tf.Variable> {
  return Object.fromEntries(vars.map((v) => [v.name, grads[v.name] ?? null])) as Record<string, tf.Variable>;
}

/**
 * Scales gradients so their global L2 norm is at most maxNorm.
 * tf.variableGrads gives null for a weight the loss did not reach this step (a gate for
 * another task, say); such entries are left out, as the optimizers skip them anyway.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  const present = Object.entries(grads).filter((e): e is [string, tf.Tensor] => e[1] != null);
  if (!present.length) return {};
  return tf.tidy(() => {
    const norm = tf.sqrt(sumOf(present.map(([, g]) => tf.sum(tf.square(g)))));
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    const out: tf.NamedTensorMap = {};
    for (const [k, g] of present) out[k] = tf.mul(g, scale);
    return out;
  });
}
