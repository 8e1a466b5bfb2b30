/** Graphs for the tests of the gates rebuilt from primitives (engine/presets/blocks/): the spiral graph of some steps, with a block file's definitions. */
import type { Graph } from '../../../../engine';
import { spiralGraph, type Step } from '../../../helpers/graphs';

/** The steps on the spiral (Block steps among them), with the file's blocks defined in the graph. */
export function rebuiltGraph(file: { blocks: object }, steps: Step[]): Graph {
  return { ...spiralGraph('rebuilt', steps, 'A gate rebuilt from primitives, on the spiral.'), blocks: file.blocks as Graph['blocks'] };
}

export { spiralGraph, type Step };
