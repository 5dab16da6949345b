/**
 * melab's one CSV tokenizer. Every CSV melab reads goes through it: label sheets (labels/sheet.ts
 * builds its rows of strings from it, for files and for text in memory), ratings, split files and
 * prediction exports (protocol/records.ts, protocol/prediction-columns.ts). The one other reader of
 * CSV text is the quote-free column scan of large label sheets (labels/csv-columns.ts), a speed path
 * that hands any text with a quote back to this tokenizer. Files are read in byte chunks (4 MiB,
 * util/text-chunks.ts) and handed on one record at a time, so memory is bounded by what the caller
 * keeps, not by the file. The semantics:
 * - decoding as util/text-file.ts: UTF-8 checked (the first invalid byte named by row and column,
 *   found anywhere in the file before any other error is reported), a BOM decides, UTF-16 without one
 *   refused, `encoding` reads any TextDecoder label (transcoded to UTF-8 chunk by chunk);
 * - CSV as RFC 4180: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF/LF/CR
 *   line ends, a leading U+FEFF of the text dropped; text after a closing quote up to the delimiter is
 *   kept (lenient, as spreadsheets export it); a quote only opens a field at its start; blank lines
 *   are records of no field, so that `row` is the spreadsheet row; "a,b," ends with an empty field;
 * - an unclosed quote is the one-line MelabError "FILE: row N: a quoted field is never closed" (N: the
 *   physical line of the opening quote); a record over MAX_RECORD_BYTES is refused in one line.
 * A record's fields are byte ranges of a UTF-8 buffer, valid during the callback only: a caller keeps
 * what it needs (numbers parsed from the bytes, strings decoded once).
 */
import { isAscii } from 'node:buffer';
import { MelabError } from '../labels/issues';
import { checkHeap, HEAP_CHECK_ROWS } from './heap-guard';
import { Utf8Chunks, type ChunkOptions } from './text-chunks';

/** Options of the streamed readers: `encoding` (util/text-file.ts) and `chunkBytes` (default 4 MiB). */
export type StreamOptions = ChunkOptions;

/** A record of a CSV file during its callback: field j is `buf(j)[start[j], end[j])`, UTF-8. */
export interface CsvRecord {
  /** Spreadsheet row (1-based): parseCsv's table index + 1 (blank lines count; a multi-line quoted field is one row). */
  row: number;
  /** Number of fields; 0 for a blank line. */
  length: number;
  start: Int32Array;
  end: Int32Array;
  /** The buffer holding field j (the chunk, or a scratch copy for a quoted field with doubled quotes). */
  buf(j: number): Buffer;
  /** Field j decoded (as written, not trimmed): a string of its own. */
  text(j: number): string;
  /**
   * Every field decoded (as written), [] for a blank line: one decoding of the record's bytes, sliced
   * (the strings may share the record's text; for callers that keep whole rows).
   */
  cells(): string[];
}

/** A record longer than this is refused (an unclosed quote in a huge file is found without buffering the rest). */
export const MAX_RECORD_BYTES = 64 << 20;

/** Where the tokenizer's bytes come from: a file's chunks (Utf8Chunks) or one buffer of text in memory. */
interface ByteSource {
  /** The next chunk of UTF-8 bytes (after a copy of `keep`), or null at the end. */
  next(keep?: Buffer): Buffer | null;
  /** True when the bytes the last next() read (after `keep`) are all ASCII. */
  lastAscii: boolean;
  /** Reads (and checks) what is left, keeping nothing. */
  drain(): void;
  close(): void;
}

/** A JavaScript string as a byte source: its UTF-8 encoding, in one chunk. */
class TextSource implements ByteSource {
  lastAscii = false; // not known: the tokenizer tests its text when it needs to
  constructor(private bytes: Buffer | null) {}
  next(keep?: Buffer): Buffer | null {
    const b = this.bytes;
    this.bytes = null;
    return b !== null && keep && keep.length > 0 ? Buffer.concat([keep, b]) : b;
  }
  drain(): void { this.bytes = null; }
  close(): void { this.bytes = null; }
}

