/**
 * Dataset picker: every dataset in the engine's list, its settings generated
 * from its param schema, and a small preview (the 2-D points, or a sample
 * sequence) computed by the engine's previewDataset.
 */
import { useEffect, useMemo, useRef } from 'react';
import { DATASETS, getDataset, type ParamValue, previewDataset, type DatasetPreview } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { setTraining } from '../../src/store/actions';
import { ParamField } from '../inspector/ParamField';
import { drawBoundary, type Points } from '../charts/Boundary';
import { openData } from '../../src/data/open';

/** The picker's entry that opens the Your data dialog rather than naming a dataset. */
const YOUR_DATA = '\u0000your-data';

const KINDS: Record<string, string> = { points2d: '2-D points', features: 'features', sequence: 'sequences', text: 'text' };

/** The preview for the graph's dataset and seed; memoised on both. */
export function usePreview(): DatasetPreview | null {
  const ref = useGraph((s) => s.graph.training.dataset);
  const seed = useGraph((s) => s.graph.training.seed);
  return useMemo(() => {
    const spec = getDataset(ref.name);
    if (!spec) return null;
    const { name: _n, ...params } = ref;
    try {
      return previewDataset(spec, params as Record<string, ParamValue>, seed, { maxPoints: 300, rows: 2 });
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
  const spec = getDataset(ref.name);
  const preview = usePreview();
  const setParam = (k: string, v: ParamValue) => setTraining(`Set dataset ${k}`, (t) => ({ ...t, dataset: { ...t.dataset, [k]: v } }));
  return (
    <section className="gl-dataset">
      <label className="gl-field-name" htmlFor="gl-dataset">Dataset</label>
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
        {!spec && <option value={ref.name}>{ref.name} (unknown)</option>}
        {Object.entries(KINDS).map(([kind, label]) => {
          const list = DATASETS.filter((d) => d.kind === kind);
          return list.length ? <optgroup key={kind} label={label}>{list.map((d) => <option key={d.name} value={d.name}>{d.label}</option>)}</optgroup> : null;
        })}
        <optgroup label="your own"><option value={YOUR_DATA}>Your data… (draw, CSV, text)</option></optgroup>
      </select>
      <button onClick={() => openData('table')} data-testid="data-open" title="Draw points, import a CSV table, a text or token sequences">Your data…</button>
      {spec && <p className="gl-field-doc">{spec.doc}</p>}
      <div className="gl-dataset-body">
        <PreviewView preview={preview} />
        <div className="gl-dataset-params">
          {spec && Object.entries(spec.params).map(([k, p]) => (
            <ParamField key={`${ref.name}.${k}`} name={k} spec={p} value={(ref as Record<string, unknown>)[k] as ParamValue | undefined} onCommit={(v) => setParam(k, v)} testId={`dataset-${k}`} />
          ))}
        </div>
      </div>
    </section>
  );
}
