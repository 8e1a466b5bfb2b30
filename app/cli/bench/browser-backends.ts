/**
 * 5 in Chromium (issue 8): the editor's own automatic choice, preset by preset.
 * The worker times wasm, WebGPU, WebGL and cpu on each graph when it starts
 * training (src/worker/choice.ts) and names the figures in the training
 * panel; this reads them back, so the choice can be checked against the
 * measured best in a real browser (here WebGPU is SwiftShader, on the CPU).
 */
import { resolve } from 'node:path';
import { PRESETS } from '../../../engine';
import { hasChromium, launch } from './chromium';
import { loadPreset, openPage } from './page';
import { buildApp, serveApp } from './serve';
import { pauseIfRunning } from './pause';

export interface BrowserChoice {
  /** The backend the editor chose. */
  chosen: string;
  /** ms per step of each backend timed; a backend not timed is absent (see `reason`). */
  msPerStep: Record<string, number>;
  /** The panel's sentence, as shown. */
  reason: string;
}

const OUT_DIR = resolve(process.cwd(), 'test-results/bench-build');

/** "fastest on this graph: wasm 11 ms/step, cpu 20 ms; webgpu: …" → { wasm: 11, cpu: 20 }. */
export function timingsOf(reason: string): Record<string, number> {
  const head = reason.split(';')[0] ?? '';
  return Object.fromEntries([...head.matchAll(/\b(webgpu|webgl|wasm|cpu) ([\d.]+) ms/g)].map((m) => [m[1]!, Number(m[2])]));
}

/** Null when Chromium is missing. */
export async function browserBackends(slugs: readonly string[] = PRESETS.map((p) => p.slug)): Promise<Record<string, BrowserChoice> | null> {
  if (!hasChromium()) return null;
  await buildApp(process.cwd(), OUT_DIR);
  const server = await serveApp(process.cwd(), OUT_DIR);
  const browser = await launch({ webgpu: true });
  const out: Record<string, BrowserChoice> = {};
  try {
    const { page } = await openPage(browser, server.url);
    const backend = page.getByTestId('backend');
    for (const slug of slugs) {
      await loadPreset(page, slug);
      await page.getByTestId('train').click();
      // The worker names the backend before the run starts, so once it runs the panel holds this graph's figures.
      await page.locator('[data-testid="run-status"]:is([data-status="running"], [data-status="done"], [data-status="failed"])').waitFor({ timeout: 120_000 });
      // A graph not timed yet starts on wasm and is timed after its first step: wait for the figures.
      await backend.filter({ hasNotText: 'while the backends are timed' }).waitFor({ timeout: 120_000 });
      const reason = ((await backend.textContent()) ?? '').trim().replace(/^backend \w+ — /, '');
      out[slug] = { chosen: (await backend.getAttribute('data-backend')) ?? '', msPerStep: timingsOf(reason), reason };
      await pauseIfRunning(page);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}
