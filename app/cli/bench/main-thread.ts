/**
 * The page's main-thread tasks from a Chromium trace, with the wall time and
 * the CPU time of each. The 'toplevel' category alone records every task and
 * little else, so tracing costs the page little. A task whose wall time is
 * far above its CPU time spent that time waiting for a core: the machine was
 * busy, not the page.
 */
import type { Browser, Page } from 'playwright-core';

export interface TaskTime {
  wallMs: number;
  cpuMs: number;
}

interface TraceEvent { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }

/** Runs `during` with tracing on; returns its result and the renderer main thread's tasks. */
export async function traceMainThread<T>(browser: Browser, page: Page, during: () => Promise<T>): Promise<{ result: T; tasks: TaskTime[] }> {
  await browser.startTracing(page, { categories: ['toplevel'] });
  let result: T;
  try {
    result = await during();
  } catch (e) {
    await browser.stopTracing();
    throw e;
  }
  const trace = await browser.stopTracing();
  return { result, tasks: mainThreadTasks(JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }) };
}

function mainThreadTasks({ traceEvents }: { traceEvents: TraceEvent[] }): TaskTime[] {
  const main = new Set(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return traceEvents
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }));
}
