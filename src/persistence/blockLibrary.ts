/**
 * My blocks: a personal library of block definitions kept in the browser
 * (localStorage), and block files. Both hold what a graph's `blocks` section
 * holds, `{ "MyGLU": { inputs, outputs, params, nodes, edges } }`, with
 * every block a saved block uses, so one file or entry is enough to place it
 * in any graph. The example block files in engine/presets/blocks/ are such
 * files.
 */
import { create } from 'zustand';
import { MAX_GRAPH_BYTES, parseGraphValue, parseJsonText, usedBlocks, validateGraph, registry, type BlockDef, type Graph, type GraphError } from '../../engine';
import type { StorageLike } from './local';

export const LIBRARY_KEY = 'gatelab.blocks.v1';

export type Blocks = Record<string, BlockDef>;

/** Block `name` and every block it uses, nested, from `blocks`. */
export function withDependencies(blocks: Blocks | undefined, name: string): Blocks {
  const out: Blocks = {};
  const visit = (n: string) => {
    const def = blocks && Object.hasOwn(blocks, n) ? blocks[n] : undefined;
    if (!def || Object.hasOwn(out, n)) return;
    out[n] = def;
    usedBlocks(def).forEach(visit);
  };
  visit(name);
  return out;
}

/**
 * Block definitions from a file's text or a library entry, checked as the
 * graph format checks its `blocks` section (located errors, every one).
 */
export function parseBlocks(text: string, training: Graph['training']): { ok: true; blocks: Blocks } | { ok: false; errors: GraphError[] } {
  const json = parseJsonText(text, MAX_GRAPH_BYTES);
  if (!json.ok) return json;
  const wrapped = { format: 'gatelab/graph', version: 1, name: 'blocks', nodes: [], edges: [], training, blocks: json.value };
  const parsed = parseGraphValue(wrapped);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const blocks = parsed.value.blocks ?? {};
  if (!Object.keys(blocks).length) return { ok: false, errors: [{ code: 'BAD_BLOCK', message: 'the file holds no block definition' }] };
  const errors = validateGraph(parsed.value, registry).errors.filter((e) => e.block !== undefined);
  return errors.length ? { ok: false, errors } : { ok: true, blocks };
}

/**
 * `add` merged into a graph's blocks: a block the graph already has under the
 * same name must be the same definition, else the graph's stays and the
 * reason comes back.
 */
export function mergeBlocks(into: Blocks | undefined, add: Blocks): { ok: true; blocks: Blocks } | { ok: false; reason: string } {
  const out: Blocks = { ...into };
  for (const [name, def] of Object.entries(add)) {
    const have = Object.hasOwn(out, name) ? out[name] : undefined;
    if (have && JSON.stringify(have) !== JSON.stringify(def)) return { ok: false, reason: `this graph already has a different block called ${name}: rename one of them (open the graph's block and use Make block under another name) and try again` };
    out[name] = def;
  }
  return { ok: true, blocks: out };
}

export interface LibraryState {
  blocks: Blocks;
}

/** The library as the palette lists it. */
export const useLibrary = create<LibraryState>()(() => ({ blocks: {} }));

let store: StorageLike | null = null;

/** Reads the library from the browser's storage (a damaged entry reads as empty, and is left for a later save to replace). */
export function loadLibrary(from: StorageLike, training: Graph['training']): void {
  store = from;
  const raw = from.getItem(LIBRARY_KEY);
  const r = raw ? parseBlocks(raw, training) : undefined;
  useLibrary.setState({ blocks: r?.ok ? r.blocks : {} });
}

/** Keeps `blocks` as the library; a reason when the browser's storage refused (it is kept for this visit then). */
function keep(blocks: Blocks): string | null {
  useLibrary.setState({ blocks });
  try {
    store?.setItem(LIBRARY_KEY, JSON.stringify(blocks));
    return null;
  } catch (e) {
    return `the browser did not keep My blocks (${(e as Error).name}): they last until this tab closes; export them as a file to keep them`;
  }
}

/** Adds `add` (a block with what it uses) to the library, replacing entries of the same names. */
export function addToLibrary(add: Blocks): string | null {
  return keep({ ...useLibrary.getState().blocks, ...add });
}

export function removeFromLibrary(name: string): string | null {
  const { [name]: _gone, ...blocks } = useLibrary.getState().blocks;
  return keep(blocks);
}

/** The blocks of `blocks` that no other among them uses: what a file or the library is for, the rest being their parts. */
export function rootBlocks(blocks: Blocks): string[] {
  const used = new Set(Object.values(blocks).flatMap((d) => usedBlocks(d)));
  return Object.keys(blocks).filter((n) => !used.has(n));
}
