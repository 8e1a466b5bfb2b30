/**
 * Quantum sandbox (multi-controlled quantum gates): a teaching device, not a trainable node.
 *
 * A tiny state-vector simulator for up to 12 qubits, enough to watch what a
 * multi-controlled gate does: MC-X flips its target qubit exactly when all of
 * its n control qubits are |1⟩ (CNOT is n = 1, Toffoli n = 2). It sits beside
 * the SoftAndGate node, whose "open only when every control agrees" is the
 * trainable analogue of that logic; in the quantum gate nothing is learned, the
 * operation is unitary and reversible, and "gate" means "controlled operation",
 * not a multiplicative attenuator.
 *
 * Conventions. A state of k qubits is 2^k complex amplitudes, stored as two
 * Float64Arrays (real, imaginary parts); plain arrays rather than tensors, so
 * nothing has to be disposed and every function is pure (it returns a new state).
 * Qubit 0 is written first in a ket: index i = Σ_q bit_q · 2^(k−1−q), so |011⟩
 * (qubit 0 is 0, qubits 1 and 2 are 1) is index 3, as in Nielsen & Chuang.
 *
 * The CNOT-count meter compares, on a line of qubits where only neighbours can
 * interact, the cost of one long-range CNOT made of SWAP chains with the bound
 * of the paper (Multi-Controlled Quantum Gates in Linear Nearest Neighbor):
 * an MC-X with n controls on k qubits in at most about 4k + 8n CNOTs. Only the
 * formula is shown; no claim about the paper's circuits is made here.
 */

export const MAX_QUBITS = 12;

export interface QuantumState {
  readonly qubits: number;
  /** Real parts of the 2^k amplitudes. */
  readonly re: Float64Array;
  /** Imaginary parts of the 2^k amplitudes. */
  readonly im: Float64Array;
}

/** Gates that only permute basis states: they have a classical truth table. */
export type ClassicalGate =
  | { kind: 'X'; target: number }
  | { kind: 'CNOT'; control: number; target: number }
  | { kind: 'Toffoli'; controls: readonly [number, number]; target: number }
  | { kind: 'MCX'; controls: readonly number[]; target: number };

export type Gate = ClassicalGate | { kind: 'H'; target: number };

/** The qubits a gate conditions on (none for X and H). */
export function controlsOf(g: Gate): readonly number[] {
  switch (g.kind) {
    case 'X': case 'H': return [];
    case 'CNOT': return [g.control];
    case 'Toffoli': case 'MCX': return g.controls;
  }
}

/** Why a gate cannot act on k qubits, in words, or null when it can. */
export function checkGate(k: number, g: Gate): string | null {
  const used = [...controlsOf(g), g.target];
  for (const q of used) {
    if (!Number.isInteger(q) || q < 0 || q >= k) return `qubit ${q} does not exist: there are ${k} qubits, numbered 0 to ${k - 1}`;
  }
  if (new Set(used).size !== used.length) return 'a gate cannot use the same qubit twice (as a control and the target, or as two controls)';
  return null;
}

function checkQubits(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_QUBITS) throw new Error(`the sandbox simulates 1 to ${MAX_QUBITS} qubits, not ${k}`);
}

/** Mask of qubit q's bit in a basis index. */
const bit = (k: number, q: number): number => 1 << (k - 1 - q);

/** The basis state |b⟩, from its index or its label ('0110', qubit 0 first). */
export function basisState(k: number, which: number | string): QuantumState {
  checkQubits(k);
  const index = typeof which === 'string' ? parseBits(k, which) : which;
  if (!Number.isInteger(index) || index < 0 || index >= 1 << k) throw new Error(`there is no basis state ${which} for ${k} qubits`);
  const re = new Float64Array(1 << k);
  re[index] = 1;
  return { qubits: k, re, im: new Float64Array(1 << k) };
}

function parseBits(k: number, bits: string): number {
  const s = bits.replace(/^\|/, '').replace(/⟩$|>$/, '');
  if (s.length !== k || /[^01]/.test(s)) throw new Error(`"${bits}" is not a ${k}-qubit basis label of 0s and 1s`);
  return parseInt(s, 2);
}

/** A state from explicit amplitudes (imaginary parts default to 0); they must have unit norm. */
export function stateFrom(re: readonly number[], im: readonly number[] = []): QuantumState {
  const k = Math.log2(re.length);
  if (!Number.isInteger(k)) throw new Error(`a state needs 2^k amplitudes; got ${re.length}`);
  checkQubits(k);
  const s = { qubits: k, re: Float64Array.from(re), im: Float64Array.from({ length: re.length }, (_, i) => im[i] ?? 0) };
  const norm = probabilities(s).reduce((a, b) => a + b, 0);
  if (Math.abs(norm - 1) > 1e-9) throw new Error(`amplitudes must have squared magnitudes summing to 1; they sum to ${norm}`);
  return s;
}

