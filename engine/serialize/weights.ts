/**
 * Weight arrays ↔ the `weights` block of a model file: float32 or float16,
 * little-endian, base64. Decoding checks every array against its shape and
 * rejects NaN and Infinity, each error naming the weight and its node.
 */
import { graphError, GateLabError, type GraphError } from '../errors';
import { decodeBase64, encodeBase64 } from './base64';
import { decodeFloat16, encodeFloat16, FLOAT16_MAX } from './float16';
import { MAX_WEIGHT_ELEMENTS, type WeightDtype, type WeightJson, type WeightMap } from './model-format';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of a typed array in little-endian order, whatever the platform. */
export function littleEndianBytes(a: Float32Array | Int32Array | Uint16Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const out = new Uint8Array(bytes.length);
  const w = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let j = 0; j < w; j++) out[i + j] = bytes[i + w - 1 - j]!;
  return out;
}

function fromLittleEndian<T extends Float32Array | Uint16Array>(bytes: Uint8Array, make: (b: ArrayBuffer) => T, width: number): T {
  const copy = new Uint8Array(bytes.length);
  if (LITTLE_ENDIAN) copy.set(bytes);
  else for (let i = 0; i < bytes.length; i += width) for (let j = 0; j < width; j++) copy[i + j] = bytes[i + width - 1 - j]!;
  return make(copy.buffer);
}

export const elementCount = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The graph's node a weight `nodeId/var` belongs to: for a weight inside a block instance (`glu1/s/kernel`), the instance. */
export const nodeOf = (name: string): string => name.slice(0, Math.max(0, name.indexOf('/')));

const where = (name: string, field?: string) => ({ nodeId: nodeOf(name), path: `weights[${JSON.stringify(name)}]${field ? `.${field}` : ''}` });

export function encodeWeight(name: string, shape: number[], data: Float32Array, dtype: WeightDtype): WeightJson {
  if (dtype === 'float16') {
    for (let i = 0; i < data.length; i++) {
      if (Math.abs(data[i]!) > FLOAT16_MAX) {
        throw new GateLabError([graphError('BAD_WEIGHTS', `weight "${name}" holds ${data[i]}, beyond float16's range (±${FLOAT16_MAX}); export it as float32`, where(name))]);
      }
    }
    return { shape: shape.slice(), dtype, data: encodeBase64(littleEndianBytes(encodeFloat16(data))) };
  }
  return { shape: shape.slice(), dtype, data: encodeBase64(littleEndianBytes(data)) };
}

/** Decodes every weight, collecting one located error per bad array. */
export function decodeWeights(block: Record<string, WeightJson>): { weights: WeightMap; errors: GraphError[] } {
  const weights: WeightMap = new Map();
  const errors: GraphError[] = [];
  let total = 0;
  for (const [name, w] of Object.entries(block)) {
    const count = elementCount(w.shape);
    total += count;
    if (total > MAX_WEIGHT_ELEMENTS) {
      errors.push(graphError('TOO_LARGE', `the weights hold more than ${MAX_WEIGHT_ELEMENTS} values in all`, where(name)));
      break;
    }
    const bytes = decodeBase64(w.data);
    if (!bytes) { errors.push(graphError('BAD_WEIGHTS', `weight "${name}": data is not valid base64`, where(name, 'data'))); continue; }
    const width = w.dtype === 'float16' ? 2 : 4;
    if (bytes.length !== count * width) {
      const got = bytes.length % width === 0 ? `${bytes.length / width} values` : `${bytes.length} bytes, not a whole number of ${w.dtype} values`;
      errors.push(graphError('BAD_WEIGHTS', `weight "${name}" has ${got}; its shape [${w.shape.join(', ')}] needs ${count}`, where(name, 'data')));
      continue;
    }
    const data = w.dtype === 'float16'
      ? decodeFloat16(fromLittleEndian(bytes, (b) => new Uint16Array(b), 2))
      : fromLittleEndian(bytes, (b) => new Float32Array(b), 4);
    const bad = data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) {
      errors.push(graphError('BAD_WEIGHTS', `weight "${name}" holds ${data[bad]} at index ${bad}; weights must be finite numbers`, where(name, 'data')));
      continue;
    }
    weights.set(name, { shape: w.shape.slice(), data });
  }
  return { weights, errors };
}
