/**
 * The editor page without a test runner: open it on a fresh profile and read
 * the step counter. The browser benchmarks and the e2e helpers (test/e2e/app.ts) share it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface App {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, for the tests to assert empty. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh browser context (empty storage) on the app, once its canvas shows nodes. */
export async function openPage(browser: Browser, url: string): Promise<App> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text().slice(0, 300)}`); });
  await page.goto(url);
  await waitForCanvas(page);
  return { context, page, errors, close: () => context.close() };
}

export async function waitForCanvas(page: Page): Promise<void> {
  await page.getByTestId('canvas').waitFor({ timeout: 60_000 });
  await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
}

export async function stepOf(page: Page): Promise<number> {
  return Number((await page.getByTestId('step').getAttribute('data-value')) ?? 0);
}

/** Loads a preset through the gallery, as a person would. */
export async function loadPreset(page: Page, slug: string): Promise<void> {
  await page.getByTestId('presets-open').click();
  await page.getByTestId(`preset-load-${slug}`).click();
  await page.getByTestId('doc-name').waitFor();
}
