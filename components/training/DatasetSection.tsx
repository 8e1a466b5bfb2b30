/**
 * Dataset picker: every dataset in the engine's list, its settings generated
 * from its param schema, and a small preview (the 2-D points, or a sample
 * sequence) computed by the engine's previewDataset.
 */
import { useEffect, useMemo, useRef } from 'react';
import { DATASETS, getDataset, isOwnDatasetName, resolveOwnDataset, type ParamValue, previewDataset, type DatasetPreview, type DatasetSpec } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { setTraining } from '../../src/store/actions';
import { ParamField } from '../inspector/ParamField';
import { drawBoundary, type Points } from '../charts/Boundary';
import { openData } from '../../src/data/open';
import type { DataTab } from '../../src/store/dataStore';

/** The picker's entry that opens the Your data dialog rather than naming a dataset. */
const YOUR_DATA = '(your data)';

/** The dialog tab that edits each kind of your own data. */
const OWN_TAB: Record<string, DataTab> = { points: 'draw', table: 'table', text: 'text', sequences: 'sequences' };

/** The spec of the graph's dataset: a generator by name, or your own data resolved by the engine (null when it has problems). */
function specOf(ref: Readonly<Record<string, unknown>> & { name: string }): { spec: DatasetSpec; params: Record<string, ParamValue> } | { errors: string[] } | null {
  const own = resolveOwnDataset(ref);
  if (own) return 'spec' in own ? own : { errors: own.errors.map((e) => e.message) };
  const spec = getDataset(ref.name);
  if (!spec) return null;
  const { name: _n, ...params } = ref;
  return { spec, params: params as Record<string, ParamValue> };
}

const KINDS: Record<string, string> = { points2d: '2-D points', features: 'features', sequence: 'sequences', text: 'text' };

/** The preview for the graph's dataset and seed; memoised on both. */
export function usePreview(): DatasetPreview | null {
  const ref = useGraph((s) => s.graph.training.dataset);
  const seed = useGraph((s) => s.graph.training.seed);
  return useMemo(() => {
    const r = specOf(ref);
    if (!r) return null;
    if ('errors' in r) return { kind: 'invalid', errors: r.errors };
    try {
      return previewDataset(r.spec, r.params, seed, { maxPoints: 300, rows: 2 });
    } catch (e) {
      return { kind: 'invalid', errors: [(e as Error).message] };
    }
  }, [ref, seed]);
}

function PointsThumb({ points }: { points: Points }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => { if (ref.current) drawBoundary(ref.current, null, points, 2.2); }, [points]);
  return <canvas ref={ref} width={180} height={180} className="gl-thumb" data-testid="dataset-preview" />;
}

export function PreviewView({ preview }: { preview: DatasetPreview | null }) {
  if (!preview) return null;
  switch (preview.kind) {
    case 'points2d': return <PointsThumb points={preview.points} />;
    case 'invalid': return <ul className="gl-errors" data-testid="dataset-preview">{preview.errors.map((e, i) => <li key={i}>{e}</li>)}</ul>;
    case 'sequence':
      return (
        <div className="gl-seq" data-testid="dataset-preview">
          {preview.rows.map((r, i) => (
            <div key={i} className="gl-seq-row">
              <div><span className="gl-muted">in </span>{r.input.map((t, j) => <span key={j} className="tok">{t}</span>)}</div>
              <div><span className="gl-muted">out</span>{r.target.map((t, j) => <span key={j} className={`tok${r.mask[j] ? ' scored' : ''}`}>{t}</span>)}</div>
            </div>
          ))}
        </div>
      );
    case 'features':
      return (
        <div className="gl-seq" data-testid="dataset-preview">
          {preview.rows.map((r, i) => <div key={i}><code>{r.x.map((v) => v.toFixed(2)).join(', ')}</code> → <code>{r.target.join(', ')}</code></div>)}
        </div>
      );
  }
}

export function DatasetSection() {
  const ref = useGraph((s) => s.graph.training.dataset);
  const own = isOwnDatasetName(ref.name);
  const resolved = useMemo(() => specOf(ref), [ref]);
  const spec = resolved && 'spec' in resolved ? resolved.spec : undefined;
  const preview = usePreview();
  const setParam = (k: string, v: ParamValue) => setTraining(`Set dataset ${k}`, (t) => ({ ...t, dataset: { ...t.dataset, [k]: v } }));
  return (
    <section className="gl-dataset">
      <div className="gl-dataset-head">
        <label className="gl-field-name" htmlFor="gl-dataset">Dataset</label>
        <button className="gl-small" onClick={() => openData(OWN_TAB[ref.name] ?? 'table')} data-testid="data-open" title="Draw points, import a CSV table, a text or token sequences">{own ? 'Edit your data…' : 'Your data…'}</button>
      </div>
      <select
        id="gl-dataset"
        value={ref.name}
        data-testid="dataset"
        onChange={(e) => {
          const name = e.target.value;
          if (name === YOUR_DATA) openData('draw');
          else setTraining(`Dataset ${name}`, (t) => ({ ...t, dataset: { name } }));
        }}
      >
        {!spec && !own && <option value={ref.name}>{ref.name} (unknown)</option>}
        {Object.entries(KINDS).map(([kind, label]) => {
          const list = DATASETS.filter((d) => d.kind === kind);
          return list.length ? <optgroup key={kind} label={label}>{list.map((d) => <option key={d.name} value={d.name}>{d.label}</option>)}</optgroup> : null;
        })}
        <optgroup label="your own">
          {own && <option value={ref.name}>{spec?.label ?? `Your ${ref.name}`}</option>}
          <option value={YOUR_DATA}>Your data… (draw, CSV, text)</option>
        </optgroup>
      </select>
      {spec && <p className="gl-field-doc">{spec.doc}</p>}
      <div className="gl-dataset-body">
        <PreviewView preview={preview} />
        <div className="gl-dataset-params">
          {spec && !own && Object.entries(spec.params).map(([k, p]) => (
            <ParamField key={`${ref.name}.${k}`} name={k} spec={p} value={(ref as Record<string, unknown>)[k] as ParamValue | undefined} onCommit={(v) => setParam(k, v)} testId={`dataset-${k}`} />
          ))}
        </div>
      </div>
    </section>
  );
}
