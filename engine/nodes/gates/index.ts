import type { NodeDef } from '../../registry/defineNode';

/** Gating mechanisms from the papers: one file each, one line here. */
export const GATE_NODES: readonly NodeDef[] = [];
