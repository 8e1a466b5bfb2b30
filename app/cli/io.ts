/** Shared CLI plumbing: exit codes, loading graphs, printing errors, never a stack trace. */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { formatError, getPreset, parseGraph, PRESETS, type Graph, type GraphError, MAX_GRAPH_BYTES } from '../../engine';

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
  if (preset !== undefined && file !== undefined) usage(`give a graph file or --preset NAME, not both (got ${file} and --preset ${preset})`);
  if (preset !== undefined) {
    const p = getPreset(preset);
    if (!p) usage(`no preset "${preset}"; presets: ${PRESETS.map((x) => x.slug).join(', ')}`);
    return { graph: p.graph, source: `preset ${preset}` };
  }
  if (!file) usage('give a graph file or --preset NAME');
  const r = parseGraph(readCapped(file, MAX_GRAPH_BYTES));
  if (!r.ok) invalid(r.errors, file);
  return { graph: r.value, source: file };
}

/**
 * The text of a file, or of stdin for "-", read up to `maxBytes` whatever the
 * file system says: devices, FIFOs and pipes report no size, and /dev/zero
 * never ends. Failures are usage errors (exit 2); a leading byte-order mark is dropped.
 */
export function readCapped(file: string, maxBytes: number): string {
  const name = file === '-' ? 'stdin' : file;
  let fd: number | undefined;
  try {
    // Non-blocking, so a FIFO nobody writes to reads as empty instead of waiting forever at open.
    fd = file === '-' ? 0 : openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const chunks: Buffer[] = [];
    const buf = Buffer.allocUnsafe(1 << 20);
    let total = 0;
    for (let n = readSome(fd, buf); n > 0; n = readSome(fd, buf)) {
      total += n;
      if (total > maxBytes) throw new CliError(EXIT.usage, [`TOO_LARGE: ${name} holds more than ${Math.round(maxBytes / 1048576)} MB, the limit`]);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks, total).toString('utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(EXIT.usage, [`cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  } finally {
    if (fd !== undefined && fd !== 0) closeSync(fd);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Bytes read into `buf` (0 at the end), waiting while a pipe has nothing yet. */
function readSome(fd: number, buf: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') return 0;
      if (code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}
