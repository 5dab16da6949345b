/**
 * Writes the xlsx label fixtures of test/fixtures/labels from their CSV twins, as the databases
 * release them: numbers stored as numbers, ids (Subject, Filename) as text so "006" keeps its zeros,
 * SAMM's preamble rows above the header. Run: npx tsx scripts/make-label-fixtures.ts
 * The generated files are committed; the tests check that each xlsx reads exactly like its CSV.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parseCsv } from '../src/analysis/labels/sheet';

const DIR = path.join(__dirname, '..', 'test', 'fixtures', 'labels');
const TEXT_COLUMNS = new Set(['subject', 'filename']);

/** CSV fixture → xlsx with typed cells; headerRow is the 0-based row of the header. */
function toXlsx(csvName: string, xlsxName: string, sheetName: string, headerRow: number): void {
  const rows = parseCsv(fs.readFileSync(path.join(DIR, csvName), 'utf8'));
  const header = rows[headerRow].map((h) => h.trim().toLowerCase());
  const aoa = rows.map((row, r) =>
    row.map((v, c) => {
      if (r <= headerRow || TEXT_COLUMNS.has(header[c])) return v;
      return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }));
  // trailing empty cells of the preamble rows are not written (a spreadsheet has no such cells)
  const trimmed = aoa.map((row) => {
    let n = row.length;
    while (n > 0 && row[n - 1] === '') n--;
    return row.slice(0, n);
  });
  const ws = XLSX.utils.aoa_to_sheet(trimmed);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName);
  wb.Props = { Title: `melab fixture ${xlsxName}`, Author: 'melab', CreatedDate: new Date('2024-01-01T00:00:00Z') };
  fs.writeFileSync(path.join(DIR, xlsxName), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
  console.log(`wrote ${path.join('test/fixtures/labels', xlsxName)}`);
}

toXlsx('dfme.csv', 'dfme.xlsx', 'Sheet1', 0);
toXlsx('samm.csv', 'samm.xlsx', 'FACS codes', 13);
