/**
 * Tables and display (`melab.report`): `show` for any value, the TableSpec and its renderings
 * (HTML, Markdown, LaTeX, CSV), and `melab report`'s assembly of every table and figure into reports/
 * (build.ts, run by `melab report`). The tables of results are built by their areas (`melab.stats`,
 * `melab.reliability`, `melab.protocol`, `melab.labels`). Sections, inputs, the report build and notebook
 * execution are imported by path.
 */
export {
  show, showSpec, SHOW_MAX_ROWS, showTableSpec as showTable, showFigureSpec as showFigure, showMarkdownText as showMarkdown,
  recordsTableSpec as recordsTable, type ShowOptions,
} from './show';
export { tableToHtml, tableToMarkdown, tableToLatex, tableToCsv, type TableSpec, type TableColumn } from './table';
export { labelTableName } from './sections';
export { melabDataDir } from './inputs';
