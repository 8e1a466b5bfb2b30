/**
 * gatelab export model.json --torch DIR: the model as a self-contained PyTorch package.
 * gatelab export model.json --onnx FILE: the model as one ONNX file, built in JavaScript (no Python).
 */
import { existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { ONNX_OPSET, onnxModel, torchPackage, type ModelFile, type PackageFile } from '../../../engine';
import { startBackend } from '../backend';
import { CliError, EXIT, invalid, usage } from '../io';
import { readModelFile } from './model-file';

export interface ExportArgs {
  file?: string;
  torch?: string;
  onnx?: string;
  backend?: string;
}

export async function exportCommand(a: ExportArgs): Promise<number> {
  if (a.torch === undefined && a.onnx === undefined) usage('give --torch DIR or --onnx FILE: gatelab export model.json --torch DIR');
  if (a.torch !== undefined && a.onnx !== undefined) usage('give one of --torch DIR and --onnx FILE');
  if (a.torch !== undefined) checkFolder('--torch', a.torch, a.torch);
  if (a.onnx !== undefined) checkFolder('--onnx', a.onnx, dirname(resolve(a.onnx)));
  const file = readModelFile(a.file);
  await startBackend(a.backend); // compiling the graph for its initial weights needs one (their values come from JS: the same on any)
  return a.onnx !== undefined ? writeOnnx(file, a.file!, a.onnx) : writeTorch(file, a.file!, a.torch!);
}

function cannotWrite(target: string, e: unknown): never {
  throw new CliError(EXIT.usage, [`cannot write to ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
}

async function writeOnnx(file: ModelFile, source: string, target: string): Promise<number> {
  const onnx = await onnxModel(file);
  if (!onnx.ok) invalid(onnx.errors, source);
  try {
    writeFileSync(target, onnx.value.bytes);
  } catch (e) {
    cannotWrite(target, e);
  }
  const shown = (v: { name: string; dtype: string; dims: (number | string)[] }) => `"${v.name}" ${v.dtype} [${v.dims.join(', ')}]`;
  console.log(`${target}: ONNX model (opset ${ONNX_OPSET}) of "${file.graph.name}", ${(onnx.value.bytes.byteLength / 1024).toFixed(0)} KB`);
  console.log(`  ${onnx.value.inputs.map(shown).join(', ')} → ${onnx.value.outputs.map(shown).join(', ')}; the GateLab graph is in its metadata (gatelab/graph)`);
  return EXIT.ok;
}

async function writeTorch(file: ModelFile, source: string, dir: string): Promise<number> {
  const pkg = await torchPackage(file);
  if (!pkg.ok) invalid(pkg.errors, source);
  let bytes = 0;
  try {
    bytes = writePackageFiles(dir, pkg.value);
  } catch (e) {
    cannotWrite(dir, e);
  }
  console.log(`${dir}: PyTorch package for "${file.graph.name}", ${pkg.value.length} files, ${(bytes / 1024).toFixed(0)} KB`);
  console.log(`  python ${join(dir, 'predict.py')} --input FILE    python ${join(dir, 'eval.py')}    torchrun --nproc_per_node N ${join(dir, 'train.py')}`);
  return EXIT.ok;
}

/** Writes a package's files under `dir`, making folders as needed; returns the bytes written. */
export function writePackageFiles(dir: string, files: readonly PackageFile[]): number {
  let bytes = 0;
  for (const f of files) {
    const p = join(dir, ...f.path.split('/'));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
    bytes += typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.byteLength;
  }
  return bytes;
}

/** Kernel file systems, where "files" are live settings: never a place to write an export. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

/** The folder written into must be a normal folder, or not exist yet, outside the kernel's file systems (links followed). */
function checkFolder(flag: string, given: string, dir: string): void {
  let existing = resolve(dir);
  while (!existsSync(existing)) existing = dirname(existing);
  const real = realpathSync(existing);
  if (SYSTEM_TREES.some((t) => real === t || real.startsWith(t + sep))) usage(`${flag} ${given} lies under ${real}, a system folder; give a folder of your own`);
  if (!statSync(real).isDirectory()) usage(`${flag} ${given}: ${existing} is not a folder`);
}
