/**
 * The per-example reference for the plain path's speed: a multilayer
 * perceptron written the way TensorFlow Playground's engine (src/nn.ts) is.
 * Every neuron is an object with its links in arrays, every link an object
 * holding its weight and accumulated derivative; each training example runs
 * its own forward and backward pass over those objects, and the weights
 * change once a batch (plain SGD; regularisation rate 0, still checked per link
 * as Playground does). Playground's output is a single tanh unit with a squared
 * error, as here.
 */

/** An activation as Playground passes it around: an object with the function and its derivative. */
interface ActivationFunction { output(x: number): number; der(x: number): number }
interface ErrorFunction { error(output: number, target: number): number; der(output: number, target: number): number }
interface RegularizationFunction { output(w: number): number; der(w: number): number }

const TANH: ActivationFunction = { output: (x) => Math.tanh(x), der: (x) => { const o = TANH.output(x); return 1 - o * o; } };
export const SQUARE: ErrorFunction = { error: (o, t) => 0.5 * (o - t) ** 2, der: (o, t) => o - t };

class Neuron {
  inputLinks: Link[] = [];
  outputs: Link[] = [];
  bias = 0.1;
  totalInput = 0;
  output = 0;
  outputDer = 0;
  inputDer = 0;
  accInputDer = 0;
  numAccumulatedDers = 0;
  constructor(readonly id: string, readonly activation: ActivationFunction) {}

  updateOutput(): number {
    this.totalInput = this.bias;
    for (let j = 0; j < this.inputLinks.length; j++) {
      const link = this.inputLinks[j]!;
      this.totalInput += link.weight * link.source.output;
    }
    this.output = this.activation.output(this.totalInput);
    return this.output;
  }
}

class Link {
  isDead = false;
  errorDer = 0;
  accErrorDer = 0;
  numAccumulatedDers = 0;
  constructor(readonly id: string, readonly source: Neuron, readonly dest: Neuron, public weight: number, readonly regularization: RegularizationFunction | null) {}
}

/** Layers of neurons, [inputs, hidden…, 1 output], fully linked; weights uniform in ±0.5 from `random`. */
export function buildNetwork(shape: readonly number[], random: () => number): Neuron[][] {
  const layers = shape.map((n, l) => Array.from({ length: n }, (_, i) => new Neuron(`${l}:${i}`, TANH)));
  for (let l = 1; l < layers.length; l++) {
    for (const dest of layers[l]!) {
      for (const source of layers[l - 1]!) {
        const link = new Link(`${source.id}-${dest.id}`, source, dest, random() - 0.5, null);
        source.outputs.push(link);
        dest.inputLinks.push(link);
      }
    }
  }
  return layers;
}

export function forwardProp(network: Neuron[][], inputs: number[]): number {
  const inputLayer = network[0]!;
  for (let i = 0; i < inputLayer.length; i++) inputLayer[i]!.output = inputs[i]!;
  for (let l = 1; l < network.length; l++) {
    const layer = network[l]!;
    for (let i = 0; i < layer.length; i++) layer[i]!.updateOutput();
  }
  return network[network.length - 1]![0]!.output;
}

/** Accumulates the derivatives of the error for one example. */
export function backProp(network: Neuron[][], target: number, errorFunc: ErrorFunction): void {
  const outputNode = network[network.length - 1]![0]!;
  outputNode.outputDer = errorFunc.der(outputNode.output, target);
  for (let l = network.length - 1; l >= 1; l--) {
    const layer = network[l]!;
    for (let i = 0; i < layer.length; i++) {
      const node = layer[i]!;
      node.inputDer = node.outputDer * node.activation.der(node.totalInput);
      node.accInputDer += node.inputDer;
      node.numAccumulatedDers++;
    }
    for (let i = 0; i < layer.length; i++) {
      const node = layer[i]!;
      for (let j = 0; j < node.inputLinks.length; j++) {
        const link = node.inputLinks[j]!;
        if (link.isDead) continue;
        link.errorDer = node.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.numAccumulatedDers++;
      }
    }
    if (l === 1) continue;
    const prevLayer = network[l - 1]!;
    for (let i = 0; i < prevLayer.length; i++) {
      const node = prevLayer[i]!;
      node.outputDer = 0;
      for (let j = 0; j < node.outputs.length; j++) {
        const output = node.outputs[j]!;
        node.outputDer += output.weight * output.dest.inputDer;
      }
    }
  }
}

/** One SGD update from the derivatives accumulated since the last (with Playground's regularisation step, here none). */
export function updateWeights(network: Neuron[][], learningRate: number, regularizationRate: number): void {
  for (let l = 1; l < network.length; l++) {
    const layer = network[l]!;
    for (let i = 0; i < layer.length; i++) {
      const node = layer[i]!;
      if (node.numAccumulatedDers > 0) {
        node.bias -= (learningRate * node.accInputDer) / node.numAccumulatedDers;
        node.accInputDer = 0;
        node.numAccumulatedDers = 0;
      }
      for (let j = 0; j < node.inputLinks.length; j++) {
        const link = node.inputLinks[j]!;
        if (link.isDead) continue;
        const regulDer = link.regularization ? link.regularization.der(link.weight) : 0;
        if (link.numAccumulatedDers > 0) {
          link.weight = link.weight - (learningRate / link.numAccumulatedDers) * link.accErrorDer;
          link.weight = link.weight - learningRate * regularizationRate * regulDer;
          link.accErrorDer = 0;
          link.numAccumulatedDers = 0;
        }
      }
    }
  }
}

/**
 * Trains on `examples` examples of points x [N, 2] with labels ±1, one update
 * every `batch`, in Playground's loop (one example at a time, in order).
 */
export function trainReference(network: Neuron[][], x: Float32Array, labels: ArrayLike<number>, examples: number, batch: number, learningRate: number): void {
  const N = labels.length;
  for (let i = 0; i < examples; i++) {
    const r = i % N;
    // Playground builds each example's input array from its feature functions (here x₁ and x₂).
    const input = [x[2 * r]!, x[2 * r + 1]!];
    forwardProp(network, input);
    backProp(network, labels[r]! ? 1 : -1, SQUARE);
    if ((i + 1) % batch === 0) updateWeights(network, learningRate, 0);
  }
}
