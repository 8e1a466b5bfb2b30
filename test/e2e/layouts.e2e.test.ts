/**
 * Every screen size the editor is designed for (issue 12): laptops, tablets
 * with touch, a phone. At each: no horizontal page scroll, Train in view, the
 * canvas and the charts visible and uncovered, every toolbar action
 * reachable, node text readable at the default fit, and a preset trains. A
 * screenshot of each size goes to docs/screenshots/.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launch } from '../../app/cli/bench/chromium';
import { canvasGraph, followTraining, loadPreset, waitForCanvas } from './app';

const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

interface Screen { name: string; width: number; height: number; touch: boolean; phone: boolean }
const SCREENS: readonly Screen[] = [
  { name: 'laptop-1440x900', width: 1440, height: 900, touch: false, phone: false },
  { name: 'laptop-1280x800', width: 1280, height: 800, touch: false, phone: false },
  { name: 'laptop-1024x700', width: 1024, height: 700, touch: false, phone: false },
  { name: 'tablet-1180x820', width: 1180, height: 820, touch: true, phone: false },
  { name: 'tablet-820x1180', width: 820, height: 1180, touch: true, phone: false },
  { name: 'phone-390x844', width: 390, height: 844, touch: true, phone: true },
];

let browser: Browser;
beforeAll(async () => { browser = await launch({ webgpu: false }); });
afterAll(async () => { await browser?.close(); });

type Box = { x: number; y: number; width: number; height: number };
const boxOf = async (l: Locator): Promise<Box> => {
  const b = await l.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
};
const inView = (b: Box, s: Screen) => b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= s.width + 0.5 && b.y + b.height <= s.height + 0.5;
const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** Whether what is drawn at the element's centre belongs to it (nothing covers it). */
const uncovered = (l: Locator) => l.evaluate((el) => {
  const r = el.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return top !== null && el.contains(top);
});

