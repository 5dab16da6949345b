/**
 * Annotation reliability (Sec. 3.3.2–3.3.3 of the DFME paper): Fleiss κ with inference, Cohen κ,
 * Krippendorff α, AU agreement R (Eq. 1), the emotion voting procedure, their figures and file readers.
 * Generic helpers (normal quantile, CSV grid) stay internal so that names never collide with other areas.
 */
export type { RatingValue, RatingSource } from './ratings';
export { interpretKappa, KAPPA_BANDS, type KappaBand, type KappaInterpretation } from './interpretation';
export { bootstrapFleissCounts, type BootstrapInterval as KappaBootstrapInterval, type FleissBootstrapOptions } from './fleiss-bootstrap';
export {
  fleissKappa, fleissKappaFromCounts, FLEISS_SE_METHODS, type FlatCountTable,
  type FleissResult, type FleissOptions, type FleissCategory, type FleissTest, type FleissSeMethod,
} from './fleiss';
export {
  cohenKappa, cohenKappaFromTable, pairwiseCohenKappa, agreementWeights,
  type CohenResult, type CohenOptions, type CohenWeights,
} from './cohen';
export { krippendorffAlpha, type KrippendorffResult, type KrippendorffOptions, type AlphaLevel } from './krippendorff';
export { auAgreement, type AuAgreementResult, type AuAgreementOptions, type AuSampleAgreement, type CoderAus } from './au-agreement';
export { resolveEmotionVotes, type VotingResult, type VotingOptions, type VoteRule } from './voting';
export { kappaCategoryFigure, pairwiseAgreementFigure } from './figures';
export {
  readRatingsFile, pairCoderFiles, readCodersFile, NON_RATER_COLUMNS as RATINGS_NON_RATER_COLUMNS, type RatingsFile,
} from './files';
