/**
 * A model file saved before node versions, and before EarlyExitStack renamed asReleased to
 * meanExitLoss (trained 30 steps on cpu by the CLI of that time), still opens and evaluates
 * on cpu to the held-out figures it recorded when it was exported.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, generateDataset, prepareData } from '../../../engine';
import { loadModel, parseModel } from '../../../engine/serialize';
import { useBackend } from '../../helpers/backend';

const text = readFileSync(join(__dirname, 'fixtures', 'early-exit-v1.model.json'), 'utf8');

describe('a model file from before node versions [cpu]', () => {
  beforeAll(() => useBackend('cpu'));

  it('opens with its EarlyExitStack migrated and evaluates to its recorded held-out loss and accuracy', async () => {
    expect(JSON.parse(text).graph.nodes.some((n: { version?: number }) => n.version !== undefined)).toBe(false);
    const file = parseModel(text);
    if (!file.ok) throw new Error(JSON.stringify(file.errors));
    expect(file.value.graph.nodes.find((n) => n.id === 'stack')).toMatchObject({ version: 2, params: { meanExitLoss: true } });
    const loaded = loadModel(file.value);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const session = prepareData(loaded.value, generateDataset(file.value.graph));
    try {
      const held = await evaluate(loaded.value, session.test);
      expect(held.loss).toBeCloseTo(file.value.metrics.loss!, 6);
      expect(held.accuracy).toBe(file.value.metrics.accuracy);
    } finally {
      session.dispose();
      loaded.value.model.dispose();
    }
  });
});
