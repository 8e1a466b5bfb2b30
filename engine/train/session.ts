import type { Compiled } from '../compile/compile';
import type { Dataset } from '../data/dataset';
import { createRng } from '../random';
import { upload, type DeviceData } from './batches';
import { splitIndices } from './split';

/** A run's data on the device: the dataset split into training and held-out halves. */
export interface Session {
  data: Dataset;
  train: DeviceData;
  test: DeviceData;
  /** Dataset rows of the test split, in the order `test` holds them. */
  testRows: Int32Array;
  /** Dataset rows of the training split, in the order `train` holds them. */
  trainRows?: Int32Array;
  dispose(): void;
}

/**
 * Splits the dataset (the graph's seeded split unless one is given: evaluating
 * on new rows holds them all out) and uploads both halves.
 */
export function prepareData(
  compiled: Compiled, data: Dataset,
  split: { train: Int32Array; test: Int32Array } = splitIndices(data, createRng(compiled.model.graph.training.seed).fork('split')),
): Session {
  const train = upload(data, split.train);
  const test = upload(data, split.test);
  return { data, train, test, testRows: split.test, trainRows: split.train, dispose: () => { train.dispose(); test.dispose(); } };
}
