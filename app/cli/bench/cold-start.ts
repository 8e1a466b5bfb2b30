/**
 * Cold start (issue 17): the production build in headless Chromium, each round
 * a fresh browser (empty cache, no compiled code kept). `interactiveMs` runs
 * from navigation until the canvas shows the default preset and Train can be
 * pressed; `coldFirstStepMs` from pressing Train until the first training step
 * shows. Also the gzipped size of the JavaScript the page loads before it runs
 * (the entry and its preloaded chunks) and of the training worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { hasChromium, launch } from './chromium';
import { buildApp, serveApp } from './serve';
import { median } from './timing';

const OUT_DIR = resolve(process.cwd(), 'test-results/bench-build');

export interface ColdStart {
  /** Medians over the rounds. */
  interactiveMs: number;
  coldFirstStepMs: number;
  rounds: { interactiveMs: number; coldFirstStepMs: number }[];
  mainJsGzipKb: number;
  workerJsGzipKb: number;
  /** The backend the first run trained on, as the panel names it. */
  backend: string;
}

const gzipKb = (files: string[]) => files.reduce((kb, f) => kb + gzipSync(readFileSync(join(OUT_DIR, f))).length / 1024, 0);

/** The scripts index.html loads and preloads, and the worker's own file(s), relative to the build folder. */
function bundles(): { main: string[]; worker: string[] } {
  const html = readFileSync(join(OUT_DIR, 'index.html'), 'utf8');
  const main = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const worker = readdirSync(join(OUT_DIR, 'assets')).filter((f) => /worker.*\.js$/.test(f)).map((f) => `assets/${f}`);
  if (!main.length || !worker.length) throw new Error(`could not find the page's scripts (${main.length}) or the worker (${worker.length}) in ${OUT_DIR}`);
  return { main, worker };
}

/** Null when Chromium is missing. */
export async function coldStart(rounds: number): Promise<ColdStart | null> {
  if (!hasChromium()) return null;
  await buildApp(process.cwd(), OUT_DIR);
  const { main, worker } = bundles();
  const server = await serveApp(process.cwd(), OUT_DIR);
  const times: ColdStart['rounds'] = [];
  let backend = '';
  try {
    for (let i = 0; i < rounds; i++) {
      const browser = await launch({ webgpu: false });
      try {
        const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
        const t0 = Date.now();
        await page.goto(server.url);
        await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
        const train = page.getByTestId('train');
        await train.and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
        const interactiveMs = Date.now() - t0;
        const t1 = Date.now();
        await train.click();
        await page.locator('[data-testid="step"]:not([data-value="0"])').waitFor({ timeout: 60_000 });
        times.push({ interactiveMs, coldFirstStepMs: Date.now() - t1 });
        backend = ((await page.getByTestId('backend').textContent()) ?? '').trim();
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  return {
    interactiveMs: median(times.map((t) => t.interactiveMs)),
    coldFirstStepMs: median(times.map((t) => t.coldFirstStepMs)),
    rounds: times,
    mainJsGzipKb: gzipKb(main),
    workerJsGzipKb: gzipKb(worker),
    backend,
  };
}
