/**
 * What the editor does with blocks, each edit one undoable step: make one
 * from the selection, open one to edit inside (and leave it), place an
 * instance, detach one into plain nodes, and keep definitions in My blocks
 * (the personal library) or a block file. The transforms are the engine's.
 */
import { detachBlock, makeBlock, placeBlock as placeInstance, type Graph, type GraphError, type MakeBlockOptions } from '../../engine';
import { useGraph } from './graphStore';
import { useUi } from './uiStore';
import { afterLoad, viewCentre } from './actions';
import { DEFAULT_NODE_SIZE, freeSpot, snap, type XY } from './graphOps';
import { blockNameOf } from './blockNodes';
import { addToLibrary, useLibrary, mergeBlocks, parseBlocks, rootBlocks, withDependencies, type Blocks } from '../persistence/blockLibrary';

const fitSoon = () => setTimeout(() => afterLoad.run(), 60);

/** Opens the block node `id` for editing inside; false when it is no block the graph defines. */
export function openBlock(id: string): boolean {
  const s = useGraph.getState();
  const node = s.byId.get(id);
  const name = node && blockNameOf(node);
  if (name === undefined || !s.enter(name, id)) return false;
  useUi.getState().select([], []);
  fitSoon();
  return true;
}

/** Leaves opened blocks until `depth` remain (0: back on the graph), selecting the instance left last. */
export function leaveBlockTo(depth: number): void {
  const frames = useGraph.getState().frames;
  if (depth < 0 || frames.length <= depth) return;
  const instance = frames[depth]!.instance;
  while (useGraph.getState().frames.length > depth) useGraph.getState().leave();
  useUi.getState().select([instance]);
  fitSoon();
}

/** Where a new node goes: near the centre of the view, beside what is there. */
function spotFor(g: Graph): XY {
  const { measured } = useUi.getState();
  const c = viewCentre(), { width, height } = DEFAULT_NODE_SIZE;
  return snap(freeSpot(g, { x: c.x - width / 2, y: c.y - height / 2 }, DEFAULT_NODE_SIZE, (i) => measured.get(i)));
}

/**
 * Places an instance of block `name`, bringing in `blocks` first (its
 * definition and those it uses, from the library or a block file), as one
 * undoable step. A reason comes back when the graph has no such block, or a
 * different one of the same name.
 */
export function placeBlock(name: string, blocks?: Blocks, at?: XY): string | null {
  const { graph: g, frames } = useGraph.getState();
  const merged = blocks ? mergeBlocks(g.blocks, blocks) : { ok: true as const, blocks: g.blocks ?? {} };
  if (!merged.ok) return merged.reason;
  const around = frames.map((f) => f.block).filter((b) => Object.hasOwn(withDependencies(merged.blocks, name), b));
  if (around.length) return `block ${name} cannot go inside block ${around[0]}: a block cannot contain itself, even nested`;
  const r = placeInstance({ ...g, blocks: merged.blocks }, name, at ?? spotFor(g));
  if (!r.ok) return r.errors[0]!.message;
  useGraph.getState().commit(`Add block ${name}`, () => r.graph);
  useUi.getState().select([r.id]);
  return null;
}

/** What the Make block dialog asks for. */
export type MakeBlockRequest = Omit<MakeBlockOptions, 'scope'>;

/** The selection becomes one block instance of a new definition; a reason when it cannot. */
export function makeBlockFromSelection(req: MakeBlockRequest): string | null {
  const ids = useUi.getState().selectedNodes;
  const r = makeBlock(useGraph.getState().graph, ids, req);
  if (!r.ok) return r.errors.map((e) => e.message).join('; ');
  useGraph.getState().commit(`Make block ${req.name}`, () => r.graph);
  useUi.getState().select([r.id]);
  return null;
}

/** Block instance `id` back into plain nodes (the definition stays for other instances). */
export function detachInstance(id: string): string | null {
  const r = detachBlock(useGraph.getState().graph, id);
  if (!r.ok) return r.errors.map((e) => e.message).join('; ');
  useGraph.getState().commit(`Detach block ${id}`, () => r.graph);
  useUi.getState().select(r.ids ?? [r.id]);
  return null;
}

/** Block `name` (with the blocks it uses) into My blocks. */
export function saveBlockToLibrary(name: string): string | null {
  return addToLibrary(withDependencies(useGraph.getState().graph.blocks, name));
}

/** A file of block `name` with the blocks it uses, which any graph can import. */
export function blockFile(name: string): { text: string; fileName: string } {
  return { text: `${JSON.stringify(withDependencies(useGraph.getState().graph.blocks, name), null, 2)}\n`, fileName: `${name}.gatelab-blocks.json` };
}

/** Places block `name` from My blocks: the graph's own definition of that name, else the library's. */
export function placeFromMyBlocks(name: string, at?: XY): void {
  const own = useGraph.getState().graph.blocks;
  const why = own && Object.hasOwn(own, name) ? placeBlock(name, undefined, at) : placeBlock(name, withDependencies(useLibrary.getState().blocks, name), at);
  if (why) useUi.getState().say({ kind: 'warn', text: `The block ${name} was not placed: ${why}.`, ttl: 8000 });
}

/** A block file's definitions into My blocks and the graph, with an instance of its main block placed; a reason when refused. */
export function importBlockFile(text: string): { ok: true; name: string } | { ok: false; reason: string; errors?: readonly GraphError[] } {
  const r = parseBlocks(text, useGraph.getState().graph.training);
  if (!r.ok) return { ok: false, reason: 'The block file could not be read:', errors: r.errors };
  const name = rootBlocks(r.blocks)[0] ?? Object.keys(r.blocks)[0]!;
  const why = placeBlock(name, r.blocks);
  if (why) return { ok: false, reason: `The block ${name} was not added: ${why}.` };
  const kept = addToLibrary(r.blocks);
  if (kept) useUi.getState().say({ kind: 'warn', text: kept });
  return { ok: true, name };
}
