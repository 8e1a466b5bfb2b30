/** The exit explorer's table (from the worker) and the threshold being tried; replays are computed by the engine. */
import { create } from 'zustand';
import type { ExitTable } from '../../engine';
import type { FromWorker } from '../worker/protocol';

export interface ExitState {
  table: ExitTable | null;
  /** The run's step whose weights the table was measured on. */
  step: number;
  error: string | null;
  pending: boolean;
  threshold: number;
}

export const useExits = create<ExitState>()(() => ({ table: null, step: 0, error: null, pending: false, threshold: 0.9 }));

export function receiveExitTable(m: Extract<FromWorker, { type: 'exitTable' }>): void {
  useExits.setState({ table: m.table ?? null, step: m.step, error: m.error ?? null, pending: false });
}

export function forgetExitTable(): void {
  if (useExits.getState().table || useExits.getState().pending) useExits.setState({ table: null, error: null, pending: false });
}

export const setThreshold = (threshold: number) => useExits.setState({ threshold });
export const markExitPending = () => useExits.setState({ pending: true, error: null });
