/**
 * The TableSpec of the issues readers and statistics report (file, row, column, value, problem).
 */
import type { Issue } from './issues';
import type { TableSpec } from '../util/table-spec';

/**
 * Every issue a reader or a statistic found (file, row, column, value, problem), as a table.
 * @example
 * const t = melab.labels.labelIssuesTable([{ file: 'a.csv', row: 3, column: 'onset', value: 'x', problem: 'not a frame number', severity: 'error' }]);
 * t.rows.length // 1
 */
export function labelIssuesTable(issues: readonly Issue[], opts: { id?: string; limit?: number } = {}): TableSpec {
  const limit = opts.limit ?? Infinity;
  const shown = issues.slice(0, limit);
  return {
    id: opts.id ?? 'label-issues',
    title: 'Problems found in the label sheets',
    caption: issues.length === 0 ? 'None.' : shown.length < issues.length ? `${issues.length} in all; the first ${shown.length} are shown.` : `${issues.length} in all.`,
    columns: [
      { key: 'severity', label: 'Severity' },
      { key: 'file', label: 'File' },
      { key: 'row', label: 'Row', align: 'r' },
      { key: 'column', label: 'Column' },
      { key: 'value', label: 'Value' },
      { key: 'problem', label: 'Problem' },
    ],
    rows: shown.map((i) => ({ ...i })),
  };
}
