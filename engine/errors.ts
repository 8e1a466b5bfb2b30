/**
 * Errors are values, worded for a student. Every code lives in this one table;
 * validation collects all of them and names the node, edge or port concerned.
 */
export const ERROR_CODES = {
  NOT_JSON: 'The file is not valid JSON.',
  TOO_LARGE: 'The file is too large.',
  TOO_DEEP: 'The file nests too deeply.',
  BAD_FORMAT: 'The file is not a GateLab graph.',
  BAD_VERSION: 'The file was written by a version of GateLab this one cannot read.',
  SCHEMA: 'A field has the wrong type or is not allowed.',
  DUPLICATE_ID: 'Two items share one id.',
  UNKNOWN_NODE_TYPE: 'No node type has this name.',
  NOT_EXPORTED: 'This node type runs in GateLab only: it has no PyTorch module yet.',
  UNKNOWN_PARAM: 'This node type has no such param.',
  BAD_PARAM: 'A param value is out of range or of the wrong type.',
  DANGLING_EDGE: 'An edge points at a node that does not exist.',
  UNKNOWN_PORT: 'An edge uses a port the node does not have.',
  PORT_TAKEN: 'An input port has more than one incoming edge.',
  MISSING_INPUT: 'A required input is not connected.',
  CYCLE: 'The graph has a cycle.',
  NO_INPUT: 'The graph has no Input node.',
  NO_OUTPUT: 'The graph needs exactly one Output node.',
  UNKNOWN_DATASET: 'No dataset has this name.',
  BAD_DATASET_PARAM: 'A dataset param is out of range or of the wrong type.',
  BAD_DATA: 'Your own data (a table, points, a text or sequences) does not fit its format.',
  SHAPE_MISMATCH: 'Tensor shapes do not fit together.',
  BAD_TRAINING: 'A training setting is out of range.',
  BAD_VARIANT: 'A variant names a node or param that does not exist, or the headline names a variant that does not.',
  NON_FINITE: 'Training or a prediction produced NaN or Infinity.',
  BAD_INPUT: 'The inputs given for a prediction do not fit the model.',
  MODEL_TOO_LARGE: 'The model has more weights than GateLab allows.',
  BACKEND: 'The compute backend failed.',
  BAD_WEIGHTS: 'A weight in the model file is damaged or does not fit the graph.',
  BAD_LINK: 'The share link is damaged or was not made by GateLab.',
  BAD_LESSON: 'The lesson names a preset, step, variant or lesson that does not exist, or cannot be carried out.',
  NODE_FAILED: 'A node failed while its weights were made or while it ran.',
  UNKNOWN_BLOCK: 'No block definition has this name.',
  BAD_BLOCK: 'A block definition is incomplete, or would contain itself.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface GraphError {
  code: ErrorCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  port?: string;
  /** JSON path of the offending field, where the error came from the file's structure. */
  path?: string;
  /**
   * For a problem inside a block: the definition's name, and the node there
   * (`blockNodeId`). `nodeId` is then the instance on the graph that shows it,
   * or absent for a problem of the definition itself.
   */
  block?: string;
  blockNodeId?: string;
  /** The node's id in the graph as it runs (`head/myglu/s`): which instance, at every level of nesting. */
  flatNodeId?: string;
}

export function graphError(code: ErrorCode, message: string, where: Omit<GraphError, 'code' | 'message'> = {}): GraphError {
  return { code, message, ...where };
}

/** One line per error, as the CLI prints them. */
export function formatError(e: GraphError): string {
  const inBlock = e.block ? `block "${e.block}"${e.blockNodeId ? ` node "${e.blockNodeId}"` : ''}` : '';
  const at = e.nodeId ? `node "${e.nodeId}"${e.port ? ` port "${e.port}"` : ''}` : e.edgeId ? `edge "${e.edgeId}"` : inBlock || e.path || '';
  const where = e.nodeId && inBlock ? `${at} (${inBlock})` : at;
  return `${e.code}${where ? ` at ${where}` : ''}: ${e.message}`;
}

/** Thrown inside the engine for a failure the user must see (not a programmer mistake). */
export class GateLabError extends Error {
  constructor(readonly errors: GraphError[]) {
    super(errors.map(formatError).join('\n'));
    this.name = 'GateLabError';
  }
}

/** An unexpected exception inside a node, as an error that names the node (validation should have caught it). */
export function nodeFailure(e: unknown, type: string, nodeId: string, when: string): GateLabError {
  if (e instanceof GateLabError) return e;
  const why = e instanceof Error ? e.message : String(e);
  return new GateLabError([graphError('NODE_FAILED', `${type} "${nodeId}" failed ${when}: ${why.slice(0, 300)}. Its inputs fit together in a way GateLab did not foresee; please report this graph`, { nodeId })]);
}
