/**
 * Damaged data files (your own data): a CSV table written by the rng, then
 * broken the ways files break (cells missing or extra, text and NaN in number
 * columns, quotes left open, headers empty or doubled, the delimiter swapped,
 * a byte-order mark, the generic damage of graph files), and sometimes a file
 * of token sequences or a text. Import never throws and names a row for a
 * problem in a row; a table it accepts goes into a small graph that, when
 * validation accepts it, trains a few steps like any graph case.
 */
import { createRng, importTable, parseGraphValue, registry, sequencesDataset, textDataset, validateGraph, type DataProblemCode, type Graph, type Rng, type TableData } from '../../../engine';
import { damage } from './generate';

const pick = <T>(xs: readonly T[], rng: Rng): T => xs[rng.int(xs.length)]!;

/** Problems in one row of the file, which must say which row. */
const IN_A_ROW: ReadonlySet<DataProblemCode> = new Set(['BAD_QUOTES', 'RAGGED_ROW', 'MISSING_VALUE', 'NOT_A_NUMBER', 'NOT_FINITE', 'UNKNOWN_CLASS', 'BAD_HEADER']);

export const DATA_FILE_KINDS = ['table-file', 'sequences-file', 'text-file'] as const;
export type DataFileCase = { kind: 'table-file'; text: string; dropBadRows: boolean } | { kind: 'sequences-file' | 'text-file'; text: string };

/** Data file case `i` of a run seeded `seed`. */
export function dataFileCase(seed: number, i: number): DataFileCase {
  const rng = createRng(`${seed}:data:${i}`);
  const k = rng.int(10);
  if (k === 8) return { kind: 'sequences-file', text: damage(sequencesText(rng), rng) };
  if (k === 9) return { kind: 'text-file', text: damage('the cat sat on the mat. '.repeat(2 + rng.int(20)), rng) };
  return { kind: 'table-file', text: breakTable(tableText(rng), rng), dropBadRows: rng.next() < 0.3 };
}

/** A clean CSV: a few number columns and a class or number to predict, in one of the delimiters people use. */
function tableText(rng: Rng): string {
  const delimiter = pick([',', ';', '\t', '|'], rng);
  const comma = delimiter !== ',' && rng.next() < 0.3; // European decimals
  const features = 1 + rng.int(5), rows = 4 + rng.int(60), classes = rng.next() < 0.6 ? 2 + rng.int(4) : 0;
  const num = (v: number) => (comma ? v.toFixed(3).replace('.', ',') : String(Math.round(v * 1000) / 1000));
  const header = [...Array.from({ length: features }, (_, f) => `f${f}`), classes ? 'label' : 'y'];
  const body = Array.from({ length: rows }, () => {
    const xs = Array.from({ length: features }, () => rng.next() * 20 - 10);
    return [...xs.map(num), classes ? pick(['cat', 'dog', 'eel', '"owl, grey"', '3', 'x y'].slice(0, classes), rng) : num(xs.reduce((a, b) => a + b, 0))];
  });
  return [header, ...body].map((r) => r.join(delimiter)).join(rng.next() < 0.2 ? '\r\n' : '\n');
}

/** One to three of the ways a table file goes wrong. */
function breakTable(text: string, rng: Rng): string {
  let lines = text.split(/\r?\n/);
  for (let m = 1 + rng.int(3); m > 0; m--) {
    const r = rng.int(lines.length);
    const cells = lines[r]!.split(/[,;\t|]/);
    switch (rng.int(10)) {
      case 0: cells.splice(rng.int(cells.length), 1); break;
      case 1: cells.push(pick(['', '1', 'extra'], rng)); break;
      case 2: cells[rng.int(cells.length)] = pick(['', 'NaN', 'inf', '-Infinity', '1e400', 'abc', '1,5', '0x10', ' ', '\u0000'], rng); break;
      case 3: cells[rng.int(cells.length)] = `"${cells[0]}`; break;
      case 4: lines[0] = lines[0]!.replace(/f0/, pick(['', 'f1', 'label', '__proto__'], rng)); break;
      case 5: lines = lines.slice(0, 1 + rng.int(2)); break;
      case 6: lines.splice(r, 0, ''); break;
      case 7: cells[rng.int(cells.length)] = 'x'.repeat(1 + rng.int(100_000)); break;
      case 8: return damage(lines.join('\n'), rng);
      default: return '\uFEFF' + lines.join(pick([',', '\n', '\r'], rng));
    }
    if (r < lines.length) lines[r] = cells.join(pick([',', ';'], rng));
  }
  return lines.join('\n');
}

function sequencesText(rng: Rng): string {
  const T = 2 + rng.int(6), n = 2 + rng.int(20);
  const seq = () => Array.from({ length: T }, () => rng.int(8));
  const inputs = Array.from({ length: n }, seq), targets = inputs.map((s) => s.map((t) => (t + 1) % 8));
  return rng.next() < 0.5 ? JSON.stringify({ inputs, targets }) : ['input,target', ...inputs.map((s, i) => `${s.join(' ')},${targets[i]!.join(' ')}`)].join('\n');
}

/**
 * Imports the file; returns why the import broke its promises (an unnamed row,
 * a refusal with no problem), and, for a table it accepts, the graph to train
 * when validation accepts it.
 */
export function importDataFile(c: DataFileCase): { broken?: string; graph?: Graph } {
  const r = c.kind === 'table-file' ? importTable(c.text, { dropBadRows: c.dropBadRows }) : c.kind === 'sequences-file' ? sequencesDataset(c.text) : textDataset(c.text);
  if (!r.ok) {
    if (r.problems.length === 0) return { broken: 'refused without saying why' };
    // Past 20, the rest of a file's row problems are one count without a row.
    const unplaced = r.problems.slice(0, 20).find((p) => IN_A_ROW.has(p.code) && p.row === undefined);
    return unplaced ? { broken: `a ${unplaced.code} problem names no row: ${unplaced.message}` } : {};
  }
  if (!('dataset' in r.value)) return {};
  const graph = tableGraph(r.value.dataset);
  const parsed = parseGraphValue(graph);
  if (!parsed.ok) return { broken: `an imported table does not fit the graph format: ${parsed.errors[0]!.message}` };
  return validateGraph(parsed.value, registry).errors.length ? {} : { graph: parsed.value };
}

/** Input → Dense → tanh → Dense → Output, sized for the table's classes or targets. */
function tableGraph(dataset: TableData): Graph {
  const out = dataset.task === 'classification' ? dataset.classes?.length ?? 2 : dataset.targets?.length ?? 1;
  const ids = ['x', 'h', 'a', 'o', 'y'];
  return {
    format: 'gatelab/graph', version: 1, name: 'fuzz table',
    nodes: [
      { id: 'x', type: 'Input' }, { id: 'h', type: 'Dense', params: { units: 8 } }, { id: 'a', type: 'Activation', params: { fn: 'tanh' } },
      { id: 'o', type: 'Dense', params: { units: out } }, { id: 'y', type: 'Output', ...(dataset.task === 'regression' ? { params: { loss: 'mse' } } : {}) },
    ],
    edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i]!, sourceHandle: 'out', target: id, targetHandle: 'in' })),
    training: { dataset, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 8, steps: 3, seed: 1 },
  };
}
