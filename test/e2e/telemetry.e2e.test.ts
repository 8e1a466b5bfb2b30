/**
 * Telemetry in a real browser (issue 6), on the wasm backend to keep it short:
 * the sparkline on a gate node fills and moves, the node panel draws the gate
 * histogram over time and the router's load and collapse figures, and the
 * attention-sink lab trains the gate-off twin beside the gated run, an
 * intervention on the paused run moves the held-out loss, and the exit
 * explorer replays a confidence threshold on a training early-exit stack.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from '../../app/cli/bench/chromium';
import { loadPreset, openApp, screenshot, type App } from './app';

let browser: Browser | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.close();
  await browser?.close();
  app = undefined;
  browser = undefined;
});

async function onWasm(page: Page): Promise<void> {
  await page.getByTestId('backend-select').selectOption('wasm');
  await expect.poll(() => page.getByTestId('backend').getAttribute('data-backend'), { timeout: 60_000 }).toBe('wasm');
}

const num = async (page: Page, testId: string, attr: string) => Number((await page.getByTestId(testId).getAttribute(attr)) ?? NaN);

describe('telemetry', () => {
  it('router: sparkline, load bars and token-to-expert map fill and update', async () => {
    browser = await launch({ webgpu: false });
    app = await openApp(browser);
    const { page, errors } = app;
    await onWasm(page);
    await page.getByTestId('telemetry-open').click();
    await loadPreset(page, 'topk-moe');
    await page.getByTestId('node-router').click();
    await page.getByTestId('tm-node-empty').waitFor();
    await page.getByTestId('train').click();

    const spark = page.getByTestId('spark-router');
    await expect.poll(() => spark.getAttribute('data-points').then(Number), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    expect(await spark.getAttribute('data-stat')).toBe('routingEntropy');
    await page.getByTestId('tm-router-load').waitFor({ timeout: 30_000 });
    const load = (await page.getByTestId('tm-router-load').getAttribute('data-values'))!.split(' ').map(Number);
    expect(load).toHaveLength(8);
    expect(load.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(await num(page, 'tm-router-tokens', 'data-cols')).toBe(8);
    // it keeps updating: more snapshots in the load-over-time map
    const cols = await num(page, 'tm-router-load-time', 'data-cols');
    await expect.poll(() => num(page, 'tm-router-load-time', 'data-cols'), { timeout: 30_000 }).toBeGreaterThan(cols);
    await page.getByTestId('stop').click();
    // each chart is titled by the glossary: the explanation shows on keyboard focus, not only on hover
    const label = page.getByTestId('tm-router-load').locator('.gl-stat');
    expect(await label.innerText()).toContain('Expert load');
    const tip = page.getByTestId('tm-router-load').locator('.gl-stat-tip');
    expect(await tip.isVisible()).toBe(false);
    await label.focus();
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.innerText()).toMatch(/share of routed token slots/);
    await screenshot(page, 'telemetry-router.png');
    expect(errors).toEqual([]);
  });

  it('attention-sink lab: gate histogram over time, and the gate-off twin beside the gated run', async () => {
    browser = await launch({ webgpu: false });
    app = await openApp(browser);
    const { page, errors } = app;
    await onWasm(page);
    await page.getByTestId('telemetry-open').click();
    await loadPreset(page, 'gated-attention');
    await page.getByTestId('node-attn').click();
    await page.getByTestId('telemetry-tab-sink').click();
    await page.getByTestId('sink-compare').click();

    await expect.poll(() => page.getByTestId('pair-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
    await page.getByTestId('sink-run-b').waitFor({ timeout: 90_000 });
    await expect.poll(() => num(page, 'sink-grid-a', 'data-cols'), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    expect(await num(page, 'sink-grid-a', 'data-rows')).toBe(4); // one layer × 4 heads
    expect(await num(page, 'sink-map-b-attn-h0', 'data-rows')).toBeGreaterThan(1);
    const heads = (await page.getByTestId('sink-heads').getAttribute('data-values'))!.split(' ').map(Number);
    expect(heads.every((v) => v >= 0 && v <= 1)).toBe(true);

    // both runs stop here: two workers on two shared cores leave the page little time
    await page.getByTestId('stop').click();
    if (await page.getByTestId('pair-stop').count()) await page.getByTestId('pair-stop').click();
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('paused');

    await page.getByTestId('telemetry-tab-node').click();
    await expect.poll(() => num(page, 'tm-attn-gate-histogram', 'data-rows'), { timeout: 30_000 }).toBe(20);
    expect(await num(page, 'spark-attn', 'data-points')).toBeGreaterThanOrEqual(2);
    await page.getByTestId('telemetry-tab-sink').click();
    await screenshot(page, 'telemetry-sink-lab.png');

    // Intervene on the paused run: closing every gate changes the held-out loss
    await page.getByTestId('telemetry-tab-intervene').click();
    await page.getByTestId('intervene-on-attn.gate').check();
    const result = page.getByTestId('intervene-result');
    await result.waitFor({ timeout: 60_000 });
    const base = Number(await result.getAttribute('data-base-loss')), withIt = Number(await result.getAttribute('data-with-loss'));
    expect(Number.isFinite(base) && Number.isFinite(withIt)).toBe(true);
    expect(withIt).not.toBeCloseTo(base, 3);
    expect(errors).toEqual([]);
  });

  it('exit explorer: exit shares fill during training, and a lower threshold spends less compute', async () => {
    browser = await launch({ webgpu: false });
    app = await openApp(browser);
    const { page, errors } = app;
    await onWasm(page);
    await loadPreset(page, 'jei-dnn');
    await page.getByTestId('telemetry-open').click();
    await page.getByTestId('telemetry-tab-exits').click();
    await page.getByTestId('exits-none').waitFor();
    await page.getByTestId('train').click();

    const share = page.getByTestId('exits-share');
    await share.waitFor({ timeout: 30_000 });
    const values = async () => (await share.getAttribute('data-values'))!.split(' ').map(Number);
    expect(await values()).toHaveLength(3); // three heads
    expect((await values()).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    const first = (await values()).join(' ');
    await expect.poll(async () => (await values()).join(' '), { timeout: 20_000 }).not.toBe(first); // it updates

    // the confidence replay on the run's current weights
    await page.getByTestId('exits-measure').click();
    const now = page.getByTestId('exits-now');
    await now.waitFor({ timeout: 20_000 });
    await page.getByTestId('stop').click();
    const at = async () => ({ accuracy: Number(await now.getAttribute('data-accuracy')), cost: Number(await now.getAttribute('data-cost')) });
    const strict = await at();
    expect(strict.accuracy).toBeGreaterThan(0.2); // ten classes: above chance already
    expect(strict.cost).toBeLessThanOrEqual(1);
    await page.getByTestId('exits-threshold').fill('0');
    // θ = 0: every example leaves at the first head, the cheapest the stack can be
    await expect.poll(async () => (await at()).cost, { timeout: 5_000 }).toBeLessThan(strict.cost);
    expect(await page.getByTestId('exits-share-threshold').getAttribute('data-values')).toBe('1.0000 0.0000 0.0000');
    await screenshot(page, 'telemetry-exits.png');
    expect(errors).toEqual([]);
  });
});
