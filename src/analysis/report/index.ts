/**
 * Tables (HTML, Markdown, LaTeX, CSV), notebook display, and `melab report`'s assembly of every
 * table and figure into reports/.
 */
export * from './table';
export {
  showTable, showTables, showFigure, showFigures, showMarkdown, showSection, recordsTable, inNotebook, tableDisplayHtml, TABLE_CSS,
} from './display';
export { buildReport, formatReportSummary, type BuildReportOptions, type ReportSummary } from './build';
export { melabDataDir, loadReportContext, type ReportInputOptions } from './inputs';
export {
  defineSection, skipSection, writtenSection, isSkippedSection, isFailedSection, isWrittenSection,
  type ReportContext, type ReportSection, type SectionBody, type SectionResult, type WrittenSection, type SkippedSection, type FailedSection,
} from './section';
export {
  REPORT_SECTIONS, TABLE6_FIRST_PARTICIPANTS, labelTableName,
  profileSection, durationSection, auEmotionSection, emotionReliabilitySection, auReliabilitySection,
  modelReviewSection, crossDatabaseSection,
} from './sections';
export {
  fleissKappaTable, kappaBandsTable, votingTable, auAgreementTable, durationRuleTable, undecidedClipsTable, labelIssuesTable,
} from './summaries';
export { reportToHtml, type ReportMeta } from './html';
export {
  executeNotebook, executeNotebooks, notebookFiles, readNotebookOutputs, JUPYTER_PATH,
  type ExecutedNotebook, type NotebookOutputs,
} from './notebooks';
