import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GateLabError, runGraph, runFigures, formatError, type Compiled, type Graph, type RunSummary, exportModel, metricsOf, modelToText } from '../../../engine';
import { startBackend } from '../backend';
import { CliError, EXIT, loadGraph, usage } from '../io';
import { applySets } from '../overrides';
import { explainData, withOwnData, type DataArgs } from '../data-file';
import { progressReporter } from '../progress';

export interface TrainArgs extends DataArgs {
  file?: string;
  preset?: string;
  steps?: string;
  seed?: string;
  backend?: string;
  out?: string;
  /** With --out: store the weights as float16, half the size. */
  float16?: boolean;
  json: boolean;
  set: string[];
}

export function intArg(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = /^-?\d+$/.test(v) ? Number(v) : NaN; // decimal only: Number() would take 0x10, 1e3 and ' 7'
  if (!Number.isInteger(n) || n < min || n > max) usage(`--${name} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

/** The graph as the command line asks: file or preset, its own data (`--data`, a table file), `--set`s and `--seed` applied. */
export function graphFromArgs(a: Pick<TrainArgs, 'file' | 'preset' | 'seed' | 'set'> & DataArgs): { graph: Graph; source: string } {
  const { graph, source } = loadGraph(a.file, a.preset);
  let g = applySets(withOwnData(graph, a, a.file), a.set);
  const seed = intArg('seed', a.seed, 0, 2 ** 32 - 1);
  if (seed !== undefined) g = { ...g, training: { ...g.training, seed } };
  return { graph: g, source };
}

/** One run with a progress bar; with keep, the trained model stays alive for export (the caller disposes it). */
async function trainKeeping(graph: Graph, label: string, steps: number | undefined, keep: boolean): Promise<{ summary: RunSummary; compiled?: Compiled }> {
  const progress = progressReporter(label);
  const r = await runGraph(graph, {
    ...(steps !== undefined ? { steps } : {}),
    cadence: 'report',
    onEvent: progress,
    keep,
  });
  progress.done();
  return r;
}

/** Fails before training, not after, when --out cannot be written. */
function checkOut(out: string): void {
  const dir = dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) usage(`--out ${out}: the folder ${dir} does not exist`);
  if (existsSync(out) && statSync(out).isDirectory()) usage(`--out ${out} is a folder; give a file name such as model.json`);
}

export async function trainCommand(a: TrainArgs): Promise<number> {
  const { graph, source } = graphFromArgs(a);
  const steps = intArg('steps', a.steps, 1, 1_000_000);
  if (a.out) checkOut(a.out);
  else if (a.float16) usage('--float16 goes with --out model.json');
  const backend = await startBackend(a.backend);
  const { summary: s, compiled } = await trainKeeping(graph, source, steps, a.out !== undefined).catch((e: unknown) => {
    if (e instanceof GateLabError) explainData(graph);
    throw e;
  });
  // A run with no finite trained weights writes no model: a NaN is never a result.
  if (s.noResult) compiled?.model.dispose();
  else if (a.out && compiled) {
    let text: string;
    try {
      text = modelToText(await exportModel(compiled.model, { steps: s.steps, backend, metrics: metricsOf(s) }, { float16: a.float16 === true }));
    } finally {
      compiled.model.dispose();
    }
    try {
      writeFileSync(a.out, text);
    } catch (e) {
      throw new CliError(EXIT.usage, [`cannot write ${a.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
    }
  }
  const result = runFigures(s, backend);
  if (a.json) console.log(JSON.stringify(result));
  else {
    console.log(`${source}: ${s.steps} steps on ${s.path === 'plain' ? 'plain JavaScript (a small 2-D network)' : backend}, ${round(s.msPerStep, 2)} ms/step, ${s.params} params`);
    if (s.noResult) console.log(`no result: no finite trained weights are left${a.out ? `, so no model was written to ${a.out}` : ''}`);
    else {
      const fit = s.metrics.r2 !== undefined ? `, R² ${round(s.metrics.r2, 4)}, mean absolute error ${round(s.metrics.mae ?? NaN, 4)}` : '';
      console.log(`held-out loss ${round(s.loss, 4)}${s.accuracy !== undefined ? `, accuracy ${round(s.accuracy, 4)}` : ''}${fit}`);
      if (a.out) console.log(`model written to ${a.out}`);
    }
  }
  if (s.error) throw new CliError(EXIT.invalid, [formatError(s.error)]);
  return EXIT.ok;
}

export function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
