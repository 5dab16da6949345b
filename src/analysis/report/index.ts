/**
 * Tables and display (`melab.report`): `show` for any value, the TableSpec and its renderings
 * (HTML, Markdown, LaTeX, CSV), the summary tables of results, and `melab report`'s assembly of
 * every table and figure into reports/ (build.ts, run by `melab report`). Sections, inputs, the report
 * build and notebook execution are imported by path.
 */
export {
  show, showSpec, SHOW_MAX_ROWS, showTableSpec as showTable, showFigureSpec as showFigure, showMarkdownText as showMarkdown,
  recordsTableSpec as recordsTable, type ShowOptions,
} from './show';
export { tableToHtml, tableToMarkdown, tableToLatex, tableToCsv, type TableSpec, type TableColumn } from './table';
export {
  fleissKappaTable, kappaBandsTable, votingTable, auAgreementTable, durationRuleTable, undecidedClipsTable, labelIssuesTable,
} from './summaries';
export { labelTableName } from './sections';
export { melabDataDir } from './inputs';
