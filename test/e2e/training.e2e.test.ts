/**
 * Training in the browser (issue 3): on real WebGPU (SwiftShader) the loss
 * falls; without the WebGPU flags the app falls back to another backend and
 * says why. The automatic choice times the backends on the graph and says
 * which won (issue 8); a WebGPU device destroyed mid-run hands the run to
 * another backend, which goes on from the last weights. SwiftShader is slow
 * on 2 cores, so the runs are short. Screenshots go to test-results/e2e/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../../app/cli/bench/chromium';
import { followTraining, loadPreset, openApp, screenshot, stepOf, type App } from './app';

let browser: Browser | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.close();
  await browser?.close();
  app = undefined;
  browser = undefined;
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('training', () => {
  it('trains on the webgpu backend and the loss falls; a screenshot is saved', async () => {
    browser = await launch({ webgpu: true });
    app = await openApp(browser);
    const { page, errors } = app;
    const backend = page.getByTestId('backend');
    await page.getByTestId('backend-select').selectOption('webgpu');
    await expect.poll(() => backend.getAttribute('data-backend'), { timeout: 60_000 }).toBe('webgpu');
    expect(await backend.textContent()).toMatch(/chosen by you/);

    await page.getByTestId('train').click();
    const seen = await followTraining(page, 20, 150_000);
    await page.getByTestId('stop').click();
    expect(await backend.getAttribute('data-backend')).toBe('webgpu');

    // batch losses are noisy: compare the first with the mean over steps 10 to 20
    const first = seen[0]!.loss, late = mean(seen.filter((s) => s.step >= 10).map((s) => s.loss));
    expect(seen.every((s) => Number.isFinite(s.loss))).toBe(true);
    expect(late, `loss ${first.toFixed(4)} at step ${seen[0]!.step}, mean ${late.toFixed(4)} over steps 10-${seen.at(-1)!.step}`).toBeLessThan(first - 0.02);

    // paused: the step count stops moving (read once the worker has said it paused: the step in flight still lands)
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('paused');
    const paused = await stepOf(page);
    await page.waitForTimeout(3000);
    expect(await stepOf(page)).toBeLessThanOrEqual(paused + 1);
    await screenshot(page, 'app-after-training-webgpu.png');
    expect(errors).toEqual([]);
  });

  it('falls back to another backend without WebGPU, says so, and trains', async () => {
    browser = await launch({ webgpu: false });
    app = await openApp(browser);
    const { page, errors } = app;
    const backend = page.getByTestId('backend');
    await expect.poll(() => backend.getAttribute('data-backend'), { timeout: 60_000 }).toMatch(/^(webgl|wasm|cpu)$/);
    // the reason in words names what failed: webgpu
    expect(await backend.textContent()).toMatch(/webgpu/i);

    await page.getByTestId('train').click();
    const seen = await followTraining(page, 5, 90_000);
    await page.getByTestId('stop').click();
    expect(seen.every((s) => Number.isFinite(s.loss))).toBe(true);
    expect(await backend.getAttribute('data-backend')).toMatch(/^(webgl|wasm|cpu)$/);
    await screenshot(page, 'app-after-training-fallback.png');
    expect(errors).toEqual([]);
  });

  it('automatic: times the backends on the graph, says which won and by how much, and trains', async () => {
    browser = await launch({ webgpu: true });
    app = await openApp(browser);
    const { page, errors } = app;
    // A graph tfjs trains (the default preset trains in plain JavaScript, with nothing to time), run to its end.
    await loadPreset(page, 'topk-moe');
    const backend = page.getByTestId('backend');
    await expect.poll(() => backend.getAttribute('data-backend'), { timeout: 60_000 }).not.toBe('');
    await page.getByTestId('train-steps').fill('60');
    await page.getByTestId('train-steps').press('Enter');
    await page.getByTestId('train').click();
    await expect.poll(() => backend.textContent(), { timeout: 60_000 }).toMatch(/fastest on this graph: \w+ [\d.]+ ms\/step/);
    const reason = (await backend.textContent())!;
    console.log(`e2e: ${reason}`);
    // the backend in use is the one named first, with the fastest figure
    expect(reason).toContain(`fastest on this graph: ${await backend.getAttribute('data-backend')} `);
    const seen = await followTraining(page, 30, 90_000);
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
    expect(seen.every((s) => Number.isFinite(s.loss))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a small Dense/Activation chain trains in plain JavaScript, says so, and reaches 0.95 held-out on spiral', async () => {
    browser = await launch({ webgpu: true });
    app = await openApp(browser);
    const { page, errors } = app;
    await loadPreset(page, 'spiral-mlp');
    const backend = page.getByTestId('backend');
    await page.getByTestId('train').click();
    await expect.poll(() => backend.textContent(), { timeout: 60_000 }).toMatch(/plain JavaScript for the training steps/);
    const t0 = Date.now();
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
    const acc = Number(await page.getByTestId('eval-accuracy').getAttribute('data-value'));
    console.log(`e2e: spiral-mlp, 1500 steps in plain JavaScript: ${((Date.now() - t0) / 1000).toFixed(1)} s, held-out accuracy ${acc}`);
    expect(acc).toBeGreaterThanOrEqual(0.95);
    expect(errors).toEqual([]);
  });

  it('a WebGPU device lost mid-run: the run goes on elsewhere from the last weights, says so, and finishes', async () => {
    browser = await launch({ webgpu: true });
    app = await openApp(browser);
    const { page, errors } = app;
    const backend = page.getByTestId('backend');
    await page.getByTestId('backend-select').selectOption('webgpu');
    await expect.poll(() => backend.getAttribute('data-backend'), { timeout: 60_000 }).toBe('webgpu');
    // The default preset trains in plain JavaScript (the backend evaluates and draws), hundreds of steps a
    // second: enough steps that the run is still going when the device is lost.
    const steps = page.getByTestId('train-steps');
    await steps.fill('3000');
    await steps.press('Enter');

    await page.getByTestId('train').click();
    const before = await followTraining(page, 40, 150_000);
    const worker = page.workers().find((w) => w.url().includes('train.worker'));
    expect(worker, 'the training worker').toBeDefined();
    expect(await worker!.evaluate(() => (self as unknown as { gatelabLoseDevice: () => boolean }).gatelabLoseDevice())).toBe(true);

    const notice = page.getByTestId('run-notice');
    await expect.poll(() => notice.textContent(), { timeout: 60_000 }).toMatch(/WebGPU was lost at step \d+; training continued on \w+ from the weights of step \d+/);
    const said = (await notice.textContent())!;
    console.log(`e2e: ${said}`);
    const [, lostAt, to, from] = /at step (\d+); training continued on (\w+) from the weights of step (\d+)/.exec(said)!;
    expect(Number(from)).toBeGreaterThan(0);
    expect(Number(from)).toBeLessThanOrEqual(Number(lostAt));
    expect(await backend.getAttribute('data-backend')).toBe(to!.toLowerCase());
    expect(await backend.textContent()).toMatch(/webgpu: failed during training/);

    const after = await followTraining(page, 200, 150_000);
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    // no reset: the step count went on from the saved step, the losses after the switch sit below the first ones, and keep falling
    expect(after.every((s) => s.step >= Number(from))).toBe(true);
    const first = mean(before.slice(0, 3).map((s) => s.loss));
    const early = mean(after.slice(0, 8).map((s) => s.loss)), late = mean(after.slice(-5).map((s) => s.loss));
    expect(early, `first losses ${first.toFixed(4)}, just after the switch ${early.toFixed(4)}`).toBeLessThan(first - 0.02);
    expect(late, `just after the switch ${early.toFixed(4)}, at the end ${late.toFixed(4)}`).toBeLessThan(early);
    await screenshot(page, 'app-after-device-lost.png');
    expect(errors).toEqual([]);
  }, 300_000);
});
