/**
 * The gates-from-parts preset in a real browser (issue 15): the three gates
 * rebuilt from primitives stand beside their built-in nodes, the graph is
 * valid, and the xGLU block opens to show its primitives. The screenshots are
 * docs/primitives.md's.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { browserSession, loadPreset, waitForCanvas } from './app';

const { fresh } = browserSession();

/** The whole graph in view, on a tall page: these graphs run top to bottom. */
async function docShot(page: Page, name: string): Promise<void> {
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(400); // the fit animates
  await page.screenshot({ path: resolve(import.meta.dirname, `../../docs/screenshots/${name}`) });
}

describe('gates from parts', () => {
  it('opens valid, each block beside its built-in node; the xGLU block opens to its primitives', async () => {
    const { page, errors } = await fresh();
    await page.setViewportSize({ width: 1400, height: 1500 });
    await loadPreset(page, 'gates-from-parts');
    await waitForCanvas(page);
    await expect.poll(() => page.getByTestId('graph-status').textContent()).toMatch(/valid/);
    for (const id of ['rz', 'rzParts', 'glu', 'gluParts', 'router', 'experts', 'moeParts']) await page.getByTestId(`node-${id}`).waitFor();
    await docShot(page, 'primitives-1-preset.png');
    await page.getByTestId('node-gluParts').dblclick();
    await page.getByTestId('breadcrumb').waitFor();
    for (const id of ['split', 'gate', 'half', 'signed', 'alpha', 'g', 'gated']) await page.getByTestId(`node-${id}`).waitFor();
    await docShot(page, 'primitives-2-xglu-inside.png');
    expect(errors).toEqual([]);
  });
});
