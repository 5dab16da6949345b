/**
 * Row-oriented reading and writing of the protocol's files (split files, prediction exports):
 * CSV (RFC 4180, the label reader's parser: every cell stays a string, ~30× faster than Arquero's
 * fromCSV on a 7,500 × 26 export) and JSON Lines. Every record keeps the
 * 1-based line number it had in its file, so that errors can name the row.
 */
import * as fs from 'node:fs';
import { fail } from '../labels/issues';
import { parseCsv as parseCsvRows } from '../labels/sheet';
import { readTextFile, type TextFileOptions } from '../util/text-file';

export interface RecordFile {
  file: string;
  /** Column names in file order (JSON Lines: the union of keys in order of first appearance). */
  columns: string[];
  rows: Record<string, unknown>[];
  /** Line number of each row in the file (CSV: header is line 1). */
  lines: number[];
}

/**
 * Largest file read whole: V8 cannot hold a string of more than 2^29 − 24 characters (≈ 512 MB), so a
 * larger input is refused in one line instead of crashing the heap.
 */
export const MAX_RECORD_FILE_BYTES = (1 << 29) - 24;

/** Reads a CSV or JSON Lines file (by extension: .jsonl/.ndjson are JSON Lines, anything else CSV). */
export function readRecords(file: string, opts: TextFileOptions = {}): RecordFile {
  if (!fs.existsSync(file)) fail(file, 0, '', '', 'file not found');
  const size = fs.statSync(file);
  if (size.isDirectory()) fail(file, 0, '', '', 'is a folder, not a file (pass the export file, or a folder to melab tables/report)');
  if (size.size > MAX_RECORD_FILE_BYTES) {
    fail(file, 0, '', '', `${(size.size / 2 ** 20).toFixed(0)} MiB is more than melab reads in one piece (${(MAX_RECORD_FILE_BYTES / 2 ** 20).toFixed(0)} MiB); split the export by fold into several files`);
  }
  const text = readTextFile(file, opts).replace(/^\uFEFF/, '');
  return /\.(jsonl|ndjson)$/i.test(file) ? parseJsonLines(file, text) : parseCsv(file, text);
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

export function parseCsv(file: string, text: string): RecordFile {
  const table = parseCsvRows(text, file); // table[i] is spreadsheet row i + 1
  const header = (table[0] ?? []).map((h) => h.trim());
  checkHeader(file, header);
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  for (let i = 1; i < table.length; i++) {
    const cells = table[i];
    if (cells.length === 0 || (cells.length === 1 && cells[0].trim() === '')) continue; // a blank line, not a record
    if (cells.length !== header.length) fail(file, i + 1, '', '', `${cells.length} fields where the header has ${header.length}`);
    const o: Record<string, unknown> = {};
    for (let j = 0; j < header.length; j++) {
      const v = cells[j].trim();
      o[header[j]] = v === '' ? null : v;
    }
    rows.push(o);
    lines.push(i + 1);
  }
  return { file, columns: header, rows, lines };
}

export function parseJsonLines(file: string, text: string): RecordFile {
  const columns: string[] = [];
  const known = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      fail(file, i + 1, '', line.slice(0, 40), `not valid JSON (${(err as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, i + 1, '', line.slice(0, 40), 'each line must be one JSON object');
    for (const key of Object.keys(value as object)) if (!known.has(key)) { known.add(key); columns.push(key); }
    rows.push(value as Record<string, unknown>);
    lines.push(i + 1);
  });
  if (rows.length === 0) fail(file, 0, '', '', 'no records in the file');
  return { file, columns, rows, lines };
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
