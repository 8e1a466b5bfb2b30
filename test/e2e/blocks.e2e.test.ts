/**
 * Blocks in a real browser (issue 15): on the spiral gated MLP, select the
 * nodes of the first GLU, Make block with its two widths exposed as one
 * "width", place a second instance from My blocks and wire it, open it,
 * change an inner Activation, see the other instance follow, train, and read
 * the watched gate's histogram through the block. Undo then walks back
 * through every step to the preset as it was; a new graph gets the block
 * from My blocks and from its exported file.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { autosavedGraph, axeProblems, browserSession, dragConnection, loadPreset, waitForCanvas } from './app';

const { browser, fresh } = browserSession();

/** The document as autosaved, once the save has caught up with the last edit. */
async function saved(page: Page, changedFrom?: string): Promise<string> {
  let text = '';
  await expect.poll(async () => { text = JSON.stringify(await autosavedGraph(page)); return text !== changedFrom && text !== 'null'; }, { timeout: 10_000 }).toBe(true);
  return text;
}

const cardText = (page: Page, id: string) => page.getByTestId(`node-${id}`).innerText();

/** The README's sequence: the editor above the training panel, or the whole page once it trains. */
const readmeShot = (page: Page, name: string, whole = false) =>
  page.screenshot({ path: resolve(import.meta.dirname, `../../docs/screenshots/${name}`), ...(whole ? {} : { clip: { x: 0, y: 0, width: 1400, height: 615 } }) });

