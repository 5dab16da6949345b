/**
 * The labels area (`melab.labels`): read any released ME label sheet into the canonical model, look
 * at it, filter and stack it, and hand it to Arquero or Danfo and back. Readers' internals (format
 * detection, cell parsers, validation passes) are imported by path (./read, ./validate, ...).
 */
export type { LabelRow, LabelTable, Detection, Exclusion, ColumnTable } from './model';
export {
  CANONICAL_COLUMNS, makeLabelTable, labelRows, labelColumn, subjectsOf, sampleIdsOf, filterLabels, concatLabels,
  labelTableSummary, isLabelTable, toDanfo, fromDanfo, fromArquero,
} from './model';
export { readLabels, loadDefaultLabels, DEFAULT_LABELS_FILE, LABEL_FORMATS, type ParseOptions as LabelParseOptions } from './read';
export { toCanonicalCsv } from './write';
export { diffLabels, diffTable, releasePairs, matchSubject, type LabelDiff, type FieldChange } from './diff';
export {
  loadCompositeScheme, validateCompositeScheme, compositeSchemeNames, buildComposite, compositeCsv, readCompositeFile,
  compareComposite, compositeCountsTable, compositeAuditTable, rewriteId, auditLoadedComposites, COMPOSITES_DIR, type LoadedCompositeAudit,
  type CompositeScheme, type CompositeDatabase, type Composite, type CompositeRow, type CompositeAudit, type IdRewrite,
} from './composite';
export { parseAus, type AuParseResult } from './au';
export type { AuToken, AuKind, AuSide } from './au-types';
export { CANONICAL_EMOTIONS, DFME_EMOTIONS, DFME_CATEGORIES, type Emotion } from './emotions';
export { MelabError, formatIssue, type Issue } from './issues';
export { labelIssuesTable } from './tables';
export { DATABASES, databaseInfo, type DatabaseInfo } from './databases';
export type { DatabasePart } from './databases';
export type { LateralFold } from './au';
export type { EmotionCount as DatabaseEmotionCount, Resolution as DatabaseResolution } from './databases';
