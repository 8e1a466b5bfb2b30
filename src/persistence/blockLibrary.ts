/**
 * My blocks: a personal library of block definitions kept in the browser
 * (localStorage) as a `gatelab/blocks` file, and block files read for
 * import. A block is kept with every block it uses, so one entry is enough to
 * place it in any graph. Besides `gatelab/blocks` files, a bare map of
 * definitions (a graph's `blocks` section, as the examples in
 * engine/presets/blocks/ are written) is read too.
 */
import { create } from 'zustand';
import { BLOCKS_FORMAT, BLOCKS_VERSION, MAX_BLOCKS_BYTES, blocksFile, parseBlocksValue, parseJsonText, usedBlocks, type BlockDef, type GraphError } from '../../engine';
import type { StorageLike } from './local';

export const LIBRARY_KEY = 'gatelab.blocks.v1';

export type Blocks = Record<string, BlockDef>;

/** Block definitions from a file's text, checked as the engine checks block files; located errors when not. */
export function parseBlocks(text: string): { ok: true; blocks: Blocks } | { ok: false; errors: readonly GraphError[] } {
  const json = parseJsonText(text, MAX_BLOCKS_BYTES);
  if (!json.ok) return json;
  const v = json.value;
  const bare = typeof v === 'object' && v !== null && !Array.isArray(v) && !('format' in v);
  const r = parseBlocksValue(bare ? { format: BLOCKS_FORMAT, version: BLOCKS_VERSION, blocks: v } : v);
  if (!r.ok) return r;
  return Object.keys(r.value.blocks).length ? { ok: true, blocks: r.value.blocks } : { ok: false, errors: [{ code: 'BAD_BLOCK', message: 'the file holds no block definition' }] };
}

/** Whether a file's text is a `gatelab/blocks` file (Open and a drop route it to the block import). */
export function isBlocksText(text: string): boolean {
  const j = text.length <= MAX_BLOCKS_BYTES ? parseJsonText(text, MAX_BLOCKS_BYTES) : undefined;
  return Boolean(j?.ok && typeof j.value === 'object' && j.value !== null && (j.value as { format?: unknown }).format === BLOCKS_FORMAT);
}

/** The blocks of `blocks` that no other among them uses: what a file is for, the rest being their parts. */
export function rootBlocks(blocks: Blocks): string[] {
  const used = new Set(Object.values(blocks).flatMap((d) => usedBlocks(d)));
  return Object.keys(blocks).filter((n) => !used.has(n));
}

export interface LibraryState {
  blocks: Blocks;
}

/** The library as the palette lists it. */
export const useLibrary = create<LibraryState>()(() => ({ blocks: {} }));

let store: StorageLike | null = null;

/** Reads the library from the browser's storage (a damaged entry reads as empty, and is left for a later save to replace). */
export function loadLibrary(from: StorageLike): void {
  store = from;
  const raw = from.getItem(LIBRARY_KEY);
  const r = raw ? parseBlocks(raw) : undefined;
  useLibrary.setState({ blocks: r?.ok ? r.blocks : {} });
}

/** Keeps `blocks` as the library; a reason when the browser's storage refused (it is kept for this visit then). */
function keep(blocks: Blocks): string | null {
  useLibrary.setState({ blocks });
  try {
    store?.setItem(LIBRARY_KEY, JSON.stringify(blocksFile({ blocks }, Object.keys(blocks))));
    return null;
  } catch (e) {
    return `the browser did not keep My blocks (${(e as Error).name}): they last until this tab closes; export them as a file to keep them`;
  }
}

/** Adds block `name` of `from`, with the blocks it uses, to the library (replacing entries of the same names). */
export function addToLibrary(from: Blocks | undefined, name: string): string | null {
  return keep({ ...useLibrary.getState().blocks, ...blocksFile({ blocks: from }, [name]).blocks });
}
