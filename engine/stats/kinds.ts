/**
 * Statistics are typed: every figure a probe pass produces is one of these
 * summaries, chosen by the kind its node declares (`StatSpec.kind`). Views
 * draw a summary by its kind. Flat keys (`gateMean`, `expertLoad`,
 * `skipRatePerLayer`) exist only for CSV, `gatelab train --json` and the
 * glossary's lookups; FIELDS below is the one table that names them, and
 * says what each figure means.
 */
import type { StatSpec } from '../registry/defineNode';
import { ACTIVATION_STAT } from './activations';

/** One value per item of a stack, head, exit, ...: `item` names it ('Layer'). */
export interface PerItem {
  item: string;
  values: number[];
}

export interface ScalarSummary { kind: 'scalar'; value: number; perItem?: PerItem }
export interface GateSummary {
  kind: 'gate';
  /** The range the histogram spans: [0, 1] unless the node declares another. */
  range: [number, number];
  mean: number;
  /** Shares of values within 5 % of the range's width of 0 and of 1. */
  near0: number;
  near1: number;
  /** Counts in equal bins over `range`. */
  histogram: number[];
  /** One example's gates, [rows][columns] (see gateMap). */
  map: number[][];
  /** Mean per token position, for sequences. */
  perPosition?: number[];
  /** Mean per item, for gates recorded per layer of a stack. */
  perItem?: PerItem;
}
export interface AttentionSummary {
  kind: 'attention';
  /** Attention on the first token per head. */
  firstToken: number[];
  /** What a head attending uniformly would give the first token. */
  baseline: number;
  /** Example 0's maps, [head][query][key]. */
  map: number[][][];
  /** firstToken split by the dataset's query kind, [kind][head]. */
  byQueryKind?: number[][];
}
export interface RoutingSummary {
  kind: 'routing';
  load: number[];
  importance: number[];
  /** Mean entropy of each token's weights (nats). */
  entropy: number;
  topShare: number[];
  collapsed: boolean;
  /** The first tokens' weights, [token][expert]. */
  sample: number[][];
}
export interface RateSummary { kind: 'rate'; value: number; perItem?: PerItem; perPosition?: number[] }
export interface ComputeSummary { kind: 'compute'; share: number }
/** Recorded for every node's outputs: the largest |x| and the mean |x|. */
export interface ActivationSummary { kind: 'activation'; max: number; meanAbs: number }

export type StatSummary = ScalarSummary | GateSummary | AttentionSummary | RoutingSummary | RateSummary | ComputeSummary | ActivationSummary;
export type SummaryKind = StatSummary['kind'];

/** A node's summaries by statistic name; the one flagged `headline` is drawn on its card. */
export type NodeSummary = Record<string, StatSummary & { headline?: true }>;

/** What a statistic is, for a student: a label and one sentence (and the range of its values where it has one). */
export interface StatDescription {
  label: string;
  explanation: string;
  range?: [number, number];
}

/** A flat figure: a number, a vector, a matrix or a stack of matrices. */
export type StatValue = number | number[] | number[][] | number[][][];

type Of<K extends SummaryKind> = Extract<StatSummary, { kind: K }>;

/** A statistic's declaration as the flat fields see it; activation and model figures have no node declaration. */
export type Declared = Pick<StatSpec, 'label' | 'doc' | 'perItem' | 'range'>;

/** The parts of a summary of kind K a view can show and a student can read about: a gate's `mean`, a router's `load`. */
export type PartOf<K extends SummaryKind> = Exclude<keyof Of<K>, 'kind' | 'range'> & string;
/** A part of a statistic, named by its kind and the summary field it shows. */
export type StatPart = { [K in SummaryKind]: { kind: K; part: PartOf<K> } }[SummaryKind];

/** One flat field of a kind: the summary part it shows, its key, what a student reads, and its value in a summary. */
interface Field<K extends SummaryKind> {
  part: PartOf<K>;
  key(name: string, d: Declared): string | undefined;
  describe(d: Declared): StatDescription;
  value(s: Of<K>): StatValue | undefined;
}

