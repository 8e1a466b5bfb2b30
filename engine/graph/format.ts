/**
 * Graph format v1: the file people save, share and export. The zod schema is
 * the single source of truth; the TypeScript types are inferred from it, and
 * the published JSON Schema is generated from it.
 */
import * as z from 'zod';
import { isOwnDatasetName, ownDatasetSchema } from '../data/own/format';

export const GRAPH_FORMAT = 'gatelab/graph';
export const GRAPH_VERSION = 1;

/** Ids name everything a node owns (`h1/kernel`, `h1.units`), so '/' and '.' are reserved. */
export const idSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'ids are 1-64 letters, digits, _ or -, starting with a letter or _');
const paramValue = z.union([z.number(), z.string().max(200), z.boolean()]);
export const paramsSchema = z.record(z.string().max(64), paramValue);

export const nodeSchema = z.strictObject({
  id: idSchema,
  type: z.string().max(64),
  /** The node type's version its params were written for; absent in files from before node versions, meaning 1. */
  version: z.number().int().min(1).max(1000).optional(),
  label: z.string().max(200).optional(),
  params: paramsSchema.optional(),
  position: z.strictObject({ x: z.number(), y: z.number() }).optional(),
  /** Watch the node's output as a gate (statistics, sparkline, clamp); unset: only a sigmoid feeding a Multiply's gate input is. */
  watch: z.boolean().optional(),
});

export const edgeSchema = z.strictObject({
  id: idSchema,
  source: idSchema,
  sourceHandle: z.string().max(64),
  target: idSchema,
  targetHandle: z.string().max(64),
});

/** A built-in generator by name with its settings (`{"name": "spiral", "noise": 0.1}`). */
export const generatorRefSchema = z.looseObject({
  name: z.string().max(64).refine((n) => !isOwnDatasetName(n), { message: 'your own data goes with its fields (docs/own-data.md)', abort: true }),
}).refine(
  (d) => Object.values(d).every((v) => ['number', 'string', 'boolean'].includes(typeof v)),
  'dataset settings must be numbers, strings or booleans',
);

/** A generator, or your own data inline (engine/data/own/format.ts). */
export const datasetRefSchema = z.union([ownDatasetSchema, generatorRefSchema]);

export const optimizerSchema = z.strictObject({
  name: z.enum(['adam', 'adamw', 'sgd']),
  learningRate: z.number().positive().max(10),
  momentum: z.number().min(0).max(0.9999).optional(),
  weightDecay: z.number().min(0).max(1).optional(),
});

/** A node id, or `node/weight` for one weight of a node (`attn1/gate`: the gate trains, the rest of attn1 stays frozen). */
const phaseTargetSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}(\/[A-Za-z_][A-Za-z0-9_]{0,63})?$/, 'phase lists name nodes (ids of letters, digits, _ or -) or one weight of a node as node/weight');

/**
 * A training phase: for `steps` steps, only variables of the listed nodes (or single weights) train.
 * With `task`, the phase trains only on examples whose `task` field equals it
 * (a stream of tasks for continual learning: one phase per task).
 */
export const phaseSchema = z.strictObject({
  name: z.string().max(64),
  steps: z.number().int().positive().max(1_000_000),
  train: z.array(phaseTargetSchema).max(1000).optional(),
  freeze: z.array(phaseTargetSchema).max(1000).optional(),
  task: z.number().int().min(0).max(1_000_000).optional(),
});

export const trainingSchema = z.strictObject({
  dataset: datasetRefSchema,
  optimizer: optimizerSchema,
  batchSize: z.number().int().min(1).max(4096),
  steps: z.number().int().min(0).max(1_000_000),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  clipNorm: z.number().positive().max(1e6).optional(),
  warmupSteps: z.number().int().min(0).max(1_000_000).optional(),
  phases: z.array(phaseSchema).max(20).optional(),
});

/** A named set of param overrides, `{"attn1.gate": "none"}`: one side of a paired comparison. */
export const variantSchema = z.strictObject({
  name: z.string().min(1).max(64),
  set: z.record(z.string().max(130), paramValue),
});

