import { availableParallelism } from 'node:os';
import { applyVariant, headlineHolds, registry, seedSpreads, validateGraph, type RunFigures } from '../../../engine';
import { backendArg } from '../backend';
import { EXIT, invalid, usage } from '../io';
import { graphFromArgs, intArg, type TrainArgs } from './train';
import { parseSeeds } from './seed-list';
import { sweepVariants } from './sweep';
import { parsePlots, writePlots } from './compare-plot';
import { trainInChildren, type ChildRun } from './train-children';
import { progressLine, printOneSeed, printSeeds } from './compare-report';

export interface CompareArgs extends TrainArgs {
  /** `1-5` or `3,8,13`: every variant trains on each of these seeds. */
  seeds?: string;
  /** Training runs at once, each in its own process. */
  jobs?: string;
  /** `[VARIANT:]NODE.PARAM=V1,V2,...`, once or more: compare one variant per value instead of the graph's variants. */
  sweep?: string[];
  /** `[METRIC=]FILE.svg`, once or more: the metric (accuracy by default) against compute, a curve per sweep. */
  plot?: string[];
}

/** Two at once by default: the machines this runs on are often small and shared. */
const DEFAULT_JOBS = Math.min(2, availableParallelism());

/**
 * `gatelab compare --preset SLUG [--seeds 1-5]`: trains each of the preset's
 * variants on the same data and seed and prints the summaries side by side.
 * With --seeds, every variant trains on every seed, and each figure is given
 * with its mean, spread and per-seed values, and the preset's headline with
 * the number of seeds on which it holds.
 */
export async function compareCommand(a: CompareArgs): Promise<number> {
  if (a.seeds !== undefined && a.seed !== undefined) usage('give --seed S or --seeds LIST, not both');
  const { graph: loaded, source } = graphFromArgs(a);
  const swept = a.sweep?.length ? sweepVariants(loaded, a.sweep) : undefined;
  const graph = swept?.graph ?? loaded;
  const plots = parsePlots(a.plot ?? []);
  const variants = (graph.variants ?? []).map((v) => v.name);
  if (variants.length === 0) usage(`${source} has no "variants" to compare`);
  const steps = intArg('steps', a.steps, 1, 1_000_000);
  const jobs = intArg('jobs', a.jobs, 1, 64) ?? DEFAULT_JOBS;
  const backend = backendArg(a.backend);
  const seeds = a.seeds !== undefined ? parseSeeds(a.seeds) : [graph.training.seed];
  const { errors } = validateGraph(graph, registry); // once here rather than in every child
  if (errors.length) invalid(errors, source);

  // Seed by seed, so the pairs the headline compares finish together.
  const runs: ChildRun[] = seeds.flatMap((seed) => variants.map((name) => ({ graph: applyVariant(graph, name), seed, label: `"${name}", seed ${seed}` })));
  let done = 0;
  const figures = await trainInChildren(runs, {
    ...(steps !== undefined ? { steps } : {}),
    ...(backend !== undefined ? { backend } : {}),
    jobs,
    onDone: (run, f, ms) => console.error(progressLine(++done, runs.length, run.label, f, ms)),
  });
  const runsOf = (name: string): RunFigures[] => figures.filter((_, i) => variants[i % variants.length] === name);
  const preset = a.preset ?? source;
  const ranBackend = figures[0]?.backend;
  if (plots.length) writePlots(plots, graph, `${preset}, seeds ${seeds.join(', ')}`, variants, runsOf, swept?.curves);

  if (a.seeds === undefined) {
    const results = Object.fromEntries(variants.map((name) => [name, runsOf(name)[0]!]));
    if (a.json) console.log(JSON.stringify({ preset, seed: seeds[0], backend: ranBackend, variants: results }));
    else printOneSeed(results);
    return EXIT.ok;
  }

  const h = graph.headline;
  const summaries = Object.fromEntries(variants.map((name) => {
    const rs = runsOf(name);
    return [name, { runs: rs, ...seedSpreads(rs, h ? [h.metric] : []) }];
  }));
  const headline = h ? headlineHolds(h, runsOf(h.a), runsOf(h.b)) : undefined;
  if (h && summaries[h.a]!.mean[h.metric] === undefined && summaries[h.b]!.mean[h.metric] === undefined) {
    console.error(`headline: no run reports "${h.metric}", so it cannot hold; check the metric's name`);
  }
  if (a.json) console.log(JSON.stringify({ preset, seeds, backend: ranBackend, variants: summaries, ...(headline ? { headline } : {}) }));
  else printSeeds(preset, seeds, summaries, headline);
  return EXIT.ok;
}
