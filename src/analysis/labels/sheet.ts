/**
 * Reads a label sheet (CSV or xlsx/xls) into rows of raw strings, one array per spreadsheet row,
 * so that rows[i] is spreadsheet row i + 1 (blank rows and preambles included) and every value
 * stays as written for error messages.
 */
import * as path from 'node:path';
import { MelabError } from './issues';
import * as fs from 'node:fs';
import { readFileBytes } from '../util/text-file';
import { fileSize, readTextPieces, type TextChunkOptions } from '../util/text-chunks';
import { csvRows, readCsvRows } from '../util/csv-stream';
import { fastScannable } from './csv-columns';

/** A cell Excel stored as a date (a number with a date format): shown as text, its serial kept. */
export interface DateCell {
  /** 0-based row and column, as in `rows`. */
  row: number;
  column: number;
  /** Excel's serial day number (41306 = 2013-02-01). */
  serial: number;
  /** The ISO date it stands for. */
  iso: string;
}

/** One sheet of a workbook (a CSV file is one sheet named after the file). */
export interface RawSheet {
  name: string;
  rows: string[][];
  /** Cells stored as dates (workbooks only): a label sheet's AU or frame cell should never be one. */
  dateCells?: DateCell[];
}

/**
 * Parses CSV text into rows of strings with melab's one CSV tokenizer (util/csv-stream.ts: RFC 4180,
 * quoted fields, doubled quotes, CRLF, LF or CR, a leading BOM dropped). Blank lines stay as empty
 * rows so that row numbers match a spreadsheet's. Raises a MelabError naming the line of an
 * unterminated quote.
 * @example parseCsv('a,b\n"x,1",2\n') // [['a','b'],['x,1','2']]
 */
export function parseCsv(text: string, file = ''): string[][] {
  return csvRows(text, file);
}

function readWorkbook(file: string, buf: Buffer): RawSheet[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const XLSX = require('@e965/xlsx') as typeof import('@e965/xlsx');
  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = XLSX.read(buf, { type: 'buffer', cellNF: true });
  } catch (err) {
    throw new MelabError(`${file}: not a readable spreadsheet (${(err as Error).message.split('\n')[0]})`, file);
  }
  return wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name];
    const ref = ws['!ref'];
    if (!ref) return { name, rows: [] };
    const range = XLSX.utils.decode_range(ref);
    const dateCells: DateCell[] = [];
    for (const addr of Object.keys(ws)) {
      if (addr[0] === '!') continue;
      const cell = ws[addr] as import('@e965/xlsx').CellObject;
      const isDate = cell.t === 'd' || (cell.t === 'n' && typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z));
      if (!isDate) continue;
      const { r, c } = XLSX.utils.decode_cell(addr);
      const serial = cell.t === 'n' ? Number(cell.v) : (Number(cell.v) - Date.UTC(1899, 11, 30)) / 86400000;
      const iso = new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86400000)).toISOString().slice(0, 10);
      dateCells.push({ row: r, column: c, serial, iso });
    }
    const body = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: false, defval: '', blankrows: true });
    // sheet_to_json starts at the first used row and column: pad so rows[i] is spreadsheet row i + 1
    const lead: string[][] = Array.from({ length: range.s.r }, () => []);
    const pad: string[] = new Array(range.s.c).fill('');
    const rows = body.map((r) => [...pad, ...(r as unknown[]).map((v) => (v === null || v === undefined ? '' : String(v)))]);
    return { name, rows: [...lead, ...rows], dateCells };
  });
}

/** True when the file's extension or first bytes say it is a spreadsheet workbook (xlsx/xls/ods). */
function isWorkbook(file: string, buf: Buffer): boolean {
  const ext = path.extname(file).toLowerCase();
  if (['.xlsx', '.xlsm', '.xls', '.ods'].includes(ext)) return true;
  // zip (xlsx) or OLE2 (xls) signatures
  return (buf[0] === 0x50 && buf[1] === 0x4b) || (buf[0] === 0xd0 && buf[1] === 0xcf);
}

/**
 * Reads every sheet of a label file, telling whether it was a CSV (rows must be rectangular) or a
 * workbook. A CSV is read streamed (util/csv-stream.ts: never one string; memory follows the rows). A
 * missing file or an unreadable workbook is a MelabError.
 */
export function readSheets(file: string, opts: { encoding?: string } = {}): { kind: 'csv' | 'workbook'; sheets: RawSheet[] } {
  if (isWorkbookFile(file)) return { kind: 'workbook', sheets: readWorkbook(file, readWorkbookBytes(file)) };
  return { kind: 'csv', sheets: [{ name: path.basename(file), rows: readCsvRows(file, opts) }] };
}

