/**
 * Model files in the worker: a run's weights out as a `gatelab/model` file,
 * and a file's weights in as a run the views can evaluate and train on.
 */
import * as tf from '@tensorflow/tfjs-core';
import { evaluate, exportModel, generateDataset, heldOutOverflow, loadModel, modelToText, prepareData, trainingSchedule, type Compiled, type GraphError, type ModelFile, type Session } from '../../engine';
import { extentOf } from './boundary';
import { planeGrid, preparePlane } from './territory';
import { fitGrid, heldOutScorer, planFit } from './fit';
import type { LoadedModel } from './protocol';

/** The model file's text; evaluated afresh, so its metrics describe exactly these weights. */
export async function modelFileText(compiled: Compiled, session: Session, step: number, float16: boolean): Promise<string> {
  const { loss, accuracy } = await evaluate(compiled, session.test);
  if (!Number.isFinite(loss)) throw new Error(`these weights give a held-out loss of ${loss}: train again with a lower learning rate`);
  const metrics = accuracy !== undefined ? { loss, accuracy } : { loss };
  return modelToText(await exportModel(compiled.model, { steps: step, backend: tf.getBackend(), metrics }, { float16 }));
}

export interface LoadedRun {
  compiled: Compiled;
  session: Session;
  reply: LoadedModel;
}

/**
 * Compiles the file's graph with its weights, refuses weights whose outputs overflow
 * on the model's own held-out data (as the command line does), prepares the data and
 * evaluates once; the caller owns the tensors.
 */
export async function loadModelRun(file: ModelFile): Promise<{ ok: true; value: LoadedRun } | { ok: false; message: string; errors: GraphError[] }> {
  const c = loadModel(file);
  if (!c.ok) return { ok: false, message: 'The weights do not fit the graph in the file.', errors: c.errors };
  const compiled = c.value;
  let session: Session | undefined;
  try {
    const overflow = await heldOutOverflow(compiled);
    if (overflow.length) {
      compiled.model.dispose();
      return { ok: false, message: 'The weights overflow on the model’s own held-out examples: the file is damaged, or its weights are far beyond what training makes.', errors: overflow };
    }
    const data = generateDataset(file.graph);
    session = prepareData(compiled, data);
    const step = file.training.steps;
    const held = await evaluate(compiled, session.test);
    const extent = compiled.model.dataset.task === 'classification' ? extentOf(data) : undefined;
    const plane = extent ? preparePlane(data, extent) : undefined;
    const boundary = plane ? await planeGrid(compiled, plane, step).finally(() => plane.dispose()) : undefined;
    const fitPlan = planFit(data);
    const fit = fitPlan ? await fitGrid(compiled, fitPlan, step).finally(() => fitPlan.dispose()) : undefined;
    const metrics = await heldOutScorer(file.graph, compiled, session)?.();
    const reply: LoadedModel = {
      ok: true,
      info: {
        total: trainingSchedule(file.graph.training).total, params: compiled.params, flopsPerExample: compiled.flopsPerExample,
        datasetKind: extent ? 'points2d' : 'other', classification: compiled.model.dataset.task === 'classification', fitFigures: metrics !== undefined,
      },
      heldOut: { step, ...held, ...(metrics ? { metrics } : {}) },
      ...(boundary ? { boundary } : {}),
      ...(fit ? { fit } : {}),
    };
    return { ok: true, value: { compiled, session, reply } };
  } catch (e) {
    session?.dispose();
    compiled.model.dispose();
    throw e;
  }
}
