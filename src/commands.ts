/**
 * The command palette's entries: add any registry node (connected after the
 * selected one) or an instance of one of the graph's blocks, connect the
 * selected node to free ports, and the editor's commands (the table in
 * shortcuts.ts). Built from the registry and the graph; the view only filters.
 */
import { registry, type Graph } from '../engine';
import { defOf } from './store/blockNodes';
import { reaches } from './store/connect';
import type { Link } from './store/graphOps';
import { EDITOR_COMMANDS, showKeys, type CommandId } from './shortcuts';

export type Command =
  | { kind: 'add'; id: string; title: string; hint: string; type: string; after?: string }
  | { kind: 'block'; id: string; title: string; hint: string; block: string }
  | { kind: 'connect'; id: string; title: string; hint: string; link: Link }
  | { kind: 'action'; id: string; title: string; hint: string; action: CommandId };

/** Every command for this graph and selection, unfiltered. */
export function buildCommands(graph: Graph, selected: readonly string[]): Command[] {
  const only = selected.length === 1 ? graph.nodes.find((n) => n.id === selected[0]) : undefined;
  const out: Command[] = [];
  for (const def of registry.list()) {
    out.push({
      kind: 'add', id: `add:${def.type}`, type: def.type,
      title: `Add ${def.label}${only ? ` after ${only.id}` : ''}`,
      hint: def.category,
      ...(only ? { after: only.id } : {}),
    });
  }
  for (const block of Object.keys(graph.blocks ?? {})) out.push({ kind: 'block', id: `block:${block}`, block, title: `Add block ${block}`, hint: 'my blocks' });
  if (only) {
    const taken = new Set(graph.edges.map((e) => `${e.target}\u0000${e.targetHandle}`));
    const onlyDef = defOf(graph, only);
    for (const n of graph.nodes) {
      if (n.id === only.id) continue;
      const def = defOf(graph, n);
      if (!def || !onlyDef) continue;
      // selected → other
      if (!reaches(graph, n.id, only.id)) {
        for (const o of Object.keys(onlyDef.outputs)) for (const i of Object.keys(def.inputs)) {
          if (taken.has(`${n.id}\u0000${i}`)) continue;
          out.push({ kind: 'connect', id: `c:${only.id}.${o}>${n.id}.${i}`, title: `Connect ${only.id}.${o} → ${n.id}.${i}`, hint: def.label, link: { source: only.id, sourceHandle: o, target: n.id, targetHandle: i } });
        }
      }
      // other → selected
      if (!reaches(graph, only.id, n.id)) {
        for (const o of Object.keys(def.outputs)) for (const i of Object.keys(onlyDef.inputs)) {
          if (taken.has(`${only.id}\u0000${i}`)) continue;
          out.push({ kind: 'connect', id: `c:${n.id}.${o}>${only.id}.${i}`, title: `Connect ${n.id}.${o} → ${only.id}.${i}`, hint: def.label, link: { source: n.id, sourceHandle: o, target: only.id, targetHandle: i } });
        }
      }
    }
  }
  for (const c of EDITOR_COMMANDS) {
    if ('title' in c) out.push({ kind: 'action', id: `a:${c.id}`, action: c.id, title: c.title, hint: 'keys' in c ? showKeys(c.keys[0]) : c.does });
  }
  return out;
}

/** Commands whose title (and hint) contain every word of the query, best first. */
export function filterCommands(all: readonly Command[], query: string, limit = 40): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return all.filter((c) => c.kind !== 'connect').slice(0, limit);
  const scored: { c: Command; s: number }[] = [];
  for (const c of all) {
    const t = c.title.toLowerCase(), h = `${t} ${c.hint.toLowerCase()}`;
    if (!words.every((w) => h.includes(w))) continue;
    const s = words.reduce((acc, w) => acc + (t.startsWith(w) ? 3 : t.includes(` ${w}`) ? 2 : 1), 0) - t.length / 200;
    scored.push({ c, s });
  }
  return scored.sort((a, b) => b.s - a.s).slice(0, limit).map((x) => x.c);
}
