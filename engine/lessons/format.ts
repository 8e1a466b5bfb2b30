/**
 * Lesson format v1: a guided course step as data. The zod schema is the single
 * source of truth for the file, its TypeScript types and its published JSON
 * Schema. Text fields are a small Markdown subset (rendered without raw HTML).
 */
import * as z from 'zod';
import { graphSchema, idSchema, paramsSchema } from '../graph/format';
import { checkSchema } from './checks';

export const LESSON_FORMAT = 'gatelab/lesson';
export const LESSON_VERSION = 1;

/** Lesson and step ids: lowercase words joined by '-', as in URLs (`?lesson=what-is-a-gate`). */
export const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'ids are 1-64 lowercase letters, digits or -');
const markdown = z.string().min(1).max(4000);

/** Parts of the editor a classroom link or a lesson may hide or lock. */
export const UI_PARTS = ['palette', 'inspector', 'dataset', 'optimizer', 'training', 'telemetry', 'presets', 'files'] as const;
export const uiPartSchema = z.enum(UI_PARTS);

/**
 * What a step points at on screen: `palette:Dense`, `node:m1`, `port:m1.b`,
 * `chart:loss`, `tab:sink`, `panel:training`.
 */
export const targetSchema = z.string().regex(/^(palette|node|port|chart|tab|panel):[A-Za-z0-9_.@-]{1,130}$/, 'a target is KIND:NAME with KIND one of palette, node, port, chart, tab, panel');

const edgeEnd = z.strictObject({ node: idSchema, port: z.string().max(64) });

/** One edit of the graph; a step's Show me applies its edits as one undoable change. */
export const editSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('addNode'), id: idSchema, type: z.string().max(64), params: paramsSchema.optional(), position: z.strictObject({ x: z.number(), y: z.number() }).optional() }),
  z.strictObject({ op: z.literal('removeNode'), id: idSchema }),
  z.strictObject({ op: z.literal('connect'), from: edgeEnd, to: edgeEnd }),
  z.strictObject({ op: z.literal('disconnect'), to: edgeEnd }),
  z.strictObject({ op: z.literal('setParam'), node: idSchema, param: z.string().max(64), value: z.union([z.number(), z.string().max(200), z.boolean()]) }),
  z.strictObject({ op: z.literal('variant'), name: z.string().min(1).max(64) }),
  z.strictObject({ op: z.literal('setSteps'), steps: z.number().int().min(1).max(100_000) }),
]);

/** A graph to load: a preset by slug, or a whole graph, optionally with its steps shortened and edits made. */
export const graphSourceSchema = z.strictObject({
  preset: z.string().max(64).optional(),
  graph: graphSchema.optional(),
  /** Training steps to use instead of the graph's own (lessons keep runs to seconds); phases are scaled to fit. */
  steps: z.number().int().min(1).max(100_000).optional(),
  edits: z.array(editSchema).max(200).optional(),
}).refine((s) => (s.preset === undefined) !== (s.graph === undefined), 'give exactly one of "preset" or "graph"');

export const showSchema = z.strictObject({
  load: graphSourceSchema.optional(),
  edits: z.array(editSchema).max(200).optional(),
  /** An interface view to open (`sink-lab`, `telemetry`, ...). */
  open: z.string().max(64).optional(),
  /** Train the graph as it stands after the edits. */
  train: z.boolean().optional(),
  /** Also train these variants of the graph (the runs a comparison reads). */
  trainVariants: z.array(z.string().min(1).max(64)).max(4).optional(),
});

export const predictionSchema = z.strictObject({
  question: markdown,
  /** Each choice says what may happen; `when` decides, after training, whether it did. */
  choices: z.array(z.strictObject({ id: slugSchema, text: z.string().min(1).max(300), when: checkSchema.optional() })).min(2).max(4),
  explanation: markdown,
});

export const stepSchema = z.strictObject({
  id: slugSchema,
  title: z.string().min(1).max(120),
  text: markdown,
  highlight: z.array(targetSchema).max(8).optional(),
  hints: z.array(markdown).max(5).optional(),
  show: showSchema.optional(),
  predict: predictionSchema.optional(),
  /** All must pass for the step to turn green. */
  checks: z.array(checkSchema).min(1).max(10),
});

export const classroomSchema = z.strictObject({
  hide: z.array(uiPartSchema).max(UI_PARTS.length).optional(),
  lock: z.array(uiPartSchema).max(UI_PARTS.length).optional(),
  /** Node types the palette offers; all when absent. */
  palette: z.array(z.string().max(64)).max(200).optional(),
});

export const lessonSchema = z.strictObject({
  format: z.literal(LESSON_FORMAT),
  version: z.literal(LESSON_VERSION),
  id: slugSchema,
  title: z.string().min(1).max(120),
  summary: z.string().min(1).max(300),
  minutes: z.number().int().min(1).max(120),
  prerequisites: z.array(slugSchema).max(20),
  start: graphSourceSchema,
  classroom: classroomSchema.optional(),
  steps: z.array(stepSchema).min(1).max(40),
  /** The ending: what the paper claims, what the toy showed, what it did not. */
  takeaway: z.strictObject({ paperClaims: markdown, toyShowed: markdown, toyDidNotShow: markdown }),
});

export type Lesson = z.infer<typeof lessonSchema>;
export type LessonStep = z.infer<typeof stepSchema>;
export type GraphEditOp = z.infer<typeof editSchema>;
export type ShowAction = z.infer<typeof showSchema>;
export type GraphSource = z.infer<typeof graphSourceSchema>;
export type Prediction = z.infer<typeof predictionSchema>;
export type Classroom = z.infer<typeof classroomSchema>;
export type UiPart = z.infer<typeof uiPartSchema>;

/** `node:m1` → { kind: 'node', name: 'm1' }. */
export function splitTarget(target: string): { kind: string; name: string } {
  const i = target.indexOf(':');
  return { kind: target.slice(0, i), name: target.slice(i + 1) };
}
