/**
 * Reading block definitions: which definition a node uses, which blocks a
 * definition contains, a chain of blocks that would contain itself, and the
 * param spec behind an exposed param.
 */
import type { BlockDef, Graph, GraphNode } from '../format';
import { BLOCK_TYPE } from '../../nodes/block-ports';
import type { Registry } from '../../registry/registry';
import type { ParamSpec } from '../../registry/params';

export type Blocks = NonNullable<Graph['blocks']>;

/** The instance param that shares another instance's weights: `"tie": "glu1"`. */
export const TIE = 'tie';
/** Params every instance has, which no exposed param may be called: its block, and the instance it is tied to. */
export const INSTANCE_PARAMS: readonly string[] = ['block', TIE];

/** The definition a `Block` node uses, or undefined for any other node. */
export function blockOf(node: GraphNode): string | undefined {
  if (node.type !== BLOCK_TYPE) return undefined;
  const b = node.params?.block;
  return typeof b === 'string' ? b : '';
}

/** A definition by name, own keys only (a block called "constructor" is just a name). */
export function getBlock(blocks: Blocks | undefined, name: string): BlockDef | undefined {
  return blocks && Object.hasOwn(blocks, name) ? blocks[name] : undefined;
}

/** The blocks a definition uses directly. */
export function usedBlocks(def: Pick<BlockDef, 'nodes'>): string[] {
  return [...new Set(def.nodes.map(blockOf).filter((b): b is string => !!b))];
}

/**
 * A chain of definitions from `start` back to itself (`["A", "B", "A"]`), or
 * null when `start` does not contain itself, directly or through nesting.
 */
export function selfContaining(blocks: Blocks, start: string): string[] | null {
  const path: string[] = [];
  const done = new Set<string>();
  const visit = (name: string): string[] | null => {
    if (path.includes(name)) return name === start ? [...path, name] : null;
    if (done.has(name)) return null;
    const def = getBlock(blocks, name);
    if (!def) return null;
    path.push(name);
    for (const used of usedBlocks(def)) {
      const found = visit(used);
      if (found) return found;
    }
    path.pop();
    done.add(name);
    return null;
  };
  return visit(start);
}

/** The sentence for a block that would contain itself. */
export function selfContainingMessage(chain: readonly string[]): string {
  return chain.length === 2
    ? `block "${chain[0]}" would contain itself: a block cannot hold an instance of its own definition`
    : `block "${chain[0]}" would contain itself through ${chain.slice(1, -1).map((b) => `"${b}"`).join(' and ')} (${chain.join(' → ')}): a block cannot hold an instance of its own definition, even nested`;
}

/**
 * The specs behind an exposed param: one per inner param it sets (a GLU's
 * `width` sets the units of both its Dense layers), followed through nested
 * blocks. Empty when it names nothing (the definition checks say so).
 */
export function exposedSpecs(blocks: Blocks | undefined, registry: Registry, block: string, name: string, depth = 0): ParamSpec[] {
  const def = getBlock(blocks, block);
  if (!def || depth > 32) return [];
  return (def.params ?? []).filter((p) => p.name === name).flatMap((exp) => {
    const node = def.nodes.find((n) => n.id === exp.node);
    if (!node) return [];
    const inner = blockOf(node);
    if (inner !== undefined) return exposedSpecs(blocks, registry, inner, exp.param, depth + 1);
    const spec = paramOf(blocks, registry, node, exp.param);
    return spec ? [spec] : [];
  });
}

/** The spec of a param of a node: its type's, or for a Block node the param its block exposes under that name. */
export function paramOf(blocks: Blocks | undefined, registry: Registry, node: GraphNode, param: string): ParamSpec | undefined {
  const block = blockOf(node);
  if (block !== undefined) return exposedSpec(blocks, registry, block, param);
  const params = registry.get(node.type)?.params;
  return params && Object.hasOwn(params, param) ? params[param] : undefined;
}

/** The spec of an exposed param (its first inner param's), or undefined. */
export function exposedSpec(blocks: Blocks | undefined, registry: Registry, block: string, name: string): ParamSpec | undefined {
  return exposedSpecs(blocks, registry, block, name)[0];
}
