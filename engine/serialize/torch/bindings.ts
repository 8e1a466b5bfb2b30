/** Which node types the PyTorch export can write: their `torch` bindings, read from the node registry. */
import { graphError, type GraphError } from '../../errors';
import type { Graph } from '../../graph/format';
import { expandBlocks } from '../../graph/blocks/expand';
import { NOT_EXPORTED, WIRING_TYPES } from '../../nodes';
import type { ParamValue } from '../../registry/params';
import { registry } from '../../registry/default';
import type { Registry } from '../../registry/registry';
import type { TorchBinding } from '../../registry/torch';

export function torchBindingFor(type: string): TorchBinding | undefined {
  return registry.get(type)?.torch;
}

/** Every node the export cannot write (its type on NOT_EXPORTED, without a binding, or unknown), one error each, naming its type. */
export function unsupportedNodes(nodes: readonly { id: string; type: string }[], reg: Registry = registry, notExported: ReadonlySet<string> = NOT_EXPORTED): GraphError[] {
  return nodes
    .filter((n) => !WIRING_TYPES.has(n.type) && (notExported.has(n.type) || !reg.get(n.type)?.torch))
    .map((n) => (reg.get(n.type)
      ? graphError('NOT_EXPORTED', `node "${n.id}" is a ${n.type}, which runs in GateLab only: the PyTorch export has no module for it, so this graph cannot be exported`, { nodeId: n.id })
      : graphError('UNKNOWN_NODE_TYPE', `node "${n.id}" has type "${n.type}", which GateLab does not know`, { nodeId: n.id })));
}

/** Nodes that draw random numbers while training with their params (their training losses differ draw by draw); inside blocks by their flat ids. */
export function stochasticNodes(graph: Graph): string[] {
  return expandBlocks(graph, registry).graph.nodes.filter((n) => {
    const def = registry.get(n.type);
    const stochastic = def?.torch?.stochastic;
    if (!def || !stochastic) return false;
    const params: Record<string, ParamValue> = {};
    for (const [k, spec] of Object.entries(def.params)) params[k] = n.params?.[k] ?? spec.default;
    return stochastic(params as never);
  }).map((n) => n.id);
}
