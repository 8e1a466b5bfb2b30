/**
 * MSViT mixed-scale tokenization (Havtorn et al., 2023): a
 * small gate looks at each coarse region of the image and decides, hard, whether
 * it becomes one coarse token or four fine ones. Batch-shaping (BaS, or gBaS with
 * learned per-position priors, from Qualcomm-AI-research/batchshaping
 * `gbas_loss`) keeps the decisions binary and their share near a target. A ViT
 * reads the varying token set with masked-transformer-block.ts and
 * masked-mean-pool.ts.
 *
 * Choices of ours for the toy, where gBaS's learned priors proved touchy at a few
 * hundred steps: the default prior is fixed (mean = target, temperature 0.5);
 * the gate starts mostly open (bias 1: prune from all-fine); and it sees each
 * region with its mean brightness removed.
 *
 * Layout [ours]: every region owns four token slots. Fine: the four fine
 * patches. Coarse: slot 0 holds the coarse token and slots 1-3 are masked out.
 * The tensor keeps its shape ([B, 4R, D] plus a keep mask [B, 4R]); the FLOP
 * meter counts only kept tokens, as an implementation that packs them would.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { choice, int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail } from '../../shapes/dims';
import { linear, stepAbove, stopGradient } from '../../compile/ops';
import { ranks } from './router';
import * as onnx from '../../serialize/onnx/ops';

type Tensor = tf.Tensor;

export const MSVIT_CITE = 'Havtorn, Royer, Blankevoort & Ehteshami Bejnordi, 2023, "MSViT: Dynamic Mixed-Scale Tokenization for Vision Transformers" (ICCV workshops; arXiv:2307.02321); batch-shaping from Ehteshami Bejnordi, Blankevoort & Welling, 2020, "Batch-Shaping for Learning Conditional Channel Gated Networks"';

/** Empirical CDF of each row's entries along the last axis: (1 + #smaller) / (N + 1). No gradient (ranks by tf.step, as tfjs sorts without one). */
export function ecdf(x: Tensor): Tensor {
  const N = x.shape[x.shape.length - 1]!;
  return tf.div(tf.sub(N, ranks(x)), N + 1);
}

/**
 * Generalised batch-shaping (gBaS): gate values g [B, R] (batch × position) are
 * pulled towards a relaxed-Bernoulli prior per position, F_k(x) = σ(τ_k·logit(x) − logit(μ_k))
 * with μ_k = σ(ρ_k), τ_k = σ(κ_k); the μ_k towards a Normal(target, spread) by
 * the same CDF matching; and an L1 term on τ_k favours binary gates.
 */
export function gbasLoss(g: Tensor, rho: Tensor, kappa: Tensor, target: number, spread: number): { bas: Tensor; hyper: Tensor; l1: Tensor } {
  const x = tf.clipByValue(tf.transpose(g), 1e-3, 1 - 1e-3);              // (R, B)
  const mu = tf.sigmoid(rho), tau = tf.sigmoid(kappa);                      // (R)
  const logit = (p: Tensor) => tf.sub(tf.log(p), tf.log(tf.sub(1, p)));
  const F = tf.sigmoid(tf.sub(tf.mul(tf.expandDims(tau, 1), logit(x)), tf.expandDims(logit(mu), 1)));
  const bas = tf.mean(tf.square(tf.sub(ecdf(x), F)));
  const prior = tf.mul(0.5, tf.add(1, tf.erf(tf.div(tf.sub(mu, target), spread * Math.SQRT2))));
  const hyper = tf.mean(tf.square(tf.sub(ecdf(mu), prior)));
  return { bas, hyper, l1: tf.mean(tau) };
}

