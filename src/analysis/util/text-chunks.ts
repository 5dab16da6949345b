/**
 * The one reader of text files in pieces: the bytes are read in chunks and decoded as they are read,
 * so memory is bounded by the chunk, not by the file, and no piece is ever longer than a V8 string may
 * be. The decoding rules are util/text-file.ts's (startDecoding: UTF-8 by default, checked: the first
 * invalid byte, wherever it is, is refused in one line naming its row and column; a byte-order mark
 * decides by itself; UTF-16 without one is refused; `encoding` reads any encoding TextDecoder knows,
 * transcoded to UTF-8 chunk by chunk). Two views of the same reading:
 * - Utf8Chunks: validated UTF-8 byte chunks (the CSV tokenizer, util/csv-stream.ts, works on these);
 * - readTextPieces: string pieces that end at line breaks (the quote-free column scan of label sheets,
 *   labels/csv-columns.ts); ASCII pieces (most CSV files) become strings without a UTF-8 decoder.
 */
import * as fs from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import { byteError, DECIDE_BYTES, openError, startDecoding, type TextFileOptions } from './text-file';

/** Bytes per string piece: below the size at which Node makes a string external (about 1 MB). */
export const PIECE_BYTES = 512 * 1024;

/** Bytes per chunk of Utf8Chunks by default. */
const DEFAULT_CHUNK = 4 << 20;

export interface ChunkOptions extends TextFileOptions {
  /** Bytes read per chunk (default 4 MiB; tests use a few bytes to cross every boundary). */
  chunkBytes?: number;
}

export interface TextChunkOptions extends TextFileOptions {
  /** Bytes per read (default PIECE_BYTES; tests use small pieces to cross every boundary). */
  pieceBytes?: number;
}

/** Size in bytes of a file (a missing or unreadable path is the one-line error of readFileBytes). */
export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (err) {
    throw openError(file, err);
  }
}

/** Opens a file for reading; a missing, unreadable or directory path is readFileBytes' one-line MelabError. */
export function openForReading(file: string): number {
  try {
    const fd = fs.openSync(file, 'r');
    if (fs.fstatSync(fd).isDirectory()) {
      fs.closeSync(fd);
      throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    }
    return fd;
  } catch (err) {
    throw openError(file, err);
  }
}

/**
 * The bytes of a text file as validated UTF-8 chunks (see the file comment). `next()` returns the next
 * chunk or null at the end; a chunk never splits a UTF-8 sequence. Two buffers take turns: a chunk
 * stays valid until the second next() after it (so a caller may pass part of it as the next `keep`).
 */
