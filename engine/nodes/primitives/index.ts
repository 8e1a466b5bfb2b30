import type { NodeDef } from '../../registry/defineNode';
import { Parameter, Scale } from './parameter';
import { Softmax, TopKMask } from './routing';
import { Split, Slice } from './slicing';
import { Sum, Mean } from './reduce';
import { StopGradient, AuxLoss } from './training';

/** Small parts to build gates from on the canvas (docs/primitives.md): one family a file, one line here. */
export const PRIMITIVE_NODES: readonly NodeDef[] = [
  Parameter, Scale,
  Softmax, TopKMask,
  Split, Slice,
  Sum, Mean,
  StopGradient, AuxLoss,
];