/** The largest workbook read: SheetJS reads a workbook whole, and its text must fit V8's strings. */
const MAX_WORKBOOK_BYTES = 500 * 2 ** 20;

/** The bytes of a workbook, refused in one line above MAX_WORKBOOK_BYTES. */
function readWorkbookBytes(file: string): Buffer {
  const size = fileSize(file);
  if (size > MAX_WORKBOOK_BYTES) {
    throw new MelabError(`${file}: ${Math.round(size / 2 ** 20)} MiB is more than one workbook melab reads (${MAX_WORKBOOK_BYTES / 2 ** 20} MiB); save the label sheet as CSV`, file);
  }
  return readFileBytes(file);
}

/** Lines of a CSV that detection looks at (a 40-row header search plus a 300-row sample, with room). */
const HEAD_LINES = 400;

/** A CSV file whose first lines were read for detection; the rest is read on demand. */
export interface CsvSource {
  /** True when the sheet's rows are only the first lines of the file (a large CSV). */
  head: boolean;
  /** The text from 0-based line `line` on, in pieces that end at line breaks (util/text-chunks.ts). */
  piecesFrom(line: number): Iterable<string>;
  /** Every row of the file, by the one CSV tokenizer (the general path), streamed. */
  allRows(): string[][];
}

/** True when the file's extension or first bytes say it is a spreadsheet workbook (xlsx/xls/ods); a file that cannot be opened is not one (its reader names the problem). */
export function isWorkbookFile(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (['.xlsx', '.xlsm', '.xls', '.ods'].includes(ext)) return true;
  const head = Buffer.alloc(2);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false; // readFileBytes / readTextPieces name the problem
  }
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
  return isWorkbook(file, head);
}

/** Pieces of a file's text from 0-based line `line` on (the lines before are read and dropped). */
function* piecesFromLine(file: string, opts: TextChunkOptions, line: number): Generator<string, void, undefined> {
  let skip = line;
  for (let piece of readTextPieces(file, opts)) {
    while (skip > 0 && piece.length > 0) {
      const nl = piece.indexOf('\n');
      piece = nl < 0 ? '' : piece.slice(nl + 1);
      skip--;
    }
    if (piece.length > 0) yield piece;
  }
}

/**
 * A label file for readLabels: like readSheets, but a CSV comes back with its first lines parsed
 * (detection needs no more) and a CsvSource that reads the rest in pieces: a large quote-free CSV
 * is never one string, and memory follows the table kept, not the file. A workbook is read whole.
 */
export function readLabelFile(file: string, opts: TextChunkOptions = {}):
  { kind: 'csv' | 'workbook'; sheets: RawSheet[]; csv?: CsvSource } {
  if (isWorkbookFile(file)) return { kind: 'workbook', sheets: readWorkbook(file, readWorkbookBytes(file)) };
  const name = path.basename(file);
  // the first HEAD_LINES lines, and whether the file ends there
  let head = '';
  let lines = 0;
  let complete = true;
  const gen = readTextPieces(file, opts);
  try {
    for (const piece of gen) {
      head += piece;
      for (let k = piece.indexOf('\n'); k >= 0 && lines <= HEAD_LINES; k = piece.indexOf('\n', k + 1)) lines++;
      if (lines > HEAD_LINES) {
        complete = false;
        break;
      }
    }
  } finally {
    gen.return();
  }
  if (complete) {
    // small enough to hold: the text is kept as it is
    if (!fastScannable(head)) return { kind: 'csv', sheets: [{ name, rows: parseCsv(head, file) }] };
    const text = head;
    return {
      kind: 'csv', sheets: [{ name, rows: parseCsv(text, file) }],
      csv: { head: false, piecesFrom: (line) => [text.slice(lineOffset(text, line))], allRows: () => parseCsv(text, file) },
    };
  }
  const whole = (): string[][] => readCsvRows(file, { encoding: opts.encoding });
  const cut = lineOffset(head, HEAD_LINES);
  if (!fastScannable(head)) return { kind: 'csv', sheets: [{ name, rows: whole() }] };
  return {
    kind: 'csv', sheets: [{ name, rows: parseCsv(head.slice(0, cut), file) }],
    csv: { head: true, piecesFrom: (line) => piecesFromLine(file, opts, line), allRows: whole },
  };
}

/** Offset of the start of line `index` (0-based) of text. */
export function lineOffset(text: string, index: number): number {
  let pos = 0;
  for (let k = 0; k < index; k++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return text.length;
    pos = nl + 1;
  }
  return pos;
}

/** True when a row has no non-blank cell. */
export function isBlankRow(row: readonly string[]): boolean {
  for (const v of row) if (v.trim() !== '') return false;
  return true;
}
