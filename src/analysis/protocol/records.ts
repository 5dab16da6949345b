/**
 * Row-oriented reading and writing of the protocol's files (split files, prediction exports):
 * CSV through melab's one CSV tokenizer (util/csv-stream.ts: RFC 4180, every cell stays a string,
 * ~30× faster than Arquero's fromCSV on a 7,500 × 26 export) and JSON Lines. Files are read streamed,
 * so memory follows the records kept, not the file (no whole-file string, no size cap). Every record
 * keeps the 1-based line number it had in its file, so that errors can name the row.
 */
import * as fs from 'node:fs';
import { fail } from '../labels/issues';
import { checkHeap, HEAP_CHECK_ROWS } from '../util/heap-guard';
import { streamCsv, streamLines, tokenizeCsv, type CsvRecord } from '../util/csv-stream';
import type { TextFileOptions } from '../util/text-file';

export interface RecordFile {
  file: string;
  /** Column names in file order (JSON Lines: the union of keys in order of first appearance). */
  columns: string[];
  rows: Record<string, unknown>[];
  /** Line number of each row in the file (CSV: header is line 1). */
  lines: number[];
}


/** True for a JSON Lines file name (.jsonl, .ndjson); anything else is read as CSV. */
const isJsonLines = (file: string): boolean => /\.(jsonl|ndjson)$/i.test(file);

/** Reads a CSV or JSON Lines file (by extension: .jsonl/.ndjson are JSON Lines, anything else CSV), streamed. */
export function readRecords(file: string, opts: TextFileOptions = {}): RecordFile {
  if (!fs.existsSync(file)) fail(file, 0, '', '', 'file not found');
  if (fs.statSync(file).isDirectory()) fail(file, 0, '', '', 'is a folder, not a file (pass the export file, or a folder to melab tables/report)');
  if (isJsonLines(file)) {
    const b = new JsonLinesBuilder(file);
    streamLines(file, (line, no) => b.add(line, no), opts);
    return b.finish();
  }
  const b = new CsvBuilder(file);
  streamCsv(file, (rec) => b.add(rec), opts);
  return b.finish();
}

/** A CSV header must be a row of non-empty, distinct names (row 1 of the file). */
export function checkHeader(file: string, header: readonly string[]): void {
  if (header.length === 0 || header.every((h) => h === '')) fail(file, 1, '', '', 'empty file: a header row is required');
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') fail(file, 1, '', '', 'empty column name in the header');
    if (seen.has(name)) fail(file, 1, name, name, 'duplicated column');
    seen.add(name);
  }
}

/** Records of a CSV file, one tokenizer record at a time: row 1 is the header, blank lines are skipped. */
class CsvBuilder {
  private header: string[] | null = null;
  private readonly rows: Record<string, unknown>[] = [];
  private readonly lines: number[] = [];
  constructor(private readonly file: string) {}

  add(rec: CsvRecord): void {
    const file = this.file;
    if (this.header === null) {
      // the first record is row 1 (a blank first line is an empty header)
      const header = rec.cells().map((h) => h.trim());
      checkHeader(file, header);
      this.header = header;
      return;
    }
    if (rec.length === 0 || (rec.length === 1 && rec.text(0).trim() === '')) return; // a blank line, not a record
    const header = this.header;
    if (rec.length !== header.length) fail(file, rec.row, '', '', `${rec.length} fields where the header has ${header.length}`);
    const cells = rec.cells();
    const o: Record<string, unknown> = {};
    for (let j = 0; j < header.length; j++) {
      const v = cells[j].trim();
      o[header[j]] = v === '' ? null : v;
    }
    this.rows.push(o);
    this.lines.push(rec.row);
    if (this.rows.length % HEAP_CHECK_ROWS === 0) checkHeap(file, `${this.rows.length.toLocaleString('en')} records read`);
  }

  finish(): RecordFile {
    if (this.header === null) checkHeader(this.file, []);
    return { file: this.file, columns: this.header as string[], rows: this.rows, lines: this.lines };
  }
}

/** One line of a JSON Lines file: its object, or null for a blank line; anything else is the one-line error naming the line. */
export function parseJsonLine(file: string, line: string, no: number): Record<string, unknown> | null {
  if (line.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    fail(file, no, '', line.slice(0, 40), `not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, no, '', line.slice(0, 40), 'each line must be one JSON object');
  return value as Record<string, unknown>;
}

/** Records of a JSON Lines file, one line at a time (blank lines skipped). */
class JsonLinesBuilder {
  private readonly columns: string[] = [];
  private readonly known = new Set<string>();
  private readonly rows: Record<string, unknown>[] = [];
  private readonly lines: number[] = [];
  constructor(private readonly file: string) {}

  add(text: string, no: number): void {
    const file = this.file;
    const line = no === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const value = parseJsonLine(file, line, no);
    if (value === null) return;
    for (const key of Object.keys(value as object)) if (!this.known.has(key)) { this.known.add(key); this.columns.push(key); }
    this.rows.push(value as Record<string, unknown>);
    this.lines.push(no);
    if (this.rows.length % HEAP_CHECK_ROWS === 0) checkHeap(file, `${this.rows.length.toLocaleString('en')} records read`);
  }

  finish(): RecordFile {
    if (this.rows.length === 0) fail(this.file, 0, '', '', 'no records in the file');
    return { file: this.file, columns: this.columns, rows: this.rows, lines: this.lines };
  }
}

/** The records of CSV text in memory (as readRecords reads a CSV file). */
export function parseCsv(file: string, text: string): RecordFile {
  const b = new CsvBuilder(file);
  tokenizeCsv(text, (rec) => b.add(rec), file);
  return b.finish();
}

/** The records of JSON Lines text in memory (as readRecords reads a .jsonl file; lines split at "\n", a "\r" before it dropped, a BOM dropped). */
export function parseJsonLines(file: string, text: string): RecordFile {
  const b = new JsonLinesBuilder(file);
  text.split(/\r?\n/).forEach((line, i) => b.add(line, i + 1));
  return b.finish();
}

const csvField = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV text (RFC 4180 quoting, "\n" line ends) of rows under the given columns. */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [columns.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}

/** JSON Lines text: one object per row with the given keys. */
export function toJsonLines(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, r[i]])))).join('\n') + '\n';
}
