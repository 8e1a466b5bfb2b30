/**
 * A parsed CSV → a `table` dataset: the person's choice of target and
 * features (or sensible defaults), the detected column types, located
 * problems, rows dropped only when asked, and the standardisation stored.
 */
import type { TableData } from './format';
import { OWN_LIMITS } from './format';
import { parseCsv, readNumber, tooLargeInline, type CsvTable, type DataProblem, type Parsed } from './csv';
import { scalingOf, columnValues } from './build';

export interface ColumnInfo {
  name: string;
  /** 'number' when at least as many cells read as numbers as read as text; the others are then problems if the column is used. */
  kind: 'number' | 'category';
  /** Cells that are not numbers (empty, text, NaN), in a number column. */
  bad: number;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  /** Distinct values, counted up to 1000. */
  distinct: number;
  /** Rows per value, for a column with at most 20 distinct values (the class balance). */
  counts?: Record<string, number>;
}

export interface TableChoice {
  /** The target column (classification, or regression of one column); default the last column. */
  target?: string;
  /** Several regression target columns; overrides `target`. */
  targets?: string[];
  /** Feature columns; default every number column that is not a target. */
  features?: string[];
  /** Default: classification when the target holds text or at most 10 distinct whole numbers. */
  task?: 'classification' | 'regression';
  /** Standardise features (default true); the mean and spread are stored in the dataset. */
  standardize?: boolean;
  /** Drop rows with problems (each listed) instead of refusing the file. */
  dropBadRows?: boolean;
  heldOutShare?: number;
  /** Read the file as this table was read: same columns, classes and scaling (eval on new rows). */
  like?: TableData;
}

export interface TableImport {
  dataset: TableData;
  columns: ColumnInfo[];
  /** Rows left out because `dropBadRows` was set, with why. */
  dropped: DataProblem[];
  /** Choices made for the person that they should see (a text column left out of the features). */
  notes: string[];
}

export function describeColumns(t: CsvTable): ColumnInfo[] {
  return t.columns.map((name, c) => {
    const values: number[] = [];
    const distinct = new Map<string, number>();
    let bad = 0, text = 0;
    for (const r of t.rows) {
      const cell = r[c];
      if (cell === undefined || r.length !== t.columns.length) continue; // a ragged row says nothing of its columns
      const v = readNumber(cell, t.decimalComma);
      if (typeof v === 'number') values.push(v);
      else { bad++; if (v.code === 'NOT_A_NUMBER') text++; }
      if (distinct.size < 1000 || distinct.has(cell)) distinct.set(cell, (distinct.get(cell) ?? 0) + 1);
    }
    const info: ColumnInfo = { name, kind: values.length > 0 && values.length >= text ? 'number' : 'category', bad, distinct: distinct.size };
    if (info.kind === 'number') {
      const s = scalingOf(Float32Array.from(values), 1);
      Object.assign(info, { min: values.reduce((a, b) => Math.min(a, b)), max: values.reduce((a, b) => Math.max(a, b)), mean: s.mean[0], std: s.std[0] });
    } else info.bad = 0;
    if (distinct.size <= 20) info.counts = Object.fromEntries(distinct);
    return info;
  });
}

/** `maxBytes` and `maxRows` bound the file, `maxInlineBytes` the table kept in a graph (default OWN_LIMITS.inlineBytes). */
export interface TableLimits { maxBytes?: number; maxRows?: number; maxInlineBytes?: number }

/** CSV or TSV text → a table dataset, or every problem found. */
export function importTable(text: string, choice: TableChoice = {}, limits: TableLimits = {}): Parsed<TableImport> {
  const parsed = parseCsv(text, limits);
  return parsed.ok ? tableFromCsv(parsed.value, choice, limits.maxInlineBytes) : parsed;
}