/** [B, H, W] → regions [B, R, Sc²], fine patches [B, R, 4, Sf²] and 2×2-averaged coarse patches [B, R, Sf²]. */
export function cutImage(img: Tensor, Sf: number): { regions: Tensor; fine: Tensor; coarse: Tensor } {
  const [B, H] = img.shape as [number, number, number];
  const Sc = 2 * Sf, G = H / Sc, R = G * G;
  const regions = tf.reshape(tf.transpose(tf.reshape(img, [B, G, Sc, G, Sc]), [0, 1, 3, 2, 4]), [B, R, Sc * Sc]);
  const fine = tf.reshape(tf.transpose(tf.reshape(img, [B, G, 2, Sf, G, 2, Sf]), [0, 1, 4, 2, 5, 3, 6]), [B, R, 4, Sf * Sf]);
  const pooled = tf.mean(tf.reshape(img, [B, G, Sf, 2, G, Sf, 2]), [3, 6]);  // (B, G, Sf, G, Sf)
  const coarse = tf.reshape(tf.transpose(pooled, [0, 1, 3, 2, 4]), [B, R, Sf * Sf]);
  return { regions, fine, coarse };
}

/** Per-example cost of the tokenizer: the gate always runs; an embedding per token actually made. */
function tokenizerCosts(R: number, Sf: number, D: number, hidden: number): { gate: number; token: number } {
  return { gate: R * (2 * 4 * Sf * Sf * hidden + 2 * hidden), token: 2 * Sf * Sf * D };
}

export const TOKEN_MODES = ['dynamic', 'fine', 'coarse'] as const;