async function open(s: Screen): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: s.width, height: s.height }, hasTouch: s.touch, isMobile: s.phone, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // Warnings of the page itself count (the training worker's tfjs warns when a backend is missing, which is not a layout matter).
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text().slice(0, 300)}`); });
  await page.goto(inject('baseURL'));
  await waitForCanvas(page);
  return { context, page, errors };
}

/** The smallest node text on the canvas, in CSS px as drawn (font size times the zoom). */
const smallestNodeText = (page: Page) => page.evaluate(() => {
  const vp = document.querySelector<HTMLElement>('.react-flow__viewport')!;
  const zoom = new DOMMatrixReadOnly(getComputedStyle(vp).transform).a;
  let min = Infinity;
  for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node *, .gl-edge-label')) {
    if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) continue;
    min = Math.min(min, parseFloat(getComputedStyle(el).fontSize) * zoom);
  }
  return min;
});

async function tap(page: Page, l: Locator, s: Screen): Promise<void> {
  if (s.touch) await l.tap(); else await l.click();
}

describe('layouts', () => {
  for (const s of SCREENS) {
    it(`${s.name}: everything in view and a preset trains`, async () => {
      const { context, page, errors } = await open(s);
      try {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(s.width);
        const train = page.getByTestId(s.phone ? 'switch-train' : 'train');
        expect(inView(await boxOf(train), s), 'Train in view').toBe(true);
        const canvas = await boxOf(page.getByTestId('canvas'));
        expect(canvas.width * canvas.height, 'canvas area').toBeGreaterThan(s.phone ? 250 * 400 : 400 * 300);
        expect(inView(canvas, s)).toBe(true);
        expect(await smallestNodeText(page), 'node text in px').toBeGreaterThanOrEqual(10.5);
        // Every toolbar action is in view, or (phone) in the toolbar's own horizontal scroll.
        for (const b of await page.locator('.gl-tools button').all()) {
          if (s.phone) await b.scrollIntoViewIfNeeded();
          expect(inView(await boxOf(b), s), `toolbar ${await b.textContent()}`).toBe(true);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(s.width);

        await loadPreset(page, 'spiral-mlp');
        await tap(page, train, s);
        if (s.phone) await tap(page, page.getByTestId('panel-training'), s);
        await followTraining(page, 8, 150_000);
        const charts = [page.getByTestId('loss-chart'), page.getByTestId('accuracy-chart'), page.getByTestId('boundary')];
        const boxes = await Promise.all(charts.map(boxOf));
        const panels = s.phone ? boxes : [...boxes, canvas, await boxOf(page.getByTestId('train'))];
        for (const [i, b] of boxes.entries()) {
          expect(b.width, `chart ${i} width`).toBeGreaterThan(120);
          expect(b.height, `chart ${i} height`).toBeGreaterThan(100);
          if (!s.phone) expect(inView(b, s), `chart ${i} in view`).toBe(true);
          for (const [j, o] of panels.entries()) if (j !== i) expect(overlap(b, o), `chart ${i} over ${j}`).toBe(0);
        }
        for (const c of charts) {
          await c.scrollIntoViewIfNeeded();
          expect(await uncovered(c)).toBe(true);
        }
        if (s.phone) await page.getByTestId('loss-chart').scrollIntoViewIfNeeded();
        await page.screenshot({ path: resolve(SCREENSHOTS, `${s.name}.png`) });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(s.width);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('tablet: a graph wider than the canvas opens at its left edge, no node cut off there', async () => {
    const s = SCREENS.find((x) => x.name === 'tablet-820x1180')!;
    const { context, page, errors } = await open(s);
    try {
      await loadPreset(page, 'phatgoose');
      const canvas = await boxOf(page.getByTestId('canvas'));
      const edges = () => page.evaluate(() => {
        const boxes = [...document.querySelectorAll('.react-flow__node')].map((n) => n.getBoundingClientRect());
        return { left: Math.min(...boxes.map((b) => b.left)), right: Math.max(...boxes.map((b) => b.right)) };
      });
      // Once the view has moved to the new graph and stopped (the fit animates): unchanged over 400 ms.
      let last = '';
      await expect.poll(async () => { const now = JSON.stringify(await edges()); const still = now === last; last = now; return still; }, { interval: 400, timeout: 10_000 }).toBe(true);
      const { left, right } = await edges();
      expect(right, 'the graph is wider than the canvas here').toBeGreaterThan(canvas.x + canvas.width);
      expect(left, 'the leftmost card starts inside the canvas').toBeGreaterThanOrEqual(canvas.x);
      expect(await smallestNodeText(page)).toBeGreaterThanOrEqual(10.5);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('phone: a tap on a palette item adds the node beside the others; tapping one port then another connects them', async () => {
    const s = SCREENS.find((x) => x.phone)!;
    const { context, page, errors } = await open(s);
    try {
      await page.getByTestId('new-graph').tap();
      await expect.poll(async () => (await canvasGraph(page)).nodes).toEqual(['input', 'output']);
      await page.getByTestId('panel-palette').tap();
      await page.getByTestId('palette-ClassifierHead').tap();
      await page.getByTestId('node-ch').waitFor();
      // back on the canvas, and the new card overlaps neither of the others
      const boxes = await Promise.all(['input', 'output', 'ch'].map((id) => boxOf(page.getByTestId(`node-${id}`))));
      expect(overlap(boxes[2]!, boxes[0]!) + overlap(boxes[2]!, boxes[1]!)).toBe(0);
      for (const [from, to] of [['port-input-out-out', 'port-ch-in-in'], ['port-ch-out-out', 'port-output-in-in']] as const) {
        await page.getByTestId(from).tap();
        await page.getByTestId(to).tap();
      }
      await expect.poll(async () => (await canvasGraph(page)).edges.length).toBe(2);
      await expect.poll(() => page.getByTestId('graph-status').textContent()).toMatch(/valid/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
