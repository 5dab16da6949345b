/**
 * Row-oriented reading and writing of the protocol's files (split files, prediction exports):
 * CSV (RFC 4180, parsed by Arquero with type inference off) and JSON Lines. Every record keeps the
 * 1-based line number it had in its file, so that errors can name the row.
 */
import * as fs from 'node:fs';
import * as aq from 'arquero';
import { fail } from '../labels/issues';

export interface RecordFile {
  file: string;
  /** Column names in file order (JSON Lines: the union of keys in order of first appearance). */
  columns: string[];
  rows: Record<string, unknown>[];
  /** Line number of each row in the file (CSV: header is line 1). */
  lines: number[];
}

/** Splits one CSV line into fields (quotes honoured); used for the header, which Arquero de-duplicates. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(field); field = ''; } else field += ch;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/** Reads a CSV or JSON Lines file (by extension: .jsonl/.ndjson are JSON Lines, anything else CSV). */
export function readRecords(file: string): RecordFile {
  if (!fs.existsSync(file)) fail(file, 0, '', '', 'file not found');
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  return /\.(jsonl|ndjson)$/i.test(file) ? parseJsonLines(file, text) : parseCsv(file, text);
}

export function parseCsv(file: string, text: string): RecordFile {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') fail(file, 1, '', '', 'empty file: a header row is required');
  const header = splitCsvLine(firstLine);
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') fail(file, 1, '', '', 'empty column name in the header');
    if (seen.has(name)) fail(file, 1, name, name, 'duplicated column');
    seen.add(name);
  }
  const table = aq.fromCSV(text, { autoType: false });
  const arrays = table.columnNames().map((name) => table.array(name) as unknown[]);
  const clean: Record<string, unknown>[] = [];
  const lines: number[] = [];
  for (let i = 0; i < table.numRows(); i++) {
    const o: Record<string, unknown> = {};
    let blank = true;
    header.forEach((c, j) => {
      const v = arrays[j]?.[i];
      o[c] = typeof v === 'string' ? v.trim() : v ?? null;
      if (o[c] !== null && o[c] !== '') blank = false;
    });
    if (blank) continue; // an empty line, not a record
    clean.push(o);
    lines.push(i + 2);
  }
  return { file, columns: header, rows: clean, lines };
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
