/**
 * melab's one CSV writer (RFC 4180 quoting: a cell holding a comma, quote or line break is quoted, quotes
 * doubled). Line ends are "\n", except where a file follows a layout that uses "\r\n" (the report's
 * tables, RFC 4180's own line end, which spreadsheets expect; MEGC2019's composite file).
 */

export type CsvLineEnd = '\n' | '\r\n';

/** One cell: null and undefined are empty; everything else as String() writes it (numbers at full precision). */
export function csvField(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV text of rows, with a header line when `columns` is given (null: no header, as MEGC2019's file).
 * @example toCsv(['a', 'b'], [[1, 'x,y']]) // 'a,b\n1,"x,y"\n'
 */
export function toCsv(columns: readonly string[] | null, rows: readonly (readonly unknown[])[], eol: CsvLineEnd = '\n'): string {
  const lines = columns ? [columns.map(csvField).join(',')] : [];
  for (const r of rows) lines.push(r.map(csvField).join(','));
  return lines.length ? lines.join(eol) + eol : '';
}
