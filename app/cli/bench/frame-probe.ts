/**
 * In-page recorders for the canvas benchmark: a requestAnimationFrame loop
 * stamps every frame, and a PerformanceObserver collects main-thread long
 * tasks (over 50 ms, Chromium's definition). Both run inside the page, so
 * the figures are the page's own clock, not the driver's.
 */
import type { Page } from 'playwright-core';

export interface ProbeRecord {
  /** performance.now() of each animation frame between start and stop. */
  frames: number[];
  /** Long tasks that started between start and stop. */
  longTasks: { start: number; ms: number }[];
  ms: number;
}

interface Probe { frames: number[]; tasks: { start: number; ms: number }[]; t0: number; running: boolean; observer: PerformanceObserver }
type ProbeWindow = Window & { glCanvasProbe?: Probe };

export async function startProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe: Probe = {
      frames: [], tasks: [], t0: performance.now(), running: true,
      observer: new PerformanceObserver((list) => {
        for (const e of list.getEntries()) probe.tasks.push({ start: e.startTime, ms: e.duration });
      }),
    };
    // buffered: tasks already queued when the probe starts are reported too; stop() keeps those inside the window
    probe.observer.observe({ type: 'longtask', buffered: true });
    const tick = (t: number) => { if (!probe.running) return; probe.frames.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    (window as ProbeWindow).glCanvasProbe = probe;
  });
}

export async function stopProbe(page: Page): Promise<ProbeRecord> {
  return page.evaluate(() => {
    const probe = (window as ProbeWindow).glCanvasProbe;
    if (!probe) throw new Error('startProbe was not called on this page');
    probe.running = false;
    for (const e of probe.observer.takeRecords()) probe.tasks.push({ start: e.startTime, ms: e.duration });
    probe.observer.disconnect();
    const t1 = performance.now();
    return { frames: probe.frames, longTasks: probe.tasks.filter((t) => t.start >= probe.t0 && t.start < t1), ms: t1 - probe.t0 };
  });
}
