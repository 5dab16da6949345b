/**
 * A table as data: what every statistic returns for display (Tables 1, 4–9 and the rest). It lives
 * below the areas so that stats/, reliability/, protocol/ and labels/ build tables without depending on
 * report/, which renders them (HTML, Markdown, LaTeX, CSV: report/table.ts).
 */

export interface TableColumn {
  key: string;
  label: string;
  align?: 'l' | 'r' | 'c';
  /** Fixed number of decimals for numbers in this column; integers print as they are when omitted. */
  digits?: number;
  /** 'p': a p-value or q-value: 4 decimals, and below 1e-4 in scientific notation (3.2e-7); 0 as "< 1e-300". */
  format?: 'p';
}

export interface TableSpec {
  /** File-name stem in reports/ (e.g. "table5-au-distribution"). */
  id: string;
  title: string;
  caption?: string;
  columns: TableColumn[];
  rows: Record<string, unknown>[];
  notes?: string[];
  /** 'csv': written as CSV only (a full table the report links to instead of showing). */
  only?: 'csv';
}