export function tableFromCsv(t: CsvTable, choice: TableChoice = {}, maxInlineBytes?: number): Parsed<TableImport> {
  const columns = describeColumns(t);
  const like = choice.like;
  const problems: DataProblem[] = [];
  const notes: string[] = [];
  const has = (n: string) => t.columns.includes(n);
  const targets = like?.targets ?? choice.targets ?? [choice.target ?? t.columns[t.columns.length - 1]!];
  const info = (n: string) => columns[t.columns.indexOf(n)]!;
  for (const n of targets) if (!has(n)) problems.push({ code: 'UNKNOWN_COLUMN', message: `there is no column "${n}" to predict (the columns are ${t.columns.slice(0, 20).join(', ')})`, column: n });
  if (problems.length) return { ok: false, problems };
  const task = like?.task ?? choice.task ?? guessTask(info(targets[0]!));
  let features = like?.features ?? choice.features;
  if (!features) {
    const rest = t.columns.filter((n) => !targets.includes(n));
    features = rest.filter((n) => info(n).kind === 'number');
    for (const n of rest) if (info(n).kind !== 'number') notes.push(`column "${n}" holds text, so it is not used as a feature`);
  }
  for (const n of features) if (!has(n)) problems.push({ code: 'UNKNOWN_COLUMN', message: `there is no feature column "${n}" (the columns are ${t.columns.slice(0, 20).join(', ')})`, column: n });
  if (features.length === 0) problems.push({ code: 'NO_FEATURES', message: `besides the target ${targets.join(', ')} the file has no column of numbers to learn from` });
  if (task === 'classification' && targets.length !== 1) problems.push({ code: 'UNKNOWN_COLUMN', message: `classification predicts one column; got ${targets.join(', ')}` });
  if (problems.length) return { ok: false, problems };

  const numeric = (task === 'regression' ? [...features, ...targets] : features).map((n) => [n, t.columns.indexOf(n)] as const);
  const labelCol = task === 'classification' ? t.columns.indexOf(targets[0]!) : -1;
  const known = like?.classes ? new Set(like.classes) : undefined;
  const rowProblems: DataProblem[] = [];
  const rows: (number | string)[][] = [];
  t.rows.forEach((cells, i) => {
    const row = i + 2;
    const before = rowProblems.length;
    if (cells.length !== t.columns.length) {
      rowProblems.push({ code: 'RAGGED_ROW', message: `row ${row}: ${cells.length} cell${cells.length === 1 ? '' : 's'}, but the header has ${t.columns.length} columns`, row });
      return;
    }
    const out: (number | string)[] = [];
    for (const [n, c] of numeric) {
      const v = readNumber(cells[c]!, t.decimalComma);
      if (typeof v === 'number') out.push(v);
      else rowProblems.push({ code: v.code, message: `row ${row}, column "${n}": ${v.why}`, row, column: n });
    }
    if (labelCol >= 0) {
      const label = cells[labelCol]!;
      if (label === '') rowProblems.push({ code: 'MISSING_VALUE', message: `row ${row}, column "${targets[0]}": the class is empty`, row, column: targets[0]! });
      else if (label.length > OWN_LIMITS.cellChars) rowProblems.push({ code: 'BAD_TEXT', message: `row ${row}, column "${targets[0]}": the class has ${label.length} characters; the limit is ${OWN_LIMITS.cellChars}`, row, column: targets[0]! });
      else if (known && !known.has(label)) rowProblems.push({ code: 'UNKNOWN_CLASS', message: `row ${row}, column "${targets[0]}": the class "${label}" was not in the training data (${[...known].slice(0, 10).join(', ')})`, row, column: targets[0]! });
      out.push(label);
    }
    if (rowProblems.length === before) rows.push(out);
  });
  if (rowProblems.length && !choice.dropBadRows) return { ok: false, problems: capped(rowProblems) };
  if (rows.length < 2) {
    const left = rows.length ? 'only 1 row is' : 'no row is';
    return { ok: false, problems: [{ code: 'TOO_FEW_ROWS', message: `${left} left${rowProblems.length ? ' once the rows with problems are dropped' : ''}; training and held-out need at least 2` }] };
  }

  const dataset: TableData = {
    name: 'table', task,
    columns: task === 'regression' ? [...features, ...targets] : [...features, targets[0]!],
    rows, features, targets,
  };
  if (task === 'classification') {
    const classes = like?.classes ?? [...new Set(rows.map((r) => String(r[r.length - 1])))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (!like && classes.length < 2) return { ok: false, problems: [{ code: 'SINGLE_CLASS', message: `every row has the class "${classes[0]}" in column "${targets[0]}": classification needs at least two classes`, column: targets[0]! }] };
    if (classes.length > OWN_LIMITS.tableClasses) return { ok: false, problems: [{ code: 'TOO_MANY_CLASSES', message: `column "${targets[0]}" has ${classes.length} classes; the limit is ${OWN_LIMITS.tableClasses} (for a number to predict, choose regression)`, column: targets[0]! }] };
    dataset.classes = classes;
  }
  const scaling = like ? like.scaling : choice.standardize === false ? undefined : scalingOf(columnValues(dataset, features), features.length);
  if (scaling) dataset.scaling = scaling;
  const share = like?.heldOutShare ?? choice.heldOutShare;
  if (share !== undefined) dataset.heldOutShare = share;
  const big = tooLargeInline(dataset, maxInlineBytes);
  if (big) return { ok: false, problems: [big] };
  return { ok: true, value: { dataset, columns, dropped: rowProblems, notes }, problems: [] };
}

/** The training table with a held-out table (read `like` it) after its rows: those rows are then the evaluation set. */
export function withHeldOut(train: TableData, held: TableData): TableData {
  const { heldOutShare: _share, ...rest } = train;
  return { ...rest, rows: [...train.rows!, ...held.rows!], heldOutFrom: train.rows!.length };
}

/** Text, or a few whole numbers: classes. Otherwise a number to predict. */
export function guessTask(target: ColumnInfo): 'classification' | 'regression' {
  if (target.kind === 'category') return 'classification';
  const whole = target.counts && Object.keys(target.counts).every((k) => /^[+-]?\d+$/.test(k));
  return whole && target.distinct <= 10 ? 'classification' : 'regression';
}

/** At most 20 problems listed, then how many more. */
function capped(list: DataProblem[]): DataProblem[] {
  if (list.length <= 20) return list;
  return [...list.slice(0, 20), { code: list[20]!.code, message: `${list.length - 20} more rows with problems not listed` }];
}

