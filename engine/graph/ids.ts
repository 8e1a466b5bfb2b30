/** Readable fresh ids for nodes and edges. */

/** An id not yet used in `taken`, from a readable stem: `dense`, `dense2`, ... */
export function freshId(stem: string, taken: ReadonlySet<string>): string {
  const base = (stem.replace(/[^A-Za-z0-9_-]/g, '').replace(/^[^A-Za-z_]+/, '') || 'n').slice(0, 56);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** A fresh id from `stem`, added to `taken` so the next one differs. */
export function claimId(stem: string, taken: Set<string>): string {
  const id = freshId(stem, taken);
  taken.add(id);
  return id;
}

/** Every node and edge id of a graph (or of a block definition). */
export function allIds(scope: { nodes: readonly { id: string }[]; edges: readonly { id: string }[] }): Set<string> {
  const s = new Set<string>();
  for (const n of scope.nodes) s.add(n.id);
  for (const e of scope.edges) s.add(e.id);
  return s;
}
