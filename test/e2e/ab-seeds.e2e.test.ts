/**
 * A/B runs over seeds in a real browser: two seeds per side on a small
 * preset, started from the keyboard. The table's means, standard deviations
 * and "A beats B on k of N" must be the engine's statistics (the ones
 * `gatelab compare --seeds` prints) of the per-seed figures the table shows;
 * the mean curves carry a shaded band; the panel fits a phone's width with
 * no serious axe violation; and
 * opening another graph clears results that belong to the old one.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { headlineHolds, seedSpreads, type RunFigures } from '../../engine';
import { launch } from '../../app/cli/bench/chromium';
import { axeProblems, loadPreset, openApp, screenshot, type App } from './app';

const attr = async (page: Page, testId: string, name: string) => (await page.getByTestId(testId).getAttribute(name)) ?? '';
const perSeed = async (page: Page, side: 'a' | 'b', metric: string) => (await attr(page, `seedpair-${side}-${metric}-seeds`, 'data-values')).split(' ').map(Number);

describe('A/B runs over seeds', () => {
  it('two seeds per side: the table is the engine’s statistics of the per-seed runs, curves have bands', async () => {
    const browser = await launch({ webgpu: false });
    try {
      await abTwoSeeds(await openApp(browser));
    } finally {
      await browser.close();
    }
  }, 500_000);
});

async function abTwoSeeds({ page, errors }: App): Promise<void> {
  await page.getByTestId('backend-select').selectOption('wasm');
  await expect.poll(() => attr(page, 'backend', 'data-backend'), { timeout: 60_000 }).toBe('wasm');
  await page.getByTestId('telemetry-open').click();
  await loadPreset(page, 'multi-controlled-gate');
  await page.getByTestId('telemetry-tab-pair').click();

  // by keyboard: pick two seeds, Tab to the button, Enter
  await page.getByTestId('pair-seeds').focus();
  await page.keyboard.press('ArrowDown');
  expect(await page.getByTestId('pair-seeds').inputValue()).toBe('2');
  await page.keyboard.press('Tab');
  expect(await page.getByTestId('pair-start').evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await page.getByTestId('pair-start').innerText()).toContain('on 2 seeds');
  await page.keyboard.press('Enter');
  await expect.poll(() => attr(page, 'seedpair-status', 'data-status'), { timeout: 10_000 }).toMatch(/running|done/);
  await expect.poll(() => attr(page, 'seedpair-status', 'data-status'), { timeout: 400_000, interval: 2_000 }).toBe('done');
  expect(await page.getByTestId('seedpair-status').innerText()).toMatch(/4 runs done, seeds 7, 8/);

  // The figures: each side's mean ± std as seedSpreads gives them for the per-seed values shown.
  const rows = await page.locator('[data-testid="seedpair-table"] tbody tr').count();
  const metrics = await page.locator('[data-testid^="seedpair-a-"][data-mean]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('seedpair-a-'.length)));
  expect(metrics.slice(0, 2)).toEqual(['accuracy', 'loss']); // the preset's headline metric first
  expect(metrics).toHaveLength(rows);
  const runs: Record<'a' | 'b', RunFigures[]> = { a: [{}, {}], b: [{}, {}] };
  for (const side of ['a', 'b'] as const) {
    for (const m of metrics) {
      const xs = await perSeed(page, side, m);
      expect(xs).toHaveLength(2);
      xs.forEach((x, i) => { runs[side][i]![m] = x; });
    }
    const s = seedSpreads(runs[side], metrics);
    for (const m of metrics) {
      const cell = `seedpair-${side}-${m}`;
      expect(Number(await attr(page, cell, 'data-mean'))).toBeCloseTo(s.mean[m]!, 12);
      expect(Number(await attr(page, cell, 'data-std'))).toBeCloseTo(s.std[m]!, 12);
      expect(await page.getByTestId(cell).innerText()).toBe(`${s.mean[m]!.toFixed(3)} ± ${s.std[m]!.toFixed(3)}`);
    }
  }
  // The preset's headline metric (accuracy, higher is better) decides who wins on each seed.
  const holds = headlineHolds({ metric: 'accuracy', better: 'higher', a: 'A', b: 'B' }, runs.a, runs.b);
  expect(Number(await attr(page, 'seedpair-holds', 'data-holds'))).toBe(holds.holds);
  expect(await attr(page, 'seedpair-holds', 'data-of')).toBe('2');
  expect(await page.getByTestId('seedpair-holds').innerText()).toContain(`${holds.holds} of 2`);

  // The bands: one shaded polygon per side around the held-out loss, wider than a line somewhere.
  for (const side of ['A', 'B']) {
    const band = page.locator(`[data-testid="seedpair-evalLoss"] polygon[data-band="${side}"]`);
    expect(await band.count()).toBe(1);
    const box = (await band.boundingBox())!;
    expect(box.height).toBeGreaterThan(1);
  }
  expect(await page.getByTestId('seedpair-evalLoss').innerText()).toContain('±1 std');
  await page.getByTestId('seedpair').scrollIntoViewIfNeeded();
  await screenshot(page, 'ab-seeds-desktop.png');
  expect(await axeProblems(page), 'A/B over seeds, desktop').toEqual([]);

  // A phone's width: the panel fits without scrolling the page sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('seedpair-holds').scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'ab-seeds-phone.png');
  expect(await axeProblems(page), 'A/B over seeds, phone').toEqual([]);
  // And a tablet's, upright.
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.getByTestId('seedpair-table').scrollIntoViewIfNeeded();
  expect(await page.getByTestId('seedpair-table').isVisible()).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
  await screenshot(page, 'ab-seeds-tablet.png');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Results of the previous graph go when another opens.
  await loadPreset(page, 'spiral-mlp');
  await expect.poll(() => page.getByTestId('seedpair').count(), { timeout: 10_000 }).toBe(0);
  expect(errors).toEqual([]);
}
