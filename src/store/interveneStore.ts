/**
 * Intervene: overrides a node reads at evaluation time (`ctx.interventions`,
 * keyed `nodeId.name`), what the page asked for, and the worker's answer.
 */
import { create } from 'zustand';
import type { InterventionResult } from '../worker/protocol';

export interface InterventionSpec {
  /** The override's name after the node id: `attn.gate`. */
  key: string;
  label: string;
  min: number;
  max: number;
  step: number;
  initial: number;
  doc: string;
}

/**
 * The overrides each node type reads. The registry has no hook for them yet,
 * so this mirrors the node files (grep `interventions?.[` in engine/nodes).
 */
export const INTERVENTIONS: Readonly<Record<string, readonly InterventionSpec[]>> = {
  GatedAttention: [{ key: 'gate', label: 'clamp every gate to', min: 0, max: 1, step: 0.05, initial: 0, doc: 'Every head’s gate set to this value: 0 silences the layer, 1 removes the gate.' }],
  ZeroGatedInjection: [{ key: 'gate', label: 'clamp the injection gate to', min: -1, max: 1, step: 0.05, initial: 0, doc: 'The tanh gate on the injected condition set to this value: 0 shuts the injection.' }],
  ResidualBranchGate: [{ key: 'skipRatio', label: 'force a skip ratio of', min: 0, max: 1, step: 0.05, initial: 0.5, doc: 'Share of tokens that skip the branch at evaluation (the lowest gates skip).' }],
  EarlyExitStack: [{ key: 'exit', label: 'send every example out at exit', min: 0, max: 11, step: 1, initial: 0, doc: 'Every example leaves at this exit (0 = the first head; past the last means the last).' }],
};

export interface InterveneState {
  /** Overrides switched on, `nodeId.name` → value. */
  active: Readonly<Record<string, number>>;
  result: InterventionResult | null;
  /** A request is with the worker. */
  pending: boolean;
}

export const useIntervene = create<InterveneState>()(() => ({ active: {}, result: null, pending: false }));

/** Turns one override on (a number) or off (undefined). */
export function setIntervention(key: string, value: number | undefined): void {
  const active = { ...useIntervene.getState().active };
  if (value === undefined) delete active[key];
  else active[key] = value;
  useIntervene.setState({ active });
}

let queued = false;
let sender: ((active: Record<string, number>) => void) | null = null;

/**
 * Asks for an evaluation with the active overrides. While one is with the
 * worker, the newest request waits and goes when the answer comes: dragging a
 * slider sends at most one request at a time.
 */
export function requestIntervention(send: (active: Record<string, number>) => void): void {
  sender = send;
  const s = useIntervene.getState();
  if (s.pending) { queued = true; return; }
  useIntervene.setState({ pending: true });
  send({ ...s.active });
}

export function receiveIntervention(result: InterventionResult): void {
  useIntervene.setState({ result, pending: false });
  if (queued && sender) { queued = false; requestIntervention(sender); }
}

/** A new run: its answers are not the old run's. */
export function forgetInterventionResult(): void {
  queued = false;
  if (useIntervene.getState().result || useIntervene.getState().pending) useIntervene.setState({ result: null, pending: false });
}

export function clearInterventions(): void {
  queued = false;
  useIntervene.setState({ active: {}, result: null, pending: false });
}
