/**
 * One control generated from a param schema: a number field (with a slider
 * when the range is finite), a select, or a toggle. Edits commit once — on
 * release, Enter or leaving the field — so each is one undo step.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { ParamSpec, ParamValue } from '../../engine';

export interface ParamFieldProps {
  name: string;
  spec: ParamSpec;
  value: ParamValue | undefined;
  onCommit(value: ParamValue): void;
  /** Problem with the current value, from validation. */
  error?: string | undefined;
  testId?: string;
}

function sliderStep(spec: Extract<ParamSpec, { kind: 'number' }>): number | 'any' {
  if (spec.integer) return spec.step ?? 1;
  if (spec.step) return spec.step;
  if (spec.min === undefined || spec.max === undefined) return 'any';
  return (spec.max - spec.min) / 100;
}

function NumberField({ name, spec, value, onCommit, testId }: ParamFieldProps & { spec: Extract<ParamSpec, { kind: 'number' }> }) {
  const current = typeof value === 'number' ? value : spec.default;
  const [draft, setDraft] = useState(String(current));
  useEffect(() => setDraft(String(current)), [current]);
  const commit = () => {
    const v = Number(draft);
    if (draft.trim() === '' || !Number.isFinite(v)) { setDraft(String(current)); return; }
    if (v !== current) onCommit(v);
  };
  const onKey = (e: KeyboardEvent) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setDraft(String(current)); };
  const ranged = spec.min !== undefined && spec.max !== undefined && spec.max - spec.min <= 10_000;
  return (
    <div className="gl-num">
      {ranged && (
        <input
          type="range"
          min={spec.min}
          max={spec.max}
          step={sliderStep(spec)}
          value={Number.isFinite(Number(draft)) ? Number(draft) : current}
          onChange={(e) => setDraft(e.target.value)}
          onPointerUp={commit}
          onKeyUp={commit}
          onBlur={commit}
          aria-label={`${name} slider`}
        />
      )}
      <input
        type="number"
        min={spec.min}
        max={spec.max}
        step={sliderStep(spec)}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKey}
        data-testid={testId}
        aria-label={name}
      />
    </div>
  );
}

export function ParamField(props: ParamFieldProps) {
  const { name, spec, value, onCommit, error, testId } = props;
  let control;
  if (spec.kind === 'number') control = <NumberField {...props} spec={spec} />;
  else if (spec.kind === 'choice') {
    const v = typeof value === 'string' ? value : spec.default;
    control = (
      <select value={v} onChange={(e) => onCommit(e.target.value)} data-testid={testId} aria-label={name}>
        {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else {
    const v = typeof value === 'boolean' ? value : spec.default;
    control = (
      <label className="gl-toggle">
        <input type="checkbox" checked={v} onChange={(e) => onCommit(e.target.checked)} data-testid={testId} aria-label={name} />
        <span>{v ? 'on' : 'off'}</span>
      </label>
    );
  }
  const range = spec.kind === 'number' && (spec.min !== undefined || spec.max !== undefined)
    ? ` (${spec.min ?? '−∞'} to ${spec.max ?? '∞'}${spec.integer ? ', whole' : ''})` : '';
  return (
    <div className={`gl-field${error ? ' bad' : ''}`} title={spec.doc}>
      <div className="gl-field-name">{name}<span className="gl-muted">{range}</span></div>
      {control}
      <div className="gl-field-doc">{spec.doc}</div>
      {error && <div className="gl-field-error">{error}</div>}
    </div>
  );
}
