/**
 * The evaluation protocol (`melab.protocol`, DFME paper Sec. 4.3, Tables 8 and 9, Fig. 5):
 * subject-independent splits, prediction exports read back, metrics, paired model comparison,
 * confusion-matrix review and the result tables. Schema checks, counters and distributions are
 * imported by path (./predictions, ./metrics, ./distributions, ...).
 */
export { makeSplits, splitSummary, type Split, type SplitRow, type SplitOptions, type SplitScheme } from './splits';
export { readPredictions, readPredictionDir, type PredictionExport, type PredictionTask, type ReadPredictionsOptions } from './predictions';
export type { EmotionMetrics, MetricTriple, ClassScore } from './metrics';
export { compareModels, comparableExports, type ModelComparison, type McNemarResult, type DifferenceInterval } from './compare';
export {
  confusionMatrix, mostConfusedPairs, misclassifiedSamples, cellSamples, confusionDrilldown,
  type ConfusionMatrix, type ConfusedPair, type MisclassifiedSample, type ConfusionDrilldown,
} from './confusion';
export { confusionGrid, type ConfusionFigureOptions } from './figures';
export { table8, table9, exportMetrics, perClassTable, confusedPairsTable, misclassifiedTable } from './tables';
export { modelName, paperModels, byPaperOrder, exportProvenance, provenanceCell, isDemoRun, type ModelInfo, type Provenance } from './models';
export type { FoldMetrics, ClassRule } from './metrics';
export type { AuPredictions, EmotionPredictions, PredictionManifest } from './predictions';
export type { BootstrapOptions, BootstrapUnit } from './bootstrap';
export type { BootstrapMethod } from '../util/bootstrap';
