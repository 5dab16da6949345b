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

import { fleissKappaTable as fleissKappaTableOf, kappaBandsTable as kappaBandsTableOf, votingTable as votingTableOf, auAgreementTable as auAgreementTableOf } from '../reliability/tables';
import { durationRuleTable as durationRuleTableOf, undecidedClipsTable as undecidedClipsTableOf } from '../stats/tables';
import { labelIssuesTable as labelIssuesTableOf } from '../labels/tables';
// ---- Deprecated: the result tables now live in their areas (ARCHITECTURE.md); these names go once
// the notebooks call the areas. ---------------------------------------------------------------
/** @deprecated use melab.reliability.fleissKappaTable */
export const fleissKappaTable = fleissKappaTableOf;
/** @deprecated use melab.reliability.kappaBandsTable */
export const kappaBandsTable = kappaBandsTableOf;
/** @deprecated use melab.reliability.votingTable */
export const votingTable = votingTableOf;
/** @deprecated use melab.reliability.auAgreementTable */
export const auAgreementTable = auAgreementTableOf;
/** @deprecated use melab.stats.durationRuleTable */
export const durationRuleTable = durationRuleTableOf;
/** @deprecated use melab.stats.undecidedClipsTable */
export const undecidedClipsTable = undecidedClipsTableOf;
/** @deprecated use melab.labels.labelIssuesTable */
export const labelIssuesTable = labelIssuesTableOf;
