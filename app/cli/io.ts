/** Shared CLI plumbing: exit codes, loading graphs, printing errors, never a stack trace. */
import { readFileSync, statSync } from 'node:fs';
import { formatError, getPreset, parseGraph, PRESETS, type Graph, type GraphError } from '../../engine';

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** A failure the CLI reports in one line per problem and exits with. */
export class CliError extends Error {
  constructor(readonly exitCode: number, readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export function usage(message: string): never {
  throw new CliError(EXIT.usage, [message, "Run 'gatelab help' for usage."]);
}

export function invalid(errors: GraphError[], source: string): never {
  throw new CliError(EXIT.invalid, [`${source}: ${errors.length} problem${errors.length === 1 ? '' : 's'}`, ...errors.map((e) => `  ${formatError(e)}`)]);
}

/** Reads a graph file, or a preset by slug; unreadable files are usage errors (exit 2). */
export function loadGraph(file: string | undefined, preset: string | undefined): { graph: Graph; source: string } {
  if (preset !== undefined) {
    const p = getPreset(preset);
    if (!p) usage(`no preset "${preset}"; presets: ${PRESETS.map((x) => x.slug).join(', ')}`);
    return { graph: p.graph, source: `preset ${preset}` };
  }
  if (!file) usage('give a graph file or --preset NAME');
  let text: string;
  try {
    if (statSync(file).size > 64 * 1024 * 1024) usage(`${file} is larger than 64 MB`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(EXIT.usage, [`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  const r = parseGraph(text);
  if (!r.ok) invalid(r.errors, file);
  return { graph: r.value, source: file };
}
