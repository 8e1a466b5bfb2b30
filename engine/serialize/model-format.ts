/**
 * Model format v1: a graph (format v1) plus its trained weights, the training
 * config that produced them, the final metrics and the GateLab version. The
 * zod schema is the source of truth; schema/gatelab-model.v1.schema.json is
 * generated from it (scripts/gen-schema.mjs).
 *
 *   {
 *     "format": "gatelab/model", "version": 1, "gatelab": "0.1.0",
 *     "graph": { ...a gatelab/graph v1 file... },
 *     "training": { ...graph.training as it ran: steps = steps trained... },
 *     "backend": "wasm",
 *     "metrics": { "loss": 0.12, "accuracy": 0.97, ... },
 *     "weights": { "h1/kernel": { "shape": [2, 16], "dtype": "float32", "data": "<base64, little-endian>" } }
 *   }
 */
import * as z from 'zod';
import { graphSchema, trainingSchema } from '../graph/format';

export const MODEL_FORMAT = 'gatelab/model';
export const MODEL_VERSION = 1;

/** Limits that keep a hostile file from exhausting memory before it is rejected. */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;
export const MAX_WEIGHTS = 10_000;
export const MAX_WEIGHT_ELEMENTS = 64 * 1024 * 1024;

/** `nodeId/var`: the node id, a slash, then the variable's name within the node. */
export const weightNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}\/[A-Za-z0-9_][A-Za-z0-9_./-]{0,127}$/, 'weight names are "nodeId/var"');

export const WEIGHT_DTYPES = ['float32', 'float16'] as const;
export type WeightDtype = (typeof WEIGHT_DTYPES)[number];

export const weightSchema = z.strictObject({
  shape: z.array(z.number().int().min(0).max(MAX_WEIGHT_ELEMENTS)).max(8),
  dtype: z.enum(WEIGHT_DTYPES),
  /** Little-endian IEEE 754 values, row-major, base64-encoded. */
  data: z.string().max(MAX_MODEL_BYTES).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'data must be base64'),
});

export const modelSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  /** The GateLab version that wrote the file (package.json). */
  gatelab: z.string().max(64),
  graph: graphSchema,
  /** The training config as it ran (`steps` is the number of steps actually trained). */
  training: trainingSchema,
  /** The compute backend that trained it: wasm, cpu, webgl, webgpu. */
  backend: z.string().max(32),
  /** Final figures: held-out loss and accuracy, training loss, the dataset's own metrics. */
  metrics: z.record(z.string().max(64), z.number()).refine((m) => Object.keys(m).length <= 200, 'at most 200 metrics'),
  weights: z.record(weightNameSchema, weightSchema).refine((w) => Object.keys(w).length <= MAX_WEIGHTS, `at most ${MAX_WEIGHTS} weights`),
});

export type ModelJson = z.infer<typeof modelSchema>;
export type WeightJson = z.infer<typeof weightSchema>;

/** One decoded weight. */
export interface WeightArray {
  shape: number[];
  data: Float32Array;
}
export type WeightMap = Map<string, WeightArray>;

/** A model file after checking: the envelope with its weights decoded to float32. */
export interface ModelFile {
  gatelab: string;
  graph: ModelJson['graph'];
  training: ModelJson['training'];
  backend: string;
  metrics: Record<string, number>;
  /** How the weights were stored in the file. */
  dtype: WeightDtype;
  weights: WeightMap;
}
