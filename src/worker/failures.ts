/**
 * Sorting a failed run: an error from the compute backend (device lost, out
 * of memory, a shader that will not compile) retires that backend and the
 * next one takes over; any other error is the graph's or the engine's, and
 * switching backends would not help.
 */
export function isBackendFailure(message: string): boolean {
  return /webgpu|webgl|wasm|device (was )?lost|context (was )?lost|\bgpu\b|shader|out of memory|failed to allocate|backend/i.test(message);
}
