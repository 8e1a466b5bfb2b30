/**
 * Textured squares on flat backgrounds, for mixed-scale
 * tokenization: most of each image is flat, one square is busy, and the class
 * is the square's fine texture, which a 2×2 average blurs away.
 *
 * x: float32 [N, size, size], values in [0, 1]. target: int32 [N], the texture.
 * group: int32 [N, R], R = (size / region)², 1 where the region holds part of
 * the square ("cluttered"), 0 where it is flat background; a statistic-only side
 * input (Input field "group"), laid out row-major over the region grid.
 */
import { defineDataset } from './dataset';
import { int, num } from '../registry/params';
import { whole } from './whole';

export const TEXTURES = ['horizontal stripes', 'vertical stripes', 'checkerboard', 'dots top-left', 'dots bottom-right', 'solid'] as const;

/** Whether pixel (i, j) of the square (relative to its corner) is bright, for each texture. */
function bright(texture: number, i: number, j: number): boolean {
  switch (texture) {
    case 0: return i % 2 === 0;
    case 1: return j % 2 === 0;
    case 2: return (i + j) % 2 === 0;
    case 3: return i % 2 === 0 && j % 2 === 0;
    case 4: return i % 2 === 1 && j % 2 === 1;
    default: return true;
  }
}

export const ShapesOnBackground = defineDataset({
  name: 'shapes-on-background',
  label: 'Textured square on a flat background',
  kind: 'features',
  doc:
    'Small grayscale images. Each has a flat background of a random shade and one textured square at a random ' +
    'place; the label is the texture: horizontal stripes, vertical stripes, checkerboard, dots in the top-left ' +
    'or bottom-right corner of every 2×2 cell, or solid. Stripes and checkerboard have the background\'s average ' +
    'brightness, so a coarse view (each 2×2 block averaged) cannot tell them apart, or even see them: the fine ' +
    'detail only matters where the square is. A model that spends its tokens there and saves them on the flat ' +
    'background loses nothing. The side field "group" marks which regions of the image hold part of the square.',
  params: {
    samples: int({ default: 2400, min: 16, max: 20000, doc: 'How many images to generate (the textures take turns).' }),
    size: int({ default: 12, min: 8, max: 32, step: 4, doc: 'Image side in pixels (a multiple of the region size).' }),
    region: int({ default: 4, min: 4, max: 8, step: 4, doc: 'Side of the square regions that the "group" field describes (the coarse token size).' }),
    square: int({ default: 4, min: 2, max: 16, step: 2, doc: 'Side of the textured square (even, so the texture fits whole 2×2 cells).' }),
    contrast: num({ default: 0.35, min: 0.05, max: 0.5, step: 0.05, doc: 'How far the texture\'s bright and dark pixels sit above and below the background.' }),
    noise: num({ default: 0.02, min: 0, max: 0.2, step: 0.01, doc: 'Standard deviation of the pixel noise everywhere.' }),
  },
  generate: (p, rng) => {
    const N = whole(p.samples, 1, 20000);
    const region = whole(p.region, 4, 8);
    const size = Math.max(region, Math.round(whole(p.size, 8, 32) / region) * region);
    const side = Math.min(size - (size % 2), Math.max(2, 2 * Math.round(whole(p.square, 2, 16) / 2)));
    const G = size / region, R = G * G;
    const c = Math.min(0.5, Math.max(0, p.contrast)), noise = Math.max(0, p.noise);
    const K = TEXTURES.length;
    const x = new Float32Array(N * size * size);
    const y = new Int32Array(N);
    const group = new Int32Array(N * R);
    for (let n = 0; n < N; n++) {
      const texture = n % K; // interleaved: every prefix is balanced
      const bg = 0.3 + 0.4 * rng.next();
      const top = 2 * rng.int((size - side) / 2 + 1), left = 2 * rng.int((size - side) / 2 + 1);
      const img = x.subarray(n * size * size, (n + 1) * size * size);
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++) {
          const inside = i >= top && i < top + side && j >= left && j < left + side;
          let v = bg;
          if (inside) {
            v = bright(texture, i - top, j - left) ? bg + c : bg - c;
            group[n * R + Math.floor(i / region) * G + Math.floor(j / region)] = 1;
          }
          img[i * size + j] = Math.min(1, Math.max(0, v + noise * rng.normal()));
        }
      }
      y[n] = texture;
    }
    return {
      inputs: {
        x: { data: x, shape: [N, size, size], dtype: 'float32' },
        group: { data: group, shape: [N, R], dtype: 'int32' },
      },
      target: { data: y, shape: [N], dtype: 'int32' },
      task: 'classification',
      classes: K,
      labels: [...TEXTURES],
    };
  },
});
