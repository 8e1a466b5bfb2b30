/**
 * Your own data in the editor (issue 13): a CSV of two spirals imported by
 * the file picker and by dropping it, its target picked, trained to at least
 * 0.9 held-out accuracy with the boundary drawn; 40 points of two classes
 * drawn with the mouse and trained to 100% training accuracy; a curve y(x)
 * drawn by dragging and fitted; a one-feature
 * regression (y = sin x + noise) to R² ≥ 0.9 with its fitted curve drawn;
 * a held-out file of its own; and a hostile CSV shown with its located problems, the graph untouched.
 */
import { resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SHOTS, autosavedGraph, axeProblems, browserSession, dropFiles, loadPreset, stepOf, waitForCanvas } from './app';

const README_SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

const { browser, fresh } = browserSession();

/** A small seeded generator, so the files are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** Two interleaved spirals, 300 points each; the class column comes first, so the default target (the last column) is wrong and must be picked. */
function spiralsCsv(): string {
  const r = lcg(11);
  const lines = ['arm,x,y'];
  for (let i = 0; i < 600; i++) {
    const c = i % 2, t = 0.25 + 3 * r(), a = 1.75 * t + c * Math.PI;
    lines.push(`${c ? 'outer' : 'inner'},${(t * Math.cos(a) + 0.1 * (r() - 0.5)).toFixed(4)},${(t * Math.sin(a) + 0.1 * (r() - 0.5)).toFixed(4)}`);
  }
  return lines.join('\n') + '\n';
}

function sineCsv(seed = 5, rows = 300): string {
  const r = lcg(seed);
  const lines = ['x,y'];
  for (let i = 0; i < rows; i++) { const x = -3 + 6 * r(); lines.push(`${x.toFixed(4)},${(Math.sin(x) + 0.1 * (r() + r() + r() - 1.5)).toFixed(4)}`); }
  return lines.join('\n') + '\n';
}

const datasetOf = async (page: Page) => ((await autosavedGraph(page)) as unknown as { training: { dataset: { name: string } } } | null)?.training.dataset;
const undoTitle = (page: Page) => page.getByTestId('undo').getAttribute('title');
const valueOf = async (page: Page, id: string) => Number((await page.getByTestId(id).getAttribute('data-value')) || NaN);

async function trainToEnd(page: Page): Promise<void> {
  await page.getByTestId('train').click();
  await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 170_000, interval: 500 }).toBe('done');
}

