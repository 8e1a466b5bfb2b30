/**
 * What the editor does with blocks, each edit one undoable step: make one
 * from the selection, open one to edit inside (and leave it), place an
 * instance, detach one into plain nodes, and keep definitions in My blocks
 * (the personal library) or a block file. The transforms are the engine's.
 */
import { addBlocks, blocksFile, detachBlock, exposeParam, makeBlock, placeBlock as placeInstance, renameBlock, unexposeParam, type BlockDef, type Graph, type MakeBlockOptions } from '../../engine';
import { useGraph } from './graphStore';
import { useUi } from './uiStore';
import { afterLoad, viewCentre } from './actions';
import { DEFAULT_NODE_SIZE, freeSpot, snap, type XY } from './graphOps';
import { blockDefOf, blockNameOf } from './blockNodes';
import { addToLibrary, useLibrary, parseBlocks, rootBlocks, type Blocks } from '../persistence/blockLibrary';

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
 * definition and those it uses, from the library or a block file; one whose
 * name the graph gives a different block comes in renamed, MyGLU2), as one
 * undoable step. A reason comes back when it cannot be placed.
 */
export function placeBlock(name: string, blocks?: Blocks, at?: XY): string | null {
  const { graph: g, frames } = useGraph.getState();
  const added = blocks ? addBlocks(g, blocks) : { graph: g, names: new Map<string, string>() };
  const placed = added.names.get(name) ?? name;
  const inside = blocksFile(added.graph, [placed]).blocks;
  const around = frames.map((f) => f.block).find((b) => Object.hasOwn(inside, b));
  if (around) return `block ${placed} cannot go inside block ${around}: a block cannot contain itself, even nested`;
  const r = placeInstance(added.graph, placed, at ?? spotFor(g));
  if (!r.ok) return r.errors[0]!.message;
  useGraph.getState().commit(`Add block ${placed}`, () => r.graph);
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
  return addToLibrary(useGraph.getState().graph.blocks, name);
}

/** A `gatelab/blocks` file of block `name` with the blocks it uses, which any graph can import. */
export function blockFile(name: string): { text: string; fileName: string } {
  return { text: `${JSON.stringify(blocksFile(useGraph.getState().graph, [name]), null, 2)}\n`, fileName: `${name}.gatelab-blocks.json` };
}

/** Places block `name` from My blocks: the graph's own definition of that name, else the library's. */
export function placeFromMyBlocks(name: string, at?: XY): void {
  const why = blockDefOf(useGraph.getState().graph, name) ? placeBlock(name, undefined, at) : placeBlock(name, useLibrary.getState().blocks, at);
  if (why) useUi.getState().say({ kind: 'warn', text: `The block ${name} was not placed: ${why}.`, ttl: 8000 });
}

/** A block file's definitions into the graph and My blocks, an instance of its main block placed; says what happened. */
export function importBlockFile(text: string, fileName: string): boolean {
  const ui = useUi.getState();
  const r = parseBlocks(text);
  if (!r.ok) { ui.say({ kind: 'error', text: `The block file “${fileName}” could not be read; nothing was changed:`, errors: r.errors }); return false; }
  const name = rootBlocks(r.blocks)[0] ?? Object.keys(r.blocks)[0]!;
  const why = placeBlock(name, r.blocks);
  if (why) { ui.say({ kind: 'error', text: `The block ${name} was not added: ${why}.` }); return false; }
  const kept = addToLibrary(r.blocks, name);
  ui.say(kept ? { kind: 'warn', text: kept } : { kind: 'info', text: `Imported the block ${name} into this graph and My blocks.`, ttl: 5000 });
  return true;
}

/**
 * Inside an opened block: shows inner param `param` of node `node` on every
 * instance as `as` (default today's value; a name already shown ties the two),
 * or with `as` null stops showing the param of that name (instances forget
 * their values when the block is left). A reason when it cannot.
 */
export function setExposed(node: string, param: string, as: string | null): string | null {
  const { graph: body } = useGraph.getState();
  const { block, head } = openedBlock(useGraph.getState()) ?? {};
  if (block === undefined || !head) return 'Open a block first: exposed params belong to a block.';
  // the engine edits a definition: this one with the body as it is now
  const synced: Graph = { ...body, blocks: { ...body.blocks, [block]: { ...head, nodes: body.nodes, edges: body.edges } } };
  const r = as === null ? unexposeParam(synced, block, head.params?.find((p) => p.node === node && p.param === param)?.name ?? param) : exposeParam(synced, block, { node, param, as });
  if (!r.ok) return r.errors.map((e) => e.message).join('; ');
  useGraph.getState().commit(as === null ? `Stop showing ${node}.${param} on ${block}` : `Show ${node}.${param} on ${block} as ${as}`, () => ({ ...body, blocks: r.graph.blocks! }));
  return null;
}

/** The block open on the canvas (the innermost one) and its definition, as the body or the graph around it holds it. */
export function openedBlock(s: Pick<ReturnType<typeof useGraph.getState>, 'graph' | 'frames'>): { block: string; head: BlockDef } | undefined {
  const frame = s.frames[s.frames.length - 1];
  if (!frame) return undefined;
  const head = blockDefOf(s.graph, frame.block) ?? blockDefOf(frame.outer, frame.block);
  return head && { block: frame.block, head };
}

/** Renames block `from` (every instance, nested ones too) and sets its description, as one step; a reason when it cannot. */
export function editDefinition(from: string, to: string, description: string): string | null {
  const g = useGraph.getState().graph;
  const r = renameBlock(g, from, to);
  if (!r.ok) return r.errors.map((e) => e.message).join('; ');
  const def = r.graph.blocks![to]!;
  const { description: _old, ...rest } = def;
  const next = description === (def.description ?? '') ? r.graph : { ...r.graph, blocks: { ...r.graph.blocks, [to]: description ? { ...rest, description } : rest } };
  useGraph.getState().commit(from === to ? `Describe block ${to}` : `Rename block ${from} to ${to}`, () => next);
  return null;
}
