/**
 * Untrusted text → a typed graph, or located errors. Guards come before
 * JSON.parse (size, nesting depth) so hostile files fail fast and cleanly.
 */
import { graphError, type GraphError } from '../errors';
import { GRAPH_FORMAT, GRAPH_VERSION, graphSchema, type Graph } from './format';
import { migrateGraph, migrateNodes } from './migrate';
import { registry as defaultRegistry } from '../registry/default';
import type { Registry } from '../registry/registry';
import type { z } from 'zod';

export const MAX_GRAPH_BYTES = 5 * 1024 * 1024;
export const MAX_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__']);

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: GraphError[] };

/** Deepest bracket nesting outside strings, stopping early once past the limit. */
export function nestingDepth(text: string, limit = MAX_DEPTH): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > max) { max = depth; if (max > limit) return max; } }
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Parses JSON text with the size and depth guards. */
export function parseJsonText(text: string, maxBytes: number): Parsed<unknown> {
  if (typeof text !== 'string') return { ok: false, errors: [graphError('NOT_JSON', 'expected JSON text')] };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark some editors write
  if (text.length > maxBytes) {
    return { ok: false, errors: [graphError('TOO_LARGE', `the file is ${(text.length / 1048576).toFixed(1)} MB; the limit is ${(maxBytes / 1048576).toFixed(0)} MB`)] };
  }
  if (nestingDepth(text) > MAX_DEPTH) return { ok: false, errors: [graphError('TOO_DEEP', `the file nests deeper than ${MAX_DEPTH} levels`)] };
  try {
    // JSON.parse keeps "__proto__" as an own key, but copying such an object sets a prototype
    // and drops the field silently: refuse it wherever it appears.
    let bad: string | undefined;
    const reviver = (k: string, v: unknown) => { if (bad === undefined && FORBIDDEN_KEYS.has(k)) bad = k; return v; };
    const value = JSON.parse(text, text.includes('__proto__') ? reviver : undefined) as unknown;
    if (bad !== undefined) {
      const path = pathOfKey(value, bad) ?? '(top level)';
      return { ok: false, errors: [graphError('SCHEMA', `${path}: the key "${bad}" is not allowed anywhere in a GateLab file`, { path })] };
    }
    return { ok: true, value };
  } catch (e) {
    return { ok: false, errors: [graphError('NOT_JSON', `the file is not valid JSON (${(e as Error).message.slice(0, 120)})`)] };
  }
}

/** JSON path of the first own `key` in a parsed value (depth is bounded by MAX_DEPTH). */
function pathOfKey(value: unknown, key: string, path = ''): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (!Array.isArray(value) && Object.hasOwn(value, key)) return path ? `${path}.${key}` : key;
  for (const [k, v] of Object.entries(value)) {
    const found = pathOfKey(v, key, Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
    if (found) return found;
  }
  return undefined;
}

/** Whether the field an issue points at is absent from the file (zod words that "expected string, received undefined"). */
function isMissing(root: unknown, path: readonly PropertyKey[]): boolean {
  let parent: unknown = root;
  for (const p of path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[p];
  return typeof parent === 'object' && parent !== null && !Object.hasOwn(parent, path[path.length - 1]!);
}

/** Turns zod issues into located errors, naming the node or edge by id where the path passes through one. */
export function zodErrors(issues: readonly z.core.$ZodIssue[], root: unknown): GraphError[] {
  return issues.flatMap(unionBranch).slice(0, 100).map((iss) => {
    const path = iss.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    const where: Omit<GraphError, 'code' | 'message'> = { path: path || '(top level)' };
    const [list, idx] = iss.path;
    if ((list === 'nodes' || list === 'edges') && typeof idx === 'number') {
      const item = (root as Record<string, unknown[]>)[list]?.[idx] as { id?: unknown } | undefined;
      if (item && typeof item.id === 'string') where[list === 'nodes' ? 'nodeId' : 'edgeId'] = item.id;
    }
    const msg = iss.code === 'unrecognized_keys' ? `unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')}`
      : iss.code === 'invalid_type' && iss.path.length > 0 && isMissing(root, iss.path) ? `missing field "${String(iss.path[iss.path.length - 1])}"`
      : iss.message;
    return graphError('SCHEMA', `${path || 'the file'}: ${msg}`, where);
  });
}

/**
 * A value that fits no option of a union is reported by the option it meant:
 * the one whose issues do not start at its discriminator (`name`), so a table
 * with a bad cell hears about the cell, not that "table" is no generator.
 */
function unionBranch(iss: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (iss.code !== 'invalid_union' || iss.errors.length === 0) return [iss];
  const missed = (branch: readonly z.core.$ZodIssue[]) => branch.filter((b) => b.path.length === 1 && b.path[0] === 'name').length;
  const best = iss.errors.reduce((a, b) => (missed(b) < missed(a) ? b : a));
  return best.flatMap((b) => unionBranch({ ...b, path: [...iss.path, ...b.path] } as z.core.$ZodIssue));
}

/** Checks format and version, migrates the file, validates its structure, then migrates each node's params. */
export function parseGraphValue(value: unknown, registry: Registry = defaultRegistry): Parsed<Graph> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [graphError('BAD_FORMAT', 'expected a JSON object with "format": "gatelab/graph"')] };
  }
  const v = value as Record<string, unknown>;
  if (v.format !== GRAPH_FORMAT) {
    const hint = v.format === 'gatelab/model' ? ' (this is a model file: import it as a model)' : '';
    return { ok: false, errors: [graphError('BAD_FORMAT', `"format" must be "${GRAPH_FORMAT}"; got ${JSON.stringify(v.format ?? null).slice(0, 60)}${hint}`, { path: 'format' })] };
  }
  if (typeof v.version !== 'number' || !Number.isInteger(v.version) || v.version < 1 || v.version > GRAPH_VERSION) {
    return { ok: false, errors: [graphError('BAD_VERSION', `graph version ${JSON.stringify(v.version ?? null).slice(0, 20)} is not supported; this GateLab reads versions 1 to ${GRAPH_VERSION}`, { path: 'version' })] };
  }
  const migrated = migrateGraph(v);
  const r = graphSchema.safeParse(migrated);
  if (!r.success) return { ok: false, errors: zodErrors(r.error.issues, migrated) };
  return migrateNodes(r.data, registry);
}

export function parseGraph(text: string): Parsed<Graph> {
  const j = parseJsonText(text, MAX_GRAPH_BYTES);
  return j.ok ? parseGraphValue(j.value) : j;
}
