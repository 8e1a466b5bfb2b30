/** `gatelab compare --plot [METRIC=]FILE.svg`: the compared variants as curves of a metric against compute. */
import { writeFileSync } from 'node:fs';
import { curveOf, describeStat, figureOf, plotSvg, type Graph, type PlotCurve, type RunFigures } from '../../../engine';
import { usage } from '../io';
import type { SweepCurve } from './sweep';

/** Compute actually spent (examples that exit or skip spend less) where the model reports it, else the dense count. */
const SPENT = '@model.flopsPerExample';
const AXIS_NAMES: Record<string, string> = {
  [SPENT]: 'FLOPs per example (compute spent)',
  flopsPerExample: 'FLOPs per example',
};

/** An axis name in words: ours above, else the glossary's label of the figure (a node statistic by its node's type). */
function axisName(graph: Graph, metric: string): string {
  const dot = metric.indexOf('.');
  const node = dot > 0 && !metric.startsWith('@') ? graph.nodes.find((n) => n.id === metric.slice(0, dot)) : undefined;
  const described = node ? describeStat(metric.slice(dot + 1), { nodeType: node.type }) : describeStat(metric, { dataset: graph.training.dataset.name });
  return AXIS_NAMES[metric] ?? described?.label ?? metric;
}

export interface PlotRequest { metric: string; file: string }

/** `FILE.svg` plots accuracy; `METRIC=FILE.svg` another figure of the runs (`loss`, `stack.ece`). */
export function parsePlots(specs: readonly string[]): PlotRequest[] {
  return specs.map((s) => {
    const m = /^(?:([^=]+)=)?(.+\.svg)$/.exec(s);
    if (!m) usage(`--plot expects FILE.svg or METRIC=FILE.svg, got "${s}"`);
    return { metric: m[1] ?? 'accuracy', file: m[2]! };
  });
}

/**
 * One curve per sweep, its points in the order of the swept values; without a
 * sweep, each variant is a curve of one point. Each point is the mean over
 * seeds with one standard deviation either way.
 */
export function writePlots(plots: readonly PlotRequest[], graph: Graph, title: string, variants: readonly string[], runsOf: (name: string) => RunFigures[], sweeps: readonly SweepCurve[] | undefined): void {
  const groups = sweeps ?? variants.map((name) => ({ name, variants: [{ name, value: '' }] }));
  const x = variants.some((v) => runsOf(v).some((r) => figureOf(r, SPENT) !== undefined)) ? SPENT : 'flopsPerExample';
  for (const { metric, file } of plots) {
    const curves: PlotCurve[] = groups.map((g) => curveOf(g.name, g.variants.map((v) => ({ label: v.value, runs: runsOf(v.name) })), x, metric));
    if (curves.every((c) => c.points.length === 0)) usage(`--plot ${metric}=${file}: no run reports "${metric}"`);
    const y = axisName(graph, metric);
    writeFileSync(file, plotSvg(curves, { x: AXIS_NAMES[x]!, y, title }));
    console.error(`wrote ${file}: ${y} against ${AXIS_NAMES[x]}`);
  }
}
