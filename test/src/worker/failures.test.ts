import { describe, expect, it } from 'vitest';
import { isBackendFailure } from '../../../src/worker/failures';

describe('isBackendFailure', () => {
  it('tells backend failures from the rest', () => {
    expect(isBackendFailure('GPU device was lost')).toBe(true);
    expect(isBackendFailure('WebGL context lost')).toBe(true);
    expect(isBackendFailure('Failed to compile fragment shader')).toBe(true);
    expect(isBackendFailure('Out of memory')).toBe(true);
    expect(isBackendFailure("Cannot read properties of undefined (reading 'shape')")).toBe(false);
    expect(isBackendFailure('no feed for dataset field "cond"')).toBe(false);
  });
});
