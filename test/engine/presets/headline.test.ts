import { describe, expect, it } from 'vitest';
import { describeStat, getDataset, PRESETS } from '../../../engine';

/** The figures every run reports (`gatelab train --json`), besides the dataset's own metrics. */
const RUN_FIGURES = ['loss', 'accuracy', 'trainLoss', 'firstLoss'];

/**
 * Every preset with variants names its headline comparison, and the metric is
 * one its runs report: a run figure, its dataset's metric, or a statistic its
 * node (or the whole model) declares. `gatelab compare --seeds` counts the seeds on which it holds.
 */
describe('preset headlines', () => {
  for (const { slug, graph } of PRESETS.filter((p) => p.graph.variants?.length)) {
    it(`${slug}: the headline compares two of its variants on a figure its runs report`, () => {
      const h = graph.headline;
      expect(h, `${slug} has variants but no headline`).toBeDefined();
      const names = graph.variants!.map((v) => v.name);
      expect(names).toContain(h!.a);
      expect(names).toContain(h!.b);
      expect(h!.a).not.toBe(h!.b);
      const dot = h!.metric.indexOf('.');
      if (dot < 0) {
        const datasetMetrics = Object.keys(getDataset(graph.training.dataset.name)?.metricDocs ?? {});
        expect([...RUN_FIGURES, ...datasetMetrics]).toContain(h!.metric);
      } else if (h!.metric.startsWith('@model.')) {
        expect(describeStat(h!.metric)).toBeDefined();
      } else {
        const node = graph.nodes.find((n) => n.id === h!.metric.slice(0, dot));
        expect(node, `no node "${h!.metric.slice(0, dot)}"`).toBeDefined();
        expect(describeStat(h!.metric.slice(dot + 1), { nodeType: node!.type })).toBeDefined();
      }
    });
  }
});
