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
  /** Leave out rows with problems (each listed) instead of refusing the file. */
  dropBadRows?: boolean;
}

function refused(file: string, problems: DataProblem[]): never {
  throw new CliError(EXIT.invalid, [`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, ...problems.map((p) => `  ${p.code}: ${p.message}`)]);
}

/** A CSV or TSV file as a table, read as `choice` says. */
export function readTable(file: string, choice: TableChoice): TableData {
  // kept in the model file, not a graph file: no inline limit
  const r = importTable(readCapped(file, CSV_LIMITS.fileBytes), choice, { maxBytes: CSV_LIMITS.fileBytes, maxInlineBytes: Infinity });
  if (!r.ok) refused(file, r.problems);
  for (const p of r.value.dropped) console.error(`${file}: dropped (--drop-bad-rows) ${p.message}`);
  for (const note of r.value.notes) console.error(`${file}: ${note}`);
  if (!choice.like) console.error(`${file}: ${tableSummary(r.value.dataset)}`);
  return r.value.dataset;
}

const num = (v: number) => Number(v.toPrecision(3));

/** What was read, shown on stderr: rows, features with their standardisation, the target and its classes. */
function tableSummary(d: TableData): string {
  const rows = d.rows!;
  const features = d.features!.map((f, i) => (d.scaling ? `${f} (mean ${num(d.scaling.mean[i]!)}, spread ${num(d.scaling.std[i]!)})` : f)).join(', ');
  let target = `regression of ${d.targets!.join(', ')}`;
  if (d.task === 'classification') {
    const count = new Map<string, number>();
    for (const r of rows) count.set(String(r[r.length - 1]), (count.get(String(r[r.length - 1])) ?? 0) + 1);
    target = `classes of ${d.targets![0]}: ${d.classes!.map((c) => `${c} ${count.get(c) ?? 0}`).join(', ')}`;
  }
  return `${rows.length} rows; features ${features}${d.scaling ? ', standardised' : ''}; ${target}`;
}

/** Which rows are evaluated: a seeded share, or a file's rows. */
function heldOutLine(g: Graph, heldOut: string | undefined): string {
  const d = g.training.dataset as TableData;
  if (heldOut) return `held out: the ${d.rows!.length - d.heldOutFrom!} rows of ${heldOut}`;
  return `held out: ${Math.round((d.heldOutShare ?? 0.2) * 100)}% of the rows, drawn with seed ${g.training.seed}`;
}

function taskArg(task: string | undefined): TableChoice['task'] {
  if (task === undefined || task === 'classification' || task === 'regression') return task;
  return usage(`--task must be classification or regression, got "${task}"`);
}

/** The dataset `--data FILE` makes, by the file's extension; text keeps the graph's window length. */
function dataFromFile(a: DataArgs, current: Graph['training']['dataset']): OwnData {
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
  return readTable(file, { ...(a.target !== undefined ? { targets: a.target.split(',').map((c) => c.trim()) } : {}), ...(task ? { task } : {}), dropBadRows: a.dropBadRows === true });
}

/** The graph with `--data` in place of its dataset, or with its table file read; unchanged otherwise. */
export function withOwnData(graph: Graph, a: DataArgs, graphFile: string | undefined): Graph {
  let g = withDataFile(graph, a, graphFile);
  const table = g.training.dataset;
  if (a.heldOut !== undefined) {
    if (table.name !== 'table') usage('--held-out goes with a table: --data FILE.csv, or a graph whose dataset is one');
    const held = readTable(a.heldOut, { like: table as TableData });
    g = { ...g, training: { ...g.training, dataset: withHeldOut(table as TableData, held) } };
  }
  if (g !== graph && table.name === 'table') console.error(heldOutLine(g, a.heldOut));
  return g;
}

function withDataFile(graph: Graph, a: DataArgs, graphFile: string | undefined): Graph {
  if (a.data === undefined) {
    if (a.target !== undefined || a.task !== undefined) usage('--target and --task go with --data FILE');
    if (graph.training.dataset.name !== 'table') return graph;
    const { file, rows, target, targets, task, standardize, features, heldOutShare } = graph.training.dataset as TableData;
    if (file === undefined || rows) return graph;
    const path = isAbsolute(file) || !graphFile ? file : join(dirname(graphFile), file);
    const choice: TableChoice = { dropBadRows: a.dropBadRows === true, ...(target ? { target } : {}), ...(targets ? { targets } : {}), ...(task ? { task } : {}), ...(standardize !== undefined ? { standardize } : {}), ...(features ? { features } : {}), ...(heldOutShare !== undefined ? { heldOutShare } : {}) };
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
