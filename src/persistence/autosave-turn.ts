/**
 * One tab autosaves at a time, so two tabs editing at once never overwrite
 * each other's autosave. The first tab holds a Web Lock for as long as it is
 * open; a later tab is told that its edits are not autosaved, and waits in
 * line: when the tab holding the lock closes, the turn passes to it, its
 * pending edits are saved and it is told so. Without Web Locks (an old
 * browser, a page not served over HTTPS) every tab autosaves, as before.
 */
export const AUTOSAVE_LOCK = 'gatelab.autosave';

/** The part of the Web Locks API used here (navigator.locks). */
export interface LocksLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

export interface TurnEvents {
  /** Another tab is autosaving: this one waits. */
  waiting(): void;
  /** This tab may write now; `afterWaiting` when it had to wait for another tab to close. */
  granted(afterWaiting: boolean): void;
}

/** Starts taking the autosave turn; returns whether this tab may write now. */
export function autosaveTurn(locks: LocksLike | undefined, on: TurnEvents): () => boolean {
  if (!locks) return () => true;
  let mine = false;
  const hold = (afterWaiting: boolean) => (lock: unknown): Promise<void> | void => {
    if (!lock) return;
    mine = true;
    on.granted(afterWaiting);
    return new Promise<void>(() => {}); // held until the page goes away
  };
  void locks.request(AUTOSAVE_LOCK, { ifAvailable: true }, hold(false)).then(() => {
    if (mine) return;
    on.waiting();
    return locks.request(AUTOSAVE_LOCK, { ifAvailable: false }, hold(true));
  });
  return () => mine;
}
