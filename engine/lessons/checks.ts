/**
 * The check vocabulary of lessons: declarative conditions on the graph, on a
 * run of it, or on what the student opened, each with the message the student
 * sees while it fails. The browser, `gatelab grade` and the tests evaluate them
 * with the same function, `evaluateCheck`.
 */
import * as z from 'zod';
import { idSchema } from '../graph/format';

const value = z.union([z.number(), z.string().max(200), z.boolean()]);
/** A param condition: equal to a value, or inside [min, max]. */
const paramRange = z.strictObject({ equals: value.optional(), min: z.number().optional(), max: z.number().optional() });

/** Which nodes a check talks about: by id, or by type with params in ranges. */
export const selectorSchema = z.strictObject({
  id: idSchema.optional(),
  type: z.string().max(64).optional(),
  params: z.record(z.string().max(64), paramRange).optional(),
}).refine((s) => s.id !== undefined || s.type !== undefined, 'a node selector needs an "id" or a "type"');

export const opSchema = z.enum(['<', '<=', '>', '>=']);
const message = z.string().min(1).max(400);
/** Run checks wait for at least this many training steps (default 1). */
const minSteps = z.number().int().min(1).max(100_000).optional();
/** The run a check reads: the graph as it stands (absent), or one of its variants by name. */
const runName = z.string().min(1).max(64).optional();

/** How a statistic that is a list (one value per expert, layer or head) becomes one number. */
export const REDUCERS = ['mean', 'min', 'max', 'spread', 'last'] as const;
export type Reducer = (typeof REDUCERS)[number];

/** A number read off a run. */
export const measureSchema = z.union([
  /** With `phase`: the dataset's figure at the end of that training phase (all phases but the last). */
  z.strictObject({ metric: z.string().min(1).max(64), phase: z.string().min(1).max(64).optional() }),
  z.strictObject({ stat: z.string().min(1).max(64), node: z.union([idSchema, z.literal('@model')]).optional(), type: z.string().max(64).optional(), reduce: z.enum(REDUCERS).optional() }),
  z.strictObject({ compute: z.literal('vsDense') }),
]);

export const checkSchema = z.discriminatedUnion('kind', [
  // graph checks
  z.strictObject({ kind: z.literal('node'), node: selectorSchema, message }),
  z.strictObject({ kind: z.literal('path'), from: selectorSchema, to: selectorSchema, direct: z.boolean().optional(), port: z.string().max(64).optional(), message }),
  z.strictObject({ kind: z.literal('count'), node: selectorSchema.optional(), edges: z.boolean().optional(), min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional(), message }),
  z.strictObject({ kind: z.literal('valid'), message }),
  // run checks
  z.strictObject({ kind: z.literal('metric'), metric: z.string().min(1).max(64), op: opSchema, value: z.number(), minSteps, run: runName, message }),
  z.strictObject({ kind: z.literal('stat'), stat: z.string().min(1).max(64), node: z.union([idSchema, z.literal('@model')]).optional(), type: z.string().max(64).optional(), reduce: z.enum(REDUCERS).optional(), op: opSchema, value: z.number(), minSteps, run: runName, message }),
  z.strictObject({ kind: z.literal('compute'), op: opSchema, value: z.number(), minSteps, run: runName, message }),
  z.strictObject({ kind: z.literal('compare'), measure: measureSchema, run: runName, against: z.string().min(1).max(64), op: opSchema, margin: z.number().min(-1e9).max(1e9).optional(), minSteps, message }),
  // interface checks
  z.strictObject({ kind: z.literal('opened'), view: z.string().min(1).max(64), message }),
]);

export type Check = z.infer<typeof checkSchema>;
export type NodeSelector = z.infer<typeof selectorSchema>;
export type Measure = z.infer<typeof measureSchema>;
export type CompareOp = z.infer<typeof opSchema>;

export const RUN_CHECKS = ['metric', 'stat', 'compute', 'compare'] as const;

/** Whether a check reads a run, so a grader must train first. */
export function needsRun(check: Check): check is Extract<Check, { kind: (typeof RUN_CHECKS)[number] }> {
  return (RUN_CHECKS as readonly string[]).includes(check.kind);
}

/** The variant runs a check reads, besides the graph's own. */
export function runsRead(check: Check): string[] {
  if (!needsRun(check)) return [];
  const names = check.run !== undefined ? [check.run] : [];
  if (check.kind === 'compare') names.push(check.against);
  return names;
}

export function compareOp(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}
