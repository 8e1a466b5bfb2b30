/** Training a graph on the plain path and on tfjs, for the parity tests. */
import { compile, generateDataset, prepareData, train, type Graph, type TrainEvent, type TrainOptions } from '../../../../engine';
import { plainPlan } from '../../../../engine/train/plain/plan';

/** Every event of a run, the weights it ends with, and whether the plain path would take the graph (or why not). */
export async function run(g: Graph, opts: TrainOptions) {
  const r = compile(g);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  const session = prepareData(r.value, generateDataset(g));
  const path = plainPlan(r.value, session, opts.path === 'plain');
  const events: TrainEvent[] = [];
  for await (const e of train(r.value, session, opts)) events.push(e);
  const weights = await Promise.all([...r.value.model.variables.values()].map(async (v) => Array.from(await v.data())));
  session.dispose();
  r.value.model.dispose();
  return { events, weights, plain: 'net' in path, reason: 'reason' in path ? path.reason : '' };
}

export const steps = (es: TrainEvent[]) => es.filter((e): e is Extract<TrainEvent, { kind: 'step' }> => e.kind === 'step');
export const evals = (es: TrainEvent[]) => es.filter((e): e is Extract<TrainEvent, { kind: 'eval' }> => e.kind === 'eval');
export const maxRelDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / Math.max(1e-3, Math.abs(v))));
