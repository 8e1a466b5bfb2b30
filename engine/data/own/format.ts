/**
 * Your own data in a graph file: `training.dataset` as a table, drawn points,
 * a text or token sequences, with the data inline so one file carries it all.
 * The zod schemas here check structure and sizes; what needs the whole record
 * (a feature named in `columns`, a ragged row, a class out of range) is checked
 * with located messages by check.ts.
 */
import * as z from 'zod';

/** Training and the models compute in float32: a number past its range becomes Infinity there. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Inline data is capped by the graph file's own limit (5 MB); these bound each part. */
export const OWN_LIMITS = {
  /** The data as JSON inside a graph: under the 5 MB a graph file may hold, with room left for the nodes. */
  inlineBytes: 4.75 * 1024 * 1024,
  rows: 200_000,
  columns: 1000,
  cellChars: 200,
  points: 20_000,
  pointClasses: 8,
  textChars: 1_000_000,
  textVocab: 256,
  sequences: 20_000,
  sequenceLength: 512,
  vocab: 10_000,
  tableClasses: 100,
} as const;

export const OWN_DATASET_NAMES = ['table', 'points', 'text', 'sequences'] as const;
export type OwnDatasetName = (typeof OWN_DATASET_NAMES)[number];

const task = z.enum(['classification', 'regression']);
const columnName = z.string().min(1).max(OWN_LIMITS.cellChars);
const heldOutShare = z.number().min(0.05).max(0.9).optional()
  .describe('Share of the examples held out for evaluation, drawn with the graph\'s seed (default 0.2).');

/**
 * A cell: a number, or a string such as a class label. One test per cell
 * rather than a union of two schemas: a 5 MB table holds about a million
 * cells, and this keeps its check to a fraction of the time.
 */
const cell = z.custom<number | string>(
  (v) => typeof v === 'number' || (typeof v === 'string' && v.length <= OWN_LIMITS.cellChars),
  `a cell must be a number or a text of at most ${OWN_LIMITS.cellChars} characters`,
).meta({ anyOf: [{ type: 'number' }, { type: 'string', maxLength: OWN_LIMITS.cellChars }] });

/** Per-feature standardisation, x' = (x - mean) / std, applied to raw inputs by training, eval and predict. */
export const scalingSchema = z.strictObject({
  mean: z.array(z.number()).max(OWN_LIMITS.columns),
  std: z.array(z.number().positive()).max(OWN_LIMITS.columns),
});

/**
 * A table: a header (`columns`) and rows of numbers (features, regression
 * targets) or strings (class labels). Or, on the command line only, `file`:
 * a CSV or TSV next to the graph, read and inlined when the graph is loaded.
 */
export const tableSchema = z.strictObject({
  name: z.literal('table'),
  task: task.optional().describe('Required with inline rows; from a file, guessed from the target column when absent.'),
  columns: z.array(columnName).max(OWN_LIMITS.columns).optional(),
  rows: z.array(z.array(cell).max(OWN_LIMITS.columns)).max(OWN_LIMITS.rows).optional(),
  features: z.array(columnName).min(1).max(OWN_LIMITS.columns).optional(),
  targets: z.array(columnName).min(1).max(OWN_LIMITS.columns).optional(),
  classes: z.array(z.string().max(OWN_LIMITS.cellChars)).min(2).max(OWN_LIMITS.tableClasses).optional()
    .describe('Class labels in class-id order, for classification.'),
  scaling: scalingSchema.optional(),
  heldOutShare,
  heldOutFrom: z.number().int().min(1).max(OWN_LIMITS.rows).optional()
    .describe('Rows from this index on are a held-out set you supplied: they, and only they, are evaluated (heldOutShare is then unused).'),
  file: z.string().min(1).max(1000).optional().describe('Command line only: a CSV or TSV file next to the graph, inlined on load.'),
  target: columnName.optional().describe('With file: the target column (default: the last).'),
  standardize: z.boolean().optional().describe('With file: standardise the features (default true).'),
});

/** Points on the plane: [x, y, class] for classification (2 to 8 classes), [x, y] for regression of y on x. */
export const pointsSchema = z.strictObject({
  name: z.literal('points'),
  task,
  points: z.array(z.array(z.number()).min(2).max(3)).min(1).max(OWN_LIMITS.points),
  classes: z.number().int().min(2).max(OWN_LIMITS.pointClasses).optional(),
  heldOutShare,
});

/** A plain text for character-level language modelling; the vocabulary is its distinct characters. */
export const textSchema = z.strictObject({
  name: z.literal('text'),
  text: z.string().min(3).max(OWN_LIMITS.textChars),
  seqLen: z.number().int().min(2).max(256),
  samples: z.number().int().min(10).max(20_000).optional().describe('How many windows of the text to cut (default 2000).'),
  heldOutShare,
});

/** Token sequences: inputs [N, T] and targets [N, T] (a token per position) or [N, 1] (one per sequence). */
export const sequencesSchema = z.strictObject({
  name: z.literal('sequences'),
  inputs: z.array(z.array(z.number().int().min(0)).min(1).max(OWN_LIMITS.sequenceLength)).min(1).max(OWN_LIMITS.sequences),
  targets: z.array(z.array(z.number().int().min(0)).min(1).max(OWN_LIMITS.sequenceLength)).min(1).max(OWN_LIMITS.sequences),
  vocab: z.number().int().min(2).max(OWN_LIMITS.vocab),
  heldOutShare,
});

export const ownDatasetSchema = z.discriminatedUnion('name', [tableSchema, pointsSchema, textSchema, sequencesSchema]);

export type TableData = z.infer<typeof tableSchema>;
export type PointsData = z.infer<typeof pointsSchema>;
export type TextData = z.infer<typeof textSchema>;
export type SequencesData = z.infer<typeof sequencesSchema>;
export type OwnData = z.infer<typeof ownDatasetSchema>;
export type Scaling = z.infer<typeof scalingSchema>;

export function isOwnDatasetName(name: unknown): name is OwnDatasetName {
  return typeof name === 'string' && (OWN_DATASET_NAMES as readonly string[]).includes(name);
}
