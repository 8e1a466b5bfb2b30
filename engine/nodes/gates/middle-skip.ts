/**
 * Learning to Skip the Middle Layers of Transformers (Lawson & Aitchison, 2025): a stack
 * of L transformer blocks whose middle layers a token can skip, decided by
 * mirrored, cumulative soft masks.
 *   for ℓ < L/2:  s_ℓ = ReLU(h w_ℓ + b_ℓ),  S_ℓ = s_0 + … + s_ℓ,  g_ℓ = 1 − clamp(S_ℓ, 0, 1)
 *   for ℓ ≥ L/2:  g_ℓ = g_{L−1−ℓ}          (a token skipped at ℓ is skipped until L−1−ℓ)
 *   block ℓ (sandwich norms, SwiGLU):
 *     h ← h + g_ℓ · PostNorm(Attn(PreNorm(h), scores[i, j] += log clamp(g_ℓ[j], 1e-6, 1)))
 *     h ← h + g_ℓ · PostNorm(FFN(PreNorm(h)))
 * A gate moment controller adds Σ c·mean(g) + c'·var(g) to the loss and moves
 * the coefficients after each step towards per-layer targets.
 * Reference: tim-lawson/skip-middle projects/skip_middle/model/model.py,
 * model/utils.py, gate_controller/{utils,adaptive,proportional}.py.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { choice, int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail } from '../../shapes/dims';
import { linear, mergeHeads, stepAbove, stopGradient } from '../../compile/ops';
import { attentionFlops, attentionHeads, MASKS, type AttentionWeights } from '../attention';
import { rmsNorm } from '../norm';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

type Tensor = tf.Tensor;

const MAX_LAYERS = 24;

export const SKIP_MIDDLE_CITE = 'Lawson & Aitchison, 2025, "Learning to Skip the Middle Layers of Transformers"';

/** SwiGLU hidden width as in LLaMA: 2/3 of 4D, rounded up to a multiple of 8. */
export function swigluHidden(D: number): number {
  return Math.ceil((8 * D) / 3 / 8) * 8;
}

/** Forward FLOPs of one block per example: attention, SwiGLU FFN, four RMSNorms, two gated residual adds. */
export function blockFlops(T: number, D: number): number {
  const Hf = swigluHidden(D);
  const attn = attentionFlops({ shape: ['B', T, D], dtype: 'float32' });
  const ffn = T * (2 * 3 * D * Hf + 2 * Hf);
  return attn + ffn + 4 * 4 * T * D + 2 * 2 * T * D;
}

/** Mean targets per layer: linear from start (outermost) to end (innermost) over L/2 layers, then mirrored. */
export function meanTargets(L: number, start: number, end: number): number[] {
  const half = L / 2;
  const t = Array.from({ length: half }, (_, i) => (half === 1 ? start : start + ((end - start) * i) / (half - 1)));
  return [...t, ...t.slice().reverse()];
}

/** Key axis (the paper's intent): no query may attend to a skipped token. Query axis: as released, a constant per softmax row, so no effect. */
export function gateScoreBias(g: Tensor, axis: 'key' | 'query'): Tensor {
  const [B, T] = g.shape as [number, number];
  const logG = tf.log(tf.clipByValue(g, 1e-6, 1));
  return axis === 'key' ? tf.reshape(logG, [B, 1, 1, T]) : tf.reshape(logG, [B, 1, T, 1]);
}

function swiglu(x: Tensor, w1: Tensor, w3: Tensor, w2: Tensor): Tensor {
  const a = linear(x, w1);
  return linear(tf.mul(tf.mul(a, tf.sigmoid(a)), linear(x, w3)), w2);
}

