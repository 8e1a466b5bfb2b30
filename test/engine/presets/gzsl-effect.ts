/**
 * Shared by the two zero-shot preset tests: train a preset once, then score
 * each variant with the same weights. The variants differ only in how the
 * gate's output is used at test time (the mixing nodes have no weights and
 * pass no gradient back, as the node tests check), so one training serves all.
 */
import { applyVariant, compile, generateDataset, predictAll, prepareData, runGraph } from '../../../engine';
import { GzslBlobs } from '../../../engine/data/gzsl-blobs';
import { presetGraph } from '../nodes/gates/node-harness';

export async function variantMetrics(slug: string, seed: number, steps: number): Promise<Record<string, Record<string, number>>> {
  const g = presetGraph(slug, seed);
  const { compiled } = await runGraph(applyVariant(g, g.variants![0]!.name), { steps, keep: true, evalEvery: 0, statsEvery: 0 });
  const weights = await compiled!.model.readWeights();
  compiled!.model.dispose();
  const out: Record<string, Record<string, number>> = {};
  for (const v of g.variants!) {
    const c = compile(applyVariant(g, v.name));
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    c.value.model.writeWeights(weights);
    const data = generateDataset(g);
    const session = prepareData(c.value, data);
    const { pred, shape } = await predictAll(c.value, session.test);
    out[v.name] = GzslBlobs.metrics!({ data, rows: session.testRows, pred, predShape: shape });
    session.dispose();
    c.value.model.dispose();
  }
  return out;
}
