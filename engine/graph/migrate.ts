/**
 * Upgrades older files one version step at a time, at two levels:
 * - the graph format (`version` at the top of the file): STEPS below; version 1 is the first.
 * - each node type (`version` on a node; absent in files written before node versions, which
 *   means 1): the type's own `migrate[v]` turns params written for version v into version v + 1.
 *   Variant settings (`"node.param": value`) go through the same steps, so a renamed param is
 *   renamed there too. A node leaves at its type's current version, so a saved file records
 *   which params its values were written for.
 */
import { graphError, type GraphError } from '../errors';
import type { NodeDef } from '../registry/defineNode';
import type { Registry } from '../registry/registry';
import type { Graph, GraphNode } from './format';

const STEPS: Record<number, (g: Record<string, unknown>) => Record<string, unknown>> = {};

export function migrateGraph(g: Record<string, unknown>): Record<string, unknown> {
  let out = g;
  for (let v = out.version as number; STEPS[v]; v++) out = STEPS[v]!(out);
  return out;
}

type Params = NonNullable<GraphNode['params']>;
type ParamValue = Params[string];
/** The type and the version each node was written for, by node id. */
type Origins = Map<string, { def: NodeDef; version: number }>;

/** Params written for version `from` of a node type, as its current version reads them. */
function upgradeParams(def: NodeDef, from: number, params: Params): Params {
  let out: Record<string, unknown> = params;
  for (let v = from; v < def.version; v++) out = def.migrate![v]!(out);
  return out as Params;
}

/** One variant setting `"node.param": value`, upgraded as its node's params are (a renamed param is renamed here too). */
function upgradeSetting([key, value]: [string, ParamValue], from: Origins): [string, ParamValue][] {
  const dot = key.indexOf('.');
  const node = dot < 0 ? undefined : from.get(key.slice(0, dot));
  if (!node) return [[key, value]];
  const id = key.slice(0, dot);
  return Object.entries(upgradeParams(node.def, node.version, { [key.slice(dot + 1)]: value })).map(([param, v]) => [`${id}.${param}`, v]);
}

/** One list of nodes brought to their types' current versions; `from` records where each began. */
function upgradeNodes(list: readonly GraphNode[], registry: Registry, path: string, errors: GraphError[], from?: Origins): GraphNode[] {
  return list.map((node, i) => {
    const def = registry.get(node.type);
    if (!def) return node; // validation names the unknown type (a Block node has no type version)
    const version = node.version ?? 1;
    if (version > def.version) {
      errors.push(graphError('BAD_VERSION', `node "${node.id}" was saved by a newer GateLab: it is ${node.type} version ${version}, and this one reads up to version ${def.version}`, { nodeId: node.id, path: `${path}[${i}].version` }));
      return node;
    }
    from?.set(node.id, { def, version });
    return { ...node, version: def.version, ...(node.params ? { params: upgradeParams(def, version, node.params) } : {}) };
  });
}

/** Block definitions with their nodes brought to their types' current versions (a graph's, or a block file's). */
export function upgradeBlocks(blocks: NonNullable<Graph['blocks']>, registry: Registry, errors: GraphError[]): NonNullable<Graph['blocks']> {
  return Object.fromEntries(Object.entries(blocks).map(([name, def]) => {
    const from: Origins = new Map();
    const nodes = upgradeNodes(def.nodes, registry, `blocks.${name}.nodes`, errors, from);
    // an exposed param follows its inner param, as a variant setting does (a rename, a new meaning of its default)
    const params = def.params?.map((p) => {
      const [moved] = upgradeSetting([`${p.node}.${p.param}`, p.default], from);
      return moved ? { ...p, param: moved[0].slice(p.node.length + 1), default: moved[1] } : p;
    });
    return [name, { ...def, nodes, ...(params ? { params } : {}) }];
  }));
}

/** Runs every node's migrations, inside block definitions too; a node from a newer GateLab is an error, located at it. */
export function migrateNodes(graph: Graph, registry: Registry): { ok: true; value: Graph } | { ok: false; errors: GraphError[] } {
  const errors: GraphError[] = [];
  const from: Origins = new Map();
  const nodes = upgradeNodes(graph.nodes, registry, 'nodes', errors, from);
  const blocks = graph.blocks && upgradeBlocks(graph.blocks, registry, errors);
  if (errors.length) return { ok: false, errors };
  const variants = graph.variants?.map((variant) => ({ ...variant, set: Object.fromEntries(Object.entries(variant.set).flatMap((entry) => upgradeSetting(entry, from))) }));
  return { ok: true, value: { ...graph, nodes, ...(variants ? { variants } : {}), ...(blocks ? { blocks } : {}) } };
}
