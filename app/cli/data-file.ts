/**
 * Your own data on the command line: `--data FILE` (a CSV or TSV table, a
 * .txt text, a .json of token sequences) replacing a graph's dataset, a
 * graph's `{"name": "table", "file": ...}` read from next to the graph, and
 * `--held-out FILE`, more rows of the table to evaluate on. A file
 * with problems exits 1 with one line per problem; an unreadable one exits 2.
 */
import { dirname, extname, isAbsolute, join } from 'node:path';
import {
  CSV_LIMITS, importTable, resolveOwnDataset, sequencesDataset, textDataset, withHeldOut,
  type DataProblem, type Graph, type OwnData, type TableChoice, type TableData,
} from '../../engine';
import { CliError, EXIT, readCapped, usage } from './io';

export interface DataArgs {
  data?: string;
  target?: string;
  task?: string;
  /** A second file of the same table: the rows evaluated, instead of a seeded share. */
  heldOut?: string;
}

function refused(file: string, problems: DataProblem[]): never {
  throw new CliError(EXIT.invalid, [`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, ...problems.map((p) => `  ${p.code}: ${p.message}`)]);
}

/** A CSV or TSV file as a table, read as `choice` says. */
export function readTable(file: string, choice: TableChoice): TableData {
  // kept in the model file, not a graph file: no inline limit
  const r = importTable(readCapped(file, CSV_LIMITS.fileBytes), choice, { maxBytes: CSV_LIMITS.fileBytes, maxInlineBytes: Infinity });
  if (!r.ok) refused(file, r.problems);
  for (const note of r.value.notes) console.error(`${file}: ${note}`);
  return r.value.dataset;
}

function taskArg(task: string | undefined): TableChoice['task'] {
  if (task === undefined || task === 'classification' || task === 'regression') return task;
  return usage(`--task must be classification or regression, got "${task}"`);
}

/** The dataset `--data FILE` makes, by the file's extension; text keeps the graph's window length. */
export function dataFromFile(a: DataArgs, current: Graph['training']['dataset']): OwnData {
  const file = a.data!;
  const ext = extname(file).toLowerCase();
  if (ext === '.txt') {
    // the window the graph was built for: a text's seqLen, the chars generator's length
    const { seqLen, length } = current as Record<string, unknown>;
    const r = textDataset(readCapped(file, CSV_LIMITS.fileBytes), [seqLen, length].find((v): v is number => typeof v === 'number') ?? 32);
    return r.ok ? r.value : refused(file, r.problems);
  }
  if (ext === '.json') {
    const r = sequencesDataset(readCapped(file, CSV_LIMITS.fileBytes), undefined, Infinity);
    return r.ok ? r.value : refused(file, r.problems);
  }
  const task = taskArg(a.task);
  // several targets (regression of K columns) come comma-separated
  return readTable(file, { ...(a.target !== undefined ? { targets: a.target.split(',').map((c) => c.trim()) } : {}), ...(task ? { task } : {}) });
}

/** The graph with `--data` in place of its dataset, or with its table file read; unchanged otherwise. */
export function withOwnData(graph: Graph, a: DataArgs, graphFile: string | undefined): Graph {
  const g = withDataFile(graph, a, graphFile);
  if (a.heldOut === undefined) return g;
  const table = g.training.dataset;
  if (table.name !== 'table') usage('--held-out goes with a table: --data FILE.csv, or a graph whose dataset is one');
  const held = readTable(a.heldOut, { like: table as TableData });
  return { ...g, training: { ...g.training, dataset: withHeldOut(table as TableData, held) } };
}

function withDataFile(graph: Graph, a: DataArgs, graphFile: string | undefined): Graph {
  if (a.data === undefined) {
    if (a.target !== undefined || a.task !== undefined) usage('--target and --task go with --data FILE');
    if (graph.training.dataset.name !== 'table') return graph;
    const { file, rows, target, targets, task, standardize, features, heldOutShare } = graph.training.dataset as TableData;
    if (file === undefined || rows) return graph;
    const path = isAbsolute(file) || !graphFile ? file : join(dirname(graphFile), file);
    const choice: TableChoice = { ...(target ? { target } : {}), ...(targets ? { targets } : {}), ...(task ? { task } : {}), ...(standardize !== undefined ? { standardize } : {}), ...(features ? { features } : {}), ...(heldOutShare !== undefined ? { heldOutShare } : {}) };
    const table = readTable(path, choice);
    return { ...graph, training: { ...graph.training, dataset: table } };
  }
  return { ...graph, training: { ...graph.training, dataset: dataFromFile(a, graph.training.dataset) } };
}

/** When a graph does not fit its own data, the shapes the data asks for, before the problems are listed. */
export function explainData(graph: Graph): void {
  const own = resolveOwnDataset(graph.training.dataset);
  if (own && 'spec' in own) console.error(`the data: ${own.spec.doc}`);
}
