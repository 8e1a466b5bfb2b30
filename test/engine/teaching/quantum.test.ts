import { describe, expect, it } from 'vitest';
import {
  applyGate, basisState, checkGate, cnotMeter, describeState, ket, MAX_QUBITS, paperMcxCnotBound, probabilities,
  runCircuit, stateFrom, swapChainCnotCount, truthTable, type Gate,
} from '../../../engine/teaching/quantum';

const H = Math.SQRT1_2;

describe('quantum sandbox', () => {
  it('labels kets with qubit 0 first', () => {
    expect(ket(3, 3)).toBe('|011⟩');
    expect(basisState(3, '|011⟩').re[3]).toBe(1);
    expect(basisState(3, '100').re[4]).toBe(1);
  });

  it('Toffoli truth table: flips the target only on |11x⟩', () => {
    const rows = truthTable(3, { kind: 'Toffoli', controls: [0, 1], target: 2 });
    expect(rows.map((r) => `${r.input}->${r.output}`)).toEqual([
      '|000⟩->|000⟩', '|001⟩->|001⟩', '|010⟩->|010⟩', '|011⟩->|011⟩',
      '|100⟩->|100⟩', '|101⟩->|101⟩', '|110⟩->|111⟩', '|111⟩->|110⟩',
    ]);
  });

  it('MC-X with 3 controls flips the target exactly when all controls are |1⟩, wherever they sit', () => {
    const rows = truthTable(5, { kind: 'MCX', controls: [4, 0, 2], target: 1 });
    const flipped = rows.filter((r) => r.flipped).map((r) => `${r.input}->${r.output}`);
    // qubits 0, 2, 4 are 1; qubit 3 is free; qubit 1 (the target) flips
    expect(flipped).toEqual(['|10101⟩->|11101⟩', '|10111⟩->|11111⟩', '|11101⟩->|10101⟩', '|11111⟩->|10111⟩']);
    expect(rows).toHaveLength(32);
  });

  it('CNOT and Toffoli are MC-X with one and two controls', () => {
    const pairs: [Gate, Gate][] = [
      [{ kind: 'CNOT', control: 2, target: 0 }, { kind: 'MCX', controls: [2], target: 0 }],
      [{ kind: 'Toffoli', controls: [0, 2], target: 1 }, { kind: 'MCX', controls: [0, 2], target: 1 }],
    ];
    for (const [a, b] of pairs) expect(truthTable(3, a as never)).toEqual(truthTable(3, b as never));
    expect(truthTable(2, { kind: 'X', target: 1 }).map((r) => r.output)).toEqual(['|01⟩', '|00⟩', '|11⟩', '|10⟩']);
  });

  it('a superposed input: H on both controls, then Toffoli, gives ½ on |000⟩, |010⟩, |100⟩, |111⟩', () => {
    const s = runCircuit(basisState(3, 0), [{ kind: 'H', target: 0 }, { kind: 'H', target: 1 }, { kind: 'Toffoli', controls: [0, 1], target: 2 }]);
    const rows = describeState(s);
    expect(rows.map((r) => r.ket)).toEqual(['|000⟩', '|010⟩', '|100⟩', '|111⟩']);
    for (const r of rows) {
      expect(r.re).toBeCloseTo(0.5, 12);
      expect(r.im).toBe(0);
      expect(r.probability).toBeCloseTo(0.25, 12);
    }
  });

  it('H sends |1⟩ to (|0⟩ − |1⟩)/√2, and H twice is the identity', () => {
    const s = applyGate(basisState(1, 1), { kind: 'H', target: 0 });
    expect(s.re[0]).toBeCloseTo(H, 12);
    expect(s.re[1]).toBeCloseTo(-H, 12);
    const back = applyGate(s, { kind: 'H', target: 0 });
    expect(back.re[1]).toBeCloseTo(1, 12);
    expect(back.re[0]).toBeCloseTo(0, 12);
  });

  it('MC-X keeps complex amplitudes with their basis states and is its own inverse', () => {
    const re = [0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4];
    const im = [0.3, 0, 0.1, 0, 0.2, 0, 0, 0.1];
    const n = Math.sqrt([...re, ...im].reduce((a, v) => a + v * v, 0));
    const s = stateFrom(re.map((v) => v / n), im.map((v) => v / n));
    const g: Gate = { kind: 'MCX', controls: [0, 1], target: 2 };
    const once = applyGate(s, g);
    expect(once.re[6]).toBeCloseTo(s.re[7]!, 12);
    expect(once.im[7]).toBeCloseTo(s.im[6]!, 12);
    expect(probabilities(once).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const twice = applyGate(once, g);
    expect(Array.from(twice.re)).toEqual(Array.from(s.re));
    expect(Array.from(twice.im)).toEqual(Array.from(s.im));
    expect(s.re[6]).toBeCloseTo(0.3 / n, 12); // the input is left untouched
  });

  it(`simulates ${MAX_QUBITS} qubits, and refuses more`, () => {
    const t0 = performance.now();
    let s = basisState(MAX_QUBITS, 0);
    for (let q = 0; q < MAX_QUBITS; q++) s = applyGate(s, { kind: 'H', target: q });
    s = applyGate(s, { kind: 'MCX', controls: Array.from({ length: MAX_QUBITS - 1 }, (_, i) => i), target: MAX_QUBITS - 1 });
    expect(performance.now() - t0).toBeLessThan(10_000); // a runaway guard: 2^12 amplitudes must not blow up
    expect(probabilities(s).every((p) => Math.abs(p - 1 / 4096) < 1e-12)).toBe(true);
    expect(() => basisState(MAX_QUBITS + 1, 0)).toThrow(/1 to 12 qubits/);
  });

  it('explains gates that cannot act', () => {
    expect(checkGate(3, { kind: 'CNOT', control: 1, target: 1 })).toMatch(/same qubit twice/);
    expect(checkGate(3, { kind: 'MCX', controls: [0, 3], target: 1 })).toMatch(/qubit 3 does not exist/);
    expect(checkGate(3, { kind: 'Toffoli', controls: [0, 1], target: 2 })).toBeNull();
    expect(() => applyGate(basisState(2, 0), { kind: 'X', target: 2 })).toThrow(/does not exist/);
    expect(() => stateFrom([1, 1])).toThrow(/sum to 2/);
  });

  it('CNOT-count meter: SWAP chains 6(d − 1) + 1 against the bound 4k + 8n', () => {
    expect(swapChainCnotCount(1)).toBe(1); // neighbours: one CNOT
    expect(swapChainCnotCount(4)).toBe(19); // 3 SWAPs there, 3 back, the CNOT
    expect(paperMcxCnotBound(10, 3)).toBe(64);
    expect(cnotMeter(12, 1)).toEqual({ paperBound: 56, swapChainEndToEnd: 61 });
    expect(() => cnotMeter(4, 4)).toThrow(/1 to 3 controls/);
  });
});