export const MixedScaleTokenizer = defineNode({
  type: 'MixedScaleTokenizer',
  label: 'Mixed-scale tokenizer (MSViT)',
  category: 'skip/tokens',
  version: 1,
  doc:
    'Cuts an image into square regions and lets a small gate (an MLP on the region\'s pixels, its mean brightness ' +
    'removed) decide, for each ' +
    'region, whether it is worth four fine tokens or one coarse one. The decision is hard (gate ≥ 0.5 means fine); ' +
    'during training the gradient passes straight through it. A flat patch of sky needs one token; a busy patch ' +
    'of texture needs four. Coarse tokens embed the region averaged down 2×2; their position code is the average ' +
    'of the four fine ones. Batch-shaping keeps the gate decisive and its share of fine regions near the target. ' +
    'Outputs the tokens and a keep mask (0 for the three slots a coarse region does not use); later blocks must ' +
    'respect the mask. Watch fineShareCluttered against fineShareFlat, and tokensPerImage.',
  cite: MSVIT_CITE,
  inputs: {
    image: port('data', ['B', 'H', 'W'], { doc: 'Grayscale images.' }),
    group: port('condition', ['B', 'R'], { dtype: 'int32', optional: true, doc: 'Optional region kind (Input field "group": 1 cluttered, 0 flat), for the statistics only.' }),
  },
  outputs: {
    tokens: port('data', ['B', 'N', 'D'], { doc: 'Four token slots per region, region by region.' }),
    keep: port('gate', ['B', 'N'], { doc: '1 for tokens in use, 0 for the unused slots of coarse regions.' }),
  },
  params: {
    mode: choice({ default: 'dynamic', options: TOKEN_MODES, doc: 'dynamic: the gate decides per region; fine: every region gets four fine tokens; coarse: every region gets one coarse token.' }),
    patch: int({ default: 2, min: 1, max: 16, doc: 'Side Sf of a fine patch in pixels; a coarse region is 2·Sf on a side.' }),
    dim: int({ default: 16, min: 4, max: 256, doc: 'Token width D.' }),
    gateHidden: int({ default: 16, min: 2, max: 256, doc: 'Width of the gate MLP\'s hidden layer.' }),
    threshold: num({ default: 0.5, min: 0.05, max: 0.95, step: 0.05, doc: 'A region becomes fine when its gate value is at least this.' }),
    target: num({ default: 0.4, min: 0.05, max: 0.95, step: 0.05, doc: 'Desired share of fine regions: the mean of the batch-shaping hyperprior.' }),
    shaping: num({ default: 1, min: 0, max: 20, step: 0.1, doc: 'λ, weight of the batch-shaping loss; 0 switches it off.' }),
    prior: choice({ default: 'fixed', options: ['fixed', 'learned'], doc: 'fixed: every region position is matched to one relaxed-Bernoulli prior with mean = target (BaS); learned: each position learns its own prior mean and temperature, pulled towards the target (gBaS, MSViT).' }),
  },
  keyParams: ['mode', 'target'],
  infer: ({ image, group }, p) => {
    if (!image) return { tokens: { shape: ['B', 4, p.dim], dtype: 'float32' }, keep: { shape: ['B', 4], dtype: 'float32' } };
    if (image.shape.length !== 3 || image.dtype !== 'float32') return fail(`MixedScaleTokenizer expects grayscale images [B, H, W]; it gets ${formatShape(image.shape)}`, 'image');
    const [, H, W] = image.shape as ['B', number, number];
    if (H !== W || H % (2 * p.patch) !== 0) return fail(`the image must be square with a side divisible by the region size ${2 * p.patch}; it is ${H}×${W}`, 'image');
    const R = (H / (2 * p.patch)) ** 2;
    if (group && (group.shape.length !== 2 || group.shape[1] !== R)) return fail(`group must hold one id per region, [B, ${R}]; it gets ${formatShape(group.shape)}`, 'group');
    return { tokens: { shape: ['B', 4 * R, p.dim], dtype: 'float32' }, keep: { shape: ['B', 4 * R], dtype: 'float32' } };
  },
  build: ({ params: p, inputs, v }) => {
    const H = inputs.image!.shape[1] as number, Sf = p.patch, R = (H / (2 * Sf)) ** 2;
    return {
      gate1: v.make('gate1', [4 * Sf * Sf, p.gateHidden], { kind: 'glorot' }), gateBias1: v.make('gateBias1', [p.gateHidden], { kind: 'zeros' }),
      gate2: v.make('gate2', [p.gateHidden, 1], { kind: 'glorot' }), gateBias2: v.make('gateBias2', [1], { kind: 'constant', value: 1 }), // starts mostly fine, then prunes
      fineEmbed: v.make('fineEmbed', [Sf * Sf, p.dim], { kind: 'glorot' }), fineBias: v.make('fineBias', [p.dim], { kind: 'zeros' }),
      coarseEmbed: v.make('coarseEmbed', [Sf * Sf, p.dim], { kind: 'glorot' }), coarseBias: v.make('coarseBias', [p.dim], { kind: 'zeros' }),
      position: v.make('position', [R, 4, p.dim], { kind: 'normal', std: 0.02 }),
      rho: v.make('rho', [R], { kind: 'normal', std: 0.01 }),              // prior means μ_k = σ(ρ_k)
      kappa: v.make('kappa', [R], { kind: 'zeros' }),                       // prior temperatures τ_k = σ(κ_k)
    };
  },
  apply: ({ image, group }, w, { params: p, training, probe, addLoss }) => {
    const B = image.shape[0]!, Sf = p.patch;
    const { regions, fine, coarse } = cutImage(image, Sf);
    const R = regions.shape[1]!;
    const detail = tf.sub(regions, tf.mean(regions, 2, true));             // the gate judges detail, not brightness [ours]
    const g = tf.sigmoid(tf.squeeze(linear(tf.relu(linear(detail, w.gate1!, w.gateBias1)), w.gate2!, w.gateBias2), [2])); // (B, R)
    let m: Tensor;                                                          // (B, R): 1 fine, 0 coarse
    if (p.mode === 'fine') m = tf.ones([B, R]);
    else if (p.mode === 'coarse') m = tf.zeros([B, R]);
    else m = tf.add(g, stopGradient(tf.sub(stepAbove(g, p.threshold - 1e-6), g))); // hard forward, straight-through backward
    const fineTok = tf.add(linear(fine, w.fineEmbed!, w.fineBias), w.position!);           // (B, R, 4, D)
    const coarseTok = tf.add(linear(coarse, w.coarseEmbed!, w.coarseBias), tf.mean(w.position!, 1)); // (B, R, D)
    const m3 = tf.expandDims(m, 2);
    const first = tf.add(tf.mul(m3, tf.squeeze(tf.slice(fineTok, [0, 0, 0, 0], [-1, -1, 1, -1]), [2])), tf.mul(tf.sub(1, m3), coarseTok));
    const tokens = tf.reshape(tf.concat([tf.expandDims(first, 2), tf.slice(fineTok, [0, 0, 1, 0], [-1, -1, 3, -1])], 2), [B, 4 * R, p.dim]);
    const keep = tf.reshape(tf.concat([tf.ones([B, R, 1]), tf.tile(m3, [1, 1, 3])], 2), [B, 4 * R]);
    if (p.mode === 'dynamic' && training && p.shaping > 0) {
      if (p.prior === 'learned') {
        const { bas, hyper, l1 } = gbasLoss(g, w.rho!, w.kappa!, p.target, 0.1);
        addLoss('batchShaping', tf.mul(p.shaping, tf.add(tf.add(bas, hyper), l1)));
      } else {
        // A fixed prior: μ = target at every position, temperature σ(0) = 0.5 (the gBaS notebook's starting point).
        const rho = tf.fill([R], Math.log(p.target / (1 - p.target))), kappa = tf.zeros([R]);
        addLoss('batchShaping', tf.mul(p.shaping, gbasLoss(g, rho, kappa, p.target, 0.1).bas));
      }
    }
    if (probe.enabled) {
      const hard = stopGradient(m);
      const { gate, token } = tokenizerCosts(R, Sf, p.dim, p.gateHidden);
      const made = tf.sum(tf.add(tf.mul(hard, 4), tf.sub(1, hard)), 1);    // (B): tokens per image
      probe.record('gate', g);
      probe.record('fineShare', tf.mean(hard));
      probe.record('tokensPerImage', made);
      probe.record('compute', tf.div(tf.add(gate, tf.mul(made, token)), gate + 4 * R * token));
      probe.record('prior', tf.sigmoid(w.rho!));
      if (group) {
        const busy = tf.cast(group, 'float32');
        probe.record('fineShareCluttered', tf.div(tf.sum(tf.mul(hard, busy)), tf.maximum(tf.sum(busy), 1)));
        probe.record('fineShareFlat', tf.div(tf.sum(tf.mul(hard, tf.sub(1, busy))), tf.maximum(tf.sum(tf.sub(1, busy)), 1)));
      }
    }
    return { tokens, keep };
  },
  torch: {
    source: () => import('./mixed-scale-tokenizer.py?raw'),
    className: 'MixedScaleTokenizer',
    helpers: ['router'],
    context: true,
    args: ({ params: p, inputs }) => ({
      size: inputs.image!.shape[1] as number, mode: p.mode, patch: p.patch, dim: p.dim,
      gate_hidden: p.gateHidden, threshold: p.threshold, target: p.target, shaping: p.shaping,
      prior: p.prior,
    }),
  },
  onnx: {
    write: ({ inputs: { image }, w, params: p, shapes, g }) => {
      const H = shapes.inputs.image!.shape[1] as number, Sf = p.patch, Sc = 2 * Sf, G = H / Sc, R = G * G;
      const cut = (dims: number[], perm: number[], to: number[]) => g.op('Reshape', [g.op('Transpose', [g.op('Reshape', [image, g.int64s([-1, ...dims])])], { perm: { ints: perm } }), g.int64s([-1, ...to])]);
      const regions = cut([G, Sc, G, Sc], [0, 1, 3, 2, 4], [R, Sc * Sc]);                          // (B, R, Sc²)
      const fine = cut([G, 2, Sf, G, 2, Sf], [0, 1, 4, 2, 5, 3, 6], [R, 4, Sf * Sf]);              // (B, R, 4, Sf²)
      const pooled = g.op('ReduceMean', [g.op('Reshape', [image, g.int64s([-1, G, Sf, 2, G, Sf, 2])])], { axes: { ints: [3, 6] }, keepdims: { i: 0 } });
      const coarse = g.op('Reshape', [g.op('Transpose', [pooled], { perm: { ints: [0, 1, 3, 2, 4] } }), g.int64s([-1, R, Sf * Sf])]);
      const detail = g.op('Sub', [regions, g.op('ReduceMean', [regions], { axes: { ints: [2] }, keepdims: { i: 1 } })]);
      const gate = onnx.sigmoid(g, g.op('Squeeze', [onnx.linear(g, g.op('Relu', [onnx.linear(g, detail, w.gate1!, w.gateBias1)]), w.gate2!, w.gateBias2), g.int64s([2])])); // (B, R)
      const m = p.mode === 'fine' ? g.op('Expand', [g.scalar(1), g.op('Shape', [gate])])
        : p.mode === 'coarse' ? g.op('Expand', [g.scalar(0), g.op('Shape', [gate])])
        : g.op('Add', [gate, g.op('Sub', [onnx.stepAbove0(g, g.op('Sub', [gate, g.scalar(p.threshold - 1e-6)])), gate])]); // the hard decision, written as training computes it
      const fineTok = g.op('Add', [onnx.linear(g, fine, w.fineEmbed!, w.fineBias), w.position!]);                          // (B, R, 4, D)
      const coarseTok = g.op('Add', [onnx.linear(g, coarse, w.coarseEmbed!, w.coarseBias), g.op('ReduceMean', [w.position!], { axes: { ints: [1] }, keepdims: { i: 0 } })]);
      const m3 = g.op('Unsqueeze', [m, g.int64s([2])]);
      const quarter = (from: number, to: number) => g.op('Slice', [fineTok, g.int64s([from]), g.int64s([to]), g.int64s([2])]);
      const first = g.op('Add', [g.op('Mul', [m3, g.op('Squeeze', [quarter(0, 1), g.int64s([2])])]), g.op('Mul', [g.op('Sub', [g.scalar(1), m3]), coarseTok])]);
      const tokens = g.op('Reshape', [g.op('Concat', [g.op('Unsqueeze', [first, g.int64s([2])]), quarter(1, 4)], { axis: { i: 2 } }), g.int64s([-1, 4 * R, p.dim])]);
      const keep = g.op('Reshape', [g.op('Concat', [g.op('Expand', [g.scalar(1), g.op('Shape', [m3])]), g.op('Tile', [m3, g.int64s([1, 1, 3])])], { axis: { i: 2 } }), g.int64s([-1, 4 * R])]);
      return { tokens, keep };
    },
  },
  flops: ({ image }, p) => {
    const H = (image?.shape[1] as number) || 2 * p.patch, R = (H / (2 * p.patch)) ** 2;
    const { gate, token } = tokenizerCosts(R, p.patch, p.dim, p.gateHidden);
    return gate + 4 * R * token;
  },
  stats: {
    gate: { kind: 'gate', label: 'Fine-split gate', doc: 'Gate value per region, where ≥ 0.5 means four fine tokens; batch-shaping makes it bimodal.' },
    fineShare: { kind: 'scalar', label: 'Fine regions', doc: 'Share of regions cut into fine tokens.' },
    tokensPerImage: { kind: 'scalar', label: 'Tokens per image', doc: 'Tokens per image: one per coarse region, four per fine one (all fine: 4R).' },
    compute: { kind: 'compute', label: 'Compute spent', doc: "Share of the tokenizer's all-fine cost actually spent (the gate always runs)." },
    prior: { kind: 'scalar', label: 'Prior mean μ', doc: 'Mean of the learned prior means μ_k, pulled towards the target share.' },
    fineShareCluttered: { kind: 'scalar', label: 'Fine share on the object', doc: 'Share of fine regions among regions that hold part of the object (from the group field).' },
    fineShareFlat: { kind: 'scalar', label: 'Fine share on the background', doc: 'Share of fine regions among flat background regions (from the group field).' },
  },
  auxLosses: { batchShaping: 'λ · (gBaS + hyperprior + L1 on the prior temperatures): keeps the gates binary and near the target share.' },
});