/** Runs the tokenizer over `src` with streamCsv's error precedence (see there). */
function run(src: ByteSource, file: string, onRecord: (r: CsvRecord) => void): void {
  let callerError: unknown = null;
  const deliver = (r: CsvRecord): void => {
    if (callerError !== null) return;
    try { onRecord(r); } catch (err) { callerError = err; }
  };
  try {
    tokenize(src, file, deliver);
  } catch (err) {
    try { src.drain(); } finally { src.close(); }
    throw err;
  }
  src.close();
  if (callerError !== null) throw callerError;
}

/**
 * Calls `onRecord` for every record of a CSV file, in order (see the file comment). Errors keep the
 * whole-file readers' precedence: a bad byte anywhere in the file is reported first, then an
 * unclosed quote, then the first error `onRecord` threw (once it throws, later records are parsed but
 * not delivered).
 */
export function streamCsv(file: string, onRecord: (r: CsvRecord) => void, opts: StreamOptions = {}): void {
  run(new Utf8Chunks(file, opts), file, onRecord);
}

/**
 * streamCsv for CSV text in memory (its UTF-8 encoding is tokenized: a lone surrogate, which no
 * decoded file holds, reads as U+FFFD). `file` names the text in messages.
 */
export function tokenizeCsv(text: string, onRecord: (r: CsvRecord) => void, file = ''): void {
  run(new TextSource(Buffer.from(text, 'utf8')), file, onRecord);
}

/** A record's fields as strings, as written (not trimmed); [] for a blank line. */
export function recordCells(rec: CsvRecord): string[] {
  return rec.cells();
}

/**
 * The rows of CSV text: rows[i] is spreadsheet row i + 1 (blank lines are []), every value a string
 * as written. An unclosed quote is a one-line MelabError naming `file` and the row.
 * @example csvRows('a,b\n"x,1",2\n') // [['a','b'],['x,1','2']]
 */
export function csvRows(text: string, file = ''): string[][] {
  const rows: string[][] = [];
  tokenizeCsv(text, (rec) => { rows.push(recordCells(rec)); }, file);
  return rows;
}

/**
 * csvRows of a file, streamed: the file is never one string, and memory follows the rows kept. A table
 * that would not fit in the heap is the one-line error of util/heap-guard.ts.
 */
export function readCsvRows(file: string, opts: StreamOptions = {}): string[][] {
  const rows: string[][] = [];
  streamCsv(file, (rec) => {
    rows.push(recordCells(rec));
    if (rows.length % HEAP_CHECK_ROWS === 0) checkHeap(file, `${rows.length.toLocaleString('en')} rows read`);
  }, opts);
  return rows;
}

