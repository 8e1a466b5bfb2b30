/** The PyTorch export's registry: every family's modules and helpers, keyed by node type. Adding a family = one file + one line here. */
import { CORE_HELPERS, type PyHelper } from './common';
import { CORE_TORCH } from './core';
import { ATTENTION_TORCH } from './attention';
import { RESIDUAL_GATES_TORCH } from './gates-residual';
import { ACTIVATION_GATES_TORCH, ACTIVATION_HELPERS } from './gates-activation';
import { MOE_TORCH, ROUTER_HELPERS } from './gates-moe';
import { SKIP_TORCH } from './gates-skip';
import { ZERO_SHOT_HELPERS, ZERO_SHOT_TORCH } from './gates-zero-shot';
import { VOCAB_TORCH } from './gates-vocab';
import { TOKEN_TORCH } from './gates-tokens';
import { CONTEXT_TORCH } from './gates-context';
import { EXIT_TORCH } from './gates-exit';
import { POSTHOC_TORCH } from './gates-posthoc';
import type { TorchNode } from './registry';

const FAMILIES: readonly (readonly TorchNode[])[] = [
  CORE_TORCH, ATTENTION_TORCH, RESIDUAL_GATES_TORCH, ACTIVATION_GATES_TORCH, MOE_TORCH, SKIP_TORCH, ZERO_SHOT_TORCH, VOCAB_TORCH,
  TOKEN_TORCH, CONTEXT_TORCH, EXIT_TORCH, POSTHOC_TORCH,
];

export const TORCH_HELPERS: Record<string, PyHelper> = { ...CORE_HELPERS, ...ACTIVATION_HELPERS, ...ROUTER_HELPERS, ...ZERO_SHOT_HELPERS };

export const TORCH_NODES: ReadonlyMap<string, TorchNode> = (() => {
  const m = new Map<string, TorchNode>();
  for (const fam of FAMILIES) {
    for (const n of fam) {
      if (m.has(n.type)) throw new Error(`two PyTorch modules for node type "${n.type}"`);
      m.set(n.type, n);
    }
  }
  return m;
})();

/** Node types the compiler feeds or reads itself: no module. */
export const WIRING_TYPES: ReadonlySet<string> = new Set(['Input', 'Output']);

export function torchNodeFor(type: string): TorchNode | undefined {
  return TORCH_NODES.get(type);
}
