/**
 * One fuzz case, run end to end: parse, validate and compile never throw;
 * a graph validation accepts trains a few steps without an exception, a
 * NaN reported as a result, or a tensor left behind; damaged model files,
 * share links, lesson and data files come back as errors, never exceptions.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  compile, decodeShareLink, encodeShareLink, exportModel, generateDataset, loadModel, modelToText, parseGraph,
  parseGraphValue, parseModel, prepareData, PRESETS, registry, train, validateGraph, type Graph,
  heldOutOverflow, createRng, LESSONS, parseLesson,
} from '../../../engine';
import { damage, graphCase } from './generate';
import { dataFileCase, importDataFile } from './data-files';

export interface CaseResult {
  kind: string;
  valid: boolean;
  trained: boolean;
  /** Set when something threw, leaked or passed a NaN off as a result: what, in one line. */
  crash?: string;
  leak?: string;
  nan?: string;
}

/** What one short training run may cost on a shared 2-core machine. */
const TRAIN_LIMITS = { params: 200_000, flopsPerStep: 5e7, nodes: 80, steps: 3 };

const line = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);

/** Runs a case's body: an exception becomes `crash`, tensors it leaves behind become `leak`. */
async function guarded(out: CaseResult, body: () => Promise<void> | void): Promise<CaseResult> {
  const before = tf.memory().numTensors;
  try {
    await body();
  } catch (e) {
    out.crash = line(e);
  }
  const left = tf.memory().numTensors - before;
  if (!out.crash && left !== 0) out.leak = `${left} tensors left behind`;
  return out;
}

/** Graph case `i`: parsed, validated and compiled; trained when `mayTrain` and small enough. */
export function runGraphCase(seed: number, i: number, mayTrain: boolean): Promise<CaseResult> {
  const c = graphCase(seed, i);
  const out: CaseResult = { kind: c.kind, valid: false, trained: false };
  return guarded(out, async () => {
    const parsed = 'text' in c ? parseGraph(c.text) : parseGraphValue(c.value);
    if (!parsed.ok) return;
    const graph = parsed.value;
    if (validateGraph(graph, registry).errors.length) return;
    out.valid = true;
    await compileAndTrain(graph, out, mayTrain);
  });
}

/** A damaged data file: imported with located problems, or into a graph that trains when validation accepts it. */
export function runDataFileCase(seed: number, i: number): Promise<CaseResult> {
  const c = dataFileCase(seed, i);
  const out: CaseResult = { kind: c.kind, valid: false, trained: false };
  return guarded(out, async () => {
    const r = importDataFile(c);
    if (r.broken) out.crash = r.broken;
    if (!r.graph) return;
    out.valid = true;
    await compileAndTrain(r.graph, out, true);
  });
}

/** A graph validation accepted: compile must accept it too; trained a few steps when `mayTrain` and small enough. */
async function compileAndTrain(graph: Graph, out: CaseResult, mayTrain: boolean): Promise<void> {
  const compiled = compile(graph);
  if (!compiled.ok) {
    if (compiled.errors.some((e) => e.code !== 'MODEL_TOO_LARGE')) out.crash = `validation accepted, compile refused: ${compiled.errors[0]!.message}`;
    return;
  }
  try {
    const small = compiled.value.params <= TRAIN_LIMITS.params && compiled.value.flopsPerExample * graph.training.batchSize * 3 <= TRAIN_LIMITS.flopsPerStep && graph.nodes.length <= TRAIN_LIMITS.nodes;
    if (mayTrain && small) {
      out.trained = true;
      await trainBriefly(compiled.value, graph, out);
    }
  } finally {
    compiled.value.model.dispose();
  }
}

async function trainBriefly(compiled: Parameters<typeof prepareData>[0], graph: Graph, out: CaseResult): Promise<void> {
  const session = prepareData(compiled, generateDataset(graph));
  try {
    let noResult = false;
    for await (const e of train(compiled, session, { steps: TRAIN_LIMITS.steps, evalEvery: 0, statsEvery: 1, probeSize: 8 })) {
      if (e.kind === 'failed') noResult = e.noResult === true;
      else if (e.kind === 'step' && !Number.isFinite(e.loss)) out.nan = `step ${e.step}'s loss ${e.loss} reported`;
      else if (e.kind === 'eval' && !Number.isFinite(e.loss)) out.nan = `held-out loss ${e.loss} reported as a result`;
    }
    const finite = tf.tidy(() => compiled.model.allVariables().every((v) => tf.all(tf.isFinite(v)).dataSync()[0] === 1));
    if (!noResult && !finite) out.nan = 'the run ended on weights that are not finite, passed off as a result';
  } finally {
    session.dispose();
  }
}

/** Model text of a few small presets with their initial weights, made once per worker. */
let modelTexts: string[] | undefined;
async function models(): Promise<string[]> {
  if (modelTexts) return modelTexts;
  modelTexts = [];
  for (const slug of ['spiral-mlp', 'spiral-gated-mlp', 'tiny-transformer']) {
    const p = PRESETS.find((x) => x.slug === slug);
    const c = p && compile(p.graph);
    if (!c?.ok) continue;
    modelTexts.push(modelToText(await exportModel(c.value.model, { steps: 0, backend: tf.getBackend(), metrics: {} })));
    c.value.model.dispose();
  }
  return modelTexts;
}

/** A damaged model file: parsed, loaded and tried on held-out data, or refused with errors. */
export async function runModelCase(seed: number, i: number): Promise<CaseResult> {
  const rng = createRng(`${seed}:model:${i}`);
  const texts = await models();
  const text = damage(texts[rng.int(texts.length)]!, rng);
  const out: CaseResult = { kind: 'model-file', valid: false, trained: false };
  return guarded(out, async () => {
    const parsed = parseModel(text);
    const loaded = parsed.ok ? loadModel(parsed.value) : undefined;
    if (!loaded?.ok) return;
    try {
      out.valid = (await heldOutOverflow(loaded.value)).length === 0;
    } finally {
      loaded.value.model.dispose();
    }
  });
}

/** A damaged share link: decoded to a graph, or refused with errors. */
export function runLinkCase(seed: number, i: number): CaseResult {
  const rng = createRng(`${seed}:link:${i}`);
  const out: CaseResult = { kind: 'share-link', valid: false, trained: false };
  try {
    const link = encodeShareLink(PRESETS[rng.int(PRESETS.length)]!.graph, 'https://gatelab.example/');
    if (!link.ok) return out;
    const damaged = damage(link.value, rng);
    const r = decodeShareLink(damaged);
    out.valid = r.ok && validateGraph(r.value, registry).errors.length === 0;
  } catch (e) {
    out.crash = line(e);
  }
  return out;
}

/** A damaged lesson file: parsed, or refused with errors. */
export function runLessonCase(seed: number, i: number): CaseResult {
  const rng = createRng(`${seed}:lesson:${i}`);
  const out: CaseResult = { kind: 'lesson-file', valid: false, trained: false };
  try {
    out.valid = parseLesson(damage(JSON.stringify(LESSONS[rng.int(LESSONS.length)]), rng)).ok;
  } catch (e) {
    out.crash = line(e);
  }
  return out;
}
