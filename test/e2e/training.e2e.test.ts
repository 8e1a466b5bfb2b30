/**
 * Training in the browser (issue 3): on real WebGPU (SwiftShader) the loss
 * falls; without the WebGPU flags the app falls back to another backend and
 * says why. SwiftShader runs a step in one or two seconds on 2 cores, so the
 * runs are short. Screenshots go to test-results/e2e/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { followTraining, openApp, screenshot, stepOf, type App } from './app';

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
    await expect.poll(() => backend.getAttribute('data-backend'), { timeout: 60_000 }).toBe('webgpu');

    await page.getByTestId('train').click();
    const seen = await followTraining(page, 20, 150_000);
    await page.getByTestId('stop').click();
    expect(await backend.getAttribute('data-backend')).toBe('webgpu');

    // batch losses are noisy: compare the first with the mean over steps 10 to 20
    const first = seen[0]!.loss, late = mean(seen.filter((s) => s.step >= 10).map((s) => s.loss));
    expect(seen.every((s) => Number.isFinite(s.loss))).toBe(true);
    expect(late, `loss ${first.toFixed(4)} at step ${seen[0]!.step}, mean ${late.toFixed(4)} over steps 10-${seen.at(-1)!.step}`).toBeLessThan(first - 0.02);

    // paused: the step count stops moving
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
});
