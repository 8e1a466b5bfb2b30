/**
 * Shared pieces for the hostile-input tests: a small valid graph to corrupt,
 * and the checks every rejected file must pass (a coded, readable error,
 * quickly, and no pollution of shared prototypes).
 */
import { expect } from 'vitest';
import { ERROR_CODES, type GraphError, type Parsed } from '../../../engine';

/** A minimal valid graph (Input → Dense → Output on spiral), as a fresh object each call. */
export function smallGraph(): Record<string, unknown> {
  return {
    format: 'gatelab/graph', version: 1, name: 'small',
    nodes: [
      { id: 'x', type: 'Input', position: { x: 0, y: 0 } },
      { id: 'h', type: 'Dense', params: { units: 2 }, position: { x: 0, y: 100 } },
      { id: 'y', type: 'Output', position: { x: 0, y: 200 } },
    ],
    edges: [
      { id: 'e1', source: 'x', sourceHandle: 'out', target: 'h', targetHandle: 'in' },
      { id: 'e2', source: 'h', sourceHandle: 'out', target: 'y', targetHandle: 'in' },
    ],
    training: {
      dataset: { name: 'spiral', samples: 200, noise: 0.05, classes: 2 },
      optimizer: { name: 'adam', learningRate: 0.01 },
      batchSize: 16, steps: 5, seed: 1,
    },
  };
}

/**
 * Runs `parse` on hostile input: it must return errors (never throw), each coded
 * and worded, and never hang. The budget only catches runaway work (a parse that
 * scales badly takes minutes); speed itself is the bench's to measure, not a test's.
 */
export function expectRejected<T>(parse: () => Parsed<T>, code?: keyof typeof ERROR_CODES, budgetMs = 10_000): GraphError[] {
  const t0 = performance.now();
  const r = parse();
  const ms = performance.now() - t0;
  expect(ms, `took ${ms.toFixed(0)} ms`).toBeLessThan(budgetMs);
  expect(r.ok).toBe(false);
  if (r.ok) return [];
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) expectReadable(e);
  if (code) expect(r.errors.map((e) => e.code)).toContain(code);
  return r.errors;
}

/** A student-facing error: a known code, a short one-line message, no stack trace. */
export function expectReadable(e: GraphError): void {
  expect(Object.keys(ERROR_CODES)).toContain(e.code);
  expect(typeof e.message).toBe('string');
  expect(e.message.length).toBeGreaterThan(5);
  expect(e.message.length).toBeLessThan(600);
  expect(e.message).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

/** Prototype members no hostile file may add or change. */
export function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.keys(Array.prototype)).toEqual([]);
  expect(typeof probe.toString).toBe('function');
  expect(typeof probe.constructor).toBe('function');
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
}
