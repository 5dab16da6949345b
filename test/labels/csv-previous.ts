/**
 * melab's CSV reading as it was before the one tokenizer (issue 17, item 5), copied unchanged from
 * commit f1f59f9 (labels/sheet.ts parseCsv with its quoted and split paths, util/text-file.ts
 * decodeText, protocol/records.ts parseCsv): the reference that test/labels/csv-tokenizer.test.ts
 * checks util/csv-stream.ts against. Not used by melab itself.
 */
import { MelabError, fail } from '../../src/analysis/labels/issues';
import { decoderFor, firstInvalidUtf8, looksUtf16, type TextFileOptions } from '../../src/analysis/util/text-file';

/** Row and CSV column (1-based) of byte offset `at`, counting line breaks and commas before it on its line. */
function locateByte(buf: Uint8Array, at: number): { row: number; column: number } {
  let row = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (buf[i] === 0x0a) {
      row++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  let quoted = false;
  for (let i = lineStart; i < at; i++) {
    if (buf[i] === 0x22) quoted = !quoted;
    else if (buf[i] === 0x2c && !quoted) column++;
  }
  return { row, column };
}

/** The one-line error for the first invalid UTF-8 byte, at its row and column. */
function notUtf8(file: string, row: number, column: number, byteValue: number): MelabError {
  const byte = `0x${byteValue.toString(16).toUpperCase().padStart(2, '0')}`;
  return new MelabError(
    `${file || '<input>'}: row ${row}, column ${column}: byte ${byte} is not UTF-8 (a Latin-1 or Windows-1252 file?); ` +
      'read it with --encoding latin1 (or the encoding it was saved in)',
    file, row, String(column), byte,
  );
}

/**
 * Decodes the bytes of a text file (see the file comment). `file` names the input in messages.
 * @example decodeText(Buffer.from('a,b\n'), 'x.csv') // 'a,b\n'
 */
export function decodeText(buf: Uint8Array, file: string, opts: TextFileOptions = {}): string {
  const where = file || '<input>';
  if (opts.encoding) return decoderFor(opts.encoding, file).decode(buf).replace(/^\uFEFF/, '');
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const body = buf.subarray(start);
  const utf16 = start === 0 ? looksUtf16(body) : null;
  if (utf16) {
    throw new MelabError(`${where}: the file is ${utf16.toUpperCase()} text without a byte-order mark; read it with --encoding ${utf16}`, file);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const bad = firstInvalidUtf8(body);
    const { row, column } = locateByte(body, bad);
    throw notUtf8(file, row, column, body[bad]);
  }
}

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM) into rows of
 * strings. Blank lines stay as empty rows so that row numbers match a spreadsheet's. Raises a
 * MelabError naming the line of an unterminated quote.
 * @example parseCsv('a,b\n"x,1",2\n') // [['a','b'],['x,1','2']]
 */
export function parseCsv(text: string, file = ''): string[][] {
  return text.indexOf('"') < 0 ? parseUnquotedCsv(text) : parseQuotedCsv(text, file);
}

/** The general RFC 4180 parser behind parseCsv (exported for the test that checks the fast path against it). */
export function parseQuotedCsv(text: string, file = ''): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const startLine = line;
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new MelabError(`${file || '<input>'}: row ${startLine}: a quoted field is never closed`, file, startLine);
        value += text.slice(j, q);
        for (let k = j; k < q; k++) if (text.charCodeAt(k) === 10) line++;
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // text after the closing quote up to the delimiter is kept (lenient, as spreadsheets export it)
      let k = j;
      while (k < n) {
        const d = text.charCodeAt(k);
        if (d === 44 || d === 10 || d === 13) break;
        k++;
      }
      row.push(value + text.slice(j, k));
      i = k;
    } else {
      let k = i;
      while (k < n) {
        const d = text.charCodeAt(k);
        if (d === 44 || d === 10 || d === 13) break;
        k++;
      }
      row.push(text.slice(i, k));
      i = k;
    }
    if (i >= n) break;
    const d = text.charCodeAt(i);
    if (d === 44) {
      i++;
      if (i >= n) row.push('');
    } else {
      // end of line: \n, \r\n or \r
      i += d === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      rows.push(row);
      row = [];
      line++;
      // blank lines
      while (i < n) {
        const e = text.charCodeAt(i);
        if (e === 10 || e === 13) {
          rows.push([]);
          line++;
          i += e === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        } else break;
      }
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** parseCsv for text without a quote character: lines and fields are plain splits (most sheets; 3× faster). */
function parseUnquotedCsv(text: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.indexOf('\r') < 0 ? body.split('\n') : body.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rows = new Array<string[]>(lines.length);
  for (let i = 0; i < lines.length; i++) rows[i] = lines[i] === '' ? [] : lines[i].split(',');
  return rows;
}

/** protocol/records.ts parseCsv (a CSV file as records), as it was. */
export function previousRecords(file: string, text: string): { columns: string[]; rows: Record<string, unknown>[]; lines: number[] } {
  const table = parseCsv(text, file); // table[i] is spreadsheet row i + 1
  const header = (table[0] ?? []).map((h) => h.trim());
  // records.ts checkHeader, as it was
  if (header.length === 0 || header.every((h) => h === '')) fail(file, 1, '', '', 'empty file: a header row is required');
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') fail(file, 1, '', '', 'empty column name in the header');
    if (seen.has(name)) fail(file, 1, name, name, 'duplicated column');
    seen.add(name);
  }
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
  return { columns: header, rows, lines };
}

