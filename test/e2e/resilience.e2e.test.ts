/**
 * The editor when its surroundings fail (issue 18): a training worker that
 * hangs is noticed and restarted with the graph and the last run's curves
 * kept; a full storage quota stops autosave with a message and keeps the last
 * save; a second tab is told that the first one autosaves, and takes over
 * when the first closes, so neither overwrites the other.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getPreset } from '../../engine';
import { autosavedGraph, browserSession, canvasGraph, followTraining, loadPreset, stepOf, waitForCanvas } from './app';

const session = browserSession();
const nameOf = (slug: string) => getPreset(slug)!.graph.name;
const messages = (page: Page) => page.getByTestId('messages').textContent();
const savedName = async (page: Page) => (await autosavedGraph(page))?.name;

describe('resilience', () => {
  it('a worker that stops answering is noticed; Restart brings it back with the graph and the last run kept, and training works again', async () => {
    const { page } = await session.fresh();
    await page.getByTestId('train').click();
    await followTraining(page, 5, 120_000);
    await page.getByTestId('stop').click();
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('paused');
    const step = await stepOf(page), graph = await canvasGraph(page);

    // An endless loop inside the worker: no error event, just silence.
    const worker = page.workers().find((w) => w.url().includes('train.worker'));
    expect(worker, 'the training worker').toBeDefined();
    await worker!.evaluate(() => { setTimeout(() => { for (;;); }, 0); });
    const stuck = page.getByTestId('worker-stuck');
    await stuck.waitFor({ timeout: 30_000 });
    expect(await stuck.textContent()).toMatch(/has not answered for 8 seconds/);
    expect(await canvasGraph(page)).toEqual(graph);

    await page.getByTestId('worker-restart').click();
    await stuck.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await page.getByTestId('run-notice').textContent()).toMatch(/had not answered for 8 s\) and was restarted/);
    expect(await stepOf(page)).toBe(step); // the last run's figures and curves stay
    expect(await page.getByTestId('loss').getAttribute('data-value')).not.toBe('');
    expect(await canvasGraph(page)).toEqual(graph);

    await page.getByTestId('train').click();
    await followTraining(page, 5, 120_000);
  });

  it('a full storage quota: autosave says so once, and the last save survives a reload', async () => {
    const { page } = await session.fresh();
    await loadPreset(page, 'spiral-mlp');
    await expect.poll(() => savedName(page)).toBe(nameOf('spiral-mlp'));
    // Fill this origin's storage for real, down to the last character.
    await page.evaluate(() => {
      for (let chunk = 1 << 20, i = 0; chunk >= 1;) {
        try { localStorage.setItem(`fill.${i++}`, 'x'.repeat(chunk)); } catch { chunk = Math.floor(chunk / 2); }
      }
    });
    await loadPreset(page, 'gated-attention');
    await expect.poll(() => messages(page), { timeout: 10_000 }).toMatch(/storage for GateLab is full.*last autosave \(“Spiral MLP”.*is kept/);
    await loadPreset(page, 'rezero-deep');
    await page.waitForTimeout(1000);
    expect(((await messages(page)) ?? '').match(/storage for GateLab is full/g)).toHaveLength(1);
    expect(await savedName(page)).toBe(nameOf('spiral-mlp'));
    await page.reload();
    await waitForCanvas(page);
    expect(await page.getByTestId('doc-name').textContent()).toBe(nameOf('spiral-mlp'));
  });

  it('two tabs: the later one is told its edits are not autosaved, and autosaves once the first tab closes', async () => {
    const first = await session.fresh();
    await loadPreset(first.page, 'spiral-mlp');
    await expect.poll(() => savedName(first.page)).toBe(nameOf('spiral-mlp'));
    const second = await first.context.newPage();
    await second.goto(first.page.url());
    await waitForCanvas(second);
    await expect.poll(() => messages(second), { timeout: 10_000 }).toMatch(/open in another tab, and that tab autosaves/);

    await loadPreset(second, 'gated-attention');
    await second.waitForTimeout(1000);
    expect(await savedName(second)).toBe(nameOf('spiral-mlp'));
    await loadPreset(first.page, 'rezero-deep');
    await expect.poll(() => savedName(second)).toBe(nameOf('rezero-deep'));

    await first.page.close();
    await expect.poll(() => messages(second), { timeout: 10_000 }).toMatch(/this tab autosaves now/);
    await expect.poll(() => savedName(second)).toBe(nameOf('gated-attention'));
  });
});
