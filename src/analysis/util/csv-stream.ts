/**
 * Streaming reading of CSV and line-based text files: the file is read in byte chunks (4 MiB), decoded
 * incrementally and handed on one record at a time, so memory is bounded by what the caller keeps, not
 * by the file. The semantics are those of the whole-file readers, message for message:
 * - decoding as util/text-file.ts: UTF-8 checked (the first invalid byte named by row and column,
 *   found anywhere in the file before any other error is reported), a BOM decides, UTF-16 without one
 *   refused, `encoding` reads any TextDecoder label (transcoded to UTF-8 chunk by chunk);
 * - CSV as labels/sheet.ts parseCsv (RFC 4180: quoted fields, doubled quotes, CRLF/LF/CR, text after a
 *   closing quote kept; blank lines are records of no field, so that `row` is the spreadsheet row).
 * A record's fields are byte ranges of a UTF-8 buffer, valid during the callback only: a caller keeps
 * what it needs (numbers parsed from the bytes, strings decoded once).
 */
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { MelabError } from '../labels/issues';
import { firstInvalidUtf8, looksUtf16, type TextFileOptions } from './text-file';

export interface StreamOptions extends TextFileOptions {
  /** Bytes read per chunk (default 4 MiB). */
  chunkBytes?: number;
}

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
  /** Field j decoded (as written, not trimmed). */
  text(j: number): string;
}

const DEFAULT_CHUNK = 4 << 20;
/** A record longer than this is refused (an unclosed quote in a huge file is found without buffering the rest). */
export const MAX_RECORD_BYTES = 64 << 20;

/** readFileBytes' one-line message for a file that cannot be opened or read. */
function unreadable(file: string, err: unknown): MelabError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code ?? 'error';
  return new MelabError(`${file}: cannot read the file (${why})`, file);
}

/** Opens a file for reading; a missing, unreadable or directory path is a one-line MelabError (as readFileBytes). */
export function openForReading(file: string): number {
  try {
    const fd = fs.openSync(file, 'r');
    if (fs.fstatSync(fd).isDirectory()) {
      fs.closeSync(fd);
      throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    }
    return fd;
  } catch (err) {
    throw unreadable(file, err);
  }
}

/**
 * The bytes of a text file as validated UTF-8 chunks (see the file comment). `next()` returns the next
 * chunk or null at the end; a chunk never splits a UTF-8 sequence.
 */
export class Utf8Chunks {
  private readonly fd: number;
  private readonly raw: Buffer;
  private pos = 0;
  private carry: Buffer = Buffer.alloc(0);
  private decoder: TextDecoder | null = null;
  /** File offset of the text body (after a UTF-8 BOM): rows and columns of a bad byte count from it. */
  private bodyStart = 0;
  private started = false;
  private done = false;
  private stripBom = false;

  constructor(readonly file: string, private readonly opts: StreamOptions = {}) {
    this.fd = openForReading(file);
    this.raw = Buffer.allocUnsafe(opts.chunkBytes ?? DEFAULT_CHUNK);
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    fs.closeSync(this.fd);
  }

  private read(): Buffer {
    let n: number;
    try {
      n = fs.readSync(this.fd, this.raw, 0, this.raw.length, this.pos);
    } catch (err) {
      this.close();
      throw unreadable(this.file, err);
    }
    this.pos += n;
    return this.raw.subarray(0, n);
  }

  private start(first: Buffer): Buffer {
    this.started = true;
    const where = this.file || '<input>';
    const enc = this.opts.encoding;
    if (enc) {
      try {
        this.decoder = new TextDecoder(enc.trim().toLowerCase() === 'latin1' ? 'windows-1252' : enc.trim());
      } catch {
        this.close();
        throw new MelabError(`${where}: unknown encoding "${enc}" (e.g. utf-8, latin1, windows-1252, utf-16le, gbk)`, this.file);
      }
      this.stripBom = true;
      return first;
    }
    if (first[0] === 0xff && first[1] === 0xfe) { this.decoder = new TextDecoder('utf-16le'); return first.subarray(2); }
    if (first[0] === 0xfe && first[1] === 0xff) { this.decoder = new TextDecoder('utf-16be'); return first.subarray(2); }
    this.bodyStart = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
    const body = first.subarray(this.bodyStart);
    const utf16 = this.bodyStart === 0 ? looksUtf16(body) : null;
    if (utf16) {
      this.close();
      throw new MelabError(`${where}: the file is ${utf16.toUpperCase()} text without a byte-order mark; read it with --encoding ${utf16}`, this.file);
    }
    return body;
  }