export const MiddleSkipStack = defineNode({
  type: 'MiddleSkipStack',
  label: 'Skip-the-middle stack',
  category: 'skip/middle',
  version: 1,
  doc:
    'A stack of transformer blocks in which each token can skip the middle layers. Before each block of the ' +
    'first half, a small mask head reads the token and adds a non-negative amount to a running total S; the ' +
    'gate is g = 1 − clamp(S, 0, 1), so once a token\'s total reaches 1 its gate is 0 for every deeper layer of ' +
    'the first half and, mirrored, for the matching layers of the second half: the token skips the middle ' +
    'of the network and those blocks cost nothing for it. The gate scales both sublayers\' outputs and, as a ' +
    'log-bias on attention keys, hides skipped tokens from the others. A gate moment controller adds ' +
    'c·mean(g) + c′·var(g) per layer to the loss and nudges the coefficients after every step until the gate ' +
    'means reach targets that fall from meanTargetStart (outer layers) to meanTargetEnd (innermost). Blocks ' +
    'use RMSNorm before and after each sublayer and a SwiGLU MLP. dense turns gates and controller off: a plain ' +
    'transformer stack. In the paper this did not beat dense models with fewer layers at the scales tried.',
  cite: SKIP_MIDDLE_CITE,
  inputs: { in: port('residual', ['B', 'T', 'D']) },
  outputs: { out: port('residual', ['B', 'T', 'D']) },
  params: {
    layers: int({ default: 4, min: 2, max: MAX_LAYERS, step: 2, doc: 'Number of blocks L (even: the first half has the mask heads, the second mirrors them).' }),
    heads: int({ default: 4, min: 1, max: 64, doc: 'Attention heads per block; the width must divide evenly by it.' }),
    causal: choice({ default: 'causal', options: MASKS, doc: 'Attention mask: causal for next-token tasks.' }),
    gating: choice({ default: 'gated', options: ['gated', 'dense'], doc: 'gated: learned middle-layer skipping; dense: every token runs every block.' }),
    scoreModAxis: choice({ default: 'key', options: ['key', 'query'], doc: "Where log g enters attention scores: key (the paper's intent) or query (the released code, which has no effect)." }),
    maskInit: choice({ default: 'normal', options: ['normal', 'zero'], doc: 'Mask heads start N(0, 0.02) (the released training scripts) or at zero (g = 1 everywhere).' }),
    controller: choice({ default: 'adaptive', options: ['adaptive', 'proportional', 'none'], doc: 'How coefficients move after each step: by rate·sign(Δ) (adaptive), by rate·Δ (proportional), or not at all (no gate loss).' }),
    controllerRate: num({ default: 0.001, min: 0, max: 1, step: 0.001, doc: 'Size of the coefficient updates (the paper uses 1e-3 over many thousands of steps).' }),
    meanTargetStart: num({ default: 1, min: 0, max: 1, step: 0.05, doc: 'Target gate mean of the outermost layers.' }),
    meanTargetEnd: num({ default: 0.5, min: 0, max: 1, step: 0.05, doc: 'Target gate mean of the innermost layers.' }),
    varianceDelta: num({ default: 0, min: -0.25, max: 0.25, step: 0.01, doc: 'Added to the variance targets μ(1 − μ) (0 asks for gates that are all 0 or 1).' }),
  },
  keyParams: ['layers', 'gating'],
  infer: ({ in: x }, p) => {
    if (!x) return { out: { shape: ['B', 1, 1], dtype: 'float32' } };
    if (x.shape.length !== 3 || x.dtype !== 'float32') return fail(`MiddleSkipStack expects [B, T, D]; it gets ${formatShape(x.shape)}`, 'in');
    if (p.layers % 2 !== 0) return fail(`layers must be even (the second half mirrors the first); it is ${p.layers}`);
    if ((x.shape[2] as number) % p.heads !== 0) return fail(`the width ${x.shape[2]} must divide evenly into ${p.heads} heads`, 'in');
    return { out: x };
  },
  build: ({ params: p, inputs, v }) => {
    const D = inputs.in!.shape[2] as number;
    const Hf = swigluHidden(D);
    const glorot = { kind: 'glorot' as const };
    const vars: Record<string, tf.Variable> = {};
    for (let l = 0; l < p.layers; l++) {
      for (const w of ['wq', 'wk', 'wv', 'wo']) vars[`l${l}/${w}`] = v.make(`l${l}/${w}`, [D, D], glorot);
      for (const n of ['preAttn', 'postAttn', 'preFfn', 'postFfn']) vars[`l${l}/${n}`] = v.make(`l${l}/${n}`, [D], { kind: 'ones' });
      vars[`l${l}/w1`] = v.make(`l${l}/w1`, [D, Hf], glorot);
      vars[`l${l}/w3`] = v.make(`l${l}/w3`, [D, Hf], glorot);
      vars[`l${l}/w2`] = v.make(`l${l}/w2`, [Hf, D], glorot);
    }
    if (p.gating === 'gated') {
      const init = p.maskInit === 'zero' ? { kind: 'zeros' as const } : { kind: 'normal' as const, std: 0.02 };
      for (let l = 0; l < p.layers / 2; l++) {
        vars[`mask${l}/w`] = v.make(`mask${l}/w`, [D, 1], init);
        vars[`mask${l}/b`] = v.make(`mask${l}/b`, [1], p.maskInit === 'zero' ? { kind: 'zeros' } : init);
      }
      // Controller coefficients: state, not weights. The loss reads them through stopGradient, so the optimiser leaves them alone.
      vars.coefMean = v.make('coefMean', [p.layers], { kind: 'zeros' });
      vars.coefVar = v.make('coefVar', [p.layers], { kind: 'zeros' });
    }
    return vars;
  },
  apply: ({ in: x }, w, { nodeId, params: p, training, probe, addLoss, interventions }) => {
    const [B, T, D] = x.shape as [number, number, number];
    const L = p.layers;
    const gated = p.gating === 'gated';
    const eps = 1e-5;
    // Intervention: every token skips the middle `forced` blocks (the paper's premise: they matter least).
    const forced = Math.min(L, Math.max(0, Math.round(interventions?.[`${nodeId}.skipMiddle`] ?? 0)));
    const firstForced = Math.floor((L - forced) / 2);
    let h = x;
    let S: Tensor | undefined;
    const learned: Tensor[] = [];                                     // each (B, T, 1)
    const gates: Tensor[] = [];                                       // as used, forced skips included
    for (let l = 0; l < L; l++) {
      let g: Tensor | undefined;
      if (gated) {
        if (l < L / 2) {
          const s = tf.relu(linear(h, w[`mask${l}/w`]!, w[`mask${l}/b`]));
          S = S ? tf.add(S, s) : s;
          g = tf.sub(1, tf.clipByValue(S, 0, 1));
        } else g = learned[L - 1 - l]!;
        learned.push(g);
      }
      if (l >= firstForced && l < firstForced + forced) g = tf.zeros([B, T, 1]);
      if (g) gates.push(g);
      const aw = { wq: w[`l${l}/wq`]!, wk: w[`l${l}/wk`]!, wv: w[`l${l}/wv`]!, wo: w[`l${l}/wo`]! } as AttentionWeights;
      const bias = g ? gateScoreBias(tf.reshape(g, [B, T]), p.scoreModAxis) : undefined;
      const { Y } = attentionHeads(rmsNorm(h, w[`l${l}/preAttn`], eps), aw, p.heads, p.causal, bias);
      const a = rmsNorm(linear(mergeHeads(Y), aw.wo), w[`l${l}/postAttn`], eps);
      h = tf.add(h, g ? tf.mul(g, a) : a);
      const f = rmsNorm(swiglu(rmsNorm(h, w[`l${l}/preFfn`], eps), w[`l${l}/w1`]!, w[`l${l}/w3`]!, w[`l${l}/w2`]!), w[`l${l}/postFfn`], eps);
      h = tf.add(h, g ? tf.mul(g, f) : f);
    }
    if (!gated) return { out: h };

    const G = tf.reshape(tf.stack(gates), [L, B * T]);                // (L, N)
    const { mean, variance } = tf.moments(G, 1);                      // (L,) each
    if (p.controller !== 'none') {
      addLoss('gateMoments', tf.add(tf.mean(tf.mul(stopGradient(w.coefMean!), mean)), tf.mean(tf.mul(stopGradient(w.coefVar!), variance))));
      if (training) updateController(w.coefMean!, w.coefVar!, mean, variance, p);
    }
    if (probe.enabled) {
      const kept = stepAbove(G, 0);                                   // (L, N): 1 where the token runs block ℓ
      const keptShare = tf.mean(kept, 1);                             // (L,)
      const block = blockFlops(T, D) / T, maskHead = 2 * D + 2;
      const dense = L * block + (L / 2) * maskHead;
      probe.record('gate', tf.reshape(G, [L, B, T, 1]));
      probe.record('gateVar', variance);
      probe.record('skip', tf.sub(1, tf.reshape(kept, [L, B, T])));
      probe.record('compute', tf.div(tf.add(tf.mul(tf.sum(keptShare), block), (L / 2) * maskHead), dense));
      probe.record('coefMean', w.coefMean!);
      probe.record('coefVar', w.coefVar!);
    }
    return { out: h };
  },
  torch: {
    source: () => import('./middle-skip.py?raw'),
    className: 'MiddleSkipStack',
    helpers: ['attention', 'norms'],
    context: true,
    args: ({ params: p, inputs }) => ({
      dim: lastOf(inputs.in), layers: p.layers, heads: p.heads, causal: p.causal, gating: p.gating,
      score_mod_axis: p.scoreModAxis, mask_init: p.maskInit, controller: p.controller,
      controller_rate: p.controllerRate, mean_target_start: p.meanTargetStart,
      mean_target_end: p.meanTargetEnd, variance_delta: p.varianceDelta,
    }),
  },
  onnx: {
    write: ({ inputs: { in: x }, w, params: p, shapes, g }) => {
      const [, T, D] = shapes.inputs.in!.shape as [string, number, number];
      const L = p.layers;
      const eps = 1e-5;
      const norm = (v: string, gain: string | undefined) => onnx.rmsNorm(g, v, gain, eps);
      const clip = (v: string, lo: number, hi: number) => g.op('Clip', [v, g.scalar(lo), g.scalar(hi)]);
      let h = x;
      let S: string | undefined;
      const learned: string[] = [];                                   // each (B, T, 1)
      for (let l = 0; l < L; l++) {
        let gate: string | undefined;
        if (p.gating === 'gated') {
          if (l < L / 2) {
            const s = g.op('Relu', [onnx.linear(g, h, w[`mask${l}/w`]!, w[`mask${l}/b`])]);
            S = S ? g.op('Add', [S, s]) : s;
            gate = g.op('Sub', [g.scalar(1), clip(S, 0, 1)]);
          } else gate = learned[L - 1 - l]!;
          learned.push(gate);
        }
        const aw = { wq: w[`l${l}/wq`]!, wk: w[`l${l}/wk`]!, wv: w[`l${l}/wv`]!, wo: w[`l${l}/wo`]! };
        const bias = gate ? g.op('Reshape', [g.op('Log', [clip(gate, 1e-6, 1)]), g.int64s(p.scoreModAxis === 'key' ? [-1, 1, 1, T] : [-1, 1, T, 1])]) : undefined;
        const { Y } = onnx.attentionHeads(g, norm(h, w[`l${l}/preAttn`]), aw, p.heads, T, D, p.causal, bias);
        const a = norm(onnx.linear(g, onnx.mergeHeads(g, Y, D), aw.wo), w[`l${l}/postAttn`]);
        h = g.op('Add', [h, gate ? g.op('Mul', [gate, a]) : a]);
        const u = norm(h, w[`l${l}/preFfn`]);
        const up = onnx.linear(g, u, w[`l${l}/w1`]!);
        const f = norm(onnx.linear(g, g.op('Mul', [g.op('Mul', [up, onnx.sigmoid(g, up)]), onnx.linear(g, u, w[`l${l}/w3`]!)]), w[`l${l}/w2`]!), w[`l${l}/postFfn`]);
        h = g.op('Add', [h, gate ? g.op('Mul', [gate, f]) : f]);
      }
      return { out: h };
    },
  },
  flops: ({ in: x }, p) => {
    if (!x) return 0;
    const T = x.shape[1] as number, D = x.shape[2] as number;
    return p.layers * blockFlops(T, D) + (p.gating === 'gated' ? (p.layers / 2) * T * (2 * D + 2) : 0);
  },
  stats: {
    gate: { kind: 'gate', label: 'Run gate', perItem: 'Layer', doc: 'Gate g per layer and token (1 = the token runs the block, 0 = it skips it).' },
    gateVar: { kind: 'scalar', label: 'Gate variance', perItem: 'Layer', doc: 'Variance of g over the tokens of a batch, per layer; the controller steers it to μ(1 − μ) + δ.' },
    skip: { kind: 'rate', label: 'Skipped tokens', perItem: 'Layer', doc: 'Share of tokens whose gate is exactly 0 at a layer: they skip it.' },
    compute: { kind: 'compute', label: 'Compute spent', doc: 'Share of the stack\'s dense FLOPs actually spent: a token costs nothing in a block it skips.' },
    coefMean: { kind: 'scalar', label: 'Controller coefficient on the mean', perItem: 'Layer', doc: 'Controller coefficient on mean(g) per layer: grows while the gate mean is above its target.' },
    coefVar: { kind: 'scalar', label: 'Controller coefficient on the variance', perItem: 'Layer', doc: 'Controller coefficient on var(g) per layer.' },
  },
  auxLosses: { gateMoments: 'Gate moment controller: mean over layers of c·mean(g) + c′·var(g), coefficients adapted every step.' },
  interventions: {
    skipMiddle: { label: 'force every token to skip this many middle blocks:', min: 0, max: MAX_LAYERS, step: 1, initial: 2, doc: 'The middle blocks are switched off for every token at evaluation (past the depth means all): how much do the central layers matter?' },
  },
});

/**
 * One controller step from this batch's gate moments: Δ = statistic − target,
 * c ← c + rate·sign(Δ) (adaptive) or c + rate·Δ (proportional) where |Δ| > 0.01.
 */
function updateController(coefMean: tf.Variable, coefVar: tf.Variable, mean: Tensor, variance: Tensor, p: { layers: number; controller: string; controllerRate: number; meanTargetStart: number; meanTargetEnd: number; varianceDelta: number }): void {
  const mt = meanTargets(p.layers, p.meanTargetStart, p.meanTargetEnd);
  const vt = mt.map((m) => Math.max(0, m * (1 - m) + p.varianceDelta));
  const step = (c: tf.Variable, stat: Tensor, target: number[]) => {
    const delta = tf.sub(stopGradient(stat), tf.tensor1d(target));
    const significant = stepAbove(tf.abs(delta), 0.01);
    const move = p.controller === 'adaptive' ? tf.sign(delta) : delta;
    c.assign(tf.clipByValue(tf.add(c, tf.mul(p.controllerRate, tf.mul(significant, move))), -100, 100));
  };
  step(coefMean, mean, mt);
  step(coefVar, variance, vt);
}
