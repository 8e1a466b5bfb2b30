/** Stopping a run the benchmarks started, which may already have finished on its own. */
import type { Page } from 'playwright-core';

/**
 * Clicks Pause only while the run is still going: a short preset (spiral-mlp
 * trains in about a second on the plain path) is often done before the bench
 * gets there, and clicking a Pause that is gone waited 30 s and then threw.
 * Forced: while a fast run redraws, Playwright found the button "not stable" for
 * 15 s and more on a loaded machine, though its box did not move (it waits for
 * animation frames that a busy page delays); the click itself lands.
 */
export async function pauseIfRunning(page: Page): Promise<void> {
  if ((await page.getByTestId('run-status').getAttribute('data-status')) !== 'running') return;
  // it may end between the check and the click: a short wait, then nothing more to do
  await page.getByTestId('stop').click({ timeout: 15_000, force: true }).catch(async (e: unknown) => {
    if ((await page.getByTestId('run-status').getAttribute('data-status')) === 'running') throw e;
  });
}
