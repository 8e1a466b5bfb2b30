/**
 * GateLab engine: graph JSON → parse + migrate → validate → infer shapes →
 * compile (seeded variables) → train (async events, probes on a schedule).
 * Framework-free: runs in Node, a Worker and the page.
 */
// tfjs-core first: its flags must be registered before the gradients module touches them.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export * from './errors';
export * from './graph/format';
export { parseGraph, parseGraphValue, parseJsonText, MAX_GRAPH_BYTES, type Parsed } from './graph/parse';
export { validateGraph, type Validation, type NodeShapes } from './graph/validate';
export { compile, type Compiled } from './compile/compile';
export { blockCosts } from './compile/cost';
export { Model } from './compile/model';
export { runGraph, runFigures, type RunSummary, type RunOptions } from './train/run';
export { train } from './train/trainer';
export type { TrainEvent, StepEvent, EvalEvent, StatsEvent, TrainOptions } from './train/events';
export { evaluate, probeStats, predictAll } from './train/measure';
export { prepareData, type Session } from './train/session';
export { trainingSchedule, withSteps, dueAfter, DEFAULT_STATS_EVERY, type Schedule } from './train/schedule';
export { registry } from './registry/default';
export type { NodeDef, StatSpec, DatasetInfo, InterventionSpec } from './registry/defineNode';
export { isFailure } from './registry/defineNode';
export type { PortSpec, TensorInfo, Dim } from './registry/ports';
export { formatShape, rankFits } from './registry/ports';
export type { ParamSpec, ParamValue } from './registry/params';
export { withDefaults, parseParamString } from './registry/params';
export { inferDatasetInfo, resolveDataset } from './shapes/dataset-info';
export { createRng, type Rng } from './random';
export { DATASETS, getDataset } from './data';
export type { Dataset, DatasetSpec } from './data/dataset';
export { generateDataset } from './data/generate';
export { previewDataset, type DatasetPreview } from './data/preview';
/** Your own data (tables, points, text, sequences): format, CSV import with located problems, scaling. */
export * from './data/own';
export { batchOf } from './train/batches';
export { chooseBackend, measureBackends, type BackendName, type BackendChoice, type BackendTiming } from './backend';
export { timeSteps, warmUp } from './train/time-steps';
export { trainingPath, PLAIN_MAX_MACS } from './train/plain/plan';
/** A plain-JavaScript dense layer's forward and backward, sized for its shapes (the bench times the plain path's arithmetic limit with it). */
export { denseOps } from './nodes/plain-dense';
export { intervene } from './stats/intervene';
export { exitTable, exitAtThreshold, exitFrontier, type ExitTable } from './stats/exits';
export { traceExample, misclassified, type ExampleTrace, type TracedNode, type TracedStat, type Misclassified } from './stats/trace';
export { probeContext } from './stats/context';
export { WATCHED, looksLikeGate, watchedNodes, watchAsGate } from './stats/watch';
export { gateAtPoints, nearestRows, routingTerritory } from './stats/territory';
export type { ProbeRecord } from './compile/model';
export { PRESETS, getPreset, type Preset } from './presets';
export { applyVariant, setParam } from './graph/edit';
export { freshId, allIds } from './graph/ids';
export * from './graph/blocks';
export { BLOCK_TYPE, BLOCK_INPUT_TYPE, BLOCK_OUTPUT_TYPE } from './nodes/block-ports';
export { measureRates, fitOnce, logLogSlope, type RateCurve, type RatePoint } from './compare/rates';
export { voronoiLoss, voronoiCells, normalizeGate, type MixtureParams } from './stats/voronoi';
export { TRUE_MIXTURE } from './data/gaussian-moe';
export { mixtureMean } from './compile/ops';
export { curveOf, plotSvg, type PlotCurve } from './compare/plot';
export { spread } from './compare/spread';
export { figureOf, seedSpreads, headlineHolds, seedTableMetrics, meanCurve, type RunFigures, type SeedSpreads, type HeadlineCount, type CurveKey, type MeanCurve } from './compare/seeds';
export type { NodeStats, StatValue, Summaries } from './stats/summarize';
export { flattenSummaries } from './stats/summarize';
export type { StatSummary, NodeSummary, SummaryKind, StatDescription, GateSummary, AttentionSummary, RoutingSummary, StatPart, PartOf } from './stats/kinds';
export { fieldValues, headlineFigure, scalarValue, summaryParts } from './stats/kinds';
export { auxKey, describeStat, describeStatPart, modelKey, type StatContext } from './stats/glossary';
export { ablate, declaresStat } from './graph/ablate';
export { INPUT_TYPE, OUTPUT_TYPE } from './nodes/io';
/** The router's top-k mask, for the benchmark's hand-written reference models. */
export { topKMask } from './nodes/gates/router';
/** Model files (gatelab/model v1), share links, JSON Schemas, and the PyTorch export. */
export * from './serialize';
export { torchPackage, type PackageFile } from './serialize/torch';
export { onnxModel, onnxRefusals, ONNX_OUTPUT, OPSET as ONNX_OPSET, type OnnxExport } from './serialize/onnx';
export * as quantum from './teaching/quantum';

import { registry } from './registry/default';
/** The registry, documented: what `gatelab nodes` and the palette list. */
export const listNodes = () => registry.list();
/** Lessons (gatelab/lesson v1): format, checks, and solving them headlessly. */
export * from './lessons';
