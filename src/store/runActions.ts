/**
 * Train, Pause, Step and Reset as the buttons, keys and the phone bar run
 * them: a graph with problems does not start (its problems are listed in the
 * run panel and the last run's curves stay).
 */
import type { Graph } from '../../engine';
import { getBridge } from '../worker/bridge';
import { documentGraph, useGraph } from './graphStore';
import { useRun } from './runStore';
import { useValidation } from './validation';

/** The graph now, unless it has problems: then no run starts, the last run's curves stay and the problems are listed. */
function trainable(): { graph: Graph; rev: number } | null {
  const g = useGraph.getState();
  const { errors, rev } = useValidation.getState();
  if (rev === g.rev && errors.length > 0) {
    useRun.setState({ refused: { graphRev: g.rev, errors } });
    return null;
  }
  useRun.setState({ refused: null });
  return { graph: documentGraph(g), rev: g.rev };
}

export const train = () => { const g = trainable(); if (g) getBridge().train(g.graph, g.rev); };
export const pause = () => getBridge().pause();
export const stepOnce = () => { const g = trainable(); if (g) getBridge().stepOnce(g.graph, g.rev); };
export const reset = () => getBridge().reset();