const lower = (d: Declared) => d.label.charAt(0).toLowerCase() + d.label.slice(1);
const itemOf = (d: Declared) => d.perItem?.toLowerCase() ?? 'item';
const UNIT: [number, number] = [0, 1];

const FIELDS: { [K in SummaryKind]: readonly Field<K>[] } = {
  scalar: [
    { part: 'value', key: (n) => n, describe: (d) => ({ label: d.label, explanation: d.doc }), value: (s) => s.value },
    {
      part: 'perItem',
      key: (n, d) => (d.perItem ? `${n}Per${d.perItem}` : undefined),
      describe: (d) => ({ label: `${d.label} per ${itemOf(d)}`, explanation: `The ${lower(d)} of each ${itemOf(d)} separately. ${d.doc}` }),
      value: (s) => s.perItem?.values,
    },
  ],
  gate: [
    { part: 'mean', key: (n) => `${n}Mean`, describe: (d) => ({ label: `${d.label}: mean`, explanation: d.doc, range: d.range ?? UNIT }), value: (s) => s.mean },
    {
      part: 'histogram',
      key: (n) => `${n}Histogram`,
      describe: (d) => ({ label: `${d.label}: histogram`, explanation: `How many of the ${lower(d)} values fall in each of 20 equal bins across the range.`, range: d.range ?? UNIT }),
      value: (s) => s.histogram,
    },
    {
      part: 'near0',
      key: (n) => `${n}Near0`,
      describe: (d) => ({ label: `${d.label}: near 0`, explanation: `Share of the ${lower(d)} values within 5% of the range of 0: gates that are shut.`, range: UNIT }),
      value: (s) => s.near0,
    },
    {
      part: 'near1',
      key: (n) => `${n}Near1`,
      describe: (d) => ({ label: `${d.label}: near 1`, explanation: `Share of the ${lower(d)} values within 5% of the range of 1: gates that are fully open.`, range: UNIT }),
      value: (s) => s.near1,
    },
    {
      part: 'perPosition',
      key: (n) => `${n}PerPosition`,
      describe: (d) => ({ label: `${d.label} per position`, explanation: `The mean of the ${lower(d)} at each token position, over the probe batch.`, range: d.range ?? UNIT }),
      value: (s) => s.perPosition,
    },
    {
      part: 'map',
      key: (n) => `${n}Map`,
      describe: (d) => ({ label: `${d.label}: map`, explanation: `The ${lower(d)} values of the first probe example, one cell per token (or example) and unit.`, range: d.range ?? UNIT }),
      value: (s) => s.map,
    },
    {
      part: 'perItem',
      key: (n, d) => (d.perItem ? `${n}MeanPer${d.perItem}` : undefined),
      describe: (d) => ({ label: `${d.label}: mean per ${itemOf(d)}`, explanation: `The mean of the ${lower(d)} in each ${itemOf(d)} separately.`, range: d.range ?? UNIT }),
      value: (s) => s.perItem?.values,
    },
  ],
  attention: [
    {
      part: 'firstToken',
      key: () => 'firstTokenAttention',
      describe: () => ({ label: 'First-token attention', explanation: 'The share of attention each head puts on the first token, averaged over queries after it: high values are an attention sink.', range: UNIT }),
      value: (s) => s.firstToken,
    },
    {
      part: 'baseline',
      key: () => 'firstTokenBaseline',
      describe: () => ({ label: 'Uniform share', explanation: 'The first-token attention a head would have if it attended evenly to every token the mask lets it see.', range: UNIT }),
      value: (s) => s.baseline,
    },
    {
      part: 'map',
      key: () => 'attentionMap',
      describe: () => ({ label: 'Attention map', explanation: 'How much each query position (row) attends to each key position (column) in the first probe example, per head.', range: UNIT }),
      value: (s) => s.map,
    },
    {
      part: 'byQueryKind',
      key: () => 'firstTokenAttentionByQueryKind',
      describe: () => ({ label: 'First-token attention by query kind', explanation: 'First-token attention per head, split by the kind of query position the dataset marks (ordinary or trigger).', range: UNIT }),
      value: (s) => s.byQueryKind,
    },
  ],
  routing: [
    {
      part: 'load',
      key: () => 'expertLoad',
      describe: () => ({ label: 'Expert load', explanation: 'The share of routed token slots each expert receives: even load means every expert is used.', range: UNIT }),
      value: (s) => s.load,
    },
    {
      part: 'importance',
      key: () => 'importance',
      describe: () => ({ label: 'Expert importance', explanation: 'The mean routing weight each expert gets over all tokens.', range: UNIT }),
      value: (s) => s.importance,
    },
    {
      part: 'entropy',
      key: () => 'routingEntropy',
      describe: () => ({ label: 'Routing entropy', explanation: 'How spread each token’s routing weights are, in nats: 0 when a token goes to one expert, log E when it is split evenly.' }),
      value: (s) => s.entropy,
    },
    {
      part: 'topShare',
      key: () => 'topExpertShare',
      describe: () => ({ label: 'Top choice', explanation: 'The share of tokens whose largest routing weight is on each expert.', range: UNIT }),
      value: (s) => s.topShare,
    },
    {
      part: 'collapsed',
      key: () => 'collapsed',
      describe: () => ({ label: 'Router collapse', explanation: '1 when one expert is the top choice of more than 80% of tokens: the router has collapsed onto it.', range: UNIT }),
      value: (s) => (s.collapsed ? 1 : 0),
    },
    {
      part: 'sample',
      key: () => 'routingSample',
      describe: () => ({ label: 'Token → expert weights', explanation: 'The routing weights of the first tokens of the probe batch, one row per token and one column per expert.', range: UNIT }),
      value: (s) => s.sample,
    },
  ],
  rate: [
    { part: 'value', key: (n) => `${n}Rate`, describe: (d) => ({ label: d.label, explanation: d.doc, range: UNIT }), value: (s) => s.value },
    {
      part: 'perItem',
      key: (n, d) => (d.perItem ? `${n}RatePer${d.perItem}` : undefined),
      describe: (d) => ({ label: `${d.label} per ${itemOf(d)}`, explanation: `The ${lower(d)} rate of each ${itemOf(d)} separately.`, range: UNIT }),
      value: (s) => s.perItem?.values,
    },
    {
      part: 'perPosition',
      key: (n) => `${n}RatePerPosition`,
      describe: (d) => ({ label: `${d.label} per position`, explanation: `The ${lower(d)} rate at each token position, over the probe batch.`, range: UNIT }),
      value: (s) => s.perPosition,
    },
  ],
  compute: [{ part: 'share', key: () => 'computeFraction', describe: (d) => ({ label: d.label, explanation: d.doc, range: UNIT }), value: (s) => s.share }],
  activation: [
    {
      part: 'max',
      key: () => 'maxActivation',
      describe: () => ({ label: 'Largest activation', explanation: 'The largest absolute value in the node’s outputs over the probe batch: massive activations come with attention sinks.' }),
      value: (s) => s.max,
    },
    {
      part: 'meanAbs',
      key: () => 'meanAbsActivation',
      describe: () => ({ label: 'Mean activation size', explanation: 'The mean absolute value of the node’s first output over the probe batch.' }),
      value: (s) => s.meanAbs,
    },
  ],
};

