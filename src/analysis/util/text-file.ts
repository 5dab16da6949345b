/**
 * Decoding of text inputs (CSV label sheets, ratings, split files, prediction exports). UTF-8 is the
 * default and is checked, never guessed: invalid bytes are refused in one line that names the row and
 * column of the first bad byte and the option that reads the file (`--encoding latin1`). A byte-order
 * mark decides by itself (UTF-8, UTF-16 LE/BE); UTF-16 without one (every other byte NUL) is refused
 * with the same advice. Node's TextDecoder does the decoding (WHATWG encodings: utf-8, utf-16le,
 * utf-16be, latin1 = windows-1252, iso-8859-x, shift_jis, gbk, ...).
 */
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { MelabError } from '../labels/issues';

export interface TextFileOptions {
  /** An encoding label TextDecoder knows ("latin1", "windows-1252", "utf-16le", "gbk"); default: UTF-8, checked. */
  encoding?: string;
}

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

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > n) return i;
    for (let k = 1; k < len; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}

/** True when the first bytes look like UTF-16 without a BOM (NUL in every other byte of ASCII text). */
export function looksUtf16(buf: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(buf.length, 512) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenNul++;
    if (buf[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  if (oddNul > 0.6 * half && evenNul < 0.1 * half) return 'utf-16le';
  if (evenNul > 0.6 * half && oddNul < 0.1 * half) return 'utf-16be';
  return null;
}

/** The TextDecoder for an --encoding label ("latin1" = windows-1252), or the one-line error for an unknown one. */
export function decoderFor(encoding: string, file: string): TextDecoder {
  try {
    return new TextDecoder(encoding.trim().toLowerCase() === 'latin1' ? 'windows-1252' : encoding.trim());
  } catch {
    throw new MelabError(`${file || '<input>'}: unknown encoding "${encoding}" (e.g. utf-8, latin1, windows-1252, utf-16le, gbk)`, file);
  }
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
 * The not-UTF-8 error for `piece`, which starts at byte `offset` of `file` and holds an invalid
 * byte: the file is read again up to that byte to name its row and column (only on this error path).
 */
export function byteError(file: string, offset: number, piece: Uint8Array): MelabError {
  const at = offset + Math.max(0, firstInvalidUtf8(piece));
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    let row = 1;
    let column = 1;
    let quoted = false;
    let pos = 0;
    while (pos < at) {
      const got = fs.readSync(fd, buf, 0, Math.min(buf.length, at - pos), pos);
      if (got === 0) break;
      let i = 0;
      // a UTF-8 byte-order mark is not part of the text
      if (pos === 0 && got >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
      for (; i < got; i++) {
        const b = buf[i];
        if (b === 0x0a) {
          row++;
          column = 1;
          quoted = false;
        } else if (b === 0x22) quoted = !quoted;
        else if (b === 0x2c && !quoted) column++;
      }
      pos += got;
    }
    return notUtf8(file, row, column, piece[at - offset]);
  } finally {
    fs.closeSync(fd);
  }
}

/** How a text's bytes are decoded, decided from its first bytes by startDecoding. */
export interface Decoding {
  /** The decoder for a BOM'd UTF-16 file or an `encoding` (null: UTF-8, checked and passed on as bytes). */
  decoder: TextDecoder | null;
  /** Bytes at the start that are not text (a byte-order mark). */
  skip: number;
  /** True when the decoded text's own leading U+FEFF is dropped too (an `encoding` was given). */
  stripBom: boolean;
}

/** Bytes startDecoding looks at (the UTF-16 test looks at the first 512; a file may be shorter). */
export const DECIDE_BYTES = 512;

/**
 * The rules of the file comment, from the first bytes of a text (at least DECIDE_BYTES of them, or the
 * whole text): one place for decodeText and the streamed reader (util/text-chunks.ts). A UTF-8 BOM is
 * skipped, and a second one after it, as TextDecoder (which decodeText used) drops one itself.
 */
export function startDecoding(first: Uint8Array, file: string, opts: TextFileOptions = {}): Decoding {
  if (opts.encoding) return { decoder: decoderFor(opts.encoding, file), skip: 0, stripBom: true };
  // TextDecoder drops a further BOM at the start of what it decodes
  if (first[0] === 0xff && first[1] === 0xfe) return { decoder: new TextDecoder('utf-16le'), skip: 2, stripBom: false };
  if (first[0] === 0xfe && first[1] === 0xff) return { decoder: new TextDecoder('utf-16be'), skip: 2, stripBom: false };
  const bom = (at: number): boolean => first[at] === 0xef && first[at + 1] === 0xbb && first[at + 2] === 0xbf;
  if (bom(0)) return { decoder: null, skip: bom(3) ? 6 : 3, stripBom: false };
  const utf16 = looksUtf16(first);
  if (utf16) {
    throw new MelabError(`${file || '<input>'}: the file is ${utf16.toUpperCase()} text without a byte-order mark; read it with --encoding ${utf16}`, file);
  }
  return { decoder: null, skip: 0, stripBom: false };
}

/**
 * Decodes the bytes of a text file (see the file comment). `file` names the input in messages.
 * @example decodeText(Buffer.from('a,b\n'), 'x.csv') // 'a,b\n'
 */
export function decodeText(buf: Uint8Array, file: string, opts: TextFileOptions = {}): string {
  const { decoder, skip, stripBom } = startDecoding(buf, file, opts);
  if (decoder) {
    const text = decoder.decode(buf.subarray(skip));
    return stripBom && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  // row and column count from the first BOM's end (a second BOM has no line break or comma)
  const body = buf.subarray(Math.min(skip, 3));
  const text = Buffer.from(buf.buffer, buf.byteOffset + skip, buf.length - skip);
  if (isUtf8(text)) return text.toString('utf8');
  const bad = firstInvalidUtf8(body);
  const { row, column } = locateByte(body, bad);
  throw notUtf8(file, row, column, body[bad]);
}

/** The one-line error for a file that cannot be opened or read. */
export function openError(file: string, err: unknown): MelabError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code ?? 'error';
  return new MelabError(`${file}: cannot read the file (${why})`, file);
}

/** The bytes of a file; a missing, unreadable or directory path is a one-line MelabError naming it. */
export function readFileBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw openError(file, err);
  }
}

/** Reads and decodes a text file; a missing or unreadable file is a one-line MelabError naming it. */
export function readTextFile(file: string, opts: TextFileOptions = {}): string {
  return decodeText(readFileBytes(file), file, opts);
}
