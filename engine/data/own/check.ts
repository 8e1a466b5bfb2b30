/**
 * What the schema cannot see in your own data: a feature that is not a column,
 * a ragged row, a label outside `classes`, a token beyond the vocabulary. Every
 * problem is located by its JSON path (`training.dataset.rows[12][3]`).
 */
import { graphError, type GraphError } from '../../errors';
import type { OwnData, PointsData, SequencesData, TableData, TextData } from './format';
import { FLOAT32_MAX, OWN_LIMITS } from './format';

const AT = 'training.dataset';
/** Past this many problems of one kind, the rest are counted, not listed. */
const MAX_LISTED = 10;

class Problems {
  readonly list: GraphError[] = [];
  private counts = new Map<string, number>();
  add(kind: string, path: string, message: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= MAX_LISTED) this.list.push(graphError('BAD_DATA', message, { path: `${AT}${path}` }));
  }
  done(): GraphError[] {
    for (const [kind, n] of this.counts) {
      if (n > MAX_LISTED) this.list.push(graphError('BAD_DATA', `${n - MAX_LISTED} more ${kind} not listed`, { path: AT }));
    }
    return this.list;
  }
}

export function checkOwnData(d: OwnData): GraphError[] {
  switch (d.name) {
    case 'table': return checkTable(d);
    case 'points': return checkPoints(d);
    case 'text': return checkText(d);
    case 'sequences': return checkSequences(d);
  }
}

