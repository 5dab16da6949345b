/**
 * A text file read in pieces that end at line breaks, decoded as it is read: memory is bounded by
 * the piece (512 KiB of bytes), not by the file, and no piece is ever longer than a V8 string may
 * be. The decoding rules are util/text-file.ts's (UTF-8 by default, checked: the first invalid byte
 * is refused in one line naming its row and column; a byte-order mark decides by itself; UTF-16
 * without one is refused; `encoding` reads any encoding TextDecoder knows). ASCII pieces (most CSV
 * files) are turned into strings without a UTF-8 decoder. Used by the CSV label reader; any reader
 * of line-based text (prediction exports, ratings) can take its pieces the same way.
 */
import * as fs from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import { MelabError } from '../labels/issues';
import { byteError, decoderFor, looksUtf16, openError } from './text-file';

/** Bytes read per piece: below the size at which Node makes a string external (about 1 MB). */
export const PIECE_BYTES = 512 * 1024;

export interface TextChunkOptions {
  /** An encoding label TextDecoder knows ("latin1", "utf-16le", "gbk"); default: UTF-8, checked. */
  encoding?: string;
  /** Bytes per read (tests use small pieces to cross every boundary). */
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

/**
 * The decoded text of `file` in pieces, each ending just after a '\n' (the last piece ends where
 * the file does), a leading byte-order mark removed. Joined, the pieces are what decodeText gives
 * for the whole file, and decoding errors are the same one-line MelabErrors.
 * @example for (const piece of readTextPieces('labels.csv')) scan(piece);
 */
export function* readTextPieces(file: string, opts: TextChunkOptions = {}): Generator<string, void, undefined> {
  const size = Math.max(16, opts.pieceBytes ?? PIECE_BYTES);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw openError(file, err);
  }
  try {
    let buf = Buffer.allocUnsafe(size);
    let have = 0; // bytes carried over from the read before (an unfinished line)
    let consumed = 0; // file offset of buf[0]
    let first = true;
    let eof = false;
    let decoder: TextDecoder | null = null; // set for BOM'd UTF-16 and for opts.encoding
    let carryText = '';
    let bomChecked = false;
    while (!eof) {
      if (have === buf.length) {
        // one line longer than the buffer: grow it
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      let got: number;
      try {
        got = fs.readSync(fd, buf, have, buf.length - have, null);
      } catch (err) {
        throw openError(file, err);
      }
      if (got === 0) eof = true;
      let end = have + got;
      let begin = 0;
      if (first) {
        if (!eof && end < 4) {
          have = end;
          continue;
        }
        first = false;
        if (opts.encoding) decoder = decoderFor(opts.encoding, file);
        else if (buf[0] === 0xff && buf[1] === 0xfe) [decoder, begin] = [new TextDecoder('utf-16le'), 2];
        else if (buf[0] === 0xfe && buf[1] === 0xff) [decoder, begin] = [new TextDecoder('utf-16be'), 2];
        else if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) begin = 3;
        else {
          const utf16 = looksUtf16(buf.subarray(0, end));
          if (utf16) {
            throw new MelabError(`${file || '<input>'}: the file is ${utf16.toUpperCase()} text without a byte-order mark; read it with --encoding ${utf16}`, file);
          }
        }
      }
      if (decoder) {
        let text = carryText + decoder.decode(buf.subarray(begin, end), { stream: !eof });
        if (!bomChecked && text.length > 0) {
          bomChecked = true;
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        consumed += end;
        have = 0;
        const cut = eof ? text.length : text.lastIndexOf('\n') + 1;
        carryText = text.slice(cut);
        if (cut > 0) yield text.slice(0, cut);
        continue;
      }
      // UTF-8: cut after the last line break (0x0A never occurs inside a multi-byte sequence)
      const cut = eof ? end : buf.lastIndexOf(0x0a, end - 1) + 1;
      if (cut > begin) {
        const piece = buf.subarray(begin, cut);
        if (isAscii(piece)) yield buf.toString('latin1', begin, cut);
        else if (isUtf8(piece)) yield buf.toString('utf8', begin, cut);
        else throw byteError(file, consumed + begin, piece);
      }
      // the unfinished line moves to the front
      if (cut < end && !eof) buf.copy(buf, 0, Math.max(cut, begin), end);
      const kept = eof ? 0 : end - Math.max(cut, begin);
      consumed += end - kept;
      have = kept;
      end = kept;
    }
  } finally {
    fs.closeSync(fd);
  }
}