/** The tokenizer: records of `src` in order, each handed to `emit` (see the file comment). */
function tokenize(src: ByteSource, file: string, emit: (r: CsvRecord) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  let scratch = Buffer.allocUnsafe(1 << 12);
  let fieldCap = 64;
  let start = new Int32Array(fieldCap);
  let end = new Int32Array(fieldCap);
  let inScratch = new Uint8Array(fieldCap);
  let row = 0;
  let line = 1; // physical line (for the unclosed-quote message)
  let eof = false;
  const rec: CsvRecord = {
    row: 0, length: 0, start, end,
    buf: (j) => (inScratch[j] ? scratch : pending),
    text: (j) => (inScratch[j] ? scratch : pending).toString('utf8', start[j], end[j]),
    cells: () => {
      const k = rec.length;
      const out = new Array<string>(k);
      if (k === 0) return out;
      // a chunk is tested once: most are all ASCII; else the record is
      if (pendingAscii === 0) pendingAscii = isAscii(pending) ? 1 : 2;
      if (pendingAscii === 1 || isAscii(pending.subarray(recA, recB))) {
        // ASCII: byte offsets are string offsets; one string for the record, sliced (faster than split)
        const line = pending.toString('latin1', recA, recB);
        for (let j = 0; j < k; j++) out[j] = inScratch[j] ? scratch.toString('utf8', start[j], end[j]) : line.slice(start[j] - recA, end[j] - recA);
      } else {
        for (let j = 0; j < k; j++) out[j] = (inScratch[j] ? scratch : pending).toString('utf8', start[j], end[j]);
      }
      return out;
    },
  };
  let pendingAscii = 0; // 0: not tested, 1: `pending` is ASCII, 2: it is not
  let recA = 0; // the record's bytes in `pending` (for cells)
  let recB = 0;
  const push = (k: number, s: number, e: number, scr: boolean): void => {
    if (k >= fieldCap) {
      fieldCap *= 2;
      const s2 = new Int32Array(fieldCap); s2.set(start); start = s2; rec.start = s2;
      const e2 = new Int32Array(fieldCap); e2.set(end); end = e2; rec.end = e2;
      const f2 = new Uint8Array(fieldCap); f2.set(inScratch); inScratch = f2;
    }
    start[k] = s; end[k] = e; inScratch[k] = scr ? 1 : 0;
  };
  const more = (): boolean => {
    const keptAscii = pending.length === 0 || pendingAscii === 1;
    const next = src.next(pending.length > 0 ? pending : undefined); // after a copy of what is pending
    if (next === null) { eof = true; return false; }
    pending = next;
    pendingAscii = keptAscii && src.lastAscii ? 1 : 0;
    return true;
  };
  more();
  // a U+FEFF at the start of the text (the file's own byte-order mark is gone with the decoding)
  while (!eof && pending.length < 3) more();
  let p = pending[0] === 0xef && pending[1] === 0xbb && pending[2] === 0xbf ? 3 : 0;
  for (;;) {
    // parse one record from p; on running out of bytes, read more and start the record again
    const recordStart = p;
    const n = pending.length;
    if (p >= n) {
      if (eof) return;
      pending = pending.subarray(p); p = 0;
      more();
      continue;
    }
    const first = pending[p];
    if (first === 10 || first === 13) {
      // a blank line: a record of no field
      if (first === 13 && p + 1 >= n && !eof) { pending = pending.subarray(p); p = 0; if (!more()) { /* eof: lone CR */ } continue; }
      p += first === 13 && pending[p + 1] === 10 ? 2 : 1;
      row++; line++;
      rec.row = row; rec.length = 0;
      emit(rec);
      continue;
    }
    let k = 0;
    let sc = 0; // scratch fill
    let q = p;
    let incomplete = false;
    let newlinesInside = 0;
    let quoted = false; // stopped inside a quoted field
    for (;;) {
      if (q < n && pending[q] === 34) {
        quoted = true;
        // quoted field
        let j = q + 1;
        let simple = true;
        const fieldStart = j;
        let scStart = sc;
        for (;;) {
          const close = pending.indexOf(34, j);
          if (close < 0 || close + 1 >= n) {
            if (!eof) { incomplete = true; break; }
            if (close < 0) throw new MelabError(`${file || '<input>'}: row ${line + newlinesInside}: a quoted field is never closed`, file, line + newlinesInside);
          }
          if (close + 1 < n && pending[close + 1] === 34) {
            // doubled quote: copy into the scratch buffer
            if (simple) { simple = false; scStart = sc; }
            const need = sc + (close + 1 - j);
            if (need > scratch.length) { const s2 = Buffer.allocUnsafe(Math.max(need, scratch.length * 2)); scratch.copy(s2, 0, 0, sc); scratch = s2; }
            sc += pending.copy(scratch, sc, j, close + 1);
            j = close + 2;
            continue;
          }
          // closing quote at `close`; text after it up to the delimiter is kept
          let t = close + 1;
          while (t < n) { const d = pending[t]; if (d === 44 || d === 10 || d === 13) break; t++; }
          if (t >= n && !eof) { incomplete = true; break; }
          for (let x = q; x < close; x++) if (pending[x] === 10) newlinesInside++;
          if (simple && t === close + 1) {
            push(k++, fieldStart, close, false);
          } else {
            if (simple) scStart = sc;
            const need = sc + (close - j) + (t - close - 1);
            if (need > scratch.length) { const s2 = Buffer.allocUnsafe(Math.max(need, scratch.length * 2)); scratch.copy(s2, 0, 0, sc); scratch = s2; }
            sc += pending.copy(scratch, sc, j, close);
            sc += pending.copy(scratch, sc, close + 1, t);
            push(k++, scStart, sc, true);
          }
          q = t;
          quoted = false;
          break;
        }
        if (incomplete) break;
      } else {
        let t = q;
        while (t < n) { const d = pending[t]; if (d === 44 || d === 10 || d === 13) break; t++; }
        if (t >= n && !eof) { incomplete = true; break; }
        push(k++, q, t, false);
        q = t;
      }
      if (q >= n) break; // end of file without a line end
      const d = pending[q];
      if (d === 44) {
        q++;
        if (q >= n) {
          if (!eof) { incomplete = true; break; }
          push(k++, q, q, false); // "a,b," at the end of the file: a last empty field
          break;
        }
        continue;
      }
      // line end: \n, \r\n or \r
      if (d === 13 && q + 1 >= n && !eof) { incomplete = true; break; }
      q += d === 13 && pending[q + 1] === 10 ? 2 : 1;
      break;
    }
    if (incomplete) {
      if (n - recordStart > MAX_RECORD_BYTES) tooLong(src, file, line, pending, recordStart, quoted);
      pending = pending.subarray(recordStart); p = 0;
      more();
      continue;
    }
    row++;
    line += 1 + newlinesInside;
    rec.row = row; rec.length = k;
    recA = recordStart; recB = q;
    emit(rec);
    p = q;
  }
}

