/**
 * Text and token-sequence files → `text` and `sequences` datasets, with the
 * same located problems as tables. Sequences come as JSON
 * `{"inputs": [[...]], "targets": [[...]], "vocab": V}` or as a CSV with
 * columns `input` and `target`, each cell tokens separated by spaces.
 */
import type { SequencesData, TextData } from './format';
import { OWN_LIMITS } from './format';
import { parseCsv, tooLargeInline, type DataProblem, type Parsed } from './csv';

export function textDataset(text: string, seqLen = 32, samples?: number): Parsed<TextData> {
  const problems: DataProblem[] = [];
  if (text.length > OWN_LIMITS.textChars) problems.push({ code: 'TOO_LARGE', message: `the text has ${text.length.toLocaleString('en')} characters; the limit is ${OWN_LIMITS.textChars.toLocaleString('en')}` });
  else {
    const vocab = new Set(text).size;
    if (vocab > OWN_LIMITS.textVocab) problems.push({ code: 'BAD_TEXT', message: `the text uses ${vocab} distinct characters; the vocabulary limit is ${OWN_LIMITS.textVocab}` });
    if (vocab < 2 || text.length < seqLen + 2) problems.push({ code: 'BAD_TEXT', message: `the text is too short (${text.length} characters, ${vocab} distinct) for windows of ${seqLen}: give at least ${seqLen + 2} characters and two different ones` });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { name: 'text', text, seqLen, ...(samples !== undefined ? { samples } : {}) }, problems: [] };
}

/** A JSON or CSV file of token sequences; `vocab` defaults to the largest token + 1; `maxInlineBytes` as for tables. */
export function sequencesDataset(fileText: string, vocab?: number, maxInlineBytes?: number): Parsed<SequencesData> {
  const trimmed = fileText.replace(/^\uFEFF/, '').trimStart();
  const pairs = trimmed.startsWith('{') ? fromJson(trimmed) : fromCsv(trimmed);
  if (!pairs.ok) return pairs;
  const { inputs, targets } = pairs.value;
  const problems: DataProblem[] = [];
  const T = inputs[0]?.length ?? 0, U = targets[0]?.length ?? 0;
  const V = vocab ?? pairs.value.vocab ?? Math.max(...inputs.flat(), ...targets.flat()) + 1;
  if (inputs.length < 2) problems.push({ code: 'BAD_SEQUENCE', message: 'give at least 2 sequences: one to train on and one to hold out' });
  if (inputs.length !== targets.length) problems.push({ code: 'BAD_SEQUENCE', message: `${inputs.length} input sequences but ${targets.length} target sequences; they go in pairs` });
  if (U !== T && U !== 1) problems.push({ code: 'BAD_SEQUENCE', message: `target sequences hold ${U} tokens; give one per input position (${T}) or one per sequence` });
  for (const [part, list, len] of [['input', inputs, T], ['target', targets, U]] as const) {
    list.forEach((s, i) => {
      if (problems.length >= 20) return;
      if (s.length !== len) problems.push({ code: 'BAD_SEQUENCE', message: `${part} sequence ${i + 1} has ${s.length} tokens; the first has ${len} (all must match)`, row: i + 1 });
      const j = s.findIndex((t) => !Number.isInteger(t) || t < 0 || t >= V);
      if (j >= 0) problems.push({ code: 'BAD_SEQUENCE', message: `${part} sequence ${i + 1}, position ${j + 1}: token ${s[j]} is not a whole number from 0 to ${V - 1}`, row: i + 1 });
    });
  }
  if (!(V >= 2 && V <= OWN_LIMITS.vocab)) problems.push({ code: 'BAD_SEQUENCE', message: `the vocabulary size is ${V}; it must be from 2 to ${OWN_LIMITS.vocab}` });
  if (inputs.length > OWN_LIMITS.sequences) problems.push({ code: 'TOO_MANY_ROWS', message: `${inputs.length} sequences; the limit is ${OWN_LIMITS.sequences}` });
  if (T > OWN_LIMITS.sequenceLength) problems.push({ code: 'BAD_SEQUENCE', message: `sequences of ${T} tokens; the limit is ${OWN_LIMITS.sequenceLength}` });
  if (problems.length) return { ok: false, problems };
  const value: SequencesData = { name: 'sequences', inputs, targets, vocab: V };
  const big = tooLargeInline(value, maxInlineBytes);
  return big ? { ok: false, problems: [big] } : { ok: true, value, problems: [] };
}

type Pairs = Parsed<{ inputs: number[][]; targets: number[][]; vocab?: number }>;

function fromJson(text: string): Pairs {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (e) {
    return { ok: false, problems: [{ code: 'BAD_SEQUENCE', message: `the file is not valid JSON (${(e as Error).message.slice(0, 100)})` }] };
  }
  const d = doc as { inputs?: unknown; targets?: unknown; vocab?: unknown };
  const isSeqs = (v: unknown): v is number[][] => Array.isArray(v) && v.every((s) => Array.isArray(s) && s.every((t) => typeof t === 'number'));
  if (!isSeqs(d.inputs) || !isSeqs(d.targets)) return { ok: false, problems: [{ code: 'BAD_SEQUENCE', message: 'expected {"inputs": [[tokens], ...], "targets": [[tokens], ...]} with token ids as numbers' }] };
  return { ok: true, value: { inputs: d.inputs, targets: d.targets, ...(typeof d.vocab === 'number' ? { vocab: d.vocab } : {}) }, problems: [] };
}

function fromCsv(text: string): Pairs {
  const t = parseCsv(text, { maxBytes: text.length }); // the caller bounded the file already
  if (!t.ok) return t;
  const [ci, ct] = [t.value.columns.indexOf('input'), t.value.columns.indexOf('target')];
  if (ci < 0 || ct < 0) return { ok: false, problems: [{ code: 'UNKNOWN_COLUMN', message: `a CSV of sequences needs the columns "input" and "target" (it has ${t.value.columns.join(', ')})`, row: 1 }] };
  const tokens = (cell: string | undefined) => (cell ?? '').split(/\s+/).filter(Boolean).map(Number);
  return { ok: true, value: { inputs: t.value.rows.map((r) => tokens(r[ci])), targets: t.value.rows.map((r) => tokens(r[ct])) }, problems: [] };
}
