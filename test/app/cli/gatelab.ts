/** Runs the real CLI (app/cli/gatelab.mjs) in a child process; the first call bundles it, hence the long timeout. */
import { spawnSync } from 'node:child_process';

export function gatelab(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['app/cli/gatelab.mjs', ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
