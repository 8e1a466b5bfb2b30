/**
 * gatelab eval model.json: the held-out metrics of the model's own dataset,
 * recomputed (same seed, same split); with --data FILE.csv, its metrics on
 * every row of a new file read as its table was (columns, classes, scaling).
 */
import { evaluate, generateDataset, predictAll, prepareData, resolveDataset, type Graph, type ModelFile, type TableData } from '../../../engine';
import { startBackend } from '../backend';
import { CliError, EXIT, usage } from '../io';
import { readTable } from '../data-file';
import { round } from './train';
import { compileModelFile, readModelFile } from './model-file';

export interface EvalArgs {
  file?: string;
  backend?: string;
  /** New rows of the model's table, all evaluated. */
  data?: string;
  json: boolean;
}

/** The model's graph on its own data, or on the rows of `--data` read as its table was. */
function evaluatedGraph(file: ModelFile, a: EvalArgs): Graph {
  if (a.data === undefined) return file.graph;
  const table = file.graph.training.dataset;
  if (table.name !== 'table') usage(`--data reads new rows of a table; ${a.file} was trained on "${table.name}"`);
  return { ...file.graph, training: { ...file.graph.training, dataset: readTable(a.data, { like: table as TableData }) } };
}

export async function evalCommand(a: EvalArgs): Promise<number> {
  const backend = await startBackend(a.backend);
  const file = readModelFile(a.file);
  const graph = evaluatedGraph(file, a);
  const compiled = await compileModelFile(file, a.file!);
  const data = generateDataset(graph);
  const all = Int32Array.from({ length: data.target.shape[0]! }, (_, i) => i);
  const session = a.data ? prepareData(compiled, data, { train: all.subarray(0, 1), test: all }) : prepareData(compiled, data);
  try {
    const held = await evaluate(compiled, session.test);
    let metrics: Record<string, number> = {};
    const spec = resolveDataset(graph.training.dataset);
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
      console.log(`${a.file}: "${file.graph.name}", ${session.test.size} ${a.data ? `rows of ${a.data}` : 'held-out examples'} on ${backend}`);
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
