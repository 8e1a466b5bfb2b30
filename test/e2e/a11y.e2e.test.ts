/**
 * Accessibility (issue 12): axe-core scans the editor idle and training, the
 * telemetry dock, the presets gallery, a lesson and the phone layout, and finds no
 * serious or critical WCAG 2.1 A/AA violation. Then a keyboard-only session:
 * New graph, two nodes added and connected through the command palette, and
 * training, with no mouse at all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from '../../app/cli/bench/chromium';
import { axeProblems, canvasGraph, followTraining, openApp, waitForCanvas, type App } from './app';

let browser: Browser;
let app: App | undefined;
let phone: BrowserContext | undefined;
beforeAll(async () => { browser = await launch({ webgpu: false }); });
afterEach(async () => { await app?.close(); await phone?.close(); app = undefined; phone = undefined; });
afterAll(async () => { await browser?.close(); });

describe('axe: no serious or critical violations', () => {
  it('the editor idle, training, with the telemetry dock, the presets gallery and a lesson', async () => {
    app = await openApp(browser);
    const { page, errors } = app;
    expect(await axeProblems(page), 'idle').toEqual([]);
    await page.getByTestId('train').click();
    await followTraining(page, 3, 150_000);
    expect(await axeProblems(page), 'training').toEqual([]);
    await page.getByTestId('stop').click();
    await page.getByTestId('telemetry-open').click();
    await page.getByTestId('telemetry').waitFor();
    expect(await axeProblems(page), 'telemetry dock').toEqual([]);
    await page.getByTestId('telemetry-close').click();
    await page.getByTestId('presets-open').click();
    await page.getByTestId('presets').waitFor();
    expect(await axeProblems(page), 'presets gallery').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('lessons-open').click();
    await page.getByTestId('lesson-open-first-network').click();
    await page.getByTestId('lesson-panel').waitFor();
    // The panel itself (the parts a lesson locks are dimmed by the lesson's own style, a separate matter).
    expect(await axeProblems(page, '[data-testid="lesson-panel"]'), 'lesson panel').toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the phone layout, on each of its panels', async () => {
    phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await phone.newPage();
    await page.goto(inject('baseURL'));
    await waitForCanvas(page);
    for (const panel of ['canvas', 'palette', 'inspector', 'training', 'telemetry']) {
      await page.getByTestId(`panel-${panel}`).tap();
      expect(await axeProblems(page), panel).toEqual([]);
    }
  });
});

describe('keyboard only', () => {
  /** Runs a command from the palette: Ctrl+K, the words, Enter. */
  async function command(page: Page, words: string): Promise<void> {
    await page.keyboard.press('Control+k');
    await page.getByTestId('command-input').waitFor();
    await page.keyboard.type(words);
    await page.keyboard.press('Enter');
    await page.getByTestId('command-input').waitFor({ state: 'detached' });
  }

  it('adds two nodes, connects them and trains without the mouse', async () => {
    app = await openApp(browser);
    const { page, errors } = app;
    await page.locator('body').focus();
    await command(page, 'new graph');
    await expect.poll(async () => (await canvasGraph(page)).nodes).toEqual(['input', 'output']);
    await command(page, 'add dense');
    await command(page, 'connect input.out dense.in');
    await command(page, 'add classifier head after dense');
    await command(page, 'connect ch.out output.in');
    const g = await canvasGraph(page);
    expect(g.nodes).toEqual(['ch', 'dense', 'input', 'output']);
    expect(g.edges).toHaveLength(3);
    await expect.poll(() => page.getByTestId('graph-status').textContent()).toMatch(/valid/);
    await page.keyboard.press('Control+Enter');
    await followTraining(page, 5, 150_000);
    expect(errors).toEqual([]);
  });

  it('a node’s menu (right click, or a long press on touch) is the command palette for that node', async () => {
    app = await openApp(browser);
    const { page } = app;
    await page.getByTestId('node-v1').click({ button: 'right' });
    await page.getByTestId('command-input').waitFor();
    await page.keyboard.type('add dense');
    // what it offers is for that node: a Dense added after v1
    expect(await page.getByTestId('command-add:Dense').textContent()).toMatch(/Add Dense after v1/);
  });

  it('the palette is one Tab stop; arrow keys move inside it', async () => {
    app = await openApp(browser);
    const { page } = app;
    await page.getByTestId('palette-search').focus();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-type'));
    expect(first).toBe('Input');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-type'))).toBe('Output');
    await page.keyboard.press('Tab');
    // one Tab leaves the list: the focus is no longer on a palette item
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('option');
  });

  it('a dialog takes the focus, keeps Tab and Shift+Tab inside, and gives the focus back on Escape', async () => {
    app = await openApp(browser);
    const { page } = app;
    await page.getByTestId('data-open').focus();
    await page.keyboard.press('Enter');
    const inDialog = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid="data-dialog"]'));
    await expect.poll(inDialog).toBe(true);
    for (let i = 0; i < 12; i++) { await page.keyboard.press('Tab'); expect(await inDialog(), `Tab ${i + 1}`).toBe(true); }
    for (let i = 0; i < 12; i++) { await page.keyboard.press('Shift+Tab'); expect(await inDialog(), `Shift+Tab ${i + 1}`).toBe(true); }
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('data-open');
  });
});
