/**
 * Charts redraw on animation frames, not on messages: a store change marks
 * the chart dirty and the next frame draws it once, however many ticks came.
 */
import { useRun, type RunState } from '../../src/store/runStore';

export function redrawOnFrame(changed: (s: RunState, prev: RunState) => boolean, draw: () => void): () => void {
  let raf = 0;
  const unsub = useRun.subscribe((s, prev) => {
    if (raf || !changed(s, prev)) return;
    raf = requestAnimationFrame(() => { raf = 0; draw(); });
  });
  return () => { unsub(); if (raf) cancelAnimationFrame(raf); };
}

/** Class colours, as TensorFlow Playground draws two classes (orange, blue), then more. */
export const CLASS_COLOURS: [number, number, number][] = [
  [245, 147, 34], [8, 119, 189], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75], [227, 119, 194], [127, 127, 127],
];
export const classColour = (i: number): [number, number, number] => CLASS_COLOURS[i % CLASS_COLOURS.length]!;
export const rgb = ([r, g, b]: [number, number, number]) => `rgb(${r},${g},${b})`;
