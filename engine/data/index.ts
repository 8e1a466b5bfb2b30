/**
 * The dataset registry: an explicit list (its order is the palette's order)
 * and a lookup by stable name. Adding a dataset = one file + one line here.
 */
import type { DatasetSpec } from './dataset';
import { Spiral } from './spiral';
import { Xor } from './xor';
import { Circles } from './circles';
import { Gaussians } from './gaussians';
import { Moons } from './moons';
import { Copy, Reverse, Sort } from './sequence/transduce';
import { AssociativeRecall } from './sequence/associative-recall';
import { ModularAddition } from './sequence/modular-addition';
import { SinkStream } from './sequence/sink-stream';
import { Chars } from './chars';
import { CaptionedShapes } from './sequence/captioned-shapes';
import { GaussianRegions } from './gaussian-regions';
import { TokenMix } from './sequence/token-mix';
import { DifficultyMix } from './difficulty-mix';
import { MultiTaskRegions } from './multi-task-regions';
import { MultiTaskTokens } from './multi-task-tokens';
import { AndDetectors } from './and-detectors';
import { FaceGrid } from './face-grid';
import { GzslBlobs } from './gzsl-blobs';
import { TopicLM } from './sequence/topic-lm';
import { TaskStream } from './task-stream';
import { ShapesOnBackground } from './shapes-on-background';
import { GaussianMoE } from './gaussian-moe';

export type { Dataset, DatasetSpec, Field } from './dataset';
export { defineDataset } from './dataset';
export { previewDataset, type DatasetPreview } from './preview';

export const DATASETS: readonly DatasetSpec[] = [
  Spiral, Xor, Circles, Gaussians, Moons,
  Copy, Reverse, Sort, AssociativeRecall, ModularAddition, SinkStream,
  Chars,
  CaptionedShapes,
  GaussianRegions,
  TokenMix,
  DifficultyMix,
  MultiTaskRegions,
  MultiTaskTokens,
  AndDetectors,
  FaceGrid,
  GzslBlobs,
  TopicLM,
  TaskStream,
  ShapesOnBackground,
  GaussianMoE,
];

const BY_NAME = new Map<string, DatasetSpec>();
for (const d of DATASETS) {
  if (BY_NAME.has(d.name)) throw new Error(`Duplicate dataset name "${d.name}"`);
  BY_NAME.set(d.name, d);
}

/** The dataset with this stable name, or undefined (never an Object.prototype member). */
export function getDataset(name: string): DatasetSpec | undefined {
  return BY_NAME.get(name);
}
