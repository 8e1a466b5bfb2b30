/**
 * Parameter error against sample size for a Gaussian mixture of experts fitted
 * by maximum likelihood (`gatelab rates`): for each n and seed, n examples from
 * the known mixture, the graph's mixture fitted to them full-batch, and its
 * Voronoi distance to the true parameters; then the slope of log error against
 * log n, which the theory predicts (−1/2 at the parametric rate).
 *
 * The fit starts near the truth (each true expert's parameters plus seeded
 * noise; with more experts than the truth, one true expert's cell gets the
 * extra ones): the theory is about the maximum-likelihood estimate, and a start
 * far away would measure the optimiser's search for it, not the estimate.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../graph/format';
import { applyVariant } from '../graph/edit';
import { compile } from '../compile/compile';
import { generateDataset } from '../data/generate';
import { upload } from '../train/batches';
import { createRng } from '../random';
import { createOptimizer } from '../train/optimizers';
import { spread } from './spread';
import { voronoiLoss, type MixtureParams } from '../stats/voronoi';

export interface RateOptions {
  sizes: number[];
  seeds: number[];
  /** Full-batch Adam steps per fit; the learning rate decays from `learningRate` to 1% of it. */
  steps: number;
  learningRate: number;
}

export interface RatePoint { n: number; seed: number; D1: number; D2: number }

export interface RateCurve {
  variant: string;
  points: RatePoint[];
  /** Least-squares slope of log error on log n, per seed, then their mean and spread. */
  slope: { D1: SlopeFigures; D2: SlopeFigures };
}
export interface SlopeFigures { perSeed: number[]; mean: number; std?: number }

/** Start noise around the true parameters. */
const START_NOISE = 0.15;

/** The router and experts a Gaussian mixture graph fits, by node id. */
function mixtureNodes(graph: Graph): { router: string; experts: string } {
  const router = graph.nodes.find((n) => n.type === 'TopKSoftmaxRouter')?.id;
  const experts = graph.nodes.find((n) => n.type === 'GaussianExperts')?.id;
  if (!router || !experts) throw new Error('rates needs a graph with a top-K router feeding Gaussian experts (preset gaussian-moe)');
  return { router, experts };
}

/** Fitted expert i starts at true expert cell(i), its gate weight shared with the others in that cell. */
function startNearTruth(truth: MixtureParams, E: number, seed: number): MixtureParams {
  const rng = createRng(`${seed}:start`);
  const k = truth.slope.length;
  // the extra experts join the first true expert's cell
  const owners = [...Array(E).keys()].map((i) => (i < E - k + 1 ? 0 : i - (E - k)));
  const share = (j: number) => owners.filter((o) => o === j).length;
  const jitter = (v: number) => v + START_NOISE * rng.normal();
  return {
    gateSlope: owners.map((j) => jitter(truth.gateSlope[j]!)),
    gateBias: owners.map((j) => truth.gateBias[j]! - Math.log(share(j))),
    slope: owners.map((j) => jitter(truth.slope[j]!)),
    intercept: owners.map((j) => jitter(truth.intercept[j]!)),
    sigma: owners.map((j) => truth.sigma[j]! * Math.exp(START_NOISE * rng.normal())),
  };
}

/** One maximum-likelihood fit on n examples; its distances to the truth. */
export async function fitOnce(graph: Graph, truth: MixtureParams, n: number, seed: number, o: Pick<RateOptions, 'steps' | 'learningRate'>): Promise<{ D1: number; D2: number; fit: MixtureParams }> {
  const g: Graph = { ...graph, training: { ...graph.training, seed, dataset: { ...graph.training.dataset, samples: n } } as Graph['training'] };
  const { router, experts } = mixtureNodes(g);
  const c = compile(g);
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join('; '));
  const model = c.value.model;
  const data = upload(generateDataset(g));
  try {
    const E = model.variables.get(`${router}/bias`)!.shape[0]!;
    const s = startNearTruth(truth, E, seed);
    const put = (name: string, v: number[]) => [name, { shape: model.variables.get(name)!.shape, data: Float32Array.from(v) }] as const;
    model.writeWeights(new Map([
      put(`${router}/kernel`, s.gateSlope), put(`${router}/bias`, s.gateBias),
      put(`${experts}/kernel`, s.slope), put(`${experts}/bias`, s.intercept), put(`${experts}/logSigma`, s.sigma.map(Math.log)),
    ]));
    const vars = model.trainableVariables();
    const opt = createOptimizer({ name: 'adam', learningRate: o.learningRate });
    for (let step = 0; step < o.steps; step++) {
      opt.setLearningRate(o.learningRate * 0.01 ** (step / o.steps));
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => model.loss(data.inputs, data.target, undefined, { training: true, step }).total, vars);
        opt.apply(grads, vars);
      });
    }
    opt.dispose();
    const w = await model.readWeights();
    const arr = (name: string) => Array.from(w.get(name)!.data);
    const fit: MixtureParams = {
      gateSlope: arr(`${router}/kernel`), gateBias: arr(`${router}/bias`),
      slope: arr(`${experts}/kernel`), intercept: arr(`${experts}/bias`), sigma: arr(`${experts}/logSigma`).map(Math.exp),
    };
    return { D1: voronoiLoss(fit, truth, 'D1'), D2: voronoiLoss(fit, truth, 'D2'), fit };
  } finally {
    data.dispose();
    model.dispose();
  }
}

/** Least-squares slope of log y on log x. */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log), ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length, my = ly.reduce((a, b) => a + b) / ly.length;
  const sxy = lx.reduce((s, x, i) => s + (x - mx) * (ly[i]! - my), 0);
  const sxx = lx.reduce((s, x) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}

/** Every variant of the graph at every size and seed, with the slopes. */
export async function measureRates(graph: Graph, truth: MixtureParams, o: RateOptions, onFit?: (variant: string, p: RatePoint) => void): Promise<RateCurve[]> {
  const curves: RateCurve[] = [];
  for (const variant of (graph.variants ?? []).map((v) => v.name)) {
    const g = applyVariant(graph, variant);
    const points: RatePoint[] = [];
    for (const seed of o.seeds) {
      for (const n of o.sizes) {
        const { D1, D2 } = await fitOnce(g, truth, n, seed, o);
        points.push({ n, seed, D1, D2 });
        onFit?.(variant, { n, seed, D1, D2 });
      }
    }
    const slopeOf = (key: 'D1' | 'D2'): SlopeFigures => {
      const perSeed = o.seeds.map((seed) => { const p = points.filter((q) => q.seed === seed); return logLogSlope(p.map((q) => q.n), p.map((q) => q[key])); });
      const s = spread(perSeed);
      return { perSeed, mean: s.mean, ...(s.std !== undefined ? { std: s.std } : {}) };
    };
    curves.push({ variant, points, slope: { D1: slopeOf('D1'), D2: slopeOf('D2') } });
  }
  return curves;
}
