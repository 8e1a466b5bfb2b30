/** A one-line progress bar with the loss, on stderr, only when stderr is a terminal. */
import type { TrainEvent } from '../../engine';

export function progressReporter(label: string): ((e: TrainEvent, total: number) => void) & { done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  const report = (e: TrainEvent, total: number) => {
    if (!tty || e.kind !== 'step') return;
    const now = Date.now();
    if (now - last < 100 && e.step !== total) return;
    last = now;
    const width = 30;
    const filled = Math.round((e.step / Math.max(total, 1)) * width);
    const acc = e.accuracy !== undefined ? `  acc ${e.accuracy.toFixed(3)}` : '';
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.step}/${total}  loss ${e.loss.toFixed(4)}${acc}  `);
  };
  return Object.assign(report, { done: () => { if (tty) process.stderr.write('\n'); } });
}
