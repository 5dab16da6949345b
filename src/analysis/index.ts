/**
 * melab's public API, as a notebook imports it: `import * as melab from '..'`.
 *
 * - Entry points at the top: `readLabels`, `loadDefaultLabels`, `show` (any value as a table or a
 *   figure), `showTable` / `showFigure` / `showMarkdown`, and Danfo / Arquero in and out.
 * - Everything else by area: `melab.labels`, `melab.stats`, `melab.reliability`, `melab.protocol`,
 *   `melab.figures`, `melab.report`, `melab.synthetic`.
 *
 * The reference (TypeDoc, from this JSDoc) is built by `npm run docs` into docs/api/. Internals are
 * not exported here; tests and the CLI import them by path.
 * @packageDocumentation
 */
export * as labels from './labels';
export * as stats from './stats';
export * as reliability from './reliability';
export * as protocol from './protocol';
export * as figures from './figures';
export * as report from './report';
export * as synthetic from './synthetic';

export { readLabels, loadDefaultLabels } from './labels/read';
export { concatLabels, toDanfo, fromDanfo, fromArquero, type LabelTable, type LabelRow } from './labels/model';
export { MelabError, type Issue } from './labels/issues';
export type { AuToken } from './labels/au-types';
export type { Emotion } from './labels/emotions';
export { show, type ShowOptions } from './report/show';
export { showTableSpec as showTable, showFigureSpec as showFigure, showMarkdownText as showMarkdown } from './report/show';
export type { TableSpec } from './report/table';
export type { FigureSpec } from './figures/style';

// ---- Deprecated: the flat names notebooks 01–05 and older tests use. Each says where it lives now;
// they go once the notebooks call the area namespaces. -----------------------------------------
import * as labelsArea from './labels';
import * as statsArea from './stats';
import * as reliabilityArea from './reliability';
import * as protocolArea from './protocol';
import * as reportArea from './report';
import * as syntheticArea from './synthetic';
import { labelRows as labelRowsOf } from './labels/model';
import { cohenKappaFromTable as cohenKappaFromTableOf } from './reliability/cohen';
import { seededRandom as seededRandomOf } from './util/random';

