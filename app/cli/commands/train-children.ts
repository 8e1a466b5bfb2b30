/**
 * Training runs in child processes, a few at a time. Each child is
 * `gatelab train - --seed S --json` reading its graph from stdin, so a run
 * here prints exactly what `gatelab train` prints for that graph and seed, and
 * runs on different seeds use different cores.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Graph, RunFigures } from '../../../engine';
import { CliError, EXIT } from '../io';

export interface ChildRun {
  graph: Graph;
  seed: number;
  /** Names the run in progress lines and errors: `"rezero", seed 3`. */
  label: string;
}

interface ChildOptions {
  steps?: number;
  backend?: string;
  /** Runs at once. */
  jobs: number;
  /** Called as each run ends, in the order they end. */
  onDone?: (run: ChildRun, figures: RunFigures, ms: number) => void;
}

/** The figures of every run, in the order of `runs`; the first run that cannot report stops the rest. */
export async function trainInChildren(runs: readonly ChildRun[], o: ChildOptions): Promise<RunFigures[]> {
  const results: RunFigures[] = new Array(runs.length);
  const live = new Set<ChildProcess>();
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < runs.length) {
      const i = next++;
      const run = runs[i]!;
      const start = Date.now();
      try {
        results[i] = await trainChild(run, o, live);
      } catch (e) {
        failed = true;
        for (const c of live) c.kill();
        throw e;
      }
      o.onDone?.(run, results[i]!, Date.now() - start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.jobs, runs.length) }, worker));
  return results;
}

function trainChild(run: ChildRun, o: ChildOptions, live: Set<ChildProcess>): Promise<RunFigures> {
  const args = ['train', '-', '--json', '--seed', String(run.seed)];
  if (o.steps !== undefined) args.push('--steps', String(o.steps));
  if (o.backend !== undefined) args.push('--backend', o.backend);
  // argv[1] is the CLI's own launcher (or bundle), so the child runs this very build.
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  let out = '', err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
  child.stdin.on('error', () => {}); // a child that exits early closes its stdin: its exit code tells why
  child.stdin.end(JSON.stringify(run.graph));
  return new Promise((resolve, reject) => {
    child.on('error', (e) => { live.delete(child); reject(new CliError(EXIT.invalid, [`${run.label}: cannot start gatelab train: ${e.message}`])); });
    child.on('close', (code, signal) => {
      live.delete(child);
      const figures = lastJsonObject(out);
      // Exit 1 with a summary: training stopped on NaN or Infinity, which the summary's `error` says.
      if (figures && (code === EXIT.ok || code === EXIT.invalid)) return resolve(figures);
      const why = signal ? `stopped by ${signal}` : `exit ${code}`;
      reject(new CliError(code || EXIT.invalid, [`${run.label}: gatelab train failed (${why})`, ...err.trim().split('\n').filter(Boolean)]));
    });
  });
}

function lastJsonObject(text: string): RunFigures | undefined {
  const line = text.trim().split('\n').pop();
  if (!line) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as RunFigures) : undefined;
  } catch {
    return undefined;
  }
}
