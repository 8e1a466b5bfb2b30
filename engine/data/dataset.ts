import type { Rng } from '../random';
import type { ParamSchema, ParamValues } from '../registry/params';

/** A dense array with its shape: what a dataset hands the trainer. */
export interface Field {
  data: Float32Array | Int32Array;
  /** Full shape, first axis = example. */
  shape: number[];
  dtype: 'float32' | 'int32';
}

export interface Dataset {
  /**
   * Model inputs by name. `x` is the default an Input node reads; datasets with
   * side information (a condition vector, a task id, class attributes) add more.
   */
  inputs: Record<string, Field>;
  /** Targets: int class ids [N] or [N, T] for classification, float [N, K] for regression. */
  target: Field;
  /** 1 where the loss counts, 0 where it does not: [N] or [N, T]. Absent = everywhere. */
  mask?: Float32Array;
  task: 'classification' | 'regression';
  /** Number of classes (vocabulary size for next-token tasks), or K for regression. */
  classes: number;
  /** Vocabulary size of token inputs, for Embedding. */
  vocab?: number;
  /** Sequence length of token inputs. */
  seqLen?: number;
  /** Readable names of tokens or classes, for previews and charts. */
  labels?: string[];
  /**
   * Per-example side data for statistics, same leading axis as inputs:
   * e.g. `queryKind` [N, T] (0 ordinary, 1 trigger), `difficulty` [N].
   */
  marks?: Record<string, Field>;
  /**
   * Examples that must stay out of training (a held-out task, unseen classes):
   * when present, the 80/20 split draws the test set from these plus the rest.
   */
  heldOut?: Uint8Array;
  /** Share of examples the split holds out (default 0.2); your own data may choose it, 0 with `heldOut` = only those. */
  testShare?: number;
}

export interface DatasetSpec<S extends ParamSchema = ParamSchema> {
  /** Stable key written in graph files (`training.dataset.name`). */
  name: string;
  label: string;
  /** Palette grouping and preview style. */
  kind: 'points2d' | 'features' | 'sequence' | 'text';
  doc: string;
  params: S;
  /** Deterministic: same params and seed, same data. */
  generate(params: ParamValues<S>, rng: Rng): Dataset;
  /**
   * Task-specific held-out figures (harmonic mean of seen and unseen accuracy,
   * forgetting, ...), from the model's predictions on the test rows.
   */
  metrics?(p: MetricsInput): Record<string, number>;
  /** What each figure `metrics` returns means, by key (`#` stands for a number: `task#Accuracy`). */
  metricDocs?: Record<string, MetricDoc>;
}

/** A held-out figure explained for a student: the glossary reads these. */
export interface MetricDoc {
  label: string;
  /** One sentence. */
  doc: string;
  range?: [number, number];
}

export interface MetricsInput {
  data: Dataset;
  /** Dataset row of each prediction. */
  rows: Int32Array;
  /** What reached the Output node for those rows, flattened, with its shape. */
  pred: Float32Array;
  predShape: number[];
  /**
   * When training runs in phases: what this hook returned at the end of each
   * earlier phase, in order (so a task stream can report forgetting: best
   * accuracy on a task during the stream minus its accuracy at the end).
   */
  earlier?: Record<string, number>[];
}

export function defineDataset<const S extends ParamSchema>(spec: DatasetSpec<S>): DatasetSpec {
  return spec as unknown as DatasetSpec;
}
