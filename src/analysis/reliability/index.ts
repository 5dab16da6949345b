/**
 * Annotation reliability (`melab.reliability`, Sec. 3.3.2–3.3.3 of the DFME paper): Fleiss κ with
 * inference, Cohen κ, Krippendorff α, AU agreement R (Eq. 1), the emotion voting procedure, their
 * figures and the readers of ratings and coder files. Helpers are imported by path.
 */
export type { RatingValue, RatingSource } from './ratings';
export { interpretKappa, KAPPA_BANDS, type KappaBand, type KappaInterpretation } from './interpretation';
export { fleissKappa, fleissKappaFromCounts, type FleissResult, type FleissOptions, type FleissCategory, type FleissSeMethod } from './fleiss';
export { cohenKappa, pairwiseCohenKappa, type CohenResult, type CohenOptions, type CohenWeights } from './cohen';
export { krippendorffAlpha, type KrippendorffResult, type KrippendorffOptions, type AlphaLevel } from './krippendorff';
export { auAgreement, type AuAgreementResult, type AuAgreementOptions, type AuSampleAgreement } from './au-agreement';
export { resolveEmotionVotes, type VotingResult, type VotingOptions, type VoteRule } from './voting';
export { kappaCategoryFigure, pairwiseAgreementFigure } from './figures';
export { fleissKappaTable, kappaBandsTable, votingTable, auAgreementTable } from './tables';
export { readRatingsFile, readCodersFile, type RatingsFile } from './files';
export type { BootstrapInterval as KappaBootstrapInterval, FleissBootstrapOptions } from './fleiss-bootstrap';
export type { FleissTest, FlatCountTable } from './fleiss';
export type { CoderPairs, ReadOptions as RatingsReadOptions, CoderMissing } from './files';
export type { CoderAus } from './au-agreement';
export type { DroppedSample } from './files';
