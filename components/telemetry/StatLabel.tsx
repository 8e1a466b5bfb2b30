/**
 * A statistic's label for a student, with its one-sentence explanation from
 * the engine's glossary shown on hover and on keyboard focus alike (the
 * label is focusable and described by the explanation). Raw keys appear only
 * where nothing declares the figure.
 */
import { useId } from 'react';
import { describeStat, type StatContext } from '../../engine';
import './stat-label.css';

export function StatLabel({ statKey, context, prefix }: { statKey: string; context?: StatContext; prefix?: string }) {
  const id = useId();
  const d = describeStat(statKey, context);
  if (!d) return <span>{prefix}<code>{statKey}</code></span>;
  return (
    <span className="gl-stat" tabIndex={0} aria-describedby={id} data-stat-key={statKey}>
      {prefix}{d.label}
      <span className="gl-stat-tip" role="tooltip" id={id}>{d.explanation}</span>
    </span>
  );
}
