/**
 * Model files: export → text → import gives bit-identical outputs on the same
 * backend, for every preset; float16 stores half the bytes; the file records the
 * training config, metrics and GateLab version.
 */
import { describe, it, expect, beforeAll } from 'vitest';
// tfjs-core first, as a side effect: vitest can load it twice, and the engine must share the copy the backends register with.
import '@tensorflow/tfjs-core';
import { PRESETS } from '../../../engine';
import { loadModel, modelToText, modelJson, parseModel, GATELAB_VERSION, MODEL_FORMAT } from '../../../engine/serialize';
import { decodeBase64 } from '../../../engine/serialize/base64';
import { useBackend } from '../../helpers/backend';
import { outputsOn, trainBriefly } from './helpers';
import pkg from '../../../package.json';

describe('model file round trip [wasm]', () => {
  beforeAll(() => useBackend('wasm'));

  it('records the GateLab version of package.json', () => {
    expect(GATELAB_VERSION).toBe(pkg.version);
  });

  for (const preset of PRESETS) {
    it(`${preset.slug}: export → import gives bit-identical outputs; float16 is about half the size`, async () => {
      const { compiled, file, batch } = await trainBriefly(preset.graph, 2);
      try {
        const before = await outputsOn(compiled, batch);
        const text = modelToText(file);
        const parsed = parseModel(text);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        expect(parsed.value.gatelab).toBe(GATELAB_VERSION);
        expect(parsed.value.training.steps).toBe(2);
        expect(parsed.value.training.seed).toBe(preset.graph.training.seed);
        expect(Object.keys(parsed.value.metrics)).toContain('firstLoss');
        expect(JSON.parse(text).format).toBe(MODEL_FORMAT);
        const loaded = loadModel(parsed.value);
        if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
        const after = await outputsOn(loaded.value, batch);
        loaded.value.model.dispose();
        expect(after.shape).toEqual(before.shape);
        expect(Buffer.from(after.pred.buffer).equals(Buffer.from(before.pred.buffer))).toBe(true);
        expect(after.loss).toBe(before.loss);

        // float16: half the bytes of weight data, outputs close but not identical.
        const weights = await compiled.model.readWeights();
        const half = modelJson(preset.graph, weights, { steps: 2, backend: 'cpu', metrics: {} }, { float16: true });
        const full = modelJson(preset.graph, weights, { steps: 2, backend: 'cpu', metrics: {} });
        // Decoded bytes, not base64 characters: a preset with a handful of weights (gaussian-moe) pads its base64 text.
        const bytes = (m: typeof half) => Object.values(m.weights).reduce((s, w) => s + decodeBase64(w.data)!.byteLength, 0);
        expect(bytes(half) / bytes(full)).toBe(0.5);
        const p16 = parseModel(modelToText(half));
        if (!p16.ok) throw new Error(JSON.stringify(p16.errors));
        expect(p16.value.dtype).toBe('float16');
        const l16 = loadModel(p16.value);
        if (!l16.ok) throw new Error(JSON.stringify(l16.errors));
        const o16 = await outputsOn(l16.value, batch);
        l16.value.model.dispose();
        let worst = 0;
        o16.pred.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - before.pred[i]!) / Math.max(1, Math.abs(before.pred[i]!))); });
        expect(worst).toBeLessThan(0.05);
      } finally {
        batch.dispose();
        compiled.model.dispose();
      }
    });
  }
});
