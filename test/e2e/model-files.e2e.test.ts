/**
 * Model files in the browser (issue 7): train a few steps, export the model
 * (float32), reload, open it by the file picker and by dropping it on the
 * page, and see the graph and the exported held-out accuracy come back;
 * Train continues from the loaded weights. A damaged file is refused with
 * located errors and the graph stays as it was.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from '../../app/cli/bench/chromium';
import { SHOTS, canvasGraph, dropFiles, dropFromPalette, followTraining, openApp, stepOf, type App } from './app';

let browser: Browser;
let app: App | undefined;
/** The exported file, shared by the tests below. */
let exported: { text: string; name: string; steps: number; accuracy: number; graph: { nodes: string[]; edges: string[] } } | undefined;

beforeAll(async () => { browser = await launch({ webgpu: false }); });
afterAll(async () => { await app?.close(); await browser?.close(); });

async function fresh(): Promise<App> {
  await app?.close();
  app = await openApp(browser);
  return app;
}

const heldOutAccuracy = async (page: Page) => Number((await page.getByTestId('eval-accuracy').getAttribute('data-value')) || NaN);
const lastMessage = (page: Page) => page.getByTestId('message').last();

/** Opened: the exported graph on the canvas, its step, and held-out accuracy equal to the file's. */
async function expectModelBack(page: Page): Promise<void> {
  const e = exported!;
  await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
  expect(await canvasGraph(page)).toEqual(e.graph);
  expect(await stepOf(page)).toBe(e.steps);
  expect(await heldOutAccuracy(page)).toBeCloseTo(e.accuracy, 6);
  expect(await lastMessage(page).textContent()).toMatch(/Opened the model .* \d+ parameters, \d+ steps trained, float32 weights\. Held-out loss/);
  expect(await page.getByTestId('run-notice').textContent()).toMatch(/Train continues from these weights/);
}

describe('model files', () => {
  it('exports a trained model; after a reload the file picker brings back its graph and held-out accuracy', async () => {
    const { page, errors } = await fresh();
    await expect.poll(() => page.getByTestId('backend').getAttribute('data-backend'), { timeout: 60_000 }).not.toBe('');
    const exportButton = page.getByTestId('model-export');
    expect(await exportButton.isDisabled()).toBe(true);
    expect(await page.getByTestId('model-export-why').getAttribute('title')).toMatch(/No trained weights yet: train first/);

    await page.getByTestId('train').click();
    await followTraining(page, 12, 150_000);
    expect(await page.getByTestId('model-export-why').getAttribute('title')).toMatch(/Pause training first/);
    await page.getByTestId('stop').click();
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('paused');
    await expect.poll(() => exportButton.isEnabled()).toBe(true);
    await page.locator('.gl-toolbar').screenshot({ path: `${SHOTS}/model-toolbar.png` });

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), exportButton.click()]);
    const name = download.suggestedFilename();
    expect(name).toMatch(/\.model\.json$/);
    const text = readFileSync((await download.path())!, 'utf8');
    const file = JSON.parse(text) as { format: string; training: { steps: number }; metrics: Record<string, number>; weights: Record<string, { dtype: string; data: string }> };
    expect(file.format).toBe('gatelab/model');
    expect(file.training.steps).toBe(await stepOf(page));
    expect(Object.values(file.weights).every((w) => w.dtype === 'float32')).toBe(true);
    expect(file.metrics.accuracy).toBeGreaterThan(0);
    exported = { text, name, steps: file.training.steps, accuracy: file.metrics.accuracy!, graph: await canvasGraph(page) };
    await expect.poll(() => lastMessage(page).textContent()).toMatch(/Exported the trained model as .*\.model\.json/);
    // float16: the same weights in about half the bytes.
    await page.getByTestId('model-dtype').selectOption('float16');
    const [half] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), exportButton.click()]);
    const halfText = readFileSync((await half.path())!, 'utf8');
    const halfFile = JSON.parse(halfText) as typeof file;
    expect(Object.values(halfFile.weights).every((w) => w.dtype === 'float16')).toBe(true);
    const weightChars = (f: typeof file) => Object.values(f.weights).reduce((n, w) => n + w.data.length, 0);
    expect(weightChars(halfFile)).toBeLessThan(weightChars(file) * 0.55);

    // Reload, change the graph, then open the file: its graph replaces the change, undoably.
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
    const added = await dropFromPalette(page, 'Activation', 120, 200);
    const changed = await canvasGraph(page);
    await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await expectModelBack(page);
    expect((await canvasGraph(page)).nodes).not.toContain(added);
    await page.getByTestId('undo').click();
    await expect.poll(() => canvasGraph(page)).toEqual(changed);
    await page.getByTestId('redo').click();
    await expect.poll(() => canvasGraph(page)).toEqual(exported.graph);

    // Train continues from the loaded weights: the step counter goes on from the file's.
    await page.getByTestId('train').click();
    await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(exported.steps);
    await page.getByTestId('stop').click();
    expect(errors).toEqual([]);
  });

  it('opens a model file dropped on the page, with an overlay while it is dragged', async () => {
    const { page, errors } = await fresh();
    await dropFiles(page, [{ text: exported!.text, name: exported!.name, type: 'application/json' }], 'drop-overlay.png');
    await expectModelBack(page);
    await page.screenshot({ path: `${SHOTS}/model-opened.png` });
    expect(errors).toEqual([]);
  });

  it('refuses a damaged model file and a dropped picture, leaving the graph untouched', async () => {
    const { page, errors } = await fresh();
    const before = await canvasGraph(page);
    const damaged = JSON.parse(exported!.text) as { weights: Record<string, { shape: number[] }> };
    const [weight, w] = Object.entries(damaged.weights)[0]!;
    w.shape = [...w.shape, 2];
    await page.getByTestId('file-input').setInputFiles({ name: 'damaged.model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(damaged)) });
    await expect.poll(() => lastMessage(page).getAttribute('data-kind')).toBe('error');
    const said = (await lastMessage(page).textContent()) ?? '';
    expect(said).toMatch(/The model file “damaged.model.json” was not opened; your graph is unchanged/);
    expect(said).toContain(`at node "${weight.split('/')[0]}": weight "${weight}" has`);
    expect(said).toMatch(/its shape \[.*\] needs/);
    expect(await canvasGraph(page)).toEqual(before);
    expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('idle');

    await dropFiles(page, [{ text: 'not a model', name: 'cat.png', type: 'image/png' }]);
    await expect.poll(() => lastMessage(page).textContent()).toMatch(/“cat.png” is not a GateLab file/);
    expect(await canvasGraph(page)).toEqual(before);
    expect(errors).toEqual([]);
  });
});
