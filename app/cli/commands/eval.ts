/** gatelab eval model.json: the held-out metrics of the model's own dataset, recomputed (same seed, same split). */
import { evaluate, generateDataset, predictAll, prepareData, resolveDataset } from '../../../engine';
import { startBackend } from '../backend';
import { CliError, EXIT } from '../io';
import { round } from './train';
import { compileModelFile, readModelFile } from './model-file';

export interface EvalArgs {
  file?: string;
  backend?: string;
  json: boolean;
}

export async function evalCommand(a: EvalArgs): Promise<number> {
  const backend = await startBackend(a.backend);
  const file = readModelFile(a.file);
  const compiled = await compileModelFile(file, a.file!);
  const session = prepareData(compiled, generateDataset(file.graph));
  try {
    const held = await evaluate(compiled, session.test);
    let metrics: Record<string, number> = {};
    const spec = resolveDataset(file.graph.training.dataset);
    if ('spec' in spec && spec.spec.metrics) {
      const { pred, shape } = await predictAll(compiled, session.test);
      metrics = spec.spec.metrics({ data: session.data, rows: session.testRows, pred, predShape: shape });
    }
    const broken = Object.entries({ ...held, ...metrics }).filter(([, v]) => !Number.isFinite(v)).map(([k]) => k);
    if (broken.length) throw new CliError(EXIT.invalid, [`${a.file}: NON_FINITE: the held-out ${broken.join(', ')} came out as NaN or Infinity: the weights do not give a usable model`]);
    const result = { ...held, ...metrics, examples: session.test.size, backend, recorded: file.metrics };
    if (a.json) console.log(JSON.stringify(result));
    else {
      const acc = held.accuracy !== undefined ? `, accuracy ${round(held.accuracy, 4)}` : '';
      const extra = Object.entries(metrics).map(([k, v]) => `, ${k} ${round(v, 4)}`).join('');
      console.log(`${a.file}: "${file.graph.name}", ${session.test.size} held-out examples on ${backend}`);
      console.log(`held-out loss ${round(held.loss, 4)}${acc}${extra}`);
      if (file.metrics.loss !== undefined) {
        console.log(`recorded at export (${file.backend}): loss ${round(file.metrics.loss, 4)}${file.metrics.accuracy !== undefined ? `, accuracy ${round(file.metrics.accuracy, 4)}` : ''}`);
      }
    }
    return EXIT.ok;
  } finally {
    session.dispose();
    compiled.model.dispose();
  }
}
