/** Your own data: the format, importing files with located problems, and the dataset each becomes. */
export {
  OWN_DATASET_NAMES, OWN_LIMITS, isOwnDatasetName, ownDatasetSchema, tableSchema, pointsSchema, textSchema, sequencesSchema, scalingSchema,
  type OwnData, type OwnDatasetName, type TableData, type PointsData, type TextData, type SequencesData, type Scaling,
} from './format';
export { parseCsv, readNumber, tooLargeInline, CSV_LIMITS, type CsvTable, type DataProblem, type DataProblemCode } from './csv';
export { importTable, tableFromCsv, withHeldOut, describeColumns, guessTask, type ColumnInfo, type TableChoice, type TableImport, type TableLimits } from './table';
export { textDataset, sequencesDataset } from './files';
export { applyScaling, scalingOf, storedScaling, textVocabulary } from './build';
export { resolveOwnDataset } from './spec';
export { regressionMetrics } from './metrics';
