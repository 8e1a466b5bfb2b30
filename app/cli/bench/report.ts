/**
 * Running the bench's sections so that one which fails costs only its own
 * figures: it is reported as failed with its reason, and the rest are still
 * written to bench/results and printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SectionFailure {
  section: string;
  reason: string;
}

export type Log = (s: string) => void;

export interface SectionRunner {
  readonly failed: SectionFailure[];
  /** The section's figures, or null when it threw (then recorded in `failed`). */
  run<T>(section: string, f: () => Promise<T> | T): Promise<T | null>;
}

export function sectionRunner(log: Log): SectionRunner {
  const failed: SectionFailure[] = [];
  return {
    failed,
    async run(section, f) {
      try {
        return await f();
      } catch (e) {
        const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
        failed.push({ section, reason });
        log(`${section}: FAILED: ${reason}`);
        return null;
      }
    },
  };
}

/** Writes the figures as `<dir>/<name>.json`, says where, and prints them as one JSON line when asked; returns the path. */
export function saveFigures(figures: object, o: { dir: string; name: string; json: boolean; log: Log }): string {
  mkdirSync(o.dir, { recursive: true });
  const file = join(o.dir, `${o.name}.json`);
  writeFileSync(file, JSON.stringify(figures, null, 2) + '\n');
  o.log(`figures written to ${file}`);
  if (o.json) console.log(JSON.stringify(figures));
  return file;
}