/**
 * The comparison a graph's variants exist for: on `metric`, variant `a` (the
 * mechanism the paper proposes) should do `better` than variant `b` (its
 * baseline). `metric` is a figure of the run summary (`loss`, `accuracy`, a
 * dataset metric such as `harmonicMean`) or a node statistic as `NODE.STAT`
 * (`router.loadCV`, `@model.flopsPerExample`; a per-item statistic counts as
 * its mean). `gatelab compare --seeds` counts the seeds on which it holds.
 */
export const headlineSchema = z.strictObject({
  metric: z.string().min(1).max(130),
  better: z.enum(['lower', 'higher']),
  a: z.string().min(1).max(64),
  b: z.string().min(1).max(64),
});

/** A block's name: a Python class name too, since the PyTorch export writes one nn.Module per block. */
export const blockNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'block names are 1-64 letters, digits or _, starting with a letter');

/** One of a block's ports: the id of its BlockInput or BlockOutput node inside the definition. */
export const blockPortSchema = z.strictObject({ name: idSchema });

/**
 * An inner param shown on the block's instances under its own name:
 * `{name: "width", node: "a", param: "units", default: 16}`. Several entries
 * with one name set several inner params to one value (a GLU's two widths).
 */
export const exposedParamSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'exposed param names are 1-64 letters, digits or _, starting with a letter or _'),
  node: idSchema,
  param: z.string().max(64),
  default: paramValue,
  label: z.string().max(200).optional(),
});

/**
 * A block definition: a small graph with explicit port nodes (BlockInput,
 * BlockOutput, whose ids are the port names), used by `Block` nodes
 * (`params.block` names the definition). Every instance gets its own weights.
 */
export const blockSchema = z.strictObject({
  description: z.string().max(5000).optional(),
  inputs: z.array(blockPortSchema).max(64),
  outputs: z.array(blockPortSchema).min(1).max(64),
  params: z.array(exposedParamSchema).max(64).optional(),
  nodes: z.array(nodeSchema).max(5000),
  edges: z.array(edgeSchema).max(20000),
});

/** Block definitions by name: a graph's `blocks` section, and what a block file holds. */
export const blocksSchema = z.record(blockNameSchema, blockSchema).refine((b) => Object.keys(b).length <= 200, 'at most 200 blocks');

export const BLOCKS_FORMAT = 'gatelab/blocks';
export const BLOCKS_VERSION = 1;

/** A block file: definitions on their own, for a library or another graph (engine/graph/blocks/file.ts). */
export const blocksFileSchema = z.strictObject({
  format: z.literal(BLOCKS_FORMAT),
  version: z.literal(BLOCKS_VERSION),
  blocks: blocksSchema,
});

export const graphSchema = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: z.string().max(200),
  description: z.string().max(5000).optional(),
  nodes: z.array(nodeSchema).max(5000),
  edges: z.array(edgeSchema).max(20000),
  training: trainingSchema,
  variants: z.array(variantSchema).max(20).optional(),
  headline: headlineSchema.optional(),
  /** Block definitions by name, used by the graph's `Block` nodes (and by each other). */
  blocks: blocksSchema.optional(),
});

export type Graph = z.infer<typeof graphSchema>;
export type GraphNode = z.infer<typeof nodeSchema>;
export type GraphEdge = z.infer<typeof edgeSchema>;
export type Training = z.infer<typeof trainingSchema>;
export type Variant = z.infer<typeof variantSchema>;
export type Phase = z.infer<typeof phaseSchema>;
export type Headline = z.infer<typeof headlineSchema>;
export type BlockDef = z.infer<typeof blockSchema>;
export type ExposedParam = z.infer<typeof exposedParamSchema>;
export type BlocksFile = z.infer<typeof blocksFileSchema>;

/** The steps a graph's phases add up to, which is then its whole run; undefined without phases. */
export function phaseStepsTotal(t: Training): number | undefined {
  return t.phases?.length ? t.phases.reduce((s, p) => s + p.steps, 0) : undefined;
}
