/** Node offers wasm (default: several times faster than cpu on these models) and cpu. */
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, type BackendName } from '../../engine';
import { usage } from './io';

export const NODE_BACKENDS = ['wasm', 'cpu'] as const;

/** `--backend`, checked: one of NODE_BACKENDS, or undefined for the default. */
export function backendArg(requested: string | undefined): BackendName | undefined {
  if (requested !== undefined && !(NODE_BACKENDS as readonly string[]).includes(requested)) usage(`--backend must be ${NODE_BACKENDS.join(' or ')}`);
  return requested as BackendName | undefined;
}

export async function startBackend(requested: string | undefined): Promise<BackendName> {
  // PROD skips tfjs's debug checks and its "install tfjs-node" banner, which the CLI cannot act on.
  tf.env().set('PROD', true);
  const choice = await chooseBackend(NODE_BACKENDS, backendArg(requested));
  return choice.name;
}