async function pickTable(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('data-open').click();
  await page.getByTestId('table-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByTestId('table-import').waitFor();
}

describe('your own data', () => {
  it('imports a CSV of two spirals by the file picker and by a drop, the target picked, and trains to ≥ 0.9 held-out with the boundary drawn', async () => {
    const { page, errors } = await fresh();
    const csv = spiralsCsv();
    await pickTable(page, 'spirals.csv', csv);
    expect(await page.getByTestId('table-column-arm').textContent()).toMatch(/text \(2 values\)/);
    expect(await page.getByTestId('table-column-x').textContent()).toMatch(/numbers/);
    await page.getByTestId('table-role-arm').selectOption('target');
    expect(await page.getByTestId('table-task-classification').isChecked()).toBe(true);
    expect(await page.getByTestId('table-balance').textContent()).toMatch(/inner.*300.*outer.*300/);
    expect(await page.getByTestId('table-standardize').isChecked()).toBe(true);
    await page.getByTestId('table-preview').waitFor();
    expect(await axeProblems(page, '[data-testid="data-dialog"]'), 'table import').toEqual([]);
    await page.getByTestId('table-apply').click();
    await expect.poll(() => datasetOf(page).then((d) => d?.name)).toBe('table');
    const picked = await datasetOf(page);
    expect(await undoTitle(page)).toMatch(/Undo: Import spirals\.csv/);

    // Undo brings the generator back; the same file dropped on the page gives the same dataset.
    await page.getByTestId('undo').click();
    await expect.poll(() => datasetOf(page).then((d) => d?.name)).toBe('spiral');
    await dropFiles(page, [{ text: csv, name: 'spirals.csv', type: 'text/csv' }]);
    await page.getByTestId('table-import').waitFor();
    await page.getByTestId('table-role-arm').selectOption('target');
    await page.getByTestId('table-apply').click();
    await expect.poll(() => datasetOf(page).then((d) => d?.name)).toBe('table');
    expect(await datasetOf(page)).toEqual(picked);

    await trainToEnd(page);
    expect(await valueOf(page, 'eval-accuracy')).toBeGreaterThanOrEqual(0.9);
    expect(await page.getByTestId('boundary').textContent()).toMatch(/Decision boundary · step \d+/);
    expect(errors).toEqual([]);
  });

  it('draws 40 points of two classes with the mouse and trains them to 100% training accuracy', async () => {
    const { page, errors } = await fresh();
    // The dataset list's last entry opens the drawing.
    await page.getByTestId('dataset').selectOption('(your data)');
    expect(await page.getByTestId('dataset').inputValue()).toBe('spiral');
    const plane = page.getByTestId('draw-plane');
    // With the keyboard alone: the arrow keys move a cursor, Enter places a point there, and with the eraser Enter takes it away.
    await plane.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    expect(await plane.getAttribute('data-count')).toBe('1');
    await page.getByTestId('draw-erase').click();
    await plane.focus();
    await page.keyboard.press('Enter');
    expect(await plane.getAttribute('data-count')).toBe('0');
    await page.getByTestId('draw-class-0').check();
    const box = (await plane.boundingBox())!;
    const at = (x: number, y: number) => page.mouse.click(box.x + ((x + 1) / 2) * box.width, box.y + ((1 - y) / 2) * box.height);
    // Orange: a ring of 24; blue: 16 in the middle.
    for (let i = 0; i < 24; i++) await at(0.7 * Math.cos((i / 24) * 2 * Math.PI), 0.7 * Math.sin((i / 24) * 2 * Math.PI));
    await page.getByTestId('draw-class-1').check();
    for (let i = 0; i < 16; i++) await at(0.1 + 0.2 * Math.cos((i / 16) * 2 * Math.PI) * (i % 2 ? 1 : 0.5), -0.05 + 0.2 * Math.sin((i / 16) * 2 * Math.PI) * (i % 2 ? 1 : 0.5));
    expect(await plane.getAttribute('data-count')).toBe('40');
    expect(await page.getByTestId('draw-class-0').locator('..').textContent()).toMatch(/\(24\)/);
    expect(await page.getByTestId('draw-class-1').locator('..').textContent()).toMatch(/\(16\)/);
    expect(await axeProblems(page, '[data-testid="data-dialog"]'), 'drawing').toEqual([]);
    await page.getByTestId('draw-apply').click();
    await expect.poll(() => datasetOf(page).then((d) => d?.name)).toBe('points');
    expect(await page.getByTestId('dataset').inputValue()).toBe('points');

    await trainToEnd(page);
    expect(await valueOf(page, 'accuracy')).toBe(1);
    await page.getByTestId('boundary').waitFor();
    await page.locator('.gl-training').screenshot({ path: `${README_SHOTS}/own-data-drawn.png` });
    expect(errors).toEqual([]);
  });

  it('draws a curve y(x) by dragging, and trains a regression on it with the fitted curve drawn', async () => {
    const { page, errors } = await fresh();
    await page.getByTestId('dataset').selectOption('(your data)');
    await page.getByTestId('draw-task-regression').check();
    const box = (await page.getByTestId('draw-plane').boundingBox())!;
    const px = (x: number, y: number) => [box.x + ((x + 1) / 2) * box.width, box.y + ((1 - y) / 2) * box.height] as const;
    await page.mouse.move(...px(-0.9, -0.6));
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) { const x = -0.9 + (1.8 * i) / 60; await page.mouse.move(...px(x, 0.7 * Math.sin(3 * x))); }
    await page.mouse.up();
    const count = Number(await page.getByTestId('draw-plane').getAttribute('data-count'));
    expect(count).toBeGreaterThanOrEqual(20);
    await page.getByTestId('draw-apply').click();
    await expect.poll(() => datasetOf(page).then((d) => (d as { task?: string } | undefined)?.task)).toBe('regression');
    await trainToEnd(page);
    expect(await page.getByTestId('fit-plot').getAttribute('data-features')).toBe('1');
    expect(await valueOf(page, 'eval-r2')).toBeGreaterThanOrEqual(0.9);
    expect(errors).toEqual([]);
  });

  it('fits y = sin x + noise from a one-column CSV to R² ≥ 0.9 and draws the fitted curve', async () => {
    const { page, errors } = await fresh();
    await pickTable(page, 'sine.csv', sineCsv());
    expect(await page.getByTestId('table-task-regression').isChecked()).toBe(true);
    expect(await page.getByTestId('table-range').textContent()).toMatch(/Target “y”: from -1\.\d+ to 1\.\d+/);
    expect(await page.getByTestId('table-column-x').textContent()).toMatch(/numbers\s*feature.*-0\.\d+.*1\.\d+/s);
    await page.getByTestId('table-apply').click();
    await expect.poll(() => datasetOf(page).then((d) => d?.name)).toBe('table');

    await trainToEnd(page);
    expect(await valueOf(page, 'eval-r2')).toBeGreaterThanOrEqual(0.9);
    expect(Number(await page.getByTestId('eval-mae').getAttribute('data-value'))).toBeLessThan(0.2);
    const plot = page.getByTestId('fit-plot');
    expect(await plot.getAttribute('data-features')).toBe('1');
    // The curve is drawn in orange over the blue points.
    const orange = await plot.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! > 200 && d[i + 1]! > 60 && d[i + 1]! < 120 && d[i + 2]! < 60) n++;
      return n;
    });
    expect(orange).toBeGreaterThan(200);
    await page.locator('.gl-training').screenshot({ path: `${README_SHOTS}/own-data-regression.png` });
    await page.getByTestId('data-open').click();
    expect(await page.getByTestId('table-held').textContent()).toMatch(/The graph holds your table: 300 rows/);
    expect(errors).toEqual([]);
  });

  it('takes a held-out file of its own: read like the training file, its rows alone evaluated; one with other columns is refused', async () => {
    const { page, errors } = await fresh();
    await pickTable(page, 'sine.csv', sineCsv());
    const held = (name: string, text: string) => page.getByTestId('table-held-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await held('other.csv', 'u,v\n1,2\n3,4\n');
    await page.getByTestId('table-held-problems').waitFor();
    expect(await page.getByTestId('table-held-problems').textContent()).toMatch(/other\.csv.*no column "y"/s);
    expect(await page.getByTestId('table-apply').isDisabled()).toBe(true);
    await held('sine-held.csv', sineCsv(9, 100));
    await expect.poll(() => page.getByTestId('table-summary').textContent()).toMatch(/400 rows: 300 to train on and 100 held out \(your held-out file/);
    expect(await page.getByTestId('table-held-out').count(), 'no share to choose').toBe(0);
    await page.getByTestId('table-apply').click();
    await expect.poll(() => datasetOf(page).then((d) => d?.name)).toBe('table');
    const d = (await datasetOf(page)) as unknown as { rows: unknown[]; heldOutFrom: number; heldOutShare?: number };
    expect([d.rows.length, d.heldOutFrom, d.heldOutShare]).toEqual([400, 300, undefined]);
    expect(errors).toEqual([]);
  });

  it('shows a hostile CSV’s problems by row and column and leaves the graph untouched on Cancel', async () => {
    const { page } = await fresh();
    const before = await datasetOf(page);
    const title = await undoTitle(page);
    await pickTable(page, 'bad.csv', 'x,y,label\n1,2,a\n3,abc,b\n5,6\n7,NaN,a\n9,10,b\n');
    const problems = page.getByTestId('table-problems');
    expect(await problems.textContent()).toMatch(/row 3, column "y": found "abc", expected a number/);
    expect(await problems.textContent()).toMatch(/row 4: 2 cells, but the header has 3 columns/);
    expect(await problems.textContent()).toMatch(/row 5, column "y": found "NaN", expected a finite number/);
    expect(await page.getByTestId('table-apply').isDisabled()).toBe(true);
    await page.getByTestId('table-cancel').click();
    await page.getByTestId('data-dialog').waitFor({ state: 'detached' });
    await page.waitForTimeout(600); // longer than the autosave's delay
    expect(await datasetOf(page)).toEqual(before);
    expect(await page.getByTestId('dataset').inputValue()).toBe('spiral');
    expect(await undoTitle(page)).toBe(title);

    // Dropping the rows is the person's choice, and the dropped rows stay listed.
    await pickTable(page, 'bad.csv', 'x,y,label\n1,2,a\n3,abc,b\n5,6\n7,8,b\n');
    await page.getByTestId('table-drop-rows').click();
    expect(await page.getByTestId('table-dropped').textContent()).toMatch(/2 rows dropped/);
    await page.keyboard.press('Escape');

    // A file with no rows is refused outright.
    await dropFiles(page, [{ text: 'x,y,label\n', name: 'empty.csv', type: 'text/csv' }]);
    expect(await page.getByTestId('table-refused').textContent()).toMatch(/has a header \(x, y, label\) but no rows of data/);
    await page.getByTestId('table-cancel').click();
    expect(await datasetOf(page)).toEqual(before);
  });

  it('trains a transformer a few steps on a pasted text, then on a file of token sequences', async () => {
    const { page, errors } = await fresh();
    await loadPreset(page, 'tiny-transformer');
    const steps = async (n: number) => {
      const start = await stepOf(page);
      for (let i = 0; i < n; i++) {
        await page.getByTestId('step-once').click();
        await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(start + i + 1);
      }
      return Number(await page.getByTestId('loss').getAttribute('data-value'));
    };
    await page.getByTestId('data-open').click();
    await page.getByTestId('data-tab-text').click();
    await page.getByTestId('text-input').fill('the cat sat on the mat. '.repeat(20));
    expect(await page.getByTestId('text-vocab').locator('.tok').count()).toBe(11);
    expect(await axeProblems(page, '[data-testid="data-dialog"]'), 'text tab').toEqual([]);
    await page.getByTestId('text-apply').click();
    await expect.poll(() => datasetOf(page).then((d) => d?.name)).toBe('text');
    expect(await steps(3)).toBeGreaterThan(0);

    const r = lcg(2);
    const inputs = Array.from({ length: 64 }, () => Array.from({ length: 6 }, () => Math.floor(r() * 8)));
    const file = JSON.stringify({ inputs, targets: inputs.map((s) => [...s].reverse()), vocab: 8 });
    await page.getByTestId('data-open').click();
    await page.getByTestId('data-tab-sequences').click();
    await page.getByTestId('sequences-file').setInputFiles({ name: 'reverse.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    expect(await page.getByTestId('sequences-summary').textContent()).toMatch(/64 sequences of 6 tokens, a target per position, vocabulary 8/);
    expect(await axeProblems(page, '[data-testid="data-dialog"]'), 'sequences tab').toEqual([]);
    await page.getByTestId('sequences-apply').click();
    await expect.poll(() => datasetOf(page).then((d) => d?.name)).toBe('sequences');
    await page.getByTestId('reset').click();
    expect(await steps(3)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('fits a phone: the dialog in view without sideways scrolling, points placed by touch, the table import usable', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      await page.goto(inject('baseURL'));
      await waitForCanvas(page);
      await page.getByTestId('panel-training').click();
      await page.getByTestId('data-open').click();
      await page.getByTestId('data-tab-draw').click();
      const plane = page.getByTestId('draw-plane');
      const box = (await plane.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      for (const [x, y] of [[0.2, 0.2], [0.6, 0.3], [0.3, 0.7], [0.7, 0.8]] as const) await page.touchscreen.tap(box.x + x * box.width, box.y + y * box.height);
      expect(await plane.getAttribute('data-count')).toBe('4');
      await page.getByTestId('data-tab-table').click();
      await page.getByTestId('table-file').setInputFiles({ name: 'sine.csv', mimeType: 'text/csv', buffer: Buffer.from(sineCsv()) });
      const apply = page.getByTestId('table-apply');
      await apply.scrollIntoViewIfNeeded();
      const a = (await apply.boundingBox())!;
      expect(a.x + a.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SHOTS}/own-data-phone.png` });
    } finally {
      await context.close();
    }
  });
});
