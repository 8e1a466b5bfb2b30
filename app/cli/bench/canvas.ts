/**
 * 6. Canvas while training (issue 8): the built app in headless Chromium,
 * the default preset training in the worker, nodes dragged with the mouse;
 * frame intervals and main-thread long tasks are measured in the page over
 * the drag, and the step counter shows that training kept going meanwhile.
 *
 * The default preset (spiral-gated-mlp) because it is what a visitor first
 * sees, its gate nodes carry live sparklines, the decision boundary redraws,
 * and it runs many steps a second, so statistics reach the page at the
 * highest rate the worker sends them.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { hasChromium, launch } from './chromium';
import { openPage, stepOf } from './page';
import { buildApp, serveApp } from './serve';
import { dragNodes } from './drag';
import { pauseIfRunning } from './pause';
import { startProbe, stopProbe } from './frame-probe';
import { traceMainThread } from './main-thread';
import { median, quantile } from './timing';

/** Not WebGPU: without a GPU that is SwiftShader, a second or more a step, on the cores the page needs. */
const WORKER_BACKEND = 'wasm';

/**
 * Keeps the frame clock running in a headless window that nothing shows. On
 * Debian's Chromium with --headless=new the page ticked at 60 Hz without them
 * too (idle page: p50 and p95 16.7 ms either way); they guard against a build
 * or a mode that throttles hidden pages.
 */
export const FRAME_CLOCK_FLAGS = ['--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'];

// The CLI runs bundled from node_modules/.cache, so the app is found from the working directory, as bench/results is.
const ROOT = process.cwd();
const OUT_DIR = resolve(ROOT, 'test-results/bench-build');

export interface CanvasFigures {
  seconds: number;
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** The most CPU time any main-thread task over 50 ms used: far below 50, that task waited for a core. */
  longTaskMaxCpuMs: number;
  /** The machine's 1-minute load average after the drag (other processes compete for the cores). */
  loadAverage: number;
  steps: number;
  stepsPerS: number;
  backend: string;
  draggedNodes: number;
  movesPerS: number;
  buildMs: number;
  pageErrors: string[];
}

/** Null when Chromium is missing. */
export async function canvasWhileTraining(seconds: number): Promise<CanvasFigures | null> {
  if (!hasChromium()) return null;
  const buildMs = await buildApp(ROOT, OUT_DIR);
  const server = await serveApp(ROOT, OUT_DIR);
  const browser = await launch({ webgpu: false, args: FRAME_CLOCK_FLAGS });
  try {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('backend-select').selectOption(WORKER_BACKEND);
    const backend = page.getByTestId('backend');
    await backend.and(page.locator(`[data-backend="${WORKER_BACKEND}"]`)).waitFor({ timeout: 60_000 });
    // the preset's 1500 steps take about 10 s on wasm here: raise them so the run outlasts the drag
    await page.getByTestId('train-steps').fill('100000');
    await page.getByTestId('train-steps').press('Enter');
    await page.getByTestId('train').click();
    // past the first steps (compile, warm-up), so the drag meets steady training
    await page.locator('[data-testid="step"]:not([data-value="0"])').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);

    const ids = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
    const step0 = await stepOf(page);
    const { result: [drag, probe], tasks } = await traceMainThread(browser, page, async () => {
      await startProbe(page);
      const drag = await dragNodes(page, ids.filter(Boolean), seconds * 1000);
      return [drag, await stopProbe(page)] as const;
    });
    const step1 = await stepOf(page);
    const status = await page.getByTestId('run-status').getAttribute('data-status');
    if (status !== 'running') throw new Error(`training was ${status} at the end of the drag: the figures would not be under training`);
    await pauseIfRunning(page);

    const gaps = probe.frames.slice(1).map((t, i) => t - probe.frames[i]!);
    return {
      seconds: probe.ms / 1000,
      frames: probe.frames.length,
      p50Ms: median(gaps),
      p95Ms: quantile(gaps, 0.95),
      maxMs: Math.max(...gaps),
      longTasks: probe.longTasks.length,
      longestTaskMs: Math.max(0, ...probe.longTasks.map((t) => t.ms)),
      longTaskMaxCpuMs: Math.max(0, ...tasks.filter((t) => t.wallMs > 50).map((t) => t.cpuMs)),
      loadAverage: loadavg()[0] ?? NaN,
      steps: step1 - step0,
      stepsPerS: (step1 - step0) / (probe.ms / 1000),
      backend: (await backend.getAttribute('data-backend')) ?? '',
      draggedNodes: drag.nodes,
      movesPerS: drag.moves / (drag.ms / 1000),
      buildMs,
      pageErrors: errors,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
