/**
 * Trace one example in a real browser: after a short run of the top-K MoE
 * preset, a misclassified held-out point picked from the list shows its
 * router weights; after a short run of the gated attention preset, one token
 * of a held-out sequence shows its attention gate. Each is checked against
 * the engine tracing the same example in Node, on the weights the page
 * exports as a model file. A click on the Router map or on the training
 * panel's decision boundary traces the held-out point nearest to it.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateDataset, loadModel, parseModel, prepareData, traceExample, type ExampleTrace } from '../../engine';
import { useBackend } from '../helpers/backend';
import { SHOTS, axeProblems, browserSession, loadPreset, stepOf } from './app';

const browser = browserSession();
beforeAll(() => useBackend('cpu'));

/** Trains `preset` for at least `steps` steps on wasm, paused after; the Trace tab open. */
async function trainBriefly(page: Page, preset: string, steps: number): Promise<void> {
  await page.getByTestId('backend-select').selectOption('wasm');
  await expect.poll(() => page.getByTestId('backend').getAttribute('data-backend'), { timeout: 60_000 }).toBe('wasm');
  await loadPreset(page, preset);
  await page.getByTestId('train').click();
  await expect.poll(() => stepOf(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(steps);
  await page.getByTestId('stop').click();
  await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('paused');
  await page.getByTestId('telemetry-open').click();
  await page.getByTestId('telemetry-tab-trace').click();
}

/** The engine's trace of the same held-out example, on the weights the page exports. */
async function engineTrace(page: Page, index: number, position?: number): Promise<ExampleTrace> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('model-export').click()]);
  const file = parseModel(readFileSync((await download.path())!, 'utf8'));
  if (!file.ok) throw new Error('the exported model does not parse');
  const c = loadModel(file.value);
  if (!c.ok) throw new Error('the exported model does not load');
  const data = prepareData(c.value, generateDataset(file.value.graph));
  try {
    return await traceExample(c.value, data.test, index, position);
  } finally {
    data.dispose();
    c.value.model.dispose();
  }
}

const shown = async (page: Page, testId: string) => JSON.parse((await page.getByTestId(testId).getAttribute('data-values'))!) as number[];

describe('trace one example', () => {
  it('topk-moe: a misclassified point from the list, with the router weights the engine gives it', async () => {
    const { page, errors } = await browser.fresh();
    await trainBriefly(page, 'topk-moe', 20);
    await page.getByTestId('trace-list').click();
    await page.getByTestId('trace-misclassified').waitFor({ timeout: 30_000 });
    expect(Number(await page.getByTestId('trace-misclassified').getAttribute('data-count'))).toBeGreaterThan(0);
    await page.getByTestId('trace-pick-0').click();
    const outcome = page.getByTestId('trace-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.getAttribute('data-correct')).toBe('false');
    const index = Number(await outcome.getAttribute('data-index'));
    const weights = await shown(page, 'trace-router-routing');
    expect(weights).toHaveLength(8);
    expect(await page.getByTestId('trace-node-router').textContent()).toMatch(/e\d+ \d+%/); // its experts, by name and weight
    await page.getByTestId('telemetry').screenshot({ path: `${SHOTS}/telemetry-trace.png` });
    expect(await axeProblems(page, '[data-testid="telemetry"]')).toEqual([]);

    const engine = await engineTrace(page, index);
    const routing = engine.nodes.find((n) => n.nodeId === 'router')!.stats.find((s) => s.name === 'routing')!;
    routing.values.forEach((w, e) => expect(weights[e]).toBeCloseTo(w, 4));
    expect(Number(await outcome.getAttribute('data-predicted'))).toBe(engine.predicted[0]);
    expect(Number(await outcome.getAttribute('data-label'))).toBe(engine.label[0]);

    // a click on the Router map's decision boundary traces the held-out point nearest to it, in the Trace tab
    await page.getByTestId('telemetry-tab-router').click();
    await page.getByTestId('plane-boundary').locator('canvas').click({ position: { x: 30, y: 170 } });
    await expect.poll(() => outcome.getAttribute('data-index'), { timeout: 30_000 }).not.toBe(String(index));
    expect(await page.getByTestId('telemetry-tab-trace').getAttribute('aria-selected')).toBe('true');
    // and so does a click on the training panel's decision boundary
    const fromMap = await outcome.getAttribute('data-index');
    await page.getByTestId('boundary').locator('canvas').click({ position: { x: 160, y: 30 } });
    await expect.poll(() => outcome.getAttribute('data-index'), { timeout: 30_000 }).not.toBe(fromMap);
    expect(errors).toEqual([]);
  });

  it('gated-attention: one token of a held-out sequence, with the gate values the engine gives it', async () => {
    const { page, errors } = await browser.fresh();
    await trainBriefly(page, 'gated-attention', 3);
    await page.getByTestId('trace-index').fill('2');
    await page.getByTestId('trace-run').click();
    await page.getByTestId('trace-tokens').waitFor({ timeout: 30_000 });
    await page.getByTestId('trace-token-5').click();
    const outcome = page.getByTestId('trace-outcome');
    await expect.poll(() => outcome.getAttribute('data-position'), { timeout: 30_000 }).toBe('5');
    expect(await outcome.getAttribute('data-index')).toBe('2');
    const gate = await shown(page, 'trace-attn-gate');
    expect(gate).toHaveLength(32); // 4 heads × 8 units of one token
    await page.getByTestId('telemetry').screenshot({ path: `${SHOTS}/telemetry-trace-token.png` });

    const engine = await engineTrace(page, 2, 5);
    const values = engine.nodes.find((n) => n.nodeId === 'attn')!.stats.find((s) => s.name === 'gate')!.values;
    values.forEach((v, i) => expect(gate[i]).toBeCloseTo(v, 4));
    expect(Number(await page.getByTestId('trace-attn-gate').getAttribute('data-mean'))).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 4);
    expect(errors).toEqual([]);
  });
});
