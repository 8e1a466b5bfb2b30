/**
 * Rounds and clamps a count param, so an unchecked value cannot ask for a huge,
 * fractional or empty array. Params are validated before `generate` runs; this
 * is the second line of defence.
 */
export function whole(v: number, min: number, max: number): number {
  const r = Math.round(Number.isFinite(v) ? v : min);
  return Math.min(max, Math.max(min, r));
}
