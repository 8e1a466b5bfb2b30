import { writeFileSync } from 'node:fs';
import { runGraph, formatError, type Graph, type RunSummary } from '../../../engine';
import { startBackend } from '../backend';
import { CliError, EXIT, loadGraph, usage } from '../io';
import { applySets } from '../overrides';
import { progressReporter } from '../progress';

export interface TrainArgs {
  file?: string;
  preset?: string;
  steps?: string;
  seed?: string;
  backend?: string;
  out?: string;
  json: boolean;
  set: string[];
}

export function intArg(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) usage(`--${name} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

/** The graph as the command line asks: file or preset, `--set`s and `--seed` applied. */
export function graphFromArgs(a: Pick<TrainArgs, 'file' | 'preset' | 'seed' | 'set'>): { graph: Graph; source: string } {
  const { graph, source } = loadGraph(a.file, a.preset);
  let g = applySets(graph, a.set);
  const seed = intArg('seed', a.seed, 0, 2 ** 32 - 1);
  if (seed !== undefined) g = { ...g, training: { ...g.training, seed } };
  return { graph: g, source };
}

export async function trainOnce(graph: Graph, label: string, steps: number | undefined, statsEvery?: number): Promise<RunSummary> {
  const progress = progressReporter(label);
  const total = steps ?? graph.training.steps;
  const { summary } = await runGraph(graph, {
    ...(steps !== undefined ? { steps } : {}),
    statsEvery: statsEvery ?? Math.max(1, Math.round(total / 10)),
    onEvent: progress,
  });
  progress.done();
  return summary;
}

export async function trainCommand(a: TrainArgs): Promise<number> {
  const { graph, source } = graphFromArgs(a);
  const steps = intArg('steps', a.steps, 1, 1_000_000);
  const backend = await startBackend(a.backend);
  const s = await trainOnce(graph, source, steps);
  if (a.out) writeFileSync(a.out, JSON.stringify({ note: 'model export lands with the model format', summary: s }, null, 2));
  const result = { name: s.name, steps: s.steps, loss: s.loss, accuracy: s.accuracy, trainLoss: s.trainLoss, firstLoss: s.firstLoss, backend, msPerStep: round(s.msPerStep, 3), params: s.params, flopsPerExample: s.flopsPerExample, ...s.metrics, stats: s.stats, ...(s.error ? { error: formatError(s.error) } : {}) };
  if (a.json) console.log(JSON.stringify(result));
  else {
    console.log(`${source}: ${s.steps} steps on ${backend}, ${round(s.msPerStep, 2)} ms/step, ${s.params} params`);
    console.log(`held-out loss ${round(s.loss, 4)}${s.accuracy !== undefined ? `, accuracy ${round(s.accuracy, 4)}` : ''}`);
  }
  if (s.error) throw new CliError(EXIT.invalid, [formatError(s.error)]);
  return EXIT.ok;
}

export function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