/** The ket label of a basis index: ket(3, 3) = '|011⟩'. */
export function ket(index: number, k: number): string {
  return `|${index.toString(2).padStart(k, '0')}⟩`;
}

/** Applies one gate; returns a new state. */
export function applyGate(s: QuantumState, g: Gate): QuantumState {
  const k = s.qubits;
  const why = checkGate(k, g);
  if (why) throw new Error(why);
  const re = Float64Array.from(s.re), im = Float64Array.from(s.im);
  const t = bit(k, g.target);
  if (g.kind === 'H') {
    for (let i = 0; i < re.length; i++) {
      if (i & t) continue;
      const j = i | t;
      const [ar, ai, br, bi] = [re[i]!, im[i]!, re[j]!, im[j]!];
      re[i] = (ar + br) * Math.SQRT1_2; im[i] = (ai + bi) * Math.SQRT1_2;
      re[j] = (ar - br) * Math.SQRT1_2; im[j] = (ai - bi) * Math.SQRT1_2;
    }
    return { qubits: k, re, im };
  }
  // X, CNOT, Toffoli, MC-X: swap |…0…⟩ and |…1…⟩ on the target where every control is 1.
  const need = controlsOf(g).reduce((m, q) => m | bit(k, q), 0);
  for (let i = 0; i < re.length; i++) {
    if (i & t || (i & need) !== need) continue;
    const j = i | t;
    [re[i], re[j]] = [re[j]!, re[i]!];
    [im[i], im[j]] = [im[j]!, im[i]!];
  }
  return { qubits: k, re, im };
}

/** Applies gates in order. */
export function runCircuit(s: QuantumState, gates: readonly Gate[]): QuantumState {
  return gates.reduce(applyGate, s);
}

/** Probability of measuring each basis state: |amplitude|². */
export function probabilities(s: QuantumState): Float64Array {
  return s.re.map((r, i) => r * r + s.im[i]! * s.im[i]!);
}

export interface AmplitudeRow {
  ket: string;
  re: number;
  im: number;
  probability: number;
}

/** The basis states with a non-negligible amplitude, in index order: what a student reads off. */
export function describeState(s: QuantumState, eps = 1e-12): AmplitudeRow[] {
  const out: AmplitudeRow[] = [];
  const p = probabilities(s);
  for (let i = 0; i < p.length; i++) if (p[i]! > eps) out.push({ ket: ket(i, s.qubits), re: s.re[i]!, im: s.im[i]!, probability: p[i]! });
  return out;
}

export interface TruthRow {
  input: string;
  output: string;
  /** Whether the gate changed this basis state (for MC-X: all controls were 1). */
  flipped: boolean;
}

/** Where a classical gate sends every basis state of k qubits. */
export function truthTable(k: number, g: ClassicalGate): TruthRow[] {
  checkQubits(k);
  const rows: TruthRow[] = [];
  for (let i = 0; i < 1 << k; i++) {
    const out = applyGate(basisState(k, i), g);
    const j = out.re.findIndex((v) => Math.abs(v - 1) < 1e-12);
    rows.push({ input: ket(i, k), output: ket(j, k), flipped: i !== j });
  }
  return rows;
}

/**
 * CNOTs for one CNOT between qubits `distance` apart on a line, by SWAP chains:
 * SWAP the control along to the target's neighbour (distance − 1 SWAPs of 3 CNOTs),
 * apply the CNOT, and SWAP back: 6·(distance − 1) + 1.
 */
export function swapChainCnotCount(distance: number): number {
  if (!Number.isInteger(distance) || distance < 1) throw new Error('qubits on a line are at least 1 apart');
  return 6 * (distance - 1) + 1;
}

/** The paper's bound for an MC-X with n controls on a line of k qubits (one dirty ancilla): at most about 4k + 8n CNOTs. */
export function paperMcxCnotBound(k: number, n: number): number {
  return 4 * k + 8 * n;
}

export interface CnotMeter {
  /** The paper's bound 4k + 8n. */
  paperBound: number;
  /** One long-range CNOT over the whole line (control and target at the two ends) by SWAP chains. */
  swapChainEndToEnd: number;
}

/** Both counts for a line of k qubits and an MC-X with n controls, side by side. */
export function cnotMeter(k: number, n: number): CnotMeter {
  checkQubits(k);
  if (!Number.isInteger(n) || n < 1 || n > k - 1) throw new Error(`an MC-X on ${k} qubits has 1 to ${k - 1} controls, not ${n}`);
  return { paperBound: paperMcxCnotBound(k, n), swapChainEndToEnd: swapChainCnotCount(k - 1) };
}
