/**
 * The editor in a real browser (issue 3): the default preset on load, nodes
 * from the palette, typed connections, undo and redo, autosave across a
 * reload, and share links.
 */
import { readFileSync } from 'node:fs';
import LZString from 'lz-string';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../../app/cli/bench/chromium';
import { autosavedGraph, canvasGraph, dragConnection, dropFromPalette, openApp, waitForCanvas, type App } from './app';

let browser: Browser;
let app: App | undefined;

beforeAll(async () => { browser = await launch({ webgpu: true }); });
afterAll(async () => { await browser?.close(); });

async function fresh(): Promise<App> {
  await app?.close();
  app = await openApp(browser);
  return app;
}

describe('editor', () => {
  it('loads with the default preset on the canvas, valid and ready to train', async () => {
    const { page, errors } = await fresh();
    const g = await canvasGraph(page);
    expect(g.nodes).toContain('x');
    expect(g.nodes).toContain('y');
    expect(g.nodes.length).toBeGreaterThanOrEqual(5);
    expect(g.edges.length).toBeGreaterThanOrEqual(g.nodes.length - 1);
    await expect.poll(() => page.getByTestId('graph-status').textContent()).toMatch(/valid/);
    expect(await page.getByTestId('doc-name').textContent()).not.toBe('');
    expect(await page.getByTestId('train').isEnabled()).toBe(true);
    // every palette item the registry offers is there, core ones included
    for (const type of ['Input', 'Dense', 'Activation', 'Add', 'Multiply', 'Attention', 'Output']) {
      expect(await page.getByTestId(`palette-${type}`).count(), type).toBe(1);
    }
    expect(errors).toEqual([]);
  });

  it('adds a node dragged from the palette and connects it', async () => {
    const { page, errors } = await fresh();
    const before = await canvasGraph(page);
    const id = await dropFromPalette(page, 'Activation', 120, 200);
    expect(id).not.toBe('');
    await expect(page.getByTestId(`node-${id}`).textContent()).resolves.toMatch(/Activation/);
    const hint = await dragConnection(page, ['x', 'out'], [id, 'in']);
    expect(hint).toMatch(/fits|release/i);
    await expect.poll(async () => (await canvasGraph(page)).edges.length).toBe(before.edges.length + 1);
    // the new edge runs from x to the new node, and the node now knows its shape
    const saved = await (async () => { let g = null; await expect.poll(async () => (g = await autosavedGraph(page))?.edges.some((e) => e.source === 'x' && e.target === id)).toBe(true); return g; })();
    expect(saved).not.toBeNull();
    await expect.poll(() => page.getByTestId(`node-shape-${id}`).textContent()).toMatch(/\[B, 2\]/);
    expect(errors).toEqual([]);
  });

  it('refuses an impossible connection and says why', async () => {
    const { page, errors } = await fresh();
    const id = await dropFromPalette(page, 'Attention', 120, 200);
    const before = await canvasGraph(page);
    const hint = await dragConnection(page, ['x', 'out'], [id, 'in']);
    expect(hint).toMatch(/Attention expects/);
    expect(hint).toMatch(/\[B, 2\]/);
    await page.waitForTimeout(300);
    expect((await canvasGraph(page)).edges).toEqual(before.edges);
    expect(errors).toEqual([]);
  });

  it('undoes and redoes an edit, with the buttons and with the keyboard', async () => {
    const { page, errors } = await fresh();
    const start = await canvasGraph(page);
    const id = await dropFromPalette(page, 'Dense', 120, 200);
    const added = await canvasGraph(page);
    expect(added.nodes).toContain(id);

    await page.getByTestId('undo').click();
    await expect.poll(() => canvasGraph(page)).toEqual(start);
    await page.getByTestId('redo').click();
    await expect.poll(() => canvasGraph(page)).toEqual(added);

    await page.getByTestId('canvas').click({ position: { x: 60, y: 480 } }); // focus the canvas, nothing selected
    await page.keyboard.press('Control+z');
    await expect.poll(() => canvasGraph(page)).toEqual(start);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => canvasGraph(page)).toEqual(added);
    expect(errors).toEqual([]);
  });

  it('keeps the graph across a reload (autosave)', async () => {
    const { page, errors } = await fresh();
    const id = await dropFromPalette(page, 'LayerNorm', 120, 200);
    const edited = await canvasGraph(page);
    await expect.poll(async () => (await autosavedGraph(page))?.nodes.some((n) => n.id === id)).toBe(true);
    await page.reload();
    await waitForCanvas(page);
    await expect.poll(() => canvasGraph(page)).toEqual(edited);
    expect(errors).toEqual([]);
  });

  it('opens a share link on the same graph', async () => {
    const { page, errors } = await fresh();
    const id = await dropFromPalette(page, 'RMSNorm', 120, 200);
    await dragConnection(page, ['x', 'out'], [id, 'in']);
    const shared = await canvasGraph(page);
    const name = await page.getByTestId('doc-name').textContent();
    await page.getByTestId('share').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toMatch(/#g=/);

    const other = await openApp(browser, link); // a new profile: no autosave to fall back on
    try {
      await expect.poll(() => canvasGraph(other.page)).toEqual(shared);
      expect(await other.page.getByTestId('doc-name').textContent()).toBe(name);
      expect(other.errors).toEqual([]);
    } finally {
      await other.close();
    }
    expect(errors).toEqual([]);
  });

  it('shows HTML in a shared graph as text, never as markup (issue 8)', async () => {
    const html = '<img src=x onerror="window.hacked=1"><b>bold</b>';
    const graph = JSON.parse(readFileSync(new URL('../../engine/presets/spiral-mlp.json', import.meta.url), 'utf8'));
    graph.name = html;
    graph.description = `${html} <script>window.hacked=2</script>`;
    graph.nodes[1].label = html;
    const link = `${inject('baseURL')}#g=${LZString.compressToEncodedURIComponent(JSON.stringify(graph))}`;
    const shared = await openApp(browser, link);
    try {
      const { page } = shared;
      await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe(html);
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0);
      expect(shared.errors).toEqual([]);
    } finally {
      await shared.close();
    }
  });

  it('says a damaged share link cannot be opened, and opens the default preset instead', async () => {
    const broken = await openApp(browser, `${inject('baseURL')}#g=N4IgLghgTgdgzgSwPYC`);
    try {
      const { page } = broken;
      await expect.poll(() => page.locator('[data-testid="message"][data-kind="error"]').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('messages').textContent()).toMatch(/link/i);
      expect((await canvasGraph(page)).nodes.length).toBeGreaterThanOrEqual(5);
      expect(broken.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});
