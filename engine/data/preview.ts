/**
 * A small, JSON-able look at a dataset for the editor: up to 300 points of a
 * 2-D dataset, or a few rows of a sequence dataset as token strings. Pure:
 * same spec, params and seed, same preview.
 *
 * Generators produce examples one after another from the rng, so a preview
 * built with fewer samples shows exactly the first examples of the full data.
 * A numeric or string seed is the graph's seed and is forked to 'data' as the
 * trainer does (generate.ts), so the preview shows the data a run will use.
 */
import { createRng, type Rng } from '../random';
import { checkParam, withDefaults, type ParamValue } from '../registry/params';
import type { Dataset, DatasetSpec } from './dataset';

export type DatasetPreview =
  | { kind: 'points2d'; points: [number, number, number][]; labels: string[] }
  | { kind: 'sequence'; rows: { input: string[]; target: string[]; mask: number[] }[] }
  | { kind: 'features'; rows: { x: number[]; target: number[] }[] }
  /** Params that do not fit the schema, in words; nothing was generated. */
  | { kind: 'invalid'; errors: string[] };

export interface PreviewOptions {
  /** Most points shown for 2-D data (default 300). */
  maxPoints?: number;
  /** Rows shown for sequence, text and feature data (default 3). */
  rows?: number;
}

export function previewDataset(
  spec: DatasetSpec,
  params: Readonly<Record<string, ParamValue>>,
  seed: number | string | Rng,
  options: PreviewOptions = {},
): DatasetPreview {
  const errors: string[] = [];
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(spec.params, key)) errors.push(`${spec.name} has no param "${key}"`);
  }
  for (const [key, p] of Object.entries(spec.params)) {
    const v = params[key];
    if (v === undefined) continue;
    const why = checkParam(p, v);
    if (why) errors.push(`${key} ${why}`);
  }
  if (errors.length > 0) return { kind: 'invalid', errors };

  const wanted = spec.kind === 'points2d' ? (options.maxPoints ?? 300) : (options.rows ?? 3);
  const values = withDefaults(spec.params, { ...params });
  const samples = values['samples'];
  const samplesSpec = spec.params['samples'];
  if (typeof samples === 'number' && samples > wanted) {
    // Fewer examples, same first examples; keep within the param's own range.
    values['samples'] = Math.max(wanted, samplesSpec?.kind === 'number' ? (samplesSpec.min ?? 1) : 1);
  }
  // A graph's seed reaches its data as createRng(seed).fork('data') (generate.ts); an Rng is used as given.
  const rng = typeof seed === 'object' ? seed : createRng(seed).fork('data');
  const data = spec.generate(values as Parameters<DatasetSpec['generate']>[0], rng);

  switch (spec.kind) {
    case 'points2d': return pointsPreview(data, wanted);
    case 'sequence':
    case 'text': return sequencePreview(data, wanted);
    case 'features': return featuresPreview(data, wanted);
  }
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

function pointsPreview(d: Dataset, max: number): DatasetPreview {
  const x = d.inputs['x'];
  const n = Math.min(max, d.target.shape[0] ?? 0);
  const points: [number, number, number][] = [];
  if (x) for (let i = 0; i < n; i++) points.push([round(x.data[2 * i]!), round(x.data[2 * i + 1]!), d.target.data[i]!]);
  const labels = d.labels ?? Array.from({ length: d.classes }, (_, i) => String(i));
  return { kind: 'points2d', points, labels };
}

function sequencePreview(d: Dataset, rowsWanted: number): DatasetPreview {
  const x = d.inputs['x'];
  const [n = 0, T = 0] = x?.shape ?? [];
  const name = (id: number): string => d.labels?.[id] ?? String(id);
  const rows: { input: string[]; target: string[]; mask: number[] }[] = [];
  if (x) {
    for (let i = 0; i < Math.min(n, rowsWanted); i++) {
      const input: string[] = [];
      const target: string[] = [];
      const mask: number[] = [];
      for (let t = 0; t < T; t++) {
        input.push(name(x.data[i * T + t]!));
        target.push(name(d.target.data[i * T + t]!));
        mask.push(d.mask ? d.mask[i * T + t]! : 1);
      }
      rows.push({ input, target, mask });
    }
  }
  return { kind: 'sequence', rows };
}

function featuresPreview(d: Dataset, rowsWanted: number): DatasetPreview {
  const x = d.inputs['x'];
  const rows: { x: number[]; target: number[] }[] = [];
  if (x) {
    const n = Math.min(rowsWanted, x.shape[0] ?? 0);
    const w = x.data.length / Math.max(1, x.shape[0] ?? 1);
    const k = d.target.data.length / Math.max(1, d.target.shape[0] ?? 1);
    for (let i = 0; i < n; i++) {
      rows.push({
        x: Array.from(x.data.subarray(i * w, (i + 1) * w), round),
        target: Array.from(d.target.data.subarray(i * k, (i + 1) * k), round),
      });
    }
  }
  return { kind: 'features', rows };
}