/** Class labels of a classification table: `classes` when given, else the distinct target cells sorted. */
export function tableClasses(d: TableData): string[] {
  if (d.classes) return d.classes;
  const col = d.columns?.indexOf(d.targets?.[0] ?? '') ?? -1;
  const seen = new Set<string>();
  for (const r of d.rows ?? []) if (col >= 0 && r[col] !== undefined) seen.add(String(r[col]));
  return [...seen].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function checkTable(d: TableData): GraphError[] {
  const p = new Problems();
  if (!d.rows) {
    p.add('missing', d.file ? '.file' : '.rows', d.file
      ? `the table's rows are in the file "${d.file}", which only the command line reads (gatelab train GRAPH); in the editor, import the file so its rows are stored in the graph`
      : 'a table needs "rows" (or, on the command line, "file")');
    return p.done();
  }
  const { columns, features, targets, task } = d;
  if (!columns || !features || !targets || !task) {
    for (const k of ['columns', 'features', 'targets', 'task'] as const) if (!d[k]) p.add('missing', `.${k}`, `a table with inline rows needs "${k}"`);
    return p.done();
  }
  const index = new Map<string, number>();
  columns.forEach((c, i) => (index.has(c) ? p.add('columns', `.columns[${i}]`, `two columns are called "${c}"`) : index.set(c, i)));
  for (const [role, names] of [['features', features], ['targets', targets]] as const) {
    names.forEach((n, i) => { if (!index.has(n)) p.add('columns', `.${role}[${i}]`, `"${n}" is not a column (the columns are ${columns.slice(0, 20).join(', ')})`); });
  }
  const both = features.filter((f) => targets.includes(f));
  if (both.length) p.add('columns', '.targets', `"${both[0]}" is both a feature and a target`);
  if (task === 'classification' && targets.length !== 1) p.add('columns', '.targets', `classification takes one target column; got ${targets.length}`);
  if (d.scaling && (d.scaling.mean.length !== features.length || d.scaling.std.length !== features.length)) {
    p.add('scaling', '.scaling', `scaling has ${d.scaling.mean.length} means and ${d.scaling.std.length} spreads for ${features.length} features`);
  }
  if (d.rows.length < 2) p.add('rows', '.rows', `the table has ${d.rows.length} row${d.rows.length === 1 ? '' : 's'}; training and held-out need at least 2`);
  if (d.heldOutFrom !== undefined && d.heldOutFrom >= d.rows.length) p.add('rows', '.heldOutFrom', `the held-out rows start at ${d.heldOutFrom}, but the table has ${d.rows.length} rows`);
  if (p.list.length) return p.done();

  const numeric = [...features, ...(task === 'regression' ? targets : [])].map((n) => [n, index.get(n)!] as const);
  const labelCol = task === 'classification' ? index.get(targets[0]!)! : -1;
  const classes = task === 'classification' ? new Set(tableClasses(d)) : undefined;
  const present = new Set<string>();
  d.rows.forEach((r, i) => {
    if (r.length !== columns.length) { p.add('ragged rows', `.rows[${i}]`, `row ${i} has ${r.length} cells; the header has ${columns.length} columns`); return; }
    for (const [name, c] of numeric) {
      const v = r[c];
      if (typeof v !== 'number') p.add('non-numeric cells', `.rows[${i}][${c}]`, `row ${i}, column "${name}": found ${JSON.stringify(v)}, expected a number`);
      else if (Math.abs(v) > FLOAT32_MAX) p.add('non-numeric cells', `.rows[${i}][${c}]`, `row ${i}, column "${name}": ${v} is too large for a number (the limit is ±3.4e38)`);
    }
    if (classes) {
      const label = String(r[labelCol]);
      present.add(label);
      if (!classes.has(label)) p.add('unknown classes', `.rows[${i}][${labelCol}]`, `row ${i}, column "${targets[0]}": the class "${label}" is not among "classes" (${[...classes].slice(0, 10).join(', ')})`);
    }
  });
  if (classes && present.size === 1 && p.list.length === 0) {
    p.add('classes', `.targets[0]`, `every row has the class "${[...present][0]}" in column "${targets[0]}": classification needs at least two classes`);
  }
  if (classes && classes.size > OWN_LIMITS.tableClasses) p.add('classes', '.classes', `the target column has ${classes.size} classes; the limit is ${OWN_LIMITS.tableClasses}`);
  return p.done();
}

function checkPoints(d: PointsData): GraphError[] {
  const p = new Problems();
  const width = d.task === 'classification' ? 3 : 2;
  const k = d.classes;
  if (d.task === 'classification' && k === undefined) p.add('missing', '.classes', 'classification points need "classes", how many classes there are (2 to 8)');
  if (d.points.length < 2) p.add('points', '.points', 'draw at least 2 points: one to train on and one to hold out');
  const present = new Set<number>();
  d.points.forEach((pt, i) => {
    if (pt.length !== width) { p.add('points', `.points[${i}]`, `point ${i} has ${pt.length} numbers; ${d.task} points are [${width === 3 ? 'x, y, class' : 'x, y'}]`); return; }
    if (pt.some((v) => Math.abs(v) > FLOAT32_MAX)) p.add('points', `.points[${i}]`, `point ${i} holds a number too large for training (the limit is ±3.4e38)`);
    if (width === 3) {
      const c = pt[2]!;
      if (!Number.isInteger(c) || c < 0 || (k !== undefined && c >= k)) p.add('classes', `.points[${i}][2]`, `point ${i} has the class ${c}; classes are whole numbers from 0 to ${(k ?? 2) - 1}`);
      else present.add(c);
    }
  });
  if (width === 3 && present.size === 1 && p.list.length === 0) p.add('classes', '.points', `every point has the class ${[...present][0]}: draw points of at least two classes`);
  return p.done();
}

function checkText(d: TextData): GraphError[] {
  const p = new Problems();
  const vocab = new Set(d.text).size;
  if (vocab > OWN_LIMITS.textVocab) p.add('text', '.text', `the text uses ${vocab} distinct characters; the vocabulary limit is ${OWN_LIMITS.textVocab}`);
  if (vocab < 2) p.add('text', '.text', 'the text uses a single character; there is nothing to predict');
  if (d.text.length < d.seqLen + 2) p.add('text', '.seqLen', `the text has ${d.text.length} characters; windows of seqLen ${d.seqLen} need at least ${d.seqLen + 2}`);
  return p.done();
}

function checkSequences(d: SequencesData): GraphError[] {
  const p = new Problems();
  if (d.inputs.length !== d.targets.length) p.add('count', '.targets', `there are ${d.inputs.length} input sequences and ${d.targets.length} target sequences; they go in pairs`);
  if (d.inputs.length < 2) p.add('count', '.inputs', 'give at least 2 sequences: one to train on and one to hold out');
  const T = d.inputs[0]!.length;
  const U = d.targets[0]!.length;
  if (U !== T && U !== 1) p.add('lengths', '.targets[0]', `target sequences hold ${U} tokens; give one per input position (${T}) or one per sequence`);
  for (const [part, list, len] of [['inputs', d.inputs, T], ['targets', d.targets, U]] as const) {
    list.forEach((s, i) => {
      if (s.length !== len) p.add('lengths', `.${part}[${i}]`, `${part} sequence ${i} has ${s.length} tokens; the first has ${len} (all must match)`);
      const j = s.findIndex((t) => t >= d.vocab);
      if (j >= 0) p.add('tokens', `.${part}[${i}][${j}]`, `${part} sequence ${i}, position ${j}: token ${s[j]} is not below the vocabulary size ${d.vocab}`);
    });
  }
  return p.done();
}
