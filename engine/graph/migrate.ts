/**
 * Upgrades older graph files, one version step at a time. Version 1 is the
 * first; a version 2 adds its step here (and a test that a v1 file loads).
 */
const STEPS: Record<number, (g: Record<string, unknown>) => Record<string, unknown>> = {};

export function migrateGraph(g: Record<string, unknown>): Record<string, unknown> {
  let out = g;
  for (let v = out.version as number; STEPS[v]; v++) out = STEPS[v]!(out);
  return out;
}
