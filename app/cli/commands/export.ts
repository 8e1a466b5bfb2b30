/** gatelab export model.json --torch DIR: the model as a self-contained PyTorch package. */
import { existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { torchPackage } from '../../../engine';
import { startBackend } from '../backend';
import { CliError, EXIT, invalid, usage } from '../io';
import { readModelFile } from './model-file';

export interface ExportArgs {
  file?: string;
  torch?: string;
  backend?: string;
}

export async function exportCommand(a: ExportArgs): Promise<number> {
  if (!a.torch) usage('give --torch DIR: gatelab export model.json --torch DIR');
  checkTarget(a.torch);
  const file = readModelFile(a.file);
  await startBackend(a.backend); // compiling the graph for its initial weights needs one (their values come from JS: the same on any)
  const pkg = await torchPackage(file);
  if (!pkg.ok) invalid(pkg.errors, a.file!);
  let bytes = 0;
  try {
    for (const f of pkg.value) {
      const p = join(a.torch, ...f.path.split('/'));
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.content);
      bytes += typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.byteLength;
    }
  } catch (e) {
    throw new CliError(EXIT.usage, [`cannot write to ${a.torch}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  console.log(`${a.torch}: PyTorch package for "${file.graph.name}", ${pkg.value.length} files, ${(bytes / 1024).toFixed(0)} KB`);
  console.log(`  python ${join(a.torch, 'predict.py')} --input FILE    python ${join(a.torch, 'eval.py')}    torchrun --nproc_per_node N ${join(a.torch, 'train.py')}`);
  return EXIT.ok;
}

/** Kernel file systems, where "files" are live settings: never a place to write a package. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

/** The target must be a normal folder, or not exist yet, outside the kernel's file systems (links followed). */
function checkTarget(dir: string): void {
  let existing = resolve(dir);
  while (!existsSync(existing)) existing = dirname(existing);
  const real = realpathSync(existing);
  if (SYSTEM_TREES.some((t) => real === t || real.startsWith(t + sep))) usage(`--torch ${dir} lies under ${real}, a system folder; give a folder of your own`);
  if (!statSync(real).isDirectory()) usage(`--torch ${dir}: ${existing} is not a folder`);
}
