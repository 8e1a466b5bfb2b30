/**
 * gatelab fuzz --graphs N --train M [--seed S] [--json]: N generated graphs
 * parsed, validated and compiled, M of the valid ones trained a few steps on
 * wasm (when fewer than M of the N are valid and small enough to train, more
 * graphs are generated, up to 3N, until M have trained: they count among the
 * graphs), and N damaged model files, share links, lesson and data files, each case under a
 * watchdog. The cases run in a worker thread: one that stops answering (an
 * endless loop cannot be interrupted from inside) is counted as a hang, the
 * worker replaced, and the run goes on from the next case.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startBackend } from '../backend';
import { EXIT } from '../io';
import { DATA_FILE_KINDS } from '../fuzz/data-files';
import { runDataFileCase, runGraphCase, runLessonCase, runLinkCase, runModelCase, type CaseResult } from '../fuzz/cases';
import { intArg } from './train';

export interface FuzzArgs {
  graphs?: string;
  train?: string;
  seed?: string;
  json: boolean;
}

/** Cases from `from` to `graphs`; a top-up job runs graph cases alone and stops once `train` have trained. */
interface Job { seed: number; from: number; graphs: number; train: number; trained: number; topUp?: boolean }
type CaseReport = { i: number; results: CaseResult[] };
type Report = CaseReport | { done: true };

/**
 * A case that has not answered after this long is a hang (training included, on a loaded machine).
 * The watchdog's own test shortens it and hangs a case on purpose through these two variables.
 */
const WATCHDOG_MS = 1000 * (Number(process.env.GATELAB_FUZZ_WATCHDOG_S) || 60);
const HANG_AT = process.env.GATELAB_FUZZ_HANG_AT === undefined ? -1 : Number(process.env.GATELAB_FUZZ_HANG_AT);

export interface FuzzTotals {
  graphs: number; trained: number; crashes: number; hangs: number; leaks: number; nanResults: number;
  valid: number; models: number; links: number; lessons: number; dataFiles: number; dataTrained: number; seconds: number;
}

export async function fuzzCommand(a: FuzzArgs): Promise<number> {
  if (!isMainThread) return fuzzWorker(workerData as Job);
  const job: Job = {
    graphs: intArg('graphs', a.graphs, 0, 10_000_000) ?? 200,
    train: intArg('train', a.train, 0, 10_000_000) ?? 20,
    seed: intArg('seed', a.seed, 0, 2 ** 32 - 1) ?? 1,
    from: 0, trained: 0,
  };
  const t0 = performance.now();
  const totals: FuzzTotals = { graphs: 0, trained: 0, crashes: 0, hangs: 0, leaks: 0, nanResults: 0, valid: 0, models: 0, links: 0, lessons: 0, dataFiles: 0, dataTrained: 0, seconds: 0 };
  const problems: string[] = [];
  const tally = (i: number, r: CaseResult) => {
    if (r.kind === 'model-file') totals.models++;
    else if (r.kind === 'share-link') totals.links++;
    else if (r.kind === 'lesson-file') totals.lessons++;
    else if ((DATA_FILE_KINDS as readonly string[]).includes(r.kind)) { totals.dataFiles++; if (r.trained) totals.dataTrained++; }
    else { totals.graphs++; if (r.valid) totals.valid++; if (r.trained) totals.trained++; }
    for (const [key, what] of [['crashes', r.crash], ['leaks', r.leak], ['nanResults', r.nan]] as const) {
      if (!what) continue;
      totals[key]++;
      problems.push(`case ${i} (${r.kind}): ${key === 'crashes' ? 'crash' : key === 'leaks' ? 'leak' : 'NaN result'}: ${what}`);
    }
  };
  const runAll = async (run: Job) => {
    while (run.from < run.graphs && !(run.topUp && totals.trained >= run.train)) {
      const hung = await runWorker({ ...run, trained: totals.trained }, (rep) => { for (const r of rep.results) tally(rep.i, r); run.from = rep.i + 1; });
      if (hung !== undefined) {
        totals.hangs++;
        totals.graphs++;
        problems.push(`case ${hung}: no answer within ${WATCHDOG_MS / 1000} s (hang)`);
        run.from = hung + 1;
      } else break;
      if (!a.json && run.from < run.graphs) console.error(`fuzz: restarted after case ${run.from - 1}`);
    }
  };
  await runAll(job);
  if (totals.trained < job.train) await runAll({ ...job, from: job.graphs, graphs: 3 * job.graphs, topUp: true });
  totals.seconds = Math.round((performance.now() - t0) / 1000);
  for (const p of problems.slice(0, 50)) console.error(p);
  if (problems.length > 50) console.error(`... and ${problems.length - 50} more`);
  const { graphs, trained, crashes, hangs, leaks, nanResults } = totals;
  if (a.json) console.log(JSON.stringify({ graphs, trained, crashes, hangs, leaks, nanResults, valid: totals.valid, models: totals.models, links: totals.links, lessons: totals.lessons, dataFiles: totals.dataFiles, dataTrained: totals.dataTrained, seconds: totals.seconds, seed: job.seed }));
  else {
    console.log(`fuzz (seed ${job.seed}): ${graphs} graphs (${totals.valid} valid, ${trained} trained), ${totals.models} model files, ${totals.links} share links, ${totals.lessons} lesson files, ${totals.dataFiles} data files (${totals.dataTrained} trained) in ${totals.seconds} s`);
    console.log(`crashes ${crashes}, hangs ${hangs}, leaks ${leaks}, NaN results ${nanResults}`);
  }
  return crashes + hangs + leaks + nanResults === 0 ? EXIT.ok : EXIT.invalid;
}

/** Runs cases from job.from in a worker; resolves with the index of a case that hung, or undefined at the end. */
function runWorker(job: Job, onReport: (r: CaseReport) => void): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job, argv: ['fuzz'] });
    let current = job.from;
    let finished = false;
    let timer = setTimeout(hang, WATCHDOG_MS * 2); // the first case also waits for the backend to start
    function hang() {
      worker.removeAllListeners();
      void worker.terminate();
      resolve(current);
    }
    worker.on('message', (rep: Report) => {
      if ('done' in rep) { finished = true; return; }
      onReport(rep);
      current = rep.i + 1;
      clearTimeout(timer);
      timer = setTimeout(hang, WATCHDOG_MS);
    });
    worker.on('error', (e) => { clearTimeout(timer); reject(e); });
    worker.on('exit', () => { clearTimeout(timer); resolve(finished ? undefined : current); });
  });
}

/** Inside the worker: every case from job.from, one report each. */
async function fuzzWorker(job: Job): Promise<number> {
  await startBackend('wasm');
  let trained = job.trained;
  for (let i = job.from; i < job.graphs && !(job.topUp && trained >= job.train); i++) {
    while (i === HANG_AT); // an endless loop, for the watchdog's test
    const g = await runGraphCase(job.seed, i, trained < job.train);
    if (g.trained) trained++;
    const results = job.topUp ? [g] : [g, await runModelCase(job.seed, i), runLinkCase(job.seed, i), runLessonCase(job.seed, i), await runDataFileCase(job.seed, i)];
    parentPort!.postMessage({ i, results } satisfies Report);
  }
  parentPort!.postMessage({ done: true } satisfies Report);
  return EXIT.ok;
}
