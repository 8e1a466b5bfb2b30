/**
 * Your own data through the dataset registry path: a graph whose dataset is
 * a table, points, a text or sequences resolves to a DatasetSpec built for
 * that data, so validation, preview, the split, training, eval and export
 * work unchanged. One spec per dataset object (the graph keeps the object
 * while other parts are edited), so a large table is checked and converted once.
 */
import type { GraphError } from '../../errors';
import { graphError } from '../../errors';
import type { Rng } from '../../random';
import type { Dataset, DatasetSpec } from '../dataset';
import { buildOwnDataset } from './build';
import { checkOwnData, tableClasses } from './check';
import { isOwnDatasetName, ownDatasetSchema, type OwnData } from './format';
import { REGRESSION_METRIC_DOCS, regressionMetrics } from './metrics';

export type ResolvedOwn = { spec: DatasetSpec; params: Record<string, never>; data: OwnData } | { errors: GraphError[] };

const resolved = new WeakMap<object, ResolvedOwn>();

/** The spec for a dataset object naming your own data, or undefined when it names a generator. */
export function resolveOwnDataset(ref: Record<string, unknown>): ResolvedOwn | undefined {
  if (!isOwnDatasetName(ref.name)) return undefined;
  let r = resolved.get(ref);
  if (!r) {
    r = resolveFresh(ref);
    resolved.set(ref, r);
  }
  return r;
}

function resolveFresh(ref: Record<string, unknown>): ResolvedOwn {
  const parsed = ownDatasetSchema.safeParse(ref);
  if (!parsed.success) {
    // Reached only for objects that skipped the graph schema (which checks the same): report them plainly.
    return {
      errors: parsed.error.issues.slice(0, 20).map((iss) => {
        const path = `training.dataset${iss.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
        return graphError('BAD_DATA', `${path}: ${iss.message}`, { path });
      }),
    };
  }
  const data = parsed.data;
  const errors = checkOwnData(data);
  return errors.length ? { errors } : { spec: ownSpec(data), params: {}, data };
}

const LABELS = { table: 'Your table', points: 'Your points', text: 'Your text', sequences: 'Your sequences' } as const;

function ownSpec(data: OwnData): DatasetSpec {
  let fixed: Dataset | undefined; // everything but text windows is the same whatever the seed
  const generate = (_p: unknown, rng: Rng): Dataset => {
    if (data.name === 'text') return buildOwnDataset(data, rng);
    fixed ??= buildOwnDataset(data, rng);
    return fixed;
  };
  const regression = data.name !== 'text' && data.name !== 'sequences' && data.task === 'regression';
  return {
    name: data.name,
    label: LABELS[data.name],
    kind: kindOf(data),
    doc: docOf(data),
    params: {},
    generate,
    ...(regression ? { metrics: regressionMetrics, metricDocs: REGRESSION_METRIC_DOCS } : {}),
  };
}

function kindOf(d: OwnData): DatasetSpec['kind'] {
  if (d.name === 'text') return 'text';
  if (d.name === 'sequences') return d.targets[0]!.length === d.inputs[0]!.length ? 'sequence' : 'features';
  if (d.task === 'regression') return 'features';
  return d.name === 'points' || d.features?.length === 2 ? 'points2d' : 'features';
}

/** What the data is and the shapes it asks of the graph, in a sentence: the spec's doc, and the CLI's hint when a graph does not fit. */
function docOf(d: OwnData): string {
  const list = (xs: readonly string[]) => xs.slice(0, 8).join(', ') + (xs.length > 8 ? ', …' : '');
  switch (d.name) {
    case 'table': {
      const f = d.features!, t = d.targets!;
      const input = `${d.rows!.length} rows; ${f.length} feature column${f.length === 1 ? '' : 's'} (${list(f)}${d.scaling ? ', standardised' : ''}): the Input gives [B, ${f.length}]`;
      if (d.task === 'regression') return `${input}; regression of ${list(t)}: the Output needs [B, ${t.length}] with mse.`;
      const classes = tableClasses(d);
      return `${input}; ${classes.length} classes of ${t[0]} (${list(classes)}): the Output needs [B, ${classes.length}] with softmax cross-entropy.`;
    }
    case 'points':
      return d.task === 'classification'
        ? `${d.points.length} points of ${d.classes} classes: the Input gives [B, 2]; the Output needs [B, ${d.classes}] with softmax cross-entropy.`
        : `${d.points.length} points, y as a function of x: the Input gives [B, 1]; the Output needs [B, 1] with mse.`;
    case 'text': {
      const v = new Set(d.text).size;
      return `${d.text.length} characters of your text (${v} distinct), cut into windows of ${d.seqLen}: the Input gives token ids [B, ${d.seqLen}]; the Output needs [B, ${d.seqLen}, ${v}], the next character at each position.`;
    }
    case 'sequences': {
      const T = d.inputs[0]!.length, per = d.targets[0]!.length === T;
      return `${d.inputs.length} token sequences: the Input gives token ids [B, ${T}] (vocabulary ${d.vocab}); the Output needs [B, ${per ? `${T}, ` : ''}${d.vocab}].`;
    }
  }
}
