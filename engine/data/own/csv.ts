/**
 * CSV and TSV text → a header and rows of cells, with every problem located
 * (row as a spreadsheet numbers it: the header is row 1). Parsing is
 * papaparse's (quotes, CRLF, delimiter detection); this file adds the guards
 * that make hostile files fail fast and the reading of numbers, including
 * European decimal commas in semicolon- or tab-separated files. Problems are
 * values: nothing here throws on bad input.
 */
import Papa from 'papaparse';
import { FLOAT32_MAX, OWN_LIMITS } from './format';

export type DataProblemCode =
  | 'EMPTY_FILE' | 'HEADER_ONLY' | 'TOO_FEW_ROWS' | 'TOO_LARGE' | 'TOO_MANY_ROWS' | 'BAD_HEADER' | 'BAD_QUOTES' | 'RAGGED_ROW'
  | 'MISSING_VALUE' | 'NOT_A_NUMBER' | 'NOT_FINITE' | 'UNKNOWN_COLUMN' | 'NO_FEATURES' | 'SINGLE_CLASS'
  | 'TOO_MANY_CLASSES' | 'UNKNOWN_CLASS' | 'BAD_SEQUENCE' | 'BAD_TEXT';

/** One problem with a data file: where (row, column) and what was found, in a sentence. */
export interface DataProblem {
  code: DataProblemCode;
  message: string;
  /** Spreadsheet row: 1 is the header, 2 the first data row. */
  row?: number;
  column?: string;
}

export interface CsvTable {
  columns: string[];
  /** Data rows as text cells, trimmed; `rows[i]` is spreadsheet row i + 2. */
  rows: string[][];
  delimiter: string;
  /** Numbers are written with a decimal comma ("1,5"), as in a semicolon-separated European file. */
  decimalComma: boolean;
}

export const CSV_LIMITS = {
  /** Inline in a graph file (the editor); the command line reads files up to fileBytes. */
  inlineBytes: 5 * 1024 * 1024,
  fileBytes: 50 * 1024 * 1024,
  rows: OWN_LIMITS.rows,
} as const;

/**
 * A dataset too large to keep inside a graph file (whose limit is 5 MB), or
 * null. The command line, which keeps larger data in the model file, passes Infinity.
 */
export function tooLargeInline(dataset: object, maxInlineBytes: number = OWN_LIMITS.inlineBytes): DataProblem | null {
  if (!Number.isFinite(maxInlineBytes)) return null;
  const size = JSON.stringify(dataset).length;
  return size > maxInlineBytes
    ? { code: 'TOO_LARGE', message: `inside the graph file the data takes ${mb(size)}; data kept in a graph is at most ${mb(maxInlineBytes)}, so the file stays under its 5 MB limit (on the command line, gatelab train --data reads files up to ${mb(CSV_LIMITS.fileBytes)})` }
    : null;
}

export type Parsed<T> = { ok: true; value: T; problems: DataProblem[] } | { ok: false; problems: DataProblem[] };

const mb = (n: number) => `${(n / 1048576).toFixed(n < 1048576 * 10 ? 1 : 0)} MB`;

/** Text → header and cells. Ragged rows are problems here; `table.ts` decides whether they may be dropped. */
export function parseCsv(text: string, o: { maxBytes?: number; maxRows?: number } = {}): Parsed<CsvTable> {
  const maxBytes = o.maxBytes ?? CSV_LIMITS.inlineBytes, maxRows = o.maxRows ?? CSV_LIMITS.rows;
  // Sized by characters: cheap, and never below the byte count for the cap to matter.
  if (text.length > maxBytes) return fail('TOO_LARGE', `the file is ${mb(text.length)}; the limit is ${mb(maxBytes)}`);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail('EMPTY_FILE', 'the file is empty: a table needs a header row and rows of data');
  const lines = countLines(text, maxRows + 2);
  if (lines > maxRows + 1) return fail('TOO_MANY_ROWS', `the file has more than ${maxRows.toLocaleString('en')} rows; the limit is ${maxRows.toLocaleString('en')}`);

  const r = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimitersToGuess: [',', '\t', ';', '|'] });
  const problems: DataProblem[] = [];
  for (const e of r.errors.slice(0, 10)) {
    if (e.type === 'Quotes') problems.push({ code: 'BAD_QUOTES', message: `row ${(e.row ?? 0) + 1}: ${e.message.toLowerCase()}`, row: (e.row ?? 0) + 1 });
  }
  if (problems.length) return { ok: false, problems };
  const [header = [], ...body] = r.data;
  const columns = header.map((h) => h.trim());
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    if (c === '') problems.push({ code: 'BAD_HEADER', message: `row 1, column ${i + 1}: the header cell is empty; every column needs a name`, row: 1 });
    else if (c.length > OWN_LIMITS.cellChars) problems.push({ code: 'BAD_HEADER', message: `row 1, column ${i + 1}: the name has ${c.length} characters; the limit is ${OWN_LIMITS.cellChars}`, row: 1 });
    else if (seen.has(c)) problems.push({ code: 'BAD_HEADER', message: `row 1: columns ${seen.get(c)! + 1} and ${i + 1} are both called "${c}"`, row: 1, column: c });
    else seen.set(c, i);
  });
  if (problems.length) return { ok: false, problems };
  if (body.length === 0) return fail('HEADER_ONLY', `the file has a header (${columns.slice(0, 8).join(', ')}) but no rows of data`);
  const rows = body.map((row) => row.map((c) => c.trim()));
  const delimiter = r.meta.delimiter;
  return { ok: true, value: { columns, rows, delimiter, decimalComma: delimiter !== ',' && hasDecimalComma(rows) }, problems: [] };
}

function fail(code: DataProblemCode, message: string): Parsed<never> {
  return { ok: false, problems: [{ code, message }] };
}

/** Line breaks in the text, counting no further than `stop` (a million-row file is refused before parsing). */
function countLines(text: string, stop: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && n < stop; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
function hasDecimalComma(rows: string[][]): boolean {
  for (const r of rows.slice(0, 200)) for (const c of r) if (DECIMAL_COMMA.test(c)) return true;
  return false;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** A cell read as a number, or why it is not one. */
export function readNumber(cell: string, decimalComma: boolean): number | { code: 'MISSING_VALUE' | 'NOT_A_NUMBER' | 'NOT_FINITE'; why: string } {
  if (cell === '') return { code: 'MISSING_VALUE', why: 'the cell is empty' };
  const s = decimalComma && DECIMAL_COMMA.test(cell) ? cell.replace(',', '.') : cell;
  if (NON_FINITE.test(s)) return { code: 'NOT_FINITE', why: `found "${cell}", expected a finite number` };
  if (!NUMBER.test(s)) return { code: 'NOT_A_NUMBER', why: `found "${cell.length > 30 ? `${cell.slice(0, 30)}…` : cell}", expected a number` };
  const v = Number(s);
  return Math.abs(v) <= FLOAT32_MAX ? v : { code: 'NOT_FINITE', why: `found "${cell}", too large for a number (the limit is ±3.4e38)` };
}
