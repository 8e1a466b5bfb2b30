/**
 * The glossary: what any figure a student sees means, from the places it is
 * declared. A node's statistics come from its `stats` declaration (label and
 * sentence) and their kind's fields (kinds.ts); a dataset's held-out figures
 * from its `metricDocs`; the run's and the whole model's figures are written
 * below, beside nothing else that could declare them. Raw keys stay in
 * CSV/JSON exports and the CLI; views show the label and the explanation.
 */
import { registry } from '../registry/default';
import { DATASETS, getDataset } from '../data';
import type { MetricDoc } from '../data/dataset';
import { isOwnDatasetName } from '../data/own/format';
import { REGRESSION_METRIC_DOCS } from '../data/own/metrics';
import type { NodeDef, StatSpec } from '../registry/defineNode';
import { WATCHED, WATCHED_SPEC } from './watch';
import { describeActivation, describeActivationPart, describeField, describePartOf, type StatDescription, type StatPart } from './kinds';

export type { StatDescription } from './kinds';

const UNIT: [number, number] = [0, 1];

/** Figures of a training run (the CLI's `train --json` keys and the run panel's curves). */
const RUN: Record<string, StatDescription> = {
  loss: { label: 'Held-out loss', explanation: 'The loss on examples the model never trains on: lower is better, and a gap below the training loss means overfitting.' },
  accuracy: { label: 'Held-out accuracy', explanation: 'The share of held-out examples whose most likely class is the right one.', range: UNIT },
  evalLoss: { label: 'Held-out loss', explanation: 'The loss on examples the model never trains on, measured every few steps.' },
  evalAccuracy: { label: 'Held-out accuracy', explanation: 'The share of held-out examples whose most likely class is the right one, measured every few steps.', range: UNIT },
  lossEma: { label: 'Training loss (smoothed)', explanation: 'The loss on each training batch, smoothed over recent steps: noisy because every batch differs.' },
  trainLoss: { label: 'Training loss', explanation: 'The loss on the training batches, averaged over the last tenth of the steps.' },
  firstLoss: { label: 'First loss', explanation: 'The training loss of the very first step, before the model has learnt anything.' },
  msPerStep: { label: 'Time per step', explanation: 'Milliseconds one training step takes on this machine and backend.' },
  params: { label: 'Parameters', explanation: 'How many numbers the model learns.' },
  flopsPerExample: { label: 'FLOPs per example', explanation: 'Floating-point operations one forward pass of one example costs in the graph as built (every branch run).' },
};

/** Figures of the whole model in a statistics snapshot, under `@model.<key>`. */
const MODEL: Record<string, StatDescription> = {
  flopsPerExample: { label: 'Compute spent', explanation: 'Floating-point operations per example actually spent: skipped tokens, free experts and early exits cost nothing.' },
  denseFlopsPerExample: { label: 'Dense compute', explanation: 'Floating-point operations per example if every token ran every branch: what a model without gates would spend.' },
  params: RUN.params!,
  firstTokenAttention: { label: 'Attention sink (all layers)', explanation: 'First-token attention averaged over every attention layer and head: how strong the model’s attention sink is.', range: UNIT },
};

/** The key for a figure of the whole model. */
export const modelKey = (key: string) => `@model.${key}`;
/** The key for a node's auxiliary loss (its `auxLosses` name). */
export const auxKey = (name: string) => `aux.${name}`;

/** What a node of this type may report: its declared statistics, and the watched gate any node can have. */
const statsOf = (def: NodeDef | undefined): Record<string, StatSpec> => ({ ...def?.stats, [WATCHED]: WATCHED_SPEC });

const own = <T>(r: Record<string, T>, k: string): T | undefined => (Object.hasOwn(r, k) ? r[k] : undefined);

function fromMetric(key: string, docs: Record<string, MetricDoc> | undefined): StatDescription | undefined {
  if (!docs) return undefined;
  for (const [pattern, d] of Object.entries(docs)) {
    const m = new RegExp(`^${pattern.replace('#', '(\\d+)')}$`).exec(key);
    if (!m) continue;
    return { label: m[1] !== undefined ? `${d.label} ${m[1]}` : d.label, explanation: d.doc, ...(d.range ? { range: d.range } : {}) };
  }
  return undefined;
}

function fromNode(key: string, type: string): StatDescription | undefined {
  const def = registry.get(type);
  const aux = key.startsWith('aux.') ? own(def?.auxLosses ?? {}, key.slice('aux.'.length)) : undefined;
  if (aux) return { label: `Auxiliary loss “${key.slice('aux.'.length)}”`, explanation: aux };
  for (const [name, spec] of Object.entries(statsOf(def))) {
    const d = describeField(key, name, spec);
    if (d) return d;
  }
  return undefined;
}

export interface StatContext {
  /** The node type that reports the figure; without it the first node type that declares the key answers. */
  nodeType?: string;
  /** The dataset whose held-out figure it is; without it every dataset's are searched. */
  dataset?: string;
}

/**
 * A label and one sentence for a figure, by the key it has in exports:
 * a node statistic (`gateMean`, `expertLoad`, `skipRatePerLayer`), a figure
 * of the whole model (`@model.flopsPerExample`), a node's auxiliary loss
 * (`aux.balance`, with its node type), a run figure (`loss`,
 * `accuracy`) or a dataset's held-out figure (`harmonicMean`, `forgetting`).
 * Undefined for a key nothing declares.
 */
export function describeStat(key: string, context: StatContext = {}): StatDescription | undefined {
  if (key.startsWith('@model.')) return own(MODEL, key.slice('@model.'.length));
  if (context.nodeType) return fromNode(key, context.nodeType) ?? describeActivation(key);
  const run = own(RUN, key);
  if (run) return run;
  const dataset = context.dataset ? fromMetric(key, getDataset(context.dataset)?.metricDocs ?? (isOwnDatasetName(context.dataset) ? REGRESSION_METRIC_DOCS : undefined)) : undefined;
  if (dataset) return dataset;
  for (const docs of [...DATASETS.map((d) => d.metricDocs), REGRESSION_METRIC_DOCS]) {
    const d = fromMetric(key, docs);
    if (d) return d;
  }
  for (const def of registry.list()) {
    const d = fromNode(key, def.type);
    if (d) return d;
  }
  return describeActivation(key);
}

/**
 * A part of a statistic (a gate's mean, a router's load) described by its kind
 * and field, from the declaration of the statistic `name` on the node type:
 * what views show, without building keys. Without a name or a node type, the
 * first declaration of that kind answers (attention and routing parts read
 * the same on every node). The flat key comes back for exports and tests.
 */
export function describeStatPart(p: StatPart & { name?: string }, context: StatContext = {}): (StatDescription & { key: string }) | undefined {
  const activation = describeActivationPart(p);
  if (activation) return activation;
  const defs = context.nodeType ? [registry.get(context.nodeType)] : registry.list();
  for (const def of defs) {
    // Every node may carry a watched gate, but it names no kind's first declaration.
    for (const [name, spec] of Object.entries(context.nodeType || p.name === WATCHED ? statsOf(def) : def?.stats ?? {})) {
      if (spec.kind !== p.kind || (p.name !== undefined && name !== p.name)) continue;
      const d = describePartOf(p, name, spec);
      if (d) return d;
    }
  }
  return undefined;
}
