/**
 * Ports carry a role (colours the canvas handle, says what flows) and an
 * expected shape pattern. The pattern is for people ("expects [B, T, D]");
 * the node's `infer` does the exact check.
 */
export type PortRole = 'data' | 'tokens' | 'gate' | 'residual' | 'branch' | 'router' | 'condition';

export type Dim = number | 'B';
/** A tensor's shape and dtype, as shape inference sees it: batch stays symbolic. */
export interface TensorInfo {
  shape: Dim[];
  dtype: 'float32' | 'int32';
}

export interface PortSpec {
  role: PortRole;
  /** Human-readable expected shape, e.g. ['B', 'T', 'D']; '*' = any number of axes. */
  pattern: string[];
  dtype: 'float32' | 'int32' | 'any';
  optional: boolean;
  doc: string;
}

export function port(role: PortRole, pattern: string[], o: { dtype?: PortSpec['dtype']; optional?: boolean; doc?: string } = {}): PortSpec {
  return { role, pattern, dtype: o.dtype ?? (role === 'tokens' ? 'int32' : 'float32'), optional: o.optional ?? false, doc: o.doc ?? '' };
}

export function formatShape(shape: readonly (Dim | string)[]): string {
  return `[${shape.join(', ')}]`;
}

/** Whether a shape can fill a pattern's rank ('*' matches zero or more axes). */
export function rankFits(pattern: readonly string[], shape: readonly Dim[]): boolean {
  const fixed = pattern.filter((p) => p !== '*').length;
  return pattern.includes('*') ? shape.length >= fixed : shape.length === fixed;
}
