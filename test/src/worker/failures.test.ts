import { describe, expect, it } from 'vitest';
import { isBackendFailure, resumedMessage } from '../../../src/worker/failures';

describe('isBackendFailure', () => {
  it('tells backend failures from the rest', () => {
    expect(isBackendFailure('GPU device was lost')).toBe(true);
    expect(isBackendFailure('WebGL context lost')).toBe(true);
    expect(isBackendFailure('Failed to compile fragment shader')).toBe(true);
    expect(isBackendFailure('Out of memory')).toBe(true);
    // what a WebGPU device destroyed mid-step says, in Chromium
    expect(isBackendFailure("Failed to execute 'mapAsync' on 'GPUBuffer': Buffer was unmapped before mapping was resolved.")).toBe(true);
    expect(isBackendFailure("Failed to execute 'mapAsync' on 'GPUBuffer': The Device was lost before mapping was resolved.")).toBe(true);
    expect(isBackendFailure("Cannot read properties of undefined (reading 'shape')")).toBe(false);
    expect(isBackendFailure('no feed for dataset field "cond"')).toBe(false);
  });
});

describe('resumedMessage', () => {
  it('says where the run went on, from which step, and that the optimizer restarts', () => {
    expect(resumedMessage('webgpu', 'wasm', 41, 38, 'The Device was lost before mapping was resolved.'))
      .toBe("WebGPU was lost at step 41; training continued on wasm from the weights of step 38 (the optimizer's running averages start afresh).");
    expect(resumedMessage('webgl', 'cpu', 3, 0, 'Failed to compile fragment shader')).toMatch(/^WebGL failed at step 3; training continued on cpu from its initial weights/);
  });
});
