/**
 * gatelab predict model.json --input FILE: FILE holds {"inputs": [...]}, a
 * batch of examples as nested arrays (or {"inputs": {"x": [...], ...}} for a
 * graph reading several fields); stdout gets {"outputs": [...]}, what reaches
 * the Output node (the logits), one entry per example.
 */
import { predictBatch } from '../../../engine';
import { startBackend } from '../backend';
import { CliError, EXIT } from '../io';
import { compileModelFile, readModelFile, readText } from './model-file';

export interface PredictArgs {
  file?: string;
  input?: string;
  backend?: string;
}

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

function bad(source: string, message: string): never {
  throw new CliError(EXIT.usage, [`${source}: ${message}`]);
}

export async function predictCommand(a: PredictArgs): Promise<number> {
  if (!a.input) throw new CliError(EXIT.usage, ['give --input FILE, a JSON file {"inputs": [...]} (or - for stdin)', "Run 'gatelab help' for usage."]);
  await startBackend(a.backend);
  const file = readModelFile(a.file);
  let doc: unknown;
  const text = readText(a.input, '--input FILE', MAX_INPUT_BYTES);
  try {
    doc = JSON.parse(text);
  } catch (e) {
    bad(a.input, `not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('inputs' in doc)) bad(a.input, 'expected a JSON object {"inputs": [...]}');
  const extra = Object.keys(doc).filter((k) => k !== 'inputs');
  if (extra.length) bad(a.input, `unknown field ${extra.map((k) => `"${k.slice(0, 40)}"`).join(', ')}; expected {"inputs": [...]}`);
  const compiled = await compileModelFile(file, a.file!);
  try {
    const r = await predictBatch(compiled, (doc as { inputs: unknown }).inputs);
    if (!r.ok) {
      // Inputs that do not fit are a usage error; outputs that overflow say so with their code.
      const [e] = r.errors;
      if (e!.code === 'BAD_INPUT') bad(a.input, e!.message);
      throw new CliError(EXIT.invalid, r.errors.map((x) => `${a.input}: ${x.code}: ${x.message}`));
    }
    console.log(JSON.stringify(r.value));
    return EXIT.ok;
  } finally {
    compiled.model.dispose();
  }
}
