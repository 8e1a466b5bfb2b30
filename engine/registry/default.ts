import { createRegistry } from './registry';
import { ALL_NODES } from '../nodes';

/** The built-in registry every front end reads: palette, inspector, CLI, validation. */
export const registry = createRegistry(ALL_NODES);
