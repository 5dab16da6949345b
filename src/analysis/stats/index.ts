/**
 * Distribution statistics of label tables (`melab.stats`): the paper's Tables 1, 5, 6, 7, the
 * ME/MaE duration rule, AU × emotion association tests and Fig. 4. Indexes, counters and table
 * builders behind them are imported by path (./au-index, ./cooccurrence, ...).
 */
export { datasetProfile, type DatasetProfile, type ProfileOptions, type ProfileRow } from './profile';
export { classifyDurations, type DurationResult, type DurationRuleOptions, type DurationClass, type UndecidedClip } from './duration';
export { auDistribution, type AuDistribution, type AuDistributionOptions, type AuCount } from './aus';
export { auEmotionCooccurrence, type AuEmotionCooccurrence, type CooccurrenceOptions, type AuOccurrence } from './cooccurrence';
export { auEmotionAssociation, type AuEmotionAssociation, type AssociationOptions, type AuEmotionTest } from './association';
export { auCombinations, type AuCombinations, type CombinationOptions, type Combination } from './combinations';
export { fisherExactTest, benjaminiHochberg, type FisherResult, type FisherAlternative } from './hypothesis';
export { emotionByPartFigure, auCountFigure, auEmotionHeatmap, emotionByDatasetFigure, emotionShareFigure, auEmotionHeatmaps } from './figures';
export { statsSummary, type StatsSummary } from './summary';
export { durationRuleTable, undecidedClipsTable, emotionShareTable, characteristicAuTable, homogeneityTable } from './tables';
export * from './databases';
export type { EmotionCombinations, SharedCombination } from './combinations';
export type { AuAssociation } from './association';
export type { ProfileEmotion, GenderSplit } from './profile';
