/**
 * The bench survives itself (issue 18): a section that throws is reported as
 * failed with its reason, and the other sections' figures are still written
 * and printed as JSON. The reporting alone, with made-up sections.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveFigures, sectionRunner } from '../../../app/cli/bench/report';

const dir = mkdtempSync(join(tmpdir(), 'gatelab-bench-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench sections and their report', () => {
  it('a throwing section costs only its own figures; the rest are written and printed', async () => {
    const logged: string[] = [];
    const sections = sectionRunner((s) => logged.push(s));
    const before = await sections.run('1. first', async () => ({ ratio: 1.05 }));
    const broken = await sections.run('5. in Chromium', async () => {
      throw new Error('locator.click: Timeout 30000ms exceeded.\n  waiting for getByTestId(\'stop\')');
    });
    const after = await sections.run('7. memory', () => ({ tensors: 0 }));
    expect(broken).toBeNull();
    expect(sections.failed).toEqual([{ section: '5. in Chromium', reason: 'locator.click: Timeout 30000ms exceeded.' }]);
    expect(logged).toContain('5. in Chromium: FAILED: locator.click: Timeout 30000ms exceeded.');

    const print = vi.spyOn(console, 'log').mockImplementation(() => {});
    const figures = { first: before, browser: broken, memory: after, failedSections: sections.failed };
    const file = saveFigures(figures, { dir, name: 'run', json: true, log: (s) => logged.push(s) });
    const printed = print.mock.calls.map((c) => c[0] as string);
    print.mockRestore();
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toEqual({ first: { ratio: 1.05 }, browser: null, memory: { tensors: 0 }, failedSections: [{ section: '5. in Chromium', reason: 'locator.click: Timeout 30000ms exceeded.' }] });
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0]!)).toEqual(written);
  });
});
