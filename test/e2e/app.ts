/**
 * Page helpers for the editor: open it on a fresh profile, read the graph off
 * the canvas, drag from the palette, connect ports, and follow training
 * through the `step`, `loss` and `backend` test ids.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openPage, stepOf, type App } from '../../app/cli/bench/page';
import { launch } from '../../app/cli/bench/chromium';

export { loadPreset, stepOf, waitForCanvas, type App } from '../../app/cli/bench/page';

export const SHOTS = resolve(import.meta.dirname, '../../test-results/e2e');
export const AUTOSAVE_KEY = 'gatelab.autosave.v1';

/** A fresh browser context (empty storage) on the app served for this run, once its canvas shows nodes. */
export function openApp(browser: Browser, url = inject('baseURL')): Promise<App> {
  return openPage(browser, url);
}

/** Node ids and edge endpoints as the canvas shows them, sorted. */
export async function canvasGraph(page: Page): Promise<{ nodes: string[]; edges: string[] }> {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll('.react-flow__node')].map((n) => n.getAttribute('data-id') ?? '?');
    const edges = [...document.querySelectorAll('[data-testid^="rf__edge-"]')].map((e) => e.getAttribute('data-testid')!.slice('rf__edge-'.length));
    return { nodes: nodes.sort(), edges: edges.sort() };
  });
}

/** The graph in the autosave, or null before the first save. */
export async function autosavedGraph(page: Page): Promise<{ name: string; nodes: { id: string; type: string }[]; edges: { id: string; source: string; target: string }[] } | null> {
  return page.evaluate((key) => {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    return JSON.parse((JSON.parse(raw) as { graph: string }).graph);
  }, AUTOSAVE_KEY);
}

/** Drags a palette item onto the canvas at (dx, dy) from its top-left corner; returns the new node's id. */
export async function dropFromPalette(page: Page, type: string, dx: number, dy: number): Promise<string> {
  const before = new Set((await canvasGraph(page)).nodes);
  const canvas = page.getByTestId('canvas');
  await page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x: dx, y: dy } });
  let added: string[] = [];
  await expect.poll(async () => {
    added = (await canvasGraph(page)).nodes.filter((id) => !before.has(id));
    return added.length;
  }, { timeout: 10_000 }).toBe(1);
  return added[0]!;
}

/**
 * Drags a connection from an output port to an input port with the mouse, as
 * a person would; returns the connect hint shown while hovering the target.
 */
export async function dragConnection(page: Page, from: [node: string, port: string], to: [node: string, port: string]): Promise<string> {
  const src = await page.getByTestId(`port-${from[0]}-out-${from[1]}`).boundingBox();
  const dst = await page.getByTestId(`port-${to[0]}-in-${to[1]}`).boundingBox();
  if (!src || !dst) throw new Error('port not on screen');
  await page.mouse.move(src.x + src.width / 2, src.y + src.height / 2);
  await page.mouse.down();
  await page.mouse.move(dst.x + dst.width / 2, dst.y + dst.height / 2 - 20, { steps: 8 });
  await page.mouse.move(dst.x + dst.width / 2, dst.y + dst.height / 2, { steps: 4 });
  const hint = page.getByTestId('connect-hint');
  await expect.poll(async () => ((await hint.count()) ? (await hint.textContent()) ?? '' : ''), { timeout: 5_000 }).not.toBe('');
  const text = (await hint.textContent()) ?? '';
  await page.mouse.up();
  return text;
}

export async function lossOf(page: Page): Promise<number> {
  const v = await page.getByTestId('loss').getAttribute('data-value');
  return v ? Number(v) : NaN;
}

/**
 * Polls training until `steps` steps are done: returns the loss seen at each
 * step it caught (SwiftShader runs a step in a second or two, so every few
 * steps are seen). Fails with what the page says when training errors.
 */
export async function followTraining(page: Page, steps: number, timeoutMs: number): Promise<{ step: number; loss: number }[]> {
  const seen: { step: number; loss: number }[] = [];
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const step = await stepOf(page), loss = await lossOf(page);
    if (step > 0 && Number.isFinite(loss) && seen.at(-1)?.step !== step) seen.push({ step, loss });
    if (step >= steps) return seen;
    const err = page.getByTestId('run-error');
    if (await err.count()) throw new Error(`training failed: ${await err.textContent()}`);
    await page.waitForTimeout(250);
  }
  throw new Error(`training reached step ${seen.at(-1)?.step ?? 0} of ${steps} in ${timeoutMs / 1000} s`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = resolve(SHOTS, name);
  await page.screenshot({ path });
  return path;
}

/** Drags `files` over the page and drops them on the canvas, as a file manager would. */
export async function dropFiles(page: Page, files: { text: string; name: string; type: string }[], shot?: string): Promise<void> {
  const dt = await page.evaluateHandle((fs) => {
    const d = new DataTransfer();
    for (const f of fs) d.items.add(new File([f.text], f.name, { type: f.type }));
    return d;
  }, files);
  const canvas = page.getByTestId('canvas');
  await canvas.dispatchEvent('dragenter', { dataTransfer: dt });
  await canvas.dispatchEvent('dragover', { dataTransfer: dt });
  await page.getByTestId('drop-overlay').waitFor({ timeout: 5_000 });
  if (shot) await page.screenshot({ path: `${SHOTS}/${shot}` });
  await canvas.dispatchEvent('drop', { dataTransfer: dt });
  await page.getByTestId('drop-overlay').waitFor({ state: 'detached', timeout: 5_000 });
}

const AXE = resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

/** Serious and critical violations on the page (or in the part `within` selects) as it is now: rule id, then up to three places. */
export async function axeProblems(page: Page, within?: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: Document | string, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }[] }> } }).axe;
    const r = await axe.run(sel ?? document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)})`).join('; ')}`);
  }, within);
}

/**
 * One browser for a test file (launched before its tests, closed after) and a
 * fresh app for each test that asks: call at the file's top level.
 */
export function browserSession(): { browser: () => Browser; fresh: () => Promise<App> } {
  let browser: Browser | undefined;
  let app: App | undefined;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await app?.close(); await browser?.close(); });
  return {
    browser: () => browser!,
    fresh: async () => {
      await app?.close();
      app = await openApp(browser!);
      return app;
    },
  };
}