  /** The next chunk of UTF-8 text, or null at the end of the file. */
  next(): Buffer | null {
    if (this.done) return null;
    let bytes = this.read();
    const eof = bytes.length === 0;
    if (!this.started) bytes = this.start(bytes);
    if (this.decoder) {
      let s = eof ? this.decoder.decode() : this.decoder.decode(bytes, { stream: true });
      if (this.stripBom && s.length > 0) { if (s.charCodeAt(0) === 0xfeff) s = s.slice(1); this.stripBom = false; }
      if (eof) this.close();
      if (eof && s === '') return null;
      return Buffer.from(s, 'utf8');
    }
    const offset = this.pos - bytes.length - this.carry.length; // file offset of the chunk's first byte
    let chunk = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : Buffer.from(bytes);
    let cut = chunk.length;
    if (!eof) cut = completeUtf8(chunk);
    this.carry = Buffer.from(chunk.subarray(cut));
    chunk = chunk.subarray(0, cut);
    if (!isUtf8(chunk)) this.badByte(offset + firstInvalidUtf8(chunk));
    if (eof) this.close();
    if (eof && chunk.length === 0) return null;
    return chunk;
  }

  /** Reads every remaining chunk (checking its encoding), keeping nothing. */
  drain(): void {
    while (this.next() !== null) { /* validate only */ }
  }

  /** Throws decodeText's message for the invalid byte at file offset `at` (row and column counted in the body). */
  private badByte(at: number): never {
    const where = this.file || '<input>';
    let row = 1;
    let lineStart = this.bodyStart;
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let p = this.bodyStart; p < at;) {
      const n = fs.readSync(this.fd, buf, 0, Math.min(buf.length, at - p), p);
      for (let i = 0; i < n; i++) if (buf[i] === 0x0a) { row++; lineStart = p + i + 1; }
      p += n;
    }
    let column = 1;
    let quoted = false;
    const line = Buffer.allocUnsafe(at - lineStart + 1);
    fs.readSync(this.fd, line, 0, line.length, lineStart);
    for (let i = 0; i < at - lineStart; i++) {
      if (line[i] === 0x22) quoted = !quoted;
      else if (line[i] === 0x2c && !quoted) column++;
    }
    const byte = `0x${line[at - lineStart].toString(16).toUpperCase().padStart(2, '0')}`;
    this.close();
    throw new MelabError(
      `${where}: row ${row}, column ${column}: byte ${byte} is not UTF-8 (a Latin-1 or Windows-1252 file?); ` +
        'read it with --encoding latin1 (or the encoding it was saved in)',
      this.file, row, String(column), byte,
    );
  }
}

/** Length of the longest prefix of `b` that does not end inside a UTF-8 sequence. */
function completeUtf8(b: Buffer): number {
  const n = b.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const c = b[n - back];
    if ((c & 0xc0) === 0x80) continue; // continuation byte: look further back
    const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return len > back ? n - back : n;
  }
  return n;
}

/**
 * Calls `onRecord` for every record of a CSV file, in order (see the file comment). Errors keep the
 * whole-file readers' precedence: a bad byte anywhere in the file is reported first, then an
 * unclosed quote, then the first error `onRecord` threw (once it throws, later records are parsed but
 * not delivered).
 */
export function streamCsv(file: string, onRecord: (r: CsvRecord) => void, opts: StreamOptions = {}): void {
  const src = new Utf8Chunks(file, opts);
  let callerError: unknown = null;
  const deliver = (r: CsvRecord): void => {
    if (callerError !== null) return;
    try { onRecord(r); } catch (err) { callerError = err; }
  };
  try {
    parseStream(src, file, deliver);
  } catch (err) {
    try { src.drain(); } finally { src.close(); }
    throw err;
  }
  if (callerError !== null) throw callerError;
}

function parseStream(src: Utf8Chunks, file: string, emit: (r: CsvRecord) => void): void {
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
  };
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
    const next = src.next();
    if (next === null) { eof = true; return false; }
    pending = pending.length > 0 ? Buffer.concat([pending, next]) : next;
    return true;
  };
  more();
  let p = 0;
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
function tooLong(src: Utf8Chunks, file: string, line: number, pending: Buffer, from: number, quoted: boolean): never {
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
  for (let c = src.next(); c !== null; c = src.next()) {
    const b = rest.length > 0 ? Buffer.concat([rest, c]) : c;
    let s = 0;
    for (let nl = b.indexOf(10, s); nl >= 0; nl = b.indexOf(10, s)) { deliver(b, s, nl); s = nl + 1; }
    rest = Buffer.from(b.subarray(s));
  }
  deliver(rest, 0, rest.length);
  if (callerError !== null) throw callerError;
}
