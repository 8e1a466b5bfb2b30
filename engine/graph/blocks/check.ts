/**
 * Checks of the block definitions themselves, whether or not the graph uses
 * them: ports and their port nodes, exposed params, the blocks they use, and
 * blocks that would contain themselves. Each error names the block, and the
 * node inside it where there is one.
 */
import { graphError, type GraphError } from '../../errors';
import { BLOCK_INPUT_TYPE, BLOCK_OUTPUT_TYPE } from '../../nodes/block-ports';
import { INPUT_TYPE, OUTPUT_TYPE } from '../../nodes/io';
import { checkParam } from '../../registry/params';
import type { Registry } from '../../registry/registry';
import type { BlockDef, ExposedParam, Graph } from '../format';
import { blockOf, getBlock, INSTANCE_PARAMS, paramOf, selfContaining, selfContainingMessage, type Blocks } from './defs';

/** Every problem of every definition, and port nodes outside any block. */
export function checkBlocks(graph: Pick<Graph, 'nodes' | 'blocks'>, registry: Registry): GraphError[] {
  const errors: GraphError[] = [];
  for (const n of graph.nodes) {
    if (n.type === BLOCK_INPUT_TYPE || n.type === BLOCK_OUTPUT_TYPE) errors.push(graphError('BAD_BLOCK', `${n.type} "${n.id}" is one of a block's ports: it belongs inside a block definition, not on the graph itself`, { nodeId: n.id }));
  }
  const { blocks } = graph;
  for (const [name, def] of Object.entries(blocks ?? {})) checkBlock(blocks!, name, def, registry, errors);
  return errors;
}

function checkBlock(blocks: Blocks, name: string, def: BlockDef, registry: Registry, errors: GraphError[]): void {
  const at = (message: string, where: { blockNodeId?: string; path?: string } = {}) =>
    errors.push(graphError('BAD_BLOCK', `in block ${name}: ${message}`, { block: name, path: `blocks.${name}`, ...where }));
  const chain = selfContaining(blocks, name);
  if (chain) at(selfContainingMessage(chain));

  checkPorts(def, 'input', BLOCK_INPUT_TYPE, at);
  checkPorts(def, 'output', BLOCK_OUTPUT_TYPE, at);
  for (const n of def.nodes) {
    if (n.type === INPUT_TYPE || n.type === OUTPUT_TYPE) {
      at(`node "${n.id}" is an ${n.type}; inside a block the data comes in through BlockInput nodes and leaves through BlockOutput nodes`, { blockNodeId: n.id });
    }
    const used = blockOf(n);
    if (used !== undefined && !getBlock(blocks, used)) {
      errors.push(graphError('UNKNOWN_BLOCK', `in block ${name}: node "${n.id}" uses the block "${used.slice(0, 64)}", which this graph does not define`, { block: name, blockNodeId: n.id }));
    }
  }

  const first = new Map<string, ExposedParam>();
  for (const p of def.params ?? []) {
    if (INSTANCE_PARAMS.includes(p.name)) at(`an exposed param cannot be called "${p.name}": every instance has a param of that name`);
    const same = first.get(p.name);
    if (same && same.default !== p.default) at(`the exposed param "${p.name}" has two defaults, ${JSON.stringify(same.default)} and ${JSON.stringify(p.default)}; the inner params it sets share one value`);
    if (same && same.node === p.node && same.param === p.param) at(`the exposed param "${p.name}" sets "${p.node}.${p.param}" twice`);
    if (!same) first.set(p.name, p);
    const node = def.nodes.find((n) => n.id === p.node);
    if (!node) { at(`the exposed param "${p.name}" names node "${p.node}", which is not in the block`); continue; }
    const spec = paramOf(blocks, registry, node, p.param);
    if (!spec) { at(`the exposed param "${p.name}" names "${p.node}.${p.param}", which is not a param of that ${node.type}`, { blockNodeId: node.id }); continue; }
    const why = checkParam(spec, p.default);
    if (why) at(`the default of the exposed param "${p.name}" ${why}`, { blockNodeId: node.id });
  }
}

/** Each declared port once, with exactly one port node of its name, and no port node left undeclared. */
function checkPorts(def: BlockDef, side: 'input' | 'output', type: string, at: (message: string, where?: { blockNodeId?: string }) => void): void {
  const declared = (side === 'input' ? def.inputs : def.outputs).map((p) => p.name);
  const other = new Set((side === 'input' ? def.outputs : def.inputs).map((p) => p.name));
  declared.forEach((port, i) => {
    if (declared.indexOf(port) !== i) at(`two ${side}s are called "${port}"`);
    else if (side === 'output' && other.has(port)) at(`"${port}" is both an input and an output; a port node has one name`);
    const node = def.nodes.find((n) => n.id === port);
    if (!node) at(`its ${side} "${port}" has no ${type} node with the id "${port}" inside`);
    else if (node.type !== type) at(`its ${side} "${port}" must be a ${type} node; "${port}" is a ${node.type}`, { blockNodeId: port });
  });
  for (const n of def.nodes) {
    if (n.type === type && !declared.includes(n.id)) at(`the ${type} node "${n.id}" is not one of the block's ${side}s (${declared.join(', ') || 'none'})`, { blockNodeId: n.id });
  }
}
