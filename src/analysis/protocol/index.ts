/**
 * The evaluation protocol (DFME paper Sec. 4.3, Tables 8 and 9, Fig. 5): subject-independent splits
 * out to the evaluation module, prediction exports back in, metrics in both conventions, bootstrap
 * intervals, paired model comparison, confusion-matrix review and the result tables.
 */
export {
  makeSplits, splitLeaks, splitSummary, splitToCsv, writeSplitFile, readSplitFile, subjectKeys, SPLIT_COLUMNS,
  type Split, type SplitRow, type SplitOptions, type SplitScheme,
} from './splits';
export {
  readPredictions, readPredictionDir, readManifest, validateRecords, writePredictions, makePredictionExport, exportInput,
  manifestPathFor, modelAndTaskFromName, canonicalClass, labelHasAu,
  PREDICTION_SCHEMA_VERSION, PROBABILITY_SUM_TOLERANCE, DEFAULT_AU_THRESHOLD,
  type PredictionExport, type PredictionManifest, type PredictionTask, type EmotionPredictions, type AuPredictions,
  type ReadPredictionsOptions, type PredictionExportInput,
} from './predictions';
export {
  emotionMetrics, metricsByGroup, confusionCounts, foldConfusionCounts, metricsOfConfusion, classScores, meanAndSd, denseFolds, foldLookup,
  type ClassRule, type GroupMetrics, type MetricTriple, type ClassScore, type FoldMetrics, type EmotionMetrics, type EmotionArrays,
} from './metrics';
export { auMetrics, f1FromCounts, type AuScore, type AuMetrics, type AuArrays } from './au-metrics';
export {
  bootstrapMetrics, bootstrapReplicates, percentileInterval,
  type BootstrapOptions, type BootstrapResult, type BootstrapUnit, type BootstrapMethod, type BootstrapInput,
  type Interval as BootstrapInterval, type MetricIntervals,
} from './bootstrap';
export {
  mcnemar, mcnemarOf, compareModels, comparePaired, pairExports,
  type McNemarResult, type ModelComparison, type DifferenceInterval, type PairedInput,
} from './compare';
export { binomialSample, multinomialFromCounts, chiSquare1Sf, binomialHalfCdf } from './distributions';
export {
  confusionMatrix, mostConfusedPairs, misclassifiedSamples, cellSamples, confusionDrilldown,
  type ConfusionMatrix, type ConfusedPair, type MisclassifiedSample, type ConfusionDrilldown,
} from './confusion';
export { confusionHeatmap, confusionGrid, trueClassTicks, type ConfusionFigureOptions } from './figures';
export { table8, table9, exportMetrics, groupValues, perClassTable, confusedPairsTable, misclassifiedTable } from './tables';
export {
  modelInfo, modelName, paperModels, byPaperOrder, exportProvenance, provenanceCell, isDemoRun, PAPER_SOURCE,
  type ModelInfo, type Provenance,
} from './models';
export { naiveBayesBaseline, majorityClassBaseline, emotionAuRateBaseline, writeReferenceBaselines, TABLE9_AUS, REFERENCE_PREFIX } from './baseline';
