#!/usr/bin/env node
/**
 * `npm test`: the unit suite (Vitest, Node), then the browser suite (Vitest +
 * Debian's Chromium), each with Vitest's own summary, then one closing line
 * `N passed, N failed` over both. Exits non-zero when anything failed.
 *
 * Chromium missing: as root it is installed (apt-get install -y chromium);
 * otherwise one line says how, and the run fails.
 *
 *   npm test                  both suites
 *   npm test -- --unit        the unit suite only
 *   npm test -- --e2e         the browser suite only
 *   npm test -- --unit test/engine/hostile    extra arguments go to Vitest
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VITEST = resolve(ROOT, 'node_modules/vitest/vitest.mjs');
const RESULTS = resolve(ROOT, 'test-results');
const CHROMIUM = process.env.GATELAB_CHROMIUM ?? '/usr/bin/chromium';

const args = process.argv.slice(2);
const only = args.includes('--unit') ? 'unit' : args.includes('--e2e') ? 'e2e' : null;
const extra = args.filter((a) => a !== '--unit' && a !== '--e2e');

const SUITES = [
  { name: 'unit', argv: [] },
  { name: 'e2e', argv: ['--config', 'test/e2e/vitest.config.ts'], needsChromium: true },
].filter((s) => !only || s.name === only);

/** Installs Chromium when missing and we are root; otherwise says how, in one line. */
function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  if (process.getuid?.() === 0) {
    console.log(`Chromium is missing at ${CHROMIUM}: installing Debian's package (apt-get install -y chromium)...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const r = spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq chromium'], { stdio: 'inherit', env });
    if (r.status === 0 && existsSync(CHROMIUM)) return true;
    console.log(`Chromium is still missing at ${CHROMIUM} after apt-get (exit ${r.status}); the browser tests cannot run.`);
    return false;
  }
  console.log(`Chromium is missing: run \`sudo apt-get install -y chromium\` (Debian), then npm test again.`);
  return false;
}

/** Runs one Vitest suite; counts come from its JSON report, the summary lines from its own reporter. */
function runSuite(suite) {
  const report = resolve(RESULTS, `${suite.name}.json`);
  rmSync(report, { force: true });
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [VITEST, 'run', ...suite.argv, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
    cwd: ROOT, stdio: 'inherit',
    // plain summary lines when the output goes to a log (CI reads them)
    env: process.stdout.isTTY || 'FORCE_COLOR' in process.env ? process.env : { ...process.env, NO_COLOR: '1' },
  });
  const seconds = (Date.now() - t0) / 1000;
  let passed = 0, failed = 0, skipped = 0;
  try {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed = j.numPassedTests ?? 0;
    failed = j.numFailedTests ?? 0;
    skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    // a file that fails to load has no failed test in it, but it failed
    for (const f of j.testResults ?? []) {
      if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')) failed++;
    }
  } catch {
    failed++; // no report: Vitest itself did not finish
  }
  if (r.status !== 0 && failed === 0) failed++; // unhandled errors fail the run without failing a test
  return { name: suite.name, passed, failed, skipped, seconds, status: r.status };
}

mkdirSync(RESULTS, { recursive: true });
const results = [];
for (const suite of SUITES) {
  if (suite.needsChromium && !ensureChromium()) {
    results.push({ name: suite.name, passed: 0, failed: 1, skipped: 0, seconds: 0, status: 1 });
    continue;
  }
  console.log(`\n=== ${suite.name} tests ===`);
  results.push(runSuite(suite));
}

console.log('');
for (const r of results) {
  console.log(`${r.name} suite — ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds.toFixed(0)} s)`);
}
const total = (k) => results.reduce((a, r) => a + r[k], 0);
const skipped = total('skipped');
console.log(`${total('passed')} passed, ${total('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(total('failed') > 0 ? 1 : 0);
