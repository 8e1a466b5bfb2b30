/**
 * Lessons in the browser (issue 11): every lesson is solved by following its
 * own Show me actions (predicting first where it asks) and training, until its
 * last step turns green by itself; the student's own graph comes back when the
 * lesson is left; what-is-a-gate is also built by hand, dragging from the
 * palette and connecting ports. Screenshots go to test-results/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { LESSONS } from '../../engine';
import { launch } from '../../app/cli/bench/chromium';
import { canvasGraph, dragConnection, dropFromPalette, openApp, screenshot, type App } from './app';

let browser: Browser;
beforeAll(async () => { browser = await launch({ webgpu: false }); });
afterAll(async () => { await browser?.close(); });

const TRAINING_MS = 420_000;

async function openLesson(page: Page, id: string): Promise<void> {
  await page.goto(`${inject('baseURL')}?lesson=${id}`);
  await page.getByTestId('lesson-panel').waitFor({ timeout: 60_000 });
}

/** Follows the open step: predicts (the first choice), presses Show me, and waits for the step to pass. */
async function solveStep(page: Page, hasPredict: boolean, hasShow: boolean): Promise<void> {
  if (hasPredict) await page.locator('[data-testid^="lesson-choice-"]').first().click();
  if (hasShow) await page.getByTestId('lesson-show-me').click();
  try {
    await expect.poll(() => page.getByTestId('lesson-step').getAttribute('data-passed'), { timeout: TRAINING_MS, interval: 500 }).toBe('true');
  } catch (e) {
    // say which checks still fail, with the figures they read
    throw new Error(`step ${await page.getByTestId('lesson-step').getAttribute('data-step')} did not pass: ${await page.getByTestId('lesson-checks').textContent()}`, { cause: e });
  }
}

describe('lessons', () => {
  for (const lesson of LESSONS) {
    it(`${lesson.id}: its Show me actions and training reach the pass state of its last step`, async () => {
      const app: App = await openApp(browser);
      try {
        const { page, errors } = app;
        await openLesson(page, lesson.id);
        for (const [i, step] of lesson.steps.entries()) {
          expect(await page.getByTestId('lesson-step').getAttribute('data-step')).toBe(step.id);
          await solveStep(page, step.predict !== undefined, step.show !== undefined);
          if (step.predict) await page.getByTestId('lesson-observed').waitFor({ timeout: TRAINING_MS });
          if (lesson.id === 'attention-sink' && step.predict) await screenshot(page, 'lesson-predict-observe.png');
          if (lesson.id === 'what-is-a-gate' && step.id === 'squash') await screenshot(page, 'lesson-mid-way.png');
          if (i < lesson.steps.length - 1) await page.getByTestId('lesson-next').click();
        }
        await page.getByTestId('lesson-takeaway').waitFor();
        expect(errors).toEqual([]);
      } finally {
        await app.close();
      }
    }, TRAINING_MS * 3);
  }

  it('what-is-a-gate by hand: dragging from the palette and connecting ports passes each step; leaving brings the student graph back', async () => {
    const app = await openApp(browser);
    try {
      const { page, errors } = app;
      const before = await canvasGraph(page);
      await openLesson(page, 'what-is-a-gate');
      const value = await dropFromPalette(page, 'Dense', 120, 160);
      const gate = await dropFromPalette(page, 'Dense', 420, 160);
      await dragConnection(page, ['x', 'out'], [value, 'in']);
      await dragConnection(page, ['x', 'out'], [gate, 'in']);
      await expect.poll(() => page.getByTestId('lesson-step').getAttribute('data-passed')).toBe('true');
      await page.getByTestId('lesson-next').click();

      const tanh = await dropFromPalette(page, 'Activation', 120, 260);
      const sigmoid = await dropFromPalette(page, 'Activation', 420, 260);
      await dragConnection(page, [value, 'out'], [tanh, 'in']);
      await dragConnection(page, [gate, 'out'], [sigmoid, 'in']);
      for (const [id, fn] of [[tanh, 'tanh'], [sigmoid, 'sigmoid']] as const) {
        await page.locator(`.react-flow__node[data-id="${id}"]`).click();
        await page.getByTestId('param-fn').selectOption(fn);
      }
      await expect.poll(() => page.getByTestId('lesson-step').getAttribute('data-passed')).toBe('true');
      await page.getByTestId('lesson-next').click();

      const mul = await dropFromPalette(page, 'Multiply', 270, 360);
      await dragConnection(page, [tanh, 'out'], [mul, 'a']);
      await dragConnection(page, [sigmoid, 'out'], [mul, 'b']);
      await dragConnection(page, [mul, 'out'], ['logits', 'in']);
      await expect.poll(() => page.getByTestId('lesson-step').getAttribute('data-passed')).toBe('true');
      await page.getByTestId('lesson-next').click();

      await page.getByTestId('lesson-choice-between').click();
      await page.getByTestId('train').click();
      await expect.poll(() => page.getByTestId('lesson-step').getAttribute('data-passed'), { timeout: TRAINING_MS, interval: 500 }).toBe('true');

      await page.getByTestId('lesson-leave').click();
      await page.getByTestId('lesson-panel').waitFor({ state: 'detached' });
      await expect.poll(() => canvasGraph(page)).toEqual(before);
      expect(errors).toEqual([]);
    } finally {
      await app.close();
    }
  }, TRAINING_MS * 2);
});