/** @deprecated use melab.report.labelTableName */
export const labelTableName = reportArea.labelTableName;
/** @deprecated use melab.report.recordsTable */
export const recordsTable = reportArea.recordsTable;
/** @deprecated use melab.report.melabDataDir */
export const melabDataDir = reportArea.melabDataDir;
/** @deprecated use melab.report.durationRuleTable */
export const durationRuleTable = reportArea.durationRuleTable;
/** @deprecated use melab.report.undecidedClipsTable */
export const undecidedClipsTable = reportArea.undecidedClipsTable;
/** @deprecated use melab.report.votingTable */
export const votingTable = reportArea.votingTable;
/** @deprecated use melab.report.labelIssuesTable */
export const labelIssuesTable = reportArea.labelIssuesTable;
/** @deprecated use melab.report.kappaBandsTable */
export const kappaBandsTable = reportArea.kappaBandsTable;
/** @deprecated use melab.report.fleissKappaTable */
export const fleissKappaTable = reportArea.fleissKappaTable;
/** @deprecated use melab.report.auAgreementTable */
export const auAgreementTable = reportArea.auAgreementTable;
/** @deprecated use melab.stats.datasetProfile */
export const datasetProfile = statsArea.datasetProfile;
/** @deprecated use melab.stats.classifyDurations */
export const classifyDurations = statsArea.classifyDurations;
/** @deprecated use melab.stats.statsSummary */
export const statsSummary = statsArea.statsSummary;
/** @deprecated use melab.stats.emotionByPartFigure */
export const emotionByPartFigure = statsArea.emotionByPartFigure;
/** @deprecated use melab.stats.emotionByDatasetFigure */
export const emotionByDatasetFigure = statsArea.emotionByDatasetFigure;
/** @deprecated use melab.stats.auEmotionHeatmap */
export const auEmotionHeatmap = statsArea.auEmotionHeatmap;
/** @deprecated use melab.stats.auEmotionCooccurrence */
export const auEmotionCooccurrence = statsArea.auEmotionCooccurrence;
/** @deprecated use melab.stats.auEmotionAssociation */
export const auEmotionAssociation = statsArea.auEmotionAssociation;
/** @deprecated use melab.stats.auDistribution */
export const auDistribution = statsArea.auDistribution;
/** @deprecated use melab.stats.auCountFigure */
export const auCountFigure = statsArea.auCountFigure;
/** @deprecated use melab.stats.auCombinations */
export const auCombinations = statsArea.auCombinations;
/** @deprecated use melab.synthetic.SYNTHETIC_FILES */
export const SYNTHETIC_FILES = syntheticArea.SYNTHETIC_FILES;
/** @deprecated use melab.synthetic.DEFAULT_SYNTHETIC_SEED */
export const DEFAULT_SYNTHETIC_SEED = syntheticArea.DEFAULT_SYNTHETIC_SEED;
/** @deprecated use melab.synthetic.dfmePaper */
export const dfmePaper = syntheticArea.dfmePaper;
/** @deprecated use melab.synthetic.generateSyntheticDfme */
export const generateSyntheticDfme = syntheticArea.generateSyntheticDfme;
/** @deprecated use melab.synthetic.syntheticFiles */
export const syntheticFiles = syntheticArea.syntheticFiles;
/** @deprecated use melab.synthetic.writeSyntheticDfme */
export const writeSyntheticDfme = syntheticArea.writeSyntheticDfme;
/** @deprecated use melab.reliability.readRatingsFile */
export const readRatingsFile = reliabilityArea.readRatingsFile;
/** @deprecated use melab.reliability.readCodersFile */
export const readCodersFile = reliabilityArea.readCodersFile;
/** @deprecated use melab.reliability.resolveEmotionVotes */
export const resolveEmotionVotes = reliabilityArea.resolveEmotionVotes;
/** @deprecated use melab.reliability.pairwiseCohenKappa */
export const pairwiseCohenKappa = reliabilityArea.pairwiseCohenKappa;
/** @deprecated use melab.reliability.pairwiseAgreementFigure */
export const pairwiseAgreementFigure = reliabilityArea.pairwiseAgreementFigure;
/** @deprecated use melab.reliability.krippendorffAlpha */
export const krippendorffAlpha = reliabilityArea.krippendorffAlpha;
/** @deprecated use melab.reliability.kappaCategoryFigure */
export const kappaCategoryFigure = reliabilityArea.kappaCategoryFigure;
/** @deprecated use melab.reliability.fleissKappa */
export const fleissKappa = reliabilityArea.fleissKappa;
/** @deprecated use melab.reliability.fleissKappaFromCounts */
export const fleissKappaFromCounts = reliabilityArea.fleissKappaFromCounts;
/** @deprecated use melab.reliability.cohenKappa */
export const cohenKappa = reliabilityArea.cohenKappa;
/** @deprecated use melab.reliability.interpretKappa */
export const interpretKappa = reliabilityArea.interpretKappa;
/** @deprecated use melab.reliability.auAgreement */
export const auAgreement = reliabilityArea.auAgreement;
/** @deprecated import cohenKappaFromTable from src/analysis/reliability/cohen */
export const cohenKappaFromTable = cohenKappaFromTableOf;
/** @deprecated use melab.labels.DFME_CATEGORIES */
export const DFME_CATEGORIES = labelsArea.DFME_CATEGORIES;
/** @deprecated use melab.labels.labelRows */
export const labelRows = labelRowsOf;
/** @deprecated import seededRandom from src/analysis/util/random */
export const seededRandom = seededRandomOf;
/** @deprecated import Random from src/analysis/util/random */
export type { Random } from './util/random';
/** @deprecated use melab.protocol.table8 */
export const table8 = protocolArea.table8;
/** @deprecated use melab.protocol.table9 */
export const table9 = protocolArea.table9;
/** @deprecated use melab.protocol.modelName */
export const modelName = protocolArea.modelName;
/** @deprecated use melab.protocol.cellSamples */
export const cellSamples = protocolArea.cellSamples;
/** @deprecated use melab.protocol.splitSummary */
export const splitSummary = protocolArea.splitSummary;
/** @deprecated use melab.protocol.readPredictionDir */
export const readPredictionDir = protocolArea.readPredictionDir;
/** @deprecated use melab.protocol.provenanceCell */
export const provenanceCell = protocolArea.provenanceCell;
/** @deprecated use melab.protocol.perClassTable */
export const perClassTable = protocolArea.perClassTable;
/** @deprecated use melab.protocol.paperModels */
export const paperModels = protocolArea.paperModels;
/** @deprecated use melab.protocol.mostConfusedPairs */
export const mostConfusedPairs = protocolArea.mostConfusedPairs;
/** @deprecated use melab.protocol.misclassifiedTable */
export const misclassifiedTable = protocolArea.misclassifiedTable;
/** @deprecated use melab.protocol.misclassifiedSamples */
export const misclassifiedSamples = protocolArea.misclassifiedSamples;
/** @deprecated use melab.protocol.makeSplits */
export const makeSplits = protocolArea.makeSplits;
/** @deprecated use melab.protocol.isDemoRun */
export const isDemoRun = protocolArea.isDemoRun;
/** @deprecated use melab.protocol.exportProvenance */
export const exportProvenance = protocolArea.exportProvenance;
/** @deprecated use melab.protocol.exportMetrics */
export const exportMetrics = protocolArea.exportMetrics;
/** @deprecated use melab.protocol.confusionMatrix */
export const confusionMatrix = protocolArea.confusionMatrix;
/** @deprecated use melab.protocol.confusionGrid */
export const confusionGrid = protocolArea.confusionGrid;
/** @deprecated use melab.protocol.confusionDrilldown */
export const confusionDrilldown = protocolArea.confusionDrilldown;
/** @deprecated use melab.protocol.confusedPairsTable */
export const confusedPairsTable = protocolArea.confusedPairsTable;
/** @deprecated use melab.protocol.compareModels */
export const compareModels = protocolArea.compareModels;
/** @deprecated use melab.protocol.byPaperOrder */
export const byPaperOrder = protocolArea.byPaperOrder;
