/** Colour scales for the telemetry heatmaps (pure, tested), and the paired runs' colours. */

/** Run A (the graph as built) and run B (one change) wherever a view pairs them. A's orange is a shade darker than the gate orange: it also colours text, which needs 4.5:1 on white. */
export const RUN_A_COLOUR = '#c2410c', RUN_B_COLOUR = '#1d4ed8';

type RGB = [number, number, number];

/** Viridis at five stops, linearly interpolated: dark purple (low) to yellow (high). */
const VIRIDIS: RGB[] = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
/** Expert colours (also the router-territory plane): distinct hues. */
export const EXPERT_COLOURS: RGB[] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75], [227, 119, 194], [127, 127, 127],
  [188, 189, 34], [23, 190, 207], [57, 59, 121], [140, 162, 82], [189, 158, 57], [173, 73, 74], [165, 81, 148], [99, 121, 57],
];

/** t in [0, 1] (clamped; NaN is light grey) to a viridis colour. */
export function viridis(t: number): RGB {
  if (!Number.isFinite(t)) return [230, 232, 236];
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!, b = VIRIDIS[i + 1]!;
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
}

export const expertColour = (e: number): RGB => EXPERT_COLOURS[e % EXPERT_COLOURS.length]!;
export const css = ([r, g, b]: RGB, a = 1) => (a === 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${a})`);

/** RGBA pixels of a matrix (row 0 on top), each cell scaled into [lo, hi]. */
export function matrixPixels(rows: readonly (readonly number[])[], lo: number, hi: number): { px: Uint8ClampedArray; w: number; h: number } {
  const h = rows.length, w = Math.max(0, ...rows.map((r) => r.length));
  const px = new Uint8ClampedArray(w * h * 4);
  const span = hi > lo ? hi - lo : 1;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const v = rows[r]![c];
      const col = viridis(v === undefined ? NaN : (v - lo) / span);
      const o = (r * w + c) * 4;
      px[o] = col[0]; px[o + 1] = col[1]; px[o + 2] = col[2]; px[o + 3] = 255;
    }
  }
  return { px, w, h };
}