export class Utf8Chunks {
  private readonly fd: number;
  private readonly raw: Buffer;
  private pos = 0;
  private carry: Buffer = Buffer.alloc(0);
  private decoder: TextDecoder | null = null;
  private started = false;
  private done = false;
  private stripBom = false;
  /** True when the bytes the last next() read (after `keep`) are all ASCII: callers skip a scan of their own. */
  lastAscii = false;
  /** Two buffers that take turns (no fresh memory, and no page faults, per chunk). */
  private readonly spare: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0)];
  private turn = 0;

  constructor(readonly file: string, private readonly opts: ChunkOptions = {}) {
    this.fd = openForReading(file);
    this.raw = Buffer.allocUnsafe(Math.max(1, opts.chunkBytes ?? DEFAULT_CHUNK));
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
      throw openError(this.file, err);
    }
    this.pos += n;
    return this.raw.subarray(0, n);
  }

  /** The first bytes (DECIDE_BYTES of them, or the whole file), past what startDecoding skips. */
  private start(): Buffer {
    this.started = true;
    const parts: Buffer[] = [];
    let have = 0;
    while (have < DECIDE_BYTES) {
      const b = this.read();
      if (b.length === 0) break;
      parts.push(Buffer.from(b));
      have += b.length;
    }
    const first = Buffer.concat(parts, have);
    let d;
    try {
      d = startDecoding(first, this.file, this.opts);
    } catch (err) {
      this.close();
      throw err;
    }
    this.decoder = d.decoder;
    this.stripBom = d.stripBom;
    return first.subarray(d.skip);
  }

  /**
   * The next chunk of UTF-8 text, or null at the end of the file. With `keep` (bytes the caller carries
   * over, such as an unfinished line), the chunk comes after a copy of them in the same buffer.
   */
  next(keep?: Buffer): Buffer | null {
    if (this.done) return null;
    const k = keep ? keep.length : 0;
    if (!this.started || this.decoder) {
      const c = this.decodedChunk();
      if (c === null) return null;
      this.lastAscii = isAscii(c);
      return k > 0 ? Buffer.concat([keep as Buffer, c]) : c;
    }
    // UTF-8: one buffer for what is kept, a UTF-8 sequence carried over, and the bytes read
    const carry = this.carry.length;
    const size = this.raw.length;
    const need = k + carry + size;
    let out = this.spare[this.turn];
    if (out.length < need) out = this.spare[this.turn] = Buffer.allocUnsafeSlow(Math.max(need, 2 * out.length));
    this.turn ^= 1;
    if (k > 0) (keep as Buffer).copy(out, 0);
    if (carry > 0) this.carry.copy(out, k);
    const offset = this.pos - carry; // file offset of out[k]
    let n: number;
    try {
      n = fs.readSync(this.fd, out, k + carry, size, this.pos);
    } catch (err) {
      this.close();
      throw openError(this.file, err);
    }
    this.pos += n;
    const eof = n === 0;
    const total = k + carry + n;
    const fresh = out.subarray(k, total);
    const cut = eof ? fresh.length : completeUtf8(fresh);
    this.carry = Buffer.from(fresh.subarray(cut));
    const chunk = fresh.subarray(0, cut);
    // ASCII is UTF-8 (one scan for most chunks)
    this.lastAscii = isAscii(chunk);
    if (!this.lastAscii && !isUtf8(chunk)) this.badByte(offset, chunk);
    if (eof) this.close();
    if (eof && cut === 0) return null;
    return out.subarray(0, k + cut);
  }

  /** The next chunk, decoded (the first one, and every one of a file read through a TextDecoder). */
  private decodedChunk(): Buffer | null {
    let bytes: Buffer;
    let eof: boolean;
    if (!this.started) {
      bytes = this.start();
      eof = this.pos === 0;
    } else {
      bytes = this.read();
      eof = bytes.length === 0;
    }
    if (this.decoder) {
      let s = eof ? this.decoder.decode() : this.decoder.decode(bytes, { stream: true });
      if (this.stripBom && s.length > 0) { if (s.charCodeAt(0) === 0xfeff) s = s.slice(1); this.stripBom = false; }
      if (eof) this.close();
      if (eof && s === '') return null;
      return Buffer.from(s, 'utf8');
    }
    // the first chunk of a UTF-8 file (start() read it into a buffer of its own)
    const offset = this.pos - bytes.length;
    const cut = eof ? bytes.length : completeUtf8(bytes);
    this.carry = Buffer.from(bytes.subarray(cut));
    const chunk = bytes.subarray(0, cut);
    if (!isUtf8(chunk)) this.badByte(offset, chunk);
    if (eof) this.close();
    if (eof && chunk.length === 0) return null;
    return chunk;
  }

  /** Reads every remaining chunk (checking its encoding), keeping nothing. */
  drain(): void {
    while (this.next() !== null) { /* validate only */ }
  }

  /** Throws decodeText's message for the first invalid byte of `chunk`, which starts at file offset `offset`. */
  private badByte(offset: number, chunk: Buffer): never {
    const err = byteError(this.file, offset, chunk);
    this.close();
    throw err;
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
 * The decoded text of `file` in pieces, each ending just after a '\n' (the last piece ends where
 * the file does), a leading byte-order mark removed. Joined, the pieces are what decodeText gives
 * for the whole file, and decoding errors are the same one-line MelabErrors.
 * @example for (const piece of readTextPieces('labels.csv')) scan(piece);
 */
export function* readTextPieces(file: string, opts: TextChunkOptions = {}): Generator<string, void, undefined> {
  const src = new Utf8Chunks(file, { encoding: opts.encoding, chunkBytes: Math.max(16, opts.pieceBytes ?? PIECE_BYTES) });
  try {
    let carry: Buffer | null = null; // an unfinished line (0x0A never occurs inside a multi-byte sequence)
    let carryAscii = true;
    for (let b = src.next(); b !== null; b = src.next(carry ?? undefined)) {
      const ascii: boolean = carryAscii && src.lastAscii;
      const cut = b.lastIndexOf(0x0a) + 1;
      carry = cut < b.length ? b.subarray(cut) : null;
      carryAscii = carry === null || ascii || isAscii(carry);
      // ASCII becomes a string without a UTF-8 decoder
      if (cut > 0) yield b.toString(ascii || isAscii(b.subarray(0, cut)) ? 'latin1' : 'utf8', 0, cut);
    }
    if (carry) yield carry.toString(carryAscii ? 'latin1' : 'utf8');
  } finally {
    src.close();
  }
}
