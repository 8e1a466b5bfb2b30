/**
 * examples/spiral-page, as a visitor sees it: the page loads its trained
 * spiral model through gatelab/runtime (built as npm pack builds it), draws
 * the decision map, and a click on a point of each arm names that arm.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch } from '../../app/cli/bench/chromium';

const ROOT = resolve(import.meta.dirname, '../..');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };

/** The repository as a static site, as `python3 -m http.server` would serve it. */
function serveRoot(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const asked = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    const path = normalize(join(ROOT, asked.endsWith('/') ? `${asked}index.html` : asked));
    if (!path.startsWith(ROOT + sep) || !existsSync(path) || !statSync(path).isFile()) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

describe('examples/spiral-page', () => {
  let browser: Browser;
  let site: { server: Server; url: string };
  beforeAll(async () => {
    execFileSync(process.execPath, ['runtime/build.mjs'], { cwd: ROOT });
    site = await serveRoot();
    browser = await launch({ webgpu: false });
  });
  afterAll(async () => {
    await browser?.close();
    site?.server.close();
  });

  it('classifies the points a visitor clicks, one on each arm', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/examples/spiral-page/`);
    await expect.poll(() => page.textContent('#status'), { timeout: 60_000 }).toMatch(/runs on webgl\. Click a point/);
    const box = (await page.locator('#plane').boundingBox())!;
    // a third of the way out, arm 0 passes (0.32, −0.10) and arm 1, half a turn on, (−0.32, 0.10) (engine/data/spiral.ts)
    const at = async (x: number, y: number) => {
      const before = await page.textContent('#status');
      await page.mouse.click(box.x + ((x / 1.2 + 1) / 2) * box.width, box.y + ((1 - y / 1.2) / 2) * box.height);
      await page.waitForFunction((was) => document.getElementById('status')!.textContent !== was, before);
      return page.textContent('#status');
    };
    expect(await at(0.32, -0.1)).toMatch(/^\(0\.3\d, -0\.\d+\) is on arm 0, with probability (9\d|100)\./);
    expect(await at(-0.32, 0.1)).toMatch(/^\(-0\.3\d, 0\.\d+\) is on arm 1, with probability (9\d|100)\./);
    await page.locator('body').screenshot({ path: join(ROOT, 'test-results', 'example-spiral-page.png') });
    expect(errors).toEqual([]);
  });
});