describe('blocks', () => {
  it('make a GLU block, place a second, edit inside, train, read its gate; undo walks back', async () => {
    const { page, errors } = await fresh();
    await page.getByTestId('backend-select').selectOption('wasm');
    await loadPreset(page, 'spiral-gated-mlp');
    // the preset opened is the one the editor boots with: nothing to autosave yet
    const states: string[] = [];

    // select the first GLU and make a block of it, its two widths shown as one param
    await page.getByTestId('node-v1').click();
    for (const id of ['t1', 'g1', 's1', 'm1']) await page.getByTestId(`node-${id}`).click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g'); // the toolbar's Make block, from the keyboard
    await page.getByTestId('block-name').fill('MyGLU');
    for (const id of ['v1', 'g1']) {
      await page.getByTestId(`expose-${id}-units`).check();
      await page.getByTestId(`expose-name-${id}-units`).fill('width');
    }
    await readmeShot(page, 'blocks-1-make.png');
    expect(await axeProblems(page), 'make block dialog').toEqual([]);
    await page.getByTestId('make-block-apply').click();
    await page.getByTestId('node-myglu').waitFor();
    expect(await page.getByTestId('node-v1').count()).toBe(0);
    expect(await cardText(page, 'myglu')).toContain('width 16');
    // its cost, everything inside added up: two Dense 2 → 16 with biases
    expect(await page.getByTestId('block-cost').getAttribute('data-params')).toBe(String(2 * (2 * 16 + 16)));
    expect(await axeProblems(page), 'a block in the inspector').toEqual([]);
    states.push(await saved(page));
    // kept in My blocks (this browser) and as a file, for other graphs
    await page.getByTestId('block-save').click();
    expect(await page.getByTestId('message').innerText()).toContain('Saved MyGLU to My blocks');
    await page.getByTestId('message-dismiss').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('block-export').click();
    const file = await (await download).path();

    // a second instance from the palette, fed by the first
    await page.getByTestId('palette-block-MyGLU').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 720, y: 330 } });
    await page.getByTestId('node-myglu2').waitFor();
    states.push(await saved(page, states.at(-1)));
    expect(await dragConnection(page, ['myglu', 'out'], ['myglu2', 'in'])).toContain('Fits');
    states.push(await saved(page, states.at(-1)));
    await expect.poll(() => page.getByTestId('graph-status').innerText()).toContain('valid');
    await readmeShot(page, 'blocks-2-instances.png');

    // open the second instance, change its tanh to gelu: the definition changes
    await page.getByTestId('node-myglu2').dblclick();
    await page.getByTestId('breadcrumb').waitFor();
    await page.getByTestId('node-t1').click();
    await page.getByTestId('param-fn').selectOption('gelu');
    expect(await cardText(page, 't1')).toContain('gelu');
    await readmeShot(page, 'blocks-3-inside.png');
    expect(await axeProblems(page), 'inside a block').toEqual([]);
    await page.getByTestId('breadcrumb-0').click();
    await page.getByTestId('breadcrumb').waitFor({ state: 'detached' });
    states.push(await saved(page, states.at(-1)));
    // the other instance follows: open it from the keyboard and look
    await page.locator('.react-flow__node[data-id="myglu"]').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('breadcrumb').waitFor();
    expect(await page.getByTestId('breadcrumb-here').innerText()).toContain('myglu');
    expect(await cardText(page, 't1')).toContain('gelu');
    await page.getByTestId('breadcrumb-0').click();
    await page.getByTestId('breadcrumb').waitFor({ state: 'detached' });

    // train; the sigmoid inside each instance is watched as a gate: its histogram shows through the block
    await page.getByTestId('telemetry-open').click();
    await page.getByTestId('node-myglu').click();
    await page.getByTestId('train').click();
    const hist = page.getByTestId('tm-myglu/s1-watched-histogram');
    await expect.poll(() => hist.count(), { timeout: 90_000 }).toBe(1);
    expect(Number(await hist.getAttribute('data-rows'))).toBe(20);
    await expect.poll(() => page.getByTestId('spark-myglu').getAttribute('data-points').then(Number), { timeout: 60_000 }).toBeGreaterThanOrEqual(6);
    await readmeShot(page, 'blocks-4-trained.png', true);
    await page.getByTestId('stop').click();

    // undo: back through each step, to the preset as it was
    for (let i = states.length - 2; i >= 0; i--) {
      await page.getByTestId('undo').click();
      expect(await saved(page, states[i + 1])).toBe(states[i]);
    }
    await page.getByTestId('undo').click();
    const preset = JSON.parse(await saved(page, states[0])) as { nodes: { id: string }[]; blocks?: unknown };
    expect([preset.nodes.some((n) => n.id === 'v1'), preset.blocks]).toEqual([true, undefined]);
    expect(await page.getByTestId('node-v1').count()).toBe(1);

    // another graph: the block comes from My blocks, or from the file
    await page.getByTestId('new-graph').click();
    expect(await page.getByTestId('palette-block-MyGLU').innerText()).toContain('from your library');
    await page.getByTestId('palette-block-MyGLU').dblclick();
    await page.getByTestId('node-myglu').waitFor();
    await page.getByTestId('new-graph').click();
    await page.getByTestId('blocks-file-input').setInputFiles(file);
    await page.getByTestId('node-myglu').waitFor();
    await expect.poll(async () => Object.keys((await autosavedGraph(page) as { blocks?: object } | null)?.blocks ?? {})).toEqual(['MyGLU']);
    expect(errors).toEqual([]);
  }, 240_000);

  it('on a phone: pick nodes by tapping, make a block, open it', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      await page.goto(inject('baseURL'));
      await waitForCanvas(page);
      await page.getByTestId('pick-many').tap();
      for (const id of ['v1', 'g1']) await page.getByTestId(`node-${id}`).tap();
      await page.getByTestId('panel-inspector').tap();
      await page.getByTestId('make-block-open').tap();
      const dialog = page.getByTestId('make-block-dialog');
      const box = (await dialog.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= 390).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.getByTestId('make-block-apply').tap();
      await page.getByTestId('panel-canvas').tap();
      await page.getByTestId('block-open-myblock').tap();
      const crumb = (await page.getByTestId('breadcrumb').boundingBox())!;
      expect(crumb.x + crumb.width).toBeLessThanOrEqual(390);
      expect(await page.getByTestId('node-v1').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
