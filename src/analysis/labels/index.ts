/**
 * The labels area: the canonical label model, readers of every released ME label sheet, the FACS
 * code grammar, database metadata (Table 1) and validation. Generic helper names are exported
 * with a label-specific name so that they never collide with other areas.
 */
export * from './issues';
export * from './emotions';
export * from './au-types';
export * from './model';
export { parseAus, auCodeOf, foldSide, isLateral, formatAus, type AuParseResult } from './au';
export {
  DATABASES, databaseInfo, databaseId, databaseEmotionSet, partFps, partOfFps,
  type DatabaseInfo, type DatabasePart, type EmotionCount as DatabaseEmotionCount, type Resolution as DatabaseResolution,
} from './databases';
export {
  readLabels, parseLabelSheet, detectFormat, LABEL_FORMATS, DEFAULT_LABELS_FILE, loadDefaultLabels,
  type ParseOptions as LabelParseOptions,
} from './read';
export {
  validateLabels, parseFrame as parseFrameCell, isMissingCell, sortIssues, countIssues as countLabelIssues,
  hasErrors as hasErrorIssues, issueLines, type ValidateContext as LabelValidateContext,
} from './validate';
export { toCanonicalCsv } from './write';
export { normalizePart } from './convert';
export { readSheets as readLabelSheets, parseCsv as parseCsvRows, type RawSheet } from './sheet';
export { OBJECTIVE_CLASS_KEYS, objectiveClassKey, classIdTable, VOCABULARY } from './vocabulary';
export { readEmotion, type EmotionReading } from './emotions';
export { smicPartOf } from './formats/smic';
export type { LabelFormat, SheetField, SheetRecord, ParsedSheet } from './formats/format';
export type { Detection, Exclusion } from './model';
