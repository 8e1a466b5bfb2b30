import { applyVariant, type RunSummary } from '../../../engine';
import { startBackend } from '../backend';
import { EXIT, usage } from '../io';
import { graphFromArgs, intArg, round, trainOnce, type TrainArgs } from './train';

/**
 * `gatelab compare --preset SLUG`: trains each of the preset's variants with
 * the same seed and data, and prints the summaries side by side.
 */
export async function compareCommand(a: TrainArgs): Promise<number> {
  const { graph, source } = graphFromArgs(a);
  const variants = graph.variants ?? [];
  if (variants.length === 0) usage(`${source} has no "variants" to compare`);
  const steps = intArg('steps', a.steps, 1, 1_000_000);
  const backend = await startBackend(a.backend);
  const results: Record<string, Omit<RunSummary, 'history'>> = {};
  for (const v of variants) {
    const { history: _h, ...s } = await trainOnce(applyVariant(graph, v.name), `${source} / ${v.name}`, steps);
    results[v.name] = s;
    if (!a.json) console.log(`${v.name.padEnd(24)} loss ${round(s.loss, 4)}${s.accuracy !== undefined ? `  accuracy ${round(s.accuracy, 4)}` : ''}  first-step loss ${round(s.firstLoss, 3)}  ${round(s.msPerStep, 2)} ms/step`);
  }
  if (a.json) console.log(JSON.stringify({ preset: a.preset ?? source, seed: graph.training.seed, backend, variants: results }));
  return EXIT.ok;
}
