/**
 * What the views need to draw any node: its type's definition from the
 * registry, or for a `Block` node one derived from its block definition: the
 * block's name as label, its ports, and its exposed params (with their names,
 * defaults and the inner param's range). Validation and compile never use
 * this: they inline the block; the card, inspector and connection menu do.
 */
import { BLOCK_TYPE, exposedSpec, registry, type BlockDef, type Graph, type GraphNode, type NodeDef, type ParamSpec, type PortSpec } from '../../engine';

/** The category blocks are drawn with and listed under. */
export const BLOCK_CATEGORY = 'blocks';

const cache = new WeakMap<BlockDef, NodeDef>();

/** The block name a node uses, or undefined for any other node. */
export function blockNameOf(node: Pick<GraphNode, 'type' | 'params'>): string | undefined {
  const b = node.params?.block;
  return node.type === BLOCK_TYPE && typeof b === 'string' ? b : undefined;
}

/** The definition `name` in the graph, own keys only. */
export function blockDefOf(graph: Pick<Graph, 'blocks'>, name: string): BlockDef | undefined {
  return graph.blocks && Object.hasOwn(graph.blocks, name) ? graph.blocks[name] : undefined;
}

/** A view of block `name` as a node type (the same object while the definition is unchanged). */
export function blockNodeDef(graph: Pick<Graph, 'blocks'>, name: string): NodeDef | undefined {
  const def = blockDefOf(graph, name);
  if (!def) return undefined;
  const hit = cache.get(def);
  if (hit) return hit;
  const params: Record<string, ParamSpec> = {};
  for (const p of def.params ?? []) {
    const spec = exposedSpec(graph.blocks, registry, name, p.name);
    if (!spec || params[p.name]) continue;
    // one name may set several inner params together (a GLU's two widths)
    const sets = (def.params ?? []).filter((q) => q.name === p.name).map((q) => `${q.node}.${q.param}`).join(', ');
    params[p.name] = { ...spec, default: p.default, doc: p.label ?? `Sets ${sets}: ${spec.doc}` } as ParamSpec;
  }
  const ports = (list: BlockDef['inputs']) => Object.fromEntries(list.map((q): [string, PortSpec] => [q.name, { role: 'data', pattern: ['B', '*'], dtype: 'any', optional: false, doc: '' }]));
  const view: NodeDef = {
    type: BLOCK_TYPE,
    label: name,
    category: BLOCK_CATEGORY,
    version: 1,
    doc: def.description ?? `A block of ${def.nodes.length} nodes. Open it to see and edit them; every instance follows.`,
    inputs: ports(def.inputs),
    outputs: ports(def.outputs),
    params,
    keyParams: Object.keys(params),
    infer: () => ({ error: 'blocks are inlined before shapes are inferred' }),
    apply: () => { throw new Error('blocks are inlined before they run'); },
  };
  cache.set(def, view);
  return view;
}

/** The definition the views draw a node with: its registry type, or its block. */
export function defOf(graph: Pick<Graph, 'blocks'>, node: Pick<GraphNode, 'type' | 'params'>): NodeDef | undefined {
  const block = blockNameOf(node);
  return block === undefined ? registry.get(node.type) : blockNodeDef(graph, block);
}

