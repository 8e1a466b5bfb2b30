/**
 * What a student hands in (gatelab/submission v1): the graph, the trained model
 * when there is one, progress and predictions, and the GateLab version.
 * `readGradable` turns any file a teacher may be given (a submission, a graph
 * or a model file) into the graph to grade, or located errors.
 */
import * as z from 'zod';
import { graphError } from '../errors';
import { graphSchema, type Graph } from '../graph/format';
import { parseGraphValue, parseJsonText, zodErrors, type Parsed } from '../graph/parse';
import { modelSchema, MAX_MODEL_BYTES, MODEL_FORMAT } from '../serialize/model-format';
import { parseModelValue } from '../serialize/import';
import { GATELAB_VERSION } from '../serialize/version';
import { slugSchema } from './format';

export const SUBMISSION_FORMAT = 'gatelab/submission';
export const SUBMISSION_VERSION = 1;

export const predictionRecordSchema = z.strictObject({ choice: slugSchema, observed: slugSchema.optional() });

export const progressSchema = z.strictObject({
  /** Ids of the steps passed. */
  passed: z.array(slugSchema).max(40),
  /** The step open now (0-based). */
  step: z.number().int().min(0).max(40),
  /** Predictions by step id. */
  predictions: z.record(slugSchema, predictionRecordSchema),
  /** Interface views opened (`sink-lab`, ...). */
  opened: z.array(z.string().max(64)).max(20),
});

export const submissionSchema = z.strictObject({
  format: z.literal(SUBMISSION_FORMAT),
  version: z.literal(SUBMISSION_VERSION),
  gatelab: z.string().max(40),
  lesson: slugSchema,
  graph: graphSchema,
  model: modelSchema.optional(),
  progress: progressSchema,
});

export type Submission = z.infer<typeof submissionSchema>;
export type LessonProgress = z.infer<typeof progressSchema>;

export function makeSubmission(lesson: string, graph: Graph, progress: LessonProgress, model?: Submission['model']): Submission {
  return { format: SUBMISSION_FORMAT, version: SUBMISSION_VERSION, gatelab: GATELAB_VERSION, lesson, graph, ...(model ? { model } : {}), progress };
}

export interface Gradable {
  graph: Graph;
  /** The lesson a submission names (a plain graph or model names none). */
  lesson?: string;
  opened: ReadonlySet<string>;
}

/** A submission, a graph file or a model file, as the graph to grade; anything else is located errors. */
export function readGradable(text: string): Parsed<Gradable> {
  const j = parseJsonText(text, MAX_MODEL_BYTES);
  if (!j.ok) return j;
  const v = j.value as Record<string, unknown> | null;
  const format = typeof v === 'object' && v !== null && !Array.isArray(v) ? v.format : undefined;
  if (format === SUBMISSION_FORMAT) {
    if (v!.version !== SUBMISSION_VERSION) return { ok: false, errors: [graphError('BAD_VERSION', `submission version ${JSON.stringify(v!.version ?? null).slice(0, 20)} is not supported`, { path: 'version' })] };
    const r = submissionSchema.safeParse(v);
    if (!r.success) return { ok: false, errors: zodErrors(r.error.issues, v) };
    // the graph inside is checked as a graph file is (migrations, its own located errors)
    const g = parseGraphValue(r.data.graph);
    if (!g.ok) return { ok: false, errors: g.errors.map((e) => ({ ...e, path: `graph${e.path ? `.${e.path}` : ''}` })) };
    return { ok: true, value: { graph: g.value, lesson: r.data.lesson, opened: new Set(r.data.progress.opened) } };
  }
  if (format === MODEL_FORMAT) {
    const m = parseModelValue(v);
    return m.ok ? { ok: true, value: { graph: m.value.graph, opened: new Set() } } : m;
  }
  const g = parseGraphValue(v);
  if (!g.ok && g.errors[0]?.code === 'BAD_FORMAT') {
    return { ok: false, errors: [graphError('BAD_FORMAT', `expected a submission ("${SUBMISSION_FORMAT}"), a graph or a model file; got ${JSON.stringify(format ?? null).slice(0, 60)}`, { path: 'format' })] };
  }
  return g.ok ? { ok: true, value: { graph: g.value, opened: new Set() } } : g;
}
