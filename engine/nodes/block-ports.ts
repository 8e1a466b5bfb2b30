/**
 * A block's ports, as nodes inside its definition: each BlockInput is one of
 * the block's inputs, each BlockOutput one of its outputs, named by the
 * node's id. When an instance is inlined they pass their tensor through, so
 * the shapes at the block's ports are the shapes these nodes infer.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { defineNode } from '../registry/defineNode';
import { port, type TensorInfo } from '../registry/ports';
import type { PlainKernel, PlainSetup } from '../registry/plain';

/** A graph node that uses a block definition: `{"type": "Block", "params": {"block": "MyGLU", "width": 32}}`. */
export const BLOCK_TYPE = 'Block';

/** Identity; with nothing wired in (validation reports that at the block's port) it has no shape to give. */
const passThrough = {
  infer: ({ in: x }: { in: TensorInfo | undefined }) => (x ? { out: x } : ({} as { out: TensorInfo })),
  apply: ({ in: x }: { in: Tensor }) => ({ out: x }),
  plain: ({ inputs }: PlainSetup) => {
    const W = inputs.in!;
    const kernel: PlainKernel = {
      forward: ({ in: x }, _w, { out }, B) => { out!.set(x!.subarray(0, B * W)); },
      backward: (_x, _w, _y, { out: dy }, dx, _dw, B) => { if (dx.in) for (let i = 0, N = B * W; i < N; i++) dx.in[i]! += dy![i]!; },
    };
    return kernel;
  },
};

export const BlockInput = defineNode({
  type: 'BlockInput',
  label: 'Block input',
  category: 'blocks',
  version: 1,
  doc: "One of a block's inputs, inside its definition: whatever is wired into the block's port of this name comes out here. Its id is the port's name.",
  // `in` is what feeds the instance's port once the block is inlined; inside the definition nothing is wired to it
  inputs: { in: port('data', ['B', '*'], { dtype: 'any' }) },
  outputs: { out: port('data', ['B', '*'], { dtype: 'any' }) },
  params: {},
  ...passThrough,
});

export const BlockOutput = defineNode({
  type: 'BlockOutput',
  label: 'Block output',
  category: 'blocks',
  version: 1,
  doc: "One of a block's outputs, inside its definition: what is wired into it leaves the block at the port of this name. Its id is the port's name.",
  inputs: { in: port('data', ['B', '*'], { dtype: 'any' }) },
  outputs: { out: port('data', ['B', '*'], { dtype: 'any' }) },
  params: {},
  ...passThrough,
});

export const BLOCK_INPUT_TYPE = BlockInput.type;
export const BLOCK_OUTPUT_TYPE = BlockOutput.type;
