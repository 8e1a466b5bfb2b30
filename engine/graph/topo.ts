/** Kahn's algorithm: a topological order, and the nodes left on cycles. */
export function topoSort(ids: readonly string[], edges: readonly { source: string; target: string }[]): { order: string[]; cyclic: string[] } {
  const indeg = new Map<string, number>(ids.map((id) => [id, 0]));
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) {
    if (!indeg.has(e.source) || !indeg.has(e.target)) continue;
    indeg.set(e.target, indeg.get(e.target)! + 1);
    out.get(e.source)!.push(e.target);
  }
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const t of out.get(id)!) {
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  const done = new Set(order);
  return { order, cyclic: ids.filter((id) => !done.has(id)) };
}

/** The nodes from which some path of edges reaches one of `sinks`, the sinks included. */
export function ancestorsOf(edges: readonly { source: string; target: string }[], sinks: readonly string[]): Set<string> {
  const into = new Map<string, string[]>();
  for (const e of edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set(sinks);
  const stack = [...sinks];
  while (stack.length) for (const src of into.get(stack.pop()!) ?? []) if (!seen.has(src)) { seen.add(src); stack.push(src); }
  return seen;
}
