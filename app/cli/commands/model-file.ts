/** Reading model files for eval, predict and export: unreadable → exit 2, invalid → exit 1 with located errors. */
import { heldOutOverflow, parseModel, loadModel, MAX_MODEL_BYTES, type ModelFile, type Compiled } from '../../../engine';
import { invalid, readCapped, usage } from '../io';

/** Text of a file (or stdin for "-"), with a size limit; failures are usage errors. */
export function readText(file: string | undefined, what: string, maxBytes: number): string {
  if (!file) usage(`give ${what}`);
  return readCapped(file, maxBytes);
}

export function readModelFile(file: string | undefined): ModelFile {
  const text = readText(file, 'a model file (gatelab train --out model.json makes one)', MAX_MODEL_BYTES);
  const r = parseModel(text);
  if (!r.ok) invalid(r.errors, file!);
  return r.value;
}

/** The model compiled with its weights loaded and tried on its own held-out data; the caller disposes it. */
export async function compileModelFile(file: ModelFile, source: string): Promise<Compiled> {
  const r = loadModel(file);
  if (!r.ok) invalid(r.errors, source);
  const errors = await heldOutOverflow(r.value);
  if (errors.length) {
    r.value.model.dispose();
    invalid(errors, source);
  }
  return r.value;
}
