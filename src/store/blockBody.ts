/**
 * Editing inside a block: its definition's nodes and edges become a graph of
 * their own on the canvas (the graph's training and block definitions
 * carried along, so nested blocks and shapes still resolve), and are written
 * back into the definition when the person leaves it. Pure: tests call these.
 */
import { BLOCK_INPUT_TYPE, BLOCK_OUTPUT_TYPE, type BlockDef, type Graph } from '../../engine';

/** A definition's body as a graph the canvas can edit, or undefined when the graph has no such block. */
export function bodyGraph(outer: Graph, block: string): Graph | undefined {
  const def = outer.blocks && Object.hasOwn(outer.blocks, block) ? outer.blocks[block] : undefined;
  if (!def) return undefined;
  const { format, version, name, training, blocks } = outer;
  return { format, version, name, training, ...(blocks ? { blocks } : {}), nodes: def.nodes, edges: def.edges };
}

/**
 * `outer` with the definition `block` made of `body`'s nodes and edges (and
 * the block definitions as `body` left them, for blocks edited inside it).
 * Ports follow the port nodes there now, in their old order then new ones;
 * exposed params of nodes since deleted are dropped.
 */
export function withBody(outer: Graph, block: string, body: Graph): Graph {
  const old = outer.blocks?.[block];
  if (!old) return outer;
  const ids = (type: string) => body.nodes.filter((n) => n.type === type).map((n) => n.id);
  const ports = (was: BlockDef['inputs'], now: string[]) => [...was.filter((p) => now.includes(p.name)), ...now.filter((n) => !was.some((p) => p.name === n)).map((name) => ({ name }))];
  const params = old.params?.filter((p) => body.nodes.some((n) => n.id === p.node));
  const def: BlockDef = {
    ...old,
    inputs: ports(old.inputs, ids(BLOCK_INPUT_TYPE)),
    outputs: ports(old.outputs, ids(BLOCK_OUTPUT_TYPE)),
    ...(params ? { params } : {}),
    nodes: body.nodes,
    edges: body.edges,
  };
  const unchanged = old.nodes === body.nodes && old.edges === body.edges && body.blocks === outer.blocks;
  return unchanged ? outer : { ...outer, blocks: { ...body.blocks, [block]: def } };
}
