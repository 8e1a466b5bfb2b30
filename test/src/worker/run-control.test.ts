/** Pause, Step and Stop as the training loop sees them, and one run at a time. */
import { describe, expect, it } from 'vitest';
import { RunControl, RunSlot } from '../../../src/worker/run-control';

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => { done = true; });
  await new Promise((r) => setTimeout(r, 0));
  return done;
};

describe('RunControl', () => {
  it('holds while paused, lets one step through per Step, and runs freely after Resume', async () => {
    const r = new RunControl(1, true);
    expect(r.holding).toBe(true);
    expect(r.moving).toBe(false);
    const woken = r.wait();
    r.step();
    r.step();
    expect(await settled(woken)).toBe(true);
    expect(r.holding).toBe(false);
    r.tookStep();
    expect(r.holding).toBe(false);
    r.tookStep();
    expect(r.holding).toBe(true);
    r.tookStep(); // no step owed: stays at none
    expect(r.moving).toBe(false);
    const again = r.wait();
    r.resume();
    expect(await settled(again)).toBe(true);
    expect([r.paused, r.holding, r.moving]).toEqual([false, false, true]);
  });

  it('Resume forgets Steps still owed, so a later Pause holds at once', () => {
    const r = new RunControl(1, true);
    r.step();
    r.resume();
    r.pause();
    expect(r.holding).toBe(true);
  });

  it('Stop wakes a paused loop and ends holding', async () => {
    const r = new RunControl(1, true);
    const woken = r.wait();
    r.stop();
    expect(await settled(woken)).toBe(true);
    expect(r.holding).toBe(false);
  });

  it('Pause while running does not wake anything, and holds before the next step', async () => {
    const r = new RunControl(1, false);
    expect(r.holding).toBe(false);
    r.pause();
    expect(r.holding).toBe(true);
  });
});

describe('RunSlot', () => {
  it('registers a run at once, starts it only after the previous one has ended, and clears itself', async () => {
    const slot = new RunSlot();
    const order: string[] = [];
    let release!: () => void;
    const first = slot.start(1, false, async (r) => {
      order.push('1 starts');
      await new Promise<void>((res) => { release = res; });
      order.push(`1 ends (stopped ${r.stopped})`);
    }, () => {});
    await Promise.resolve();
    const second = slot.start(2, true, async () => { order.push('2 starts'); }, () => {});
    // A Step sent right after Start finds run 2.
    expect(slot.current).toBe(second);
    expect(first.stopped).toBe(true);
    expect(order).toEqual(['1 starts']);
    release();
    await second.done;
    expect(order).toEqual(['1 starts', '1 ends (stopped true)', '2 starts']);
    expect(slot.current).toBeNull();
  });

  it('a run stopped before it began never runs; stop() settles once the run has ended', async () => {
    const slot = new RunSlot();
    let release!: () => void;
    slot.start(1, false, () => new Promise<void>((res) => { release = res; }), () => {});
    await Promise.resolve();
    let ran = false;
    slot.start(2, false, async () => { ran = true; }, () => {});
    const stopped = slot.stop();
    release();
    await stopped;
    expect(ran).toBe(false);
    expect(slot.current).toBeNull();
  });

  it('hands what a run throws to onError', async () => {
    const slot = new RunSlot();
    const seen: unknown[] = [];
    const r = slot.start(3, false, async () => { throw new Error('boom'); }, (run, err) => seen.push([run.id, (err as Error).message]));
    await r.done;
    expect(seen).toEqual([[3, 'boom']]);
  });
});
