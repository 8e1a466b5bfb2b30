/**
 * A statistic's label for a student, with its one-sentence explanation from
 * the engine's glossary shown on hover and on keyboard focus alike (the
 * label is focusable and described by the explanation). A node statistic is
 * named by its part (kind and field, and the statistic's name); a run, model
 * or dataset figure by its key. Raw keys appear only where nothing declares
 * the figure.
 */
import { useId } from 'react';
import { describeStat, describeStatPart, type StatContext, type StatDescription, type StatPart } from '../../engine';
import './stat-label.css';

type Figure = { statKey: string; part?: never } | { part: StatPart & { name?: string }; statKey?: never };

/** The figure's flat key (what exports call it) and its description, if something declares it. */
function lookUp(f: Figure, context: StatContext | undefined): { key: string; d?: StatDescription | undefined } {
  if (!f.part) return { key: f.statKey, d: describeStat(f.statKey, context) };
  const d = describeStatPart(f.part, context);
  return { key: d?.key ?? f.part.name ?? f.part.part, d };
}

export function StatLabel({ context, prefix, ...figure }: Figure & { context?: StatContext; prefix?: string }) {
  const id = useId();
  const { key, d } = lookUp(figure as Figure, context);
  if (!d) return <span>{prefix}<code>{key}</code></span>;
  return (
    <span className="gl-stat" tabIndex={0} aria-describedby={id} data-stat-key={key}>
      {prefix}{d.label}
      <span className="gl-stat-tip" role="tooltip" id={id}>{d.explanation}</span>
    </span>
  );
}
