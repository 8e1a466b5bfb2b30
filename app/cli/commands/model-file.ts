/** Reading model files for eval, predict and export: unreadable → exit 2, invalid → exit 1 with located errors. */
import { readFileSync, statSync } from 'node:fs';
import { parseModel, loadModel, MAX_MODEL_BYTES, type ModelFile } from '../../../engine/serialize';
import type { Compiled } from '../../../engine';
import { CliError, EXIT, invalid, usage } from '../io';

/** Text of a file (or stdin for "-"), with a size limit; failures are usage errors. */
export function readText(file: string | undefined, what: string, maxBytes: number): string {
  if (!file) usage(`give ${what}`);
  try {
    if (file === '-') return readFileSync(0, 'utf8');
    if (statSync(file).size > maxBytes) usage(`${file} is larger than ${Math.round(maxBytes / 1048576)} MB`);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(EXIT.usage, [`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
}

export function readModelFile(file: string | undefined): ModelFile {
  const text = readText(file, 'a model file (gatelab train --out model.json makes one)', MAX_MODEL_BYTES);
  const r = parseModel(text);
  if (!r.ok) invalid(r.errors, file!);
  return r.value;
}

/** The model compiled with its weights loaded; the caller disposes it. */
export function compileModelFile(file: ModelFile, source: string): Compiled {
  const r = loadModel(file);
  if (!r.ok) invalid(r.errors, source);
  return r.value;
}
