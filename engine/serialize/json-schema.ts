/**
 * The published JSON Schemas (schema/*.schema.json), generated from the zod
 * schemas by scripts/gen-schema.mjs; a test checks the files are current.
 */
import * as z from 'zod';
import { BLOCKS_FORMAT, BLOCKS_VERSION, blocksFileSchema, GRAPH_FORMAT, GRAPH_VERSION, graphSchema } from '../graph/format';
import { MODEL_FORMAT, MODEL_VERSION, modelSchema } from './model-format';
import { LESSON_FORMAT, LESSON_VERSION, lessonSchema } from '../lessons/format';

export const SCHEMA_BASE = 'https://gatelab.dev/schema/';

function publish(schema: z.ZodType, file: string, title: string, description: string, reused: 'inline' | 'ref' = 'inline'): Record<string, unknown> {
  const js = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', reused }) as Record<string, unknown>;
  const { $schema, ...rest } = js;
  return { $schema, $id: SCHEMA_BASE + file, title, description, ...rest };
}

/** File name → schema, for each published format. */
export function jsonSchemas(): Record<string, Record<string, unknown>> {
  return {
    'gatelab-graph.v1.schema.json': publish(graphSchema, 'gatelab-graph.v1.schema.json', `${GRAPH_FORMAT} v${GRAPH_VERSION}`,
      'A GateLab graph: nodes, edges, the training config and its block definitions. Dataset settings and node params are checked against the node registry on load, beyond this schema.'),
    'gatelab-blocks.v1.schema.json': publish(blocksFileSchema, 'gatelab-blocks.v1.schema.json', `${BLOCKS_FORMAT} v${BLOCKS_VERSION}`,
      'GateLab block definitions on their own (a library, a block carried to another graph): each a small graph with BlockInput and BlockOutput port nodes and exposed params, as in a graph\'s "blocks" section (docs/blocks.md).'),
    'gatelab-model.v1.schema.json': publish(modelSchema, 'gatelab-model.v1.schema.json', `${MODEL_FORMAT} v${MODEL_VERSION}`,
      'A trained GateLab model: a gatelab/graph v1 graph, its weights keyed "nodeId/var" (little-endian float32 or float16, base64), the training config as it ran, the final metrics and the GateLab version. On load each weight is also checked against its shape, for NaN/Infinity and against the compiled graph.'),
    'gatelab-lesson.v1.schema.json': publish(lessonSchema, 'gatelab-lesson.v1.schema.json', `${LESSON_FORMAT} v${LESSON_VERSION}`,
      'A GateLab lesson: a starting graph, steps (Markdown text, highlights, hints, a Show me action, an optional prediction) and the checks that pass each step. On load the steps are also replayed: presets, variants and Show me edits must exist and apply.', 'ref'),
  };
}

/** A schema as the file holds it. */
export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
