/**
 * gatelab fuzz (issue 18): a small seeded slice of the full run, through the
 * real CLI, and the watchdog noticing a case that never answers.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';

function fuzz(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['app/cli/gatelab.mjs', 'fuzz', ...args, '--json'], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...env } });
  return { code: r.status, err: r.stderr, last: JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number> };
}

describe('gatelab fuzz', () => {
  it('200 graphs, 20 trained, 200 model files, share links, lesson and data files: no crash, hang, leak or NaN result', () => {
    const r = fuzz(['--graphs', '200', '--train', '20', '--seed', '1']);
    expect(r.last, r.err).toMatchObject({ graphs: 200, trained: 20, crashes: 0, hangs: 0, leaks: 0, nanResults: 0, models: 200, links: 200, lessons: 200, dataFiles: 200 });
    expect(r.last.valid).toBeGreaterThan(20); // the generators do reach graphs that validate
    expect(r.last.dataTrained).toBeGreaterThan(10); // and damaged tables that still import and train
    expect(r.code).toBe(0);
  }, 240_000);

  it('fewer valid graphs than --train asks for: more graphs are generated until that many have trained, the other files stay at N', () => {
    const r = fuzz(['--graphs', '40', '--train', '10', '--seed', '3']);
    expect(r.last, r.err).toMatchObject({ trained: 10, crashes: 0, hangs: 0, leaks: 0, nanResults: 0, models: 40, links: 40 });
    expect(r.last.graphs).toBeGreaterThan(40);
    expect(r.last.graphs).toBeLessThan(120); // it stops once that many have trained
    expect(r.code).toBe(0);
  }, 240_000);

  it('a case that never answers is counted as a hang and the run goes on after it', () => {
    const r = fuzz(['--graphs', '6', '--train', '0', '--seed', '2'], { GATELAB_FUZZ_HANG_AT: '3', GATELAB_FUZZ_WATCHDOG_S: '3' });
    expect(r.last).toMatchObject({ graphs: 6, hangs: 1, crashes: 0 });
    expect(r.err).toMatch(/case 3: no answer within 3 s \(hang\)/);
    expect(r.code).toBe(1);
  }, 240_000);
});
