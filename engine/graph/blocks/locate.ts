/**
 * Validation runs on the flat graph, where a node inside an instance has the
 * id `glu1/s`. This puts each such error back where a person sees it: at the
 * instance on the graph (`nodeId: "glu1"`) and inside the block
 * (`block: "MyGLU"`, `blockNodeId: "s"`), worded "in block MyGLU, node "s": …".
 */
import { graphError, type GraphError } from '../../errors';
import type { Validation } from '../validate';
import { getBlock, type Blocks } from './defs';
import { BLOCK_SEP } from './expand';

export function locateError(e: GraphError, instances: ReadonlyMap<string, string>, blocks: Blocks | undefined): GraphError {
  const inEdge = !e.nodeId && e.edgeId?.includes(BLOCK_SEP);
  const id = e.nodeId ?? (inEdge ? e.edgeId : undefined);
  if (!id?.includes(BLOCK_SEP)) return e;
  const cut = id.lastIndexOf(BLOCK_SEP);
  const parent = id.slice(0, cut), inner = id.slice(cut + 1);
  const block = instances.get(parent);
  if (block === undefined) return e;
  // an instance's unconnected input: its port node inside has nothing wired in
  if (e.code === 'MISSING_INPUT' && !inEdge && getBlock(blocks, block)?.inputs.some((p) => p.name === inner)) {
    return locateError(graphError('MISSING_INPUT', `block ${block} "${parent}" needs its input "${inner}" connected`, { nodeId: parent, port: inner }), instances, blocks);
  }
  const { edgeId, ...rest } = e;
  return {
    ...rest,
    message: `in block ${block}, ${inEdge ? 'edge' : 'node'} "${inner}": ${e.message}`,
    nodeId: id.slice(0, id.indexOf(BLOCK_SEP)),
    block,
    ...(inEdge ? {} : { blockNodeId: inner, flatNodeId: id }),
    ...(edgeId && !edgeId.includes(BLOCK_SEP) ? { edgeId } : {}),
  };
}

/** Each instance's shapes at its ports, from its port nodes (for the instance's card and edges). */
export function instanceShapes(validation: Pick<Validation, 'shapes'>, instances: ReadonlyMap<string, string>, blocks: Blocks | undefined): void {
  for (const [id, name] of instances) {
    const def = getBlock(blocks, name);
    if (!def) continue;
    const side = (ports: { name: string }[]) => {
      const out: Record<string, NonNullable<ReturnType<typeof validation.shapes.get>>['outputs'][string]> = Object.create(null);
      for (const p of ports) {
        const t = validation.shapes.get(id + BLOCK_SEP + p.name)?.outputs.out;
        if (t) out[p.name] = t;
      }
      return out;
    };
    validation.shapes.set(id, { inputs: side(def.inputs), outputs: side(def.outputs) });
  }
}
