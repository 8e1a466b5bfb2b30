/** One tab autosaves at a time (issue 18): a later tab is told and waits; it takes over when the first closes. */
import { describe, expect, it } from 'vitest';
import { autosaveTurn, type LocksLike } from '../../../src/persistence/autosave-turn';

/** Web Locks for one exclusive name, as the browser queues them; `close(i)` ends the i-th holder's page. */
function locks() {
  let holder: number | null = null;
  const queue: { id: number; grant: (lock: unknown) => void }[] = [];
  let next = 0;
  const api = (id: number): LocksLike => ({
    request(_name, { ifAvailable }, callback) {
      if (holder === null) { holder = id; return Promise.resolve(callback({ name: 'lock' })); }
      if (ifAvailable) return Promise.resolve(callback(null));
      return new Promise((res) => queue.push({ id, grant: (lock) => res(callback(lock)) }));
    },
  });
  return {
    tab: () => api(next++),
    close(id: number) {
      if (holder !== id) return;
      holder = null;
      const n = queue.shift();
      if (n) { holder = n.id; n.grant({ name: 'lock' }); }
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the autosave turn', () => {
  it('the first tab writes; the second is told it waits, and writes once the first closes', async () => {
    const l = locks();
    const said: string[] = [];
    const first = autosaveTurn(l.tab(), { waiting: () => said.push('1 waits'), granted: (w) => said.push(`1 granted${w ? ' after waiting' : ''}`) });
    await tick();
    const second = autosaveTurn(l.tab(), { waiting: () => said.push('2 waits'), granted: (w) => said.push(`2 granted${w ? ' after waiting' : ''}`) });
    await tick();
    expect([first(), second()]).toEqual([true, false]);
    expect(said).toEqual(['1 granted', '2 waits']);
    l.close(0);
    await tick();
    expect(second()).toBe(true);
    expect(said.at(-1)).toBe('2 granted after waiting');
  });

  it('without Web Locks every tab writes, as before', () => {
    expect(autosaveTurn(undefined, { waiting: () => {}, granted: () => {} })()).toBe(true);
  });
});
