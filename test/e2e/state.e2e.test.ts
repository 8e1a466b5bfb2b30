/**
 * Results never belong to another graph (issue 12): a run, its curves, the
 * backend line and Export model end when another graph replaces the canvas
 * (a preset, New graph, a share link pasted into the tab); an edit that
 * changes the weights turns Export model off; Train on a graph with problems
 * lists them and keeps the last run's curves.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getPreset } from '../../engine';
import { encodeShare } from '../../src/persistence/shareLink';
import { launch } from '../../app/cli/bench/chromium';
import { canvasGraph, followTraining, loadPreset, openApp, stepOf, type App } from './app';

let browser: Browser;
let app: App | undefined;

beforeAll(async () => { browser = await launch({ webgpu: false }); });
afterEach(async () => { await app?.close(); app = undefined; });
afterAll(async () => { await browser?.close(); });

/** A fresh profile on the default preset. */
const fresh = async (): Promise<App> => (app = await openApp(browser));

const statusOf = (page: Page) => page.getByTestId('run-status').getAttribute('data-status');
const exportWhy = (page: Page) => page.getByTestId('model-export-why').getAttribute('title');

/** Trains the graph on the canvas a few steps and pauses: weights that could be exported. */
async function trainAndPause(page: Page): Promise<void> {
  await page.getByTestId('train').click();
  await followTraining(page, 6, 150_000);
  await page.getByTestId('stop').click();
  await expect.poll(() => statusOf(page), { timeout: 30_000 }).toBe('paused');
  await expect.poll(() => page.getByTestId('model-export').isEnabled()).toBe(true);
}

describe('a run belongs to its graph', () => {
  it('after loading another preset the old run is gone and its weights cannot be exported under the new name', async () => {
    const { page, errors } = await fresh();
    await trainAndPause(page);
    expect(await page.getByTestId('train').textContent()).toMatch(/Resume/);
    expect(await page.getByTestId('backend').textContent()).not.toMatch(/measured on the graph when it starts training/);

    await loadPreset(page, 'gated-attention');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe(getPreset('gated-attention')!.graph.name);
    expect(await statusOf(page)).toBe('idle');
    expect(await stepOf(page)).toBe(0);
    expect(await page.getByTestId('loss').getAttribute('data-value')).toBe('');
    expect(await page.getByTestId('train').textContent()).toBe('▶ Train');
    expect(await page.getByTestId('model-export').isDisabled()).toBe(true);
    expect(await exportWhy(page)).toMatch(/No trained weights yet/);
    expect(await page.getByTestId('backend').textContent()).toMatch(/measured on the graph when it starts training/);
    // The command palette's way to it is Export model's button too: nothing is downloaded.
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByTestId('model-export').click({ force: true }).catch(() => {});
    await page.waitForTimeout(500);
    expect(downloads).toBe(0);
    expect(errors).toEqual([]);
  });

  it('an edit that changes the weights turns Export model off, with the reason; Undo turns it back on', async () => {
    const { page, errors } = await fresh();
    await trainAndPause(page);
    await page.getByTestId('node-v1').click();
    await page.getByTestId('param-units').fill('12');
    await page.getByTestId('param-units').press('Enter');
    await expect.poll(() => page.getByTestId('model-export').isDisabled()).toBe(true);
    expect(await exportWhy(page)).toMatch(/belong to the graph as it was before your changes/);
    expect(await page.getByTestId('train').textContent()).toBe('▶ Train');
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('model-export').isEnabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('Train on a graph with problems lists them and keeps the last run’s curves', async () => {
    const { page, errors } = await fresh();
    await trainAndPause(page);
    const step = await stepOf(page);
    await page.getByTestId('node-logits').click();
    await page.getByTestId('param-units').fill('3');
    await page.getByTestId('param-units').press('Enter');
    await page.getByTestId('train').click();
    const refused = page.getByTestId('train-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/cannot train yet; the last run’s curves are kept/);
    expect(await refused.textContent()).toMatch(/Output expects \[B, 2\]/);
    expect(await stepOf(page)).toBe(step);
    expect(await statusOf(page)).toBe('paused');
    await page.getByTestId('undo').click();
    await refused.waitFor({ state: 'detached' });
    expect(await stepOf(page)).toBe(step);
    expect(errors).toEqual([]);
  });
});

describe('new graph and share links in an open tab', () => {
  it('New graph empties the canvas to an Input and an Output, ends the run, and is undoable', async () => {
    const { page, errors } = await fresh();
    const before = await canvasGraph(page);
    await page.getByTestId('new-graph').click();
    await expect.poll(async () => (await canvasGraph(page)).nodes).toEqual(['input', 'output']);
    expect(await page.getByTestId('doc-name').textContent()).toBe('Untitled');
    await page.getByTestId('undo').click();
    await expect.poll(() => canvasGraph(page)).toEqual(before);
    expect(errors).toEqual([]);
  });

  it('a share link pasted into the tab opens, after asking when the tab holds edits', async () => {
    const { page, errors } = await fresh();
    await page.getByTestId('new-graph').click();
    const shared = getPreset('spiral-mlp')!.graph;
    const link = encodeShare(shared, 'http://x/');
    if (!link.ok) throw new Error(link.reason);
    const questions: string[] = [];
    page.on('dialog', (d) => { questions.push(d.message()); void d.accept(); });
    await page.evaluate((hash) => { location.hash = hash; }, new URL(link.url).hash);
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe(shared.name);
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatch(/in place of “Untitled”/);
    expect(await page.evaluate(() => location.hash)).toBe('');
    expect((await canvasGraph(page)).nodes).toEqual(shared.nodes.map((n) => n.id).sort());
    expect(errors).toEqual([]);
  });
});
