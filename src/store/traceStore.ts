/** The Trace tab's state: the example traced and the misclassified list, as the worker measured them on the run's weights. */
import { create } from 'zustand';
import type { ExampleTrace, Misclassified } from '../../engine';
import type { FromWorker } from '../worker/protocol';
import { visibleToken } from '../tokens';

export interface TraceState {
  trace: ExampleTrace | null;
  /** The run's step whose weights were traced. */
  step: number;
  list: Misclassified[] | null;
  /** Held-out examples in the run's split. */
  heldOut: number;
  /** Names of the dataset's classes or tokens, when it has them. */
  labels: string[] | null;
  error: string | null;
  pending: boolean;
}

const EMPTY: TraceState = { trace: null, step: 0, list: null, heldOut: 0, labels: null, error: null, pending: false };

export const useTrace = create<TraceState>()(() => EMPTY);

export function receiveTrace(m: Extract<FromWorker, { type: 'trace' | 'misclassified' }>): void {
  const common = { step: m.step, error: m.error ?? null, pending: false, ...(m.labels ? { labels: m.labels } : {}) };
  if (m.type === 'trace') useTrace.setState({ ...common, ...(m.trace ? { trace: m.trace } : {}) });
  else useTrace.setState({ ...common, heldOut: m.heldOut, ...(m.list ? { list: m.list } : {}) });
}

export function forgetTrace(): void {
  if (useTrace.getState() !== EMPTY) useTrace.setState(EMPTY, true);
}

export const markTracePending = () => useTrace.setState({ pending: true, error: null });

/** The readable name of class or token `id`. */
export const nameOf = (labels: string[] | null, id: number): string => visibleToken(labels?.[id] ?? String(id));

