/**
 * What a lesson's checks read in the editor: the graph, the run of it (only
 * while the run belongs to the graph as it stands), run B when it is one of the
 * graph's variants, and the views the student opened.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { flattenSummaries, type CheckContext, type Graph, type RunRecord } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { series, useRun } from '../../src/store/runStore';
import { pairSeries, usePair, type ParamChange } from '../../src/store/pairStore';
import { useLesson } from '../../src/store/lessonStore';

/** The graph's variant that run B trains, found from the params run B changes. */
export function variantOfChanges(graph: Graph, changes: readonly ParamChange[]): string | undefined {
  if (!changes.length) return undefined;
  const current = (node: string, param: string) => graph.nodes.find((n) => n.id === node)?.params?.[param];
  return graph.variants?.find((v) => {
    const differing = Object.entries(v.set).filter(([k, value]) => { const dot = k.indexOf('.'); return current(k.slice(0, dot), k.slice(dot + 1)) !== value; });
    return differing.length === changes.length && changes.every((c) => v.set[`${c.nodeId}.${c.param}`] === c.b);
  })?.name;
}

export function useCheckContext(): CheckContext {
  const { graph, rev } = useGraph(useShallow((s) => ({ graph: s.graph, rev: s.rev })));
  const run = useRun(useShallow((s) => ({ graphRev: s.graphRev, step: s.step, loss: s.loss, evalLoss: s.evalLoss, evalAccuracy: s.evalAccuracy, stats: s.stats, status: s.status })));
  const pair = usePair(useShallow((s) => ({ step: s.step, evalLoss: s.evalLoss, evalAccuracy: s.evalAccuracy, stats: s.stats, changes: s.changes, status: s.status })));
  const opened = useLesson((s) => s.progress.opened);
  return useMemo(() => {
    const ctx: CheckContext = { graph, opened: new Set(opened) };
    if (run.status !== 'idle' && run.graphRev === rev && run.step > 0) {
      const [, firstLosses] = series.loss.view();
      const record: RunRecord = { steps: run.step, loss: run.evalLoss ?? NaN, stats: run.stats ? flattenSummaries(run.stats.stats) : {} };
      if (run.evalAccuracy !== undefined) record.accuracy = run.evalAccuracy;
      if (firstLosses.length) record.firstLoss = firstLosses[0]!;
      ctx.run = record;
    }
    const variant = pair.status !== 'idle' ? variantOfChanges(graph, pair.changes) : undefined;
    if (variant && pair.step > 0) {
      const b: RunRecord = { steps: pair.step, loss: pair.evalLoss ?? NaN, stats: pair.stats ? flattenSummaries(pair.stats.stats) : {} };
      if (pair.evalAccuracy !== undefined) b.accuracy = pair.evalAccuracy;
      const [, firstB] = pairSeries.loss.view();
      if (firstB.length) b.firstLoss = firstB[0]!;
      ctx.variants = { [variant]: b };
    }
    return ctx;
  }, [graph, rev, run, pair, opened]);
}