const ACTIVATION: Declared = { label: 'Activation', doc: '' };

/** The fields of a statistic of `kind` declared as `d` under `name`: [flat key, field]. */
function fieldsOf<K extends SummaryKind>(kind: K, name: string, d: Declared): [string, Field<K>][] {
  return (FIELDS[kind] as readonly Field<K>[]).flatMap((f) => {
    const key = f.key(name, d);
    return key === undefined ? [] : [[key, f] as [string, Field<K>]];
  });
}

/**
 * A node's summaries as flat keys (CSV, `--json`), in the order they were
 * recorded: `gate` of kind gate gives gateMean, gateHistogram, ... A key
 * depends only on the name and the summary's own items, so a summary
 * flattens without its node's declaration.
 */
export function flattenSummary(summary: NodeSummary): Record<string, StatValue> {
  const out: Record<string, StatValue> = {};
  for (const [name, s] of Object.entries(summary)) for (const [key, v] of fieldValues(name, s)) out[key] = v;
  return out;
}

/** A statistic's part described for a student, with its flat key; undefined for a part this declaration does not produce. */
export function describePartOf(p: StatPart, name: string, d: Declared): (StatDescription & { key: string }) | undefined {
  const f = (FIELDS[p.kind] as readonly Field<SummaryKind>[]).find((x) => x.part === p.part);
  const key = f?.key(name, d);
  return f && key !== undefined ? { key, ...f.describe(d) } : undefined;
}

