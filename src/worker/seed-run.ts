/**
 * One run of a comparison over seeds, inside a training worker: the graph
 * trained start to end headless, as `gatelab train` trains it, on the
 * worker's backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runFigures, runGraph, type Graph } from '../../engine';
import type { SeedReply } from './protocol';

export async function seedRun(job: number, graph: Graph): Promise<SeedReply> {
  try {
    const { summary } = await runGraph(graph);
    return { type: 'seedDone', job, figures: runFigures(summary, tf.getBackend()), history: summary.history };
  } catch (err) {
    return { type: 'seedFailed', job, message: err instanceof Error ? err.message : String(err) };
  }
}