function countNewlines(b: Buffer, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) if (b[i] === 10) c++;
  return c;
}

/** A record over MAX_RECORD_BYTES: an unclosed quote when no quote follows, else refused as too long. */
function tooLong(src: ByteSource, file: string, line: number, pending: Buffer, from: number, quoted: boolean): never {
  const where = file || '<input>';
  if (!quoted) {
    src.drain();
    throw new MelabError(`${where}: row ${line}: a record of more than ${MAX_RECORD_BYTES >> 20} MiB without a line end (not a CSV file?)`, file, line);
  }
  // the open quote is the last one of the record so far; is any quote after it? (the rest is read, not kept)
  const quoteAt = pending.lastIndexOf(34);
  const quoteLine = line + countNewlines(pending, from, quoteAt);
  let closed = false;
  for (let c = src.next(); !closed && c !== null; c = src.next()) closed = c.indexOf(34) >= 0;
  src.drain();
  if (!closed) throw new MelabError(`${where}: row ${quoteLine}: a quoted field is never closed`, file, quoteLine);
  throw new MelabError(`${where}: row ${line}: a record of more than ${MAX_RECORD_BYTES >> 20} MiB (a quote left open?)`, file, line);
}

/**
 * Calls `onLine` with every line of a text file (split at "\n", a "\r" before it dropped) and its
 * 1-based number, as `text.split(/\r?\n/)` numbers them. Error precedence as streamCsv.
 */
export function streamLines(file: string, onLine: (text: string, line: number) => void, opts: StreamOptions = {}): void {
  const src = new Utf8Chunks(file, opts);
  let callerError: unknown = null;
  let rest: Buffer = Buffer.alloc(0);
  let line = 0;
  const deliver = (b: Buffer, s: number, e: number): void => {
    line++;
    if (callerError !== null) return;
    if (e > s && b[e - 1] === 13) e--;
    try { onLine(b.toString('utf8', s, e), line); } catch (err) { callerError = err; }
  };
  for (let b = src.next(); b !== null; b = src.next(rest.length > 0 ? rest : undefined)) {
    let s = 0;
    for (let nl = b.indexOf(10, s); nl >= 0; nl = b.indexOf(10, s)) { deliver(b, s, nl); s = nl + 1; }
    rest = b.subarray(s); // copied in front of the next chunk
  }
  deliver(rest, 0, rest.length);
  if (callerError !== null) throw callerError;
}
