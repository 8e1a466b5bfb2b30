/**
 * Massive activations: the largest output magnitude of every node in a probe
 * pass (hidden states that grow far beyond the rest, often on the first
 * token, come with attention sinks). The forward pass records, for each
 * float output of rank ≥ 2, the pair [max |x|, mean |x|] under this name.
 */
export const ACTIVATION_STAT = '@activation';
