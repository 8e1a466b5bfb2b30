/**
 * Deployable and offline (issue 12): the production build, served from a
 * sub-path (/gatelab/) by a plain static server, loads and trains; after that
 * one visit its service worker has cached the app, the training worker and
 * the wasm binaries, so a reload with the network gone still opens the editor
 * and trains.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../../app/cli/bench/chromium';
import { followTraining, waitForCanvas } from './app';
import { OUT_DIR } from './global-setup';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};
const PREFIX = '/gatelab/';

/** Serves OUT_DIR under /gatelab/ only, as a teacher's static host would; everything else is 404. */
function staticServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(PREFIX)) { res.writeHead(404).end(); return; }
    const rel = normalize(path.slice(PREFIX.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    readFile(join(OUT_DIR, rel)).then(
      (body) => { res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body); },
      () => { res.writeHead(404).end(); },
    );
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    ok({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}${PREFIX}` });
  }));
}

let browser: Browser;
let served: { server: Server; url: string };
beforeAll(async () => { browser = await launch({ webgpu: false }); served = await staticServer(); });
afterAll(async () => { await browser?.close(); served?.server.close(); });

describe('offline, from a sub-path', () => {
  it('loads from /gatelab/, trains, then reloads and trains with the network gone', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(served.url);
      await waitForCanvas(page);
      // The service worker has every file of the build once it is active.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await page.getByTestId('train').click();
      await followTraining(page, 3, 150_000);

      await context.setOffline(true);
      await page.reload();
      await waitForCanvas(page);
      await page.getByTestId('train').click();
      await followTraining(page, 5, 150_000);
      expect(await page.getByTestId('backend').textContent()).not.toMatch(/none/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
