/**
 * Block files (`gatelab/blocks` v1): block definitions on their own, to keep
 * in a library or carry to another graph. A block travels with every block
 * it uses; adding a file to a graph reuses a definition the graph already has
 * and renames one whose name is taken by a different definition.
 *
 *   { "format": "gatelab/blocks", "version": 1, "blocks": { "MyGLU": { ...a definition... } } }
 */
import { graphError, type GraphError } from '../../errors';
import { registry as builtIn } from '../../registry/default';
import type { Registry } from '../../registry/registry';
import { BLOCKS_FORMAT, BLOCKS_VERSION, blocksFileSchema, type BlockDef, type BlocksFile, type Graph } from '../format';
import { upgradeBlocks } from '../migrate';
import { parseJsonText, zodErrors, type Parsed } from '../parse';
import { checkBlocks } from './check';
import { blockOf, getBlock, usedBlocks, type Blocks } from './defs';

export const MAX_BLOCKS_BYTES = 2 * 1024 * 1024;

/** The named blocks and every block they use, as a file. */
export function blocksFile(graph: Pick<Graph, 'blocks'>, names: readonly string[]): BlocksFile {
  const wanted = new Set<string>();
  const visit = (name: string) => {
    const def = getBlock(graph.blocks, name);
    if (!def || wanted.has(name)) return;
    wanted.add(name);
    usedBlocks(def).forEach(visit);
  };
  names.forEach(visit);
  return { format: BLOCKS_FORMAT, version: BLOCKS_VERSION, blocks: Object.fromEntries([...wanted].map((n) => [n, graph.blocks![n]!])) };
}

/** A parsed JSON value → a checked block file (node versions migrated), or located errors. */
export function parseBlocksValue(value: unknown, registry: Registry = builtIn): Parsed<BlocksFile> {
  const v = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  if (v.format !== BLOCKS_FORMAT) return { ok: false, errors: [graphError('BAD_FORMAT', `"format" must be "${BLOCKS_FORMAT}"; got ${JSON.stringify(v.format ?? null).slice(0, 60)}`, { path: 'format' })] };
  if (v.version !== BLOCKS_VERSION) return { ok: false, errors: [graphError('BAD_VERSION', `block file version ${JSON.stringify(v.version ?? null).slice(0, 20)} is not supported; this GateLab reads version ${BLOCKS_VERSION}`, { path: 'version' })] };
  const r = blocksFileSchema.safeParse(v);
  if (!r.success) return { ok: false, errors: zodErrors(r.error.issues, v) };
  const errors: GraphError[] = [];
  const blocks = upgradeBlocks(r.data.blocks, registry, errors);
  errors.push(...checkBlocks({ nodes: [], blocks }, registry));
  return errors.length ? { ok: false, errors } : { ok: true, value: { ...r.data, blocks } };
}

export function parseBlocksFile(text: string, registry: Registry = builtIn): Parsed<BlocksFile> {
  const j = parseJsonText(text, MAX_BLOCKS_BYTES);
  return j.ok ? parseBlocksValue(j.value, registry) : j;
}

/**
 * The graph with the blocks added. A block the graph already has, the same
 * definition under the same name, is reused; one whose name is taken by a
 * different definition comes in as `Name2` (and the blocks using it follow).
 * `names` maps each added block's name to its name in the graph.
 */
export function addBlocks(graph: Graph, blocks: Blocks): { graph: Graph; names: Map<string, string> } {
  const names = new Map<string, string>();
  const out: Blocks = { ...graph.blocks };
  const add = (name: string, seen: Set<string>) => {
    if (names.has(name) || seen.has(name) || !getBlock(blocks, name)) return;
    seen.add(name);
    const def = blocks[name]!;
    usedBlocks(def).forEach((u) => add(u, seen)); // what it uses first: their names decide its references
    const renamed: BlockDef = { ...def, nodes: def.nodes.map((n) => { const b = blockOf(n); return b && names.has(b) ? { ...n, params: { ...n.params, block: names.get(b)! } } : n; }) };
    let target = name;
    for (let i = 2; getBlock(out, target) && JSON.stringify(out[target]) !== JSON.stringify(renamed); i++) target = `${name.slice(0, 60)}${i}`;
    out[target] = renamed;
    names.set(name, target);
  };
  for (const name of Object.keys(blocks)) add(name, new Set());
  return { graph: { ...graph, blocks: out }, names };
}
