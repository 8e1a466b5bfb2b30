/**
 * A figure as the tables and read-outs print it: three decimals, or the
 * exponent form where decimals would say too little (at or above `large`, or
 * under 0.001); a dash when there is none.
 */
export function formatFigure(v: number | undefined, large = 1000): string {
  if (v === undefined) return '—';
  return Math.abs(v) >= large || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(3);
}
