/**
 * Drags nodes on the canvas with real mouse events, as a person would: press
 * on a node's title, move it once round an ellipse (so it ends about where
 * it began), release, take the next node. Moves are paced at about 60 a
 * second, a mouse's usual report rate, with a few in flight: awaiting each
 * one (Chromium answers after the frame that handled it) halves the rate.
 */
import type { Page } from 'playwright-core';

const RADIUS = 60, PACE_MS = 16, IN_FLIGHT = 3;

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

export interface DragFigures {
  nodes: number;
  moves: number;
  ms: number;
}

/** Drags the given nodes in turn, `perNodeMs` each, until `totalMs` have passed. */
export async function dragNodes(page: Page, nodeIds: readonly string[], totalMs: number, perNodeMs = 1000): Promise<DragFigures> {
  const start = Date.now();
  let moves = 0, i = 0;
  const dragged = new Set<string>();
  const inflight: Promise<void>[] = [];
  while (Date.now() - start < totalMs) {
    const id = nodeIds[i++ % nodeIds.length]!;
    const box = await page.getByTestId(`node-${id}`).locator('.gl-node-head').boundingBox();
    if (!box) throw new Error(`node ${id} is not on screen`);
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    dragged.add(id);
    const t0 = Date.now();
    const end = Math.min(t0 + perNodeMs, start + totalMs);
    for (let now = t0; now < end; now = Date.now()) {
      const a = (2 * Math.PI * (now - t0)) / perNodeMs;
      // an ellipse through the starting point
      const m = page.mouse.move(cx + RADIUS * Math.sin(a), cy + RADIUS * (1 - Math.cos(a)) * 0.5);
      inflight.push(m);
      if (inflight.length > IN_FLIGHT) await inflight.shift();
      moves++;
      await sleep(Math.max(0, PACE_MS - (Date.now() - now)));
    }
    await Promise.all(inflight.splice(0));
    await page.mouse.up();
  }
  return { nodes: dragged.size, moves, ms: Date.now() - start };
}
