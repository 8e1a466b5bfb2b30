/**
 * Editing inside a block: its definition's nodes and edges become a graph of
 * their own on the canvas (the graph's training and block definitions
 * carried along, so nested blocks and shapes still resolve), and are written
 * back into the definition when the person leaves it. Pure: tests call these.
 */
import { BLOCK_INPUT_TYPE, BLOCK_OUTPUT_TYPE, type BlockDef, type Graph, type GraphNode } from '../../engine';
import { blockDefOf, blockNameOf } from './blockNodes';

/** A definition's body as a graph the canvas can edit, or undefined when the graph has no such block. */
export function bodyGraph(outer: Graph, block: string): Graph | undefined {
  const def = blockDefOf(outer, block);
  if (!def) return undefined;
  const { format, version, name, training, blocks } = outer;
  return { format, version, name, training, ...(blocks ? { blocks } : {}), nodes: def.nodes, edges: def.edges };
}

/**
 * `outer` with the definition `block` made of `body`'s nodes and edges, its
 * header (description, exposed params) as edited inside (`body.blocks[block]`),
 * and the other definitions as `body` left them (blocks edited inside it).
 * Ports follow the port nodes there now, in their old order then new ones;
 * exposed params of nodes since deleted are dropped, and instances forget
 * their values for params no longer exposed.
 */
export function withBody(outer: Graph, block: string, body: Graph): Graph {
  const was = outer.blocks?.[block];
  if (!was) return outer;
  const head = body.blocks?.[block] ?? was;
  if (head === was && was.nodes === body.nodes && was.edges === body.edges && body.blocks === outer.blocks) return outer;
  const ids = (type: string) => body.nodes.filter((n) => n.type === type).map((n) => n.id);
  const ports = (old: BlockDef['inputs'], now: string[]) => [...old.filter((p) => now.includes(p.name)), ...now.filter((n) => !old.some((p) => p.name === n)).map((name) => ({ name }))];
  const params = head.params?.filter((p) => body.nodes.some((n) => n.id === p.node));
  const def: BlockDef = {
    ...head,
    inputs: ports(was.inputs, ids(BLOCK_INPUT_TYPE)),
    outputs: ports(was.outputs, ids(BLOCK_OUTPUT_TYPE)),
    ...(params ? { params } : {}),
    nodes: body.nodes,
    edges: body.edges,
  };
  const gone = (was.params ?? []).map((p) => p.name).filter((n) => !params?.some((p) => p.name === n));
  const forget = (nodes: GraphNode[]) => (gone.length ? nodes.map((n) => (blockNameOf(n) === block && n.params && gone.some((k) => k in n.params!) ? { ...n, params: Object.fromEntries(Object.entries(n.params).filter(([k]) => !gone.includes(k))) } : n)) : nodes);
  const blocks: Record<string, BlockDef> = { ...body.blocks, [block]: def };
  if (gone.length) for (const [k, d] of Object.entries(blocks)) if (k !== block) blocks[k] = { ...d, nodes: forget(d.nodes) };
  return { ...outer, nodes: forget(outer.nodes), blocks };
}