/** Describes a part of the activation figures every node reports. */
export function describeActivationPart(p: StatPart): (StatDescription & { key: string }) | undefined {
  return p.kind === 'activation' ? describePartOf(p, ACTIVATION_STAT, ACTIVATION) : undefined;
}

/** One summary's flat keys and values, in the field table's order. */
export function fieldValues(name: string, s: StatSummary): [string, StatValue][] {
  return summaryParts(name, s).map(({ key, value }) => [key, value]);
}

/** One summary's parts that hold a value, in the field table's order: what each is (kind and part), its flat key and its value. */
export function summaryParts(name: string, s: StatSummary): { part: StatPart; key: string; value: StatValue }[] {
  return fieldsOf(s.kind, name, declaredOf(name, s)).flatMap(([key, f]) => {
    const value = (f as Field<typeof s.kind>).value(s as never);
    return value === undefined ? [] : [{ part: { kind: s.kind, part: f.part } as StatPart, key, value }];
  });
}

/** What the keys of a summary need of a declaration: its name and its items. */
function declaredOf(name: string, s: StatSummary): Declared {
  const item = 'perItem' in s ? s.perItem?.item : undefined;
  return { label: name, doc: '', ...(item ? { perItem: item } : {}) };
}

/** Describes flat key `key` if a statistic `name` declared as `spec` produces it. */
export function describeField(key: string, name: string, spec: StatSpec): StatDescription | undefined {
  const hit = fieldsOf(spec.kind, name, spec).find(([k]) => k === key);
  return hit?.[1].describe(spec);
}

/** Describes an activation key (maxActivation, meanAbsActivation), which every node reports. */
export function describeActivation(key: string): StatDescription | undefined {
  return fieldsOf('activation', ACTIVATION_STAT, ACTIVATION).find(([k]) => k === key)?.[1].describe(ACTIVATION);
}

/** The field of each kind a card or a comparison plots: a gate's mean, a router's entropy, ... */
const HEADLINE_FIELD: Record<SummaryKind, number> = { scalar: 0, gate: 0, attention: 0, routing: 2, rate: 0, compute: 0, activation: 0 };
/** Kinds whose headline is a share, drawn on [0, 1] at least. */
const SHARES: ReadonlySet<SummaryKind> = new Set(['gate', 'attention', 'rate', 'compute']);

/** A summary's one number over time: the part it is, its flat key, its value (a per-head vector is averaged), and whether it is a share. */
export function headlineFigure(name: string, s: StatSummary): { part: StatPart; key: string; value: number; share: boolean } {
  const [key, f] = fieldsOf(s.kind, name, declaredOf(name, s))[HEADLINE_FIELD[s.kind]]!;
  const v = (f as Field<typeof s.kind>).value(s as never);
  const value = typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? (v as number[]).reduce((a, b) => a + b, 0) / v.length : NaN;
  return { part: { kind: s.kind, part: f.part } as StatPart, key, value, share: SHARES.has(s.kind) };
}

/** The number of a scalar summary (a figure of the whole model); undefined for anything else. */
export function scalarValue(s: StatSummary | undefined): number | undefined {
  return s?.kind === 'scalar' ? s.value : undefined;
}

/** Every flat key a statistic `name` declared as `d` can produce (the glossary covers each). */
export function keysOf(kind: SummaryKind, name: string, d: Declared): string[] {
  return fieldsOf(kind, name, d).map(([k]) => k);
}
