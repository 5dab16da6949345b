/**
 * The fast path for large CSV label sheets without quote characters (the DFME release and melab's
 * synthetic default): the data lines are scanned once into columns, without an array per row or a
 * record object per row. Frame cells become numbers straight from their digits (the text is kept
 * only where it is not plain digits, for messages); cells of columns with repeated values (subject,
 * emotion, part, fps, AU strings, extras) become codes into one string per distinct value, so that
 * the table builder maps each distinct value once. While scanning, cells go to typed arrays (no
 * growing arrays of pointers, which cost more than the scan itself); the string columns are laid
 * out once at the end. Each character is looked at once while lines are cut into fields: the check
 * for what needs the general parser and the hash of a category cell are made on the way. The result
 * is the same as the general path (parseCsv + the format's parse), which property tests check
 * (test/labels/layouts.test.ts, test/labels/csv-columns.test.ts). The text comes in pieces that end at line breaks
 * (util/text-chunks.ts), so a sheet is never one giant string; a piece the fast path cannot read
 * (a quote, a lone carriage return, odd whitespace) stops the scan with NotScannable and the reader
 * falls back to the general path.
 */
import { fail } from './issues';
import { parseFrame } from './validate';
import { checkHeap } from '../util/heap-guard';
import * as fnv from '../util/fnv';
/** Read once: an imported binding is a getter call in the compiled module, too dear per character. */
const FNV_OFFSET = fnv.FNV_OFFSET;
const FNV_PRIME = fnv.FNV_PRIME;

/** How a column's cells are stored: parsed as frame numbers, as codes of distinct values, or plain text (unique ids). */
export type CellKind = 'frame' | 'category' | 'text';

/** A column of repeated values: each row's code into the distinct values, in order of appearance. */
export interface CodedColumn {
  codes: Int32Array;
  values: string[];
}

export interface ScannedColumns {
  /** Data rows (blank lines skipped). */
  n: number;
  /** 1-based spreadsheet row of each data row. */
  rows: number[];
  /** Per scanned column: the trimmed cell text ('text'/'category'), or undefined for 'frame' columns. */
  text: (string[] | undefined)[];
  /** Per 'category' column: the codes behind `text` (the table builder maps distinct values once). */
  coded: (CodedColumn | undefined)[];
  /** Per 'frame' column: the number parseFrame gives the cell. */
  frames: ((number | null)[] | undefined)[];
  /** Per 'frame' column: the trimmed cell text where it is not the number's own digits (sparse). */
  frameText: (string[] | undefined)[];
}

/** Thrown when a piece of text needs the general CSV parser (the caller reads the file that way instead). */
export class NotScannable extends Error {
  constructor() {
    super('the text needs the general CSV parser');
  }
}

/**
 * True for a character the fast path leaves to the general parser: a quote, a vertical tab or form
 * feed, a carriage return (the scan takes one before a line feed as the line's end), and whitespace
 * beyond space and tab.
 */
function needsGeneralParser(ch: number): boolean {
  if (ch < 0xa0) return ch === 34 || ch === 11 || ch === 12 || ch === 13;
  return ch === 0xa0 || ch === 0x1680 || (ch >= 0x2000 && ch <= 0x200a) || ch === 0x2028 || ch === 0x2029
    || ch === 0x202f || ch === 0x205f || ch === 0x3000 || ch === 0xfeff;
}

/** Text the CSV fast path can scan: no quote, no lone carriage return, no whitespace beyond space and tab. */
export function fastScannable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (needsGeneralParser(ch) && !(ch === 13 && text.charCodeAt(i + 1) === 10)) return false;
  }
  return true;
}

/**
 * text.slice(a, b), as a string of its own: V8 makes a slice of 13 characters or more a view that
 * keeps the whole piece alive; a string built from shorter copies does not.
 */
function ownCopy(text: string, a: number, b: number): string {
  if (b - a < 13) return text.slice(a, b);
  let s = '';
  for (let i = a; i < b; i += 12) s += text.slice(i, Math.min(b, i + 12));
  return s;
}

const SPACE = 32;
const TAB = 9;

/** True when text[a, a + s.length) is s (a loop: cheaper than startsWith for the short cells of a sheet). */
function sameAt(text: string, a: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (text.charCodeAt(a + i) !== s.charCodeAt(i)) return false;
  return true;
}

/** Longest cell packed into an exact number key: 7 characters of 7 bits (49 bits, below 2^53). */
const PACK_CHARS = 7;

/** FNV-1a of text[a, b) and its exact number key (-1 when it has a character above 127 or more than PACK_CHARS). */
function cellHash(text: string, a: number, b: number): { h: number; key: number } {
  let h = FNV_OFFSET;
  let key = b - a <= PACK_CHARS ? 0 : -1;
  for (let i = a; i < b; i++) {
    const ch = text.charCodeAt(i);
    h = Math.imul(h ^ ch, FNV_PRIME);
    if (ch > 127) key = -1;
    else if (key >= 0) key = key * 128 + ch;
  }
  return { h, key };
}

/**
 * One column's distinct values, found again without a slice per cell: an open-addressing table of
 * codes on the cell's hash, doubled as it fills. A short ASCII cell is compared by its exact number
 * key (its characters in base 128), a longer one character by character.
 */
class Interner {
  readonly values: string[] = [];
  private hashes = new Int32Array(64);
  private keys = new Float64Array(64);
  private slots = new Int32Array(64);
  private last = -1;
  /** The code of text[a, b), whose cellHash is h and key. */
  code(text: string, a: number, b: number, h: number, key: number): number {
    const len = b - a;
    const values = this.values;
    const hashes = this.hashes;
    // the value of the row before is the likeliest (sheets are sorted by subject, part, emotion)
    const last = this.last;
    if (last >= 0 && this.holds(last, text, a, len, h, key)) return last;
    const slots = this.slots;
    const mask = slots.length - 1;
    let k = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const c = slots[k] - 1;
      if (c < 0) break;
      if (this.holds(c, text, a, len, h, key)) return (this.last = c);
      k = (k + 1) & mask;
    }
    const c = values.length;
    values.push(ownCopy(text, a, b));
    if (c === hashes.length) {
      this.hashes = grown(hashes, 2 * c);
      this.keys = grown(this.keys, 2 * c);
    }
    this.hashes[c] = h;
    this.keys[c] = key;
    slots[k] = c + 1;
    if (2 * values.length > slots.length) this.grow();
    return (this.last = c);
  }
  /** True when value c is text[a, a + len), whose cellHash is h and key. */
  private holds(c: number, text: string, a: number, len: number, h: number, key: number): boolean {
    const v = this.values[c];
    return this.hashes[c] === h && v.length === len && (key >= 0 ? this.keys[c] === key : sameAt(text, a, v));
  }
  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let c = 0; c < this.values.length; c++) {
      const h = this.hashes[c];
      let k = (h ^ (h >>> 16)) & mask;
      while (slots[k] !== 0) k = (k + 1) & mask;
      slots[k] = c + 1;
    }
    this.slots = slots;
  }
}

/** An Int32Array or Float64Array that doubles as it fills. */
function grown<T extends Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

/** A line whose field count differs from the header's: ragged unless the extra fields are empty. */
function checkWidth(text: string, contentEnd: number, count: number, width: number, row: number, file: string): void {
  let len = count;
  let q = contentEnd;
  while (len > width) {
    const c = text.lastIndexOf(',', q - 1);
    if (text.slice(c + 1, q).trim() !== '') break;
    q = c;
    len--;
  }
  if (len !== width) fail(file, row, '', '', `ragged file: this row has ${len} fields, the header has ${width}`);
}

/** The scan's columns while it runs (typed arrays, laid out as string and number arrays at the end). */
interface ScanState {
  row: number;
  n: number;
  rows: Int32Array;
  codes: (Int32Array | undefined)[];
  interners: (Interner | undefined)[];
  frames: (Float64Array | undefined)[];
  frameText: (string[] | undefined)[];
  text: (string[] | undefined)[];
}

/**
 * Scans the data lines of CSV text, given as pieces that each end at a line break (the first starts
 * at the first data line, row number `firstRow`), `width` fields per line, into the columns `kinds`
 * names (index = column; undefined = not kept). A line with another number of fields (trailing empty
 * ones aside) is the ragged-file error of the general path. Throws NotScannable for a piece that
 * needs the general parser, and the one-line heap error when the table would not fit in memory.
 */
export function scanCsvColumns(pieces: Iterable<string>, firstRow: number, width: number,
  kinds: readonly (CellKind | undefined)[], file: string): ScannedColumns {
  const cap = 1024;
  const st: ScanState = {
    row: firstRow,
    n: 0,
    rows: new Int32Array(cap),
    codes: kinds.map((k) => (k === 'category' ? new Int32Array(cap) : undefined)),
    interners: kinds.map((k) => (k === 'category' ? new Interner() : undefined)),
    frames: kinds.map((k) => (k === 'frame' ? new Float64Array(cap) : undefined)),
    frameText: kinds.map((k) => (k === 'frame' ? ([] as string[]) : undefined)),
    text: kinds.map((k) => (k === 'text' ? new Array<string>(cap) : undefined)),
  };
  // 0 = not kept, 1 = frame, 2 = category, 3 = text
  const kindCode = new Int32Array(width);
  for (let c = 0; c < width; c++) kindCode[c] = kinds[c] === 'frame' ? 1 : kinds[c] === 'category' ? 2 : kinds[c] === 'text' ? 3 : 0;
  for (const piece of pieces) {
    scanPiece(piece, width, kindCode, file, st);
    checkHeap(file, `${st.n.toLocaleString('en')} rows read`);
  }
  const n = st.n;
  const rows = new Array<number>(n);
  for (let i = 0; i < n; i++) rows[i] = st.rows[i];
  const text: (string[] | undefined)[] = st.text.slice();
  for (const col of text) if (col) col.length = n;
  const coded: (CodedColumn | undefined)[] = new Array(width).fill(undefined);
  const frames: ((number | null)[] | undefined)[] = new Array(width).fill(undefined);
  for (let c = 0; c < width; c++) {
    const codes = st.codes[c];
    if (codes) {
      const values = (st.interners[c] as Interner).values;
      text[c] = decode(codes, values, n);
      coded[c] = { codes: codes.subarray(0, n), values };
    }
    const fr = st.frames[c];
    if (fr) frames[c] = frameNumbers(fr, n);
  }
  return { n, rows, text, coded, frames, frameText: st.frameText };
}

/**
 * byCode[codes[i]] for every row: a coded column, mapped once per distinct value (a function of its
 * own, shared by every coded column: optimised after its first column, not once per call).
 */
export function decode<T>(codes: Int32Array, byCode: readonly T[], n: number): T[] {
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = byCode[codes[i]];
  return out;
}

/** The first n frame numbers of the scan, NaN (not a frame number) as null. */
function frameNumbers(fr: Float64Array, n: number): (number | null)[] {
  const out = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const v = fr[i];
    out[i] = v === v ? v : null;
  }
  return out;
}

/** Doubles the room of every typed column of the scan. */
function growState(st: ScanState): void {
  const size = 2 * st.rows.length;
  st.rows = grown(st.rows, size);
  for (let c = 0; c < st.codes.length; c++) {
    const codes = st.codes[c];
    if (codes) st.codes[c] = grown(codes, size);
    const fr = st.frames[c];
    if (fr) st.frames[c] = grown(fr, size);
    const tx = st.text[c];
    if (tx) tx.length = size;
  }
}

/**
 * One piece of scanCsvColumns (a function of its own: V8 optimises it once and reuses it for every
 * piece). Each character is looked at once while the line is cut into fields: the check for what
 * needs the general parser is part of the search for the field's end.
 */
function scanPiece(text: string, width: number, kindCode: Int32Array, file: string, st: ScanState): void {
  const end = text.length;
  let rowsOut = st.rows;
  const codes = st.codes;
  const interners = st.interners;
  const frames = st.frames;
  const frameText = st.frameText;
  const textCols = st.text;
  let pos = 0;
  let row = st.row;
  let n = st.n;
  while (pos < end) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = end;
    let contentEnd = lineEnd;
    if (contentEnd > pos && text.charCodeAt(contentEnd - 1) === 13) {
      // a carriage return ends a line only before a line feed
      if (lineEnd === end) throw new NotScannable();
      contentEnd--;
    }
    // a blank line: nothing but commas, spaces and tabs
    let k = pos;
    while (k < contentEnd) {
      const ch = text.charCodeAt(k);
      if (ch !== 44 && ch !== SPACE && ch !== TAB) break;
      k++;
    }
    if (k < contentEnd) {
      if (n === rowsOut.length) {
        growState(st);
        rowsOut = st.rows;
      }
      let count = 0;
      let p = pos;
      for (;;) {
        // the field's end, the next comma: characters below 35 or above 127 are checked for the general
        // parser and for whitespace to trim; a category cell is hashed on the way (cellHash, inline). The
        // two loops are one loop with and without the hash: kept apart, the other cells don't pay for it
        const kind = count < width ? kindCode[count] : 0;
        let q = p;
        let ws = false;
        let h = FNV_OFFSET;
        let key = 0;
        if (kind === 2) {
          while (q < contentEnd) {
            const ch = text.charCodeAt(q);
            if (ch === 44) break;
            if (ch < 35 || ch > 127) {
              if (needsGeneralParser(ch)) throw new NotScannable();
              if (ch === SPACE || ch === TAB) ws = true;
              else if (ch > 127) key = -1;
            }
            h = Math.imul(h ^ ch, FNV_PRIME);
            if (key >= 0) key = key * 128 + ch;
            q++;
          }
          if (q - p > PACK_CHARS) key = -1;
        } else {
          while (q < contentEnd) {
            const ch = text.charCodeAt(q);
            if (ch === 44) break;
            if (ch < 35 || ch > 127) {
              if (needsGeneralParser(ch)) throw new NotScannable();
              if (ch === SPACE || ch === TAB) ws = true;
            }
            q++;
          }
        }
        if (kind !== 0) {
          let a = p;
          let b = q;
          if (ws) {
            while (a < b && (text.charCodeAt(a) === SPACE || text.charCodeAt(a) === TAB)) a++;
            while (b > a && (text.charCodeAt(b - 1) === SPACE || text.charCodeAt(b - 1) === TAB)) b--;
            if (kind === 2) ({ h, key } = cellHash(text, a, b));
          }
          if (kind === 1) {
            let v = 0;
            let j = a;
            for (; j < b; j++) {
              const d = text.charCodeAt(j) - 48;
              if (d < 0 || d > 9) break;
              v = v * 10 + d;
            }
            const values = frames[count] as Float64Array;
            if (j === b && b > a && b - a < 16) {
              values[n] = v;
              // "007" is 7 but not its digits: keep the text as the general path does
              if (text.charCodeAt(a) === 48 && b - a > 1) (frameText[count] as string[])[n] = text.slice(a, b);
            } else {
              const raw = ownCopy(text, a, b);
              const f = parseFrame(raw);
              values[n] = f === null ? NaN : f;
              (frameText[count] as string[])[n] = raw;
            }
          } else if (kind === 2) {
            (codes[count] as Int32Array)[n] = (interners[count] as Interner).code(text, a, b, h, key);
          } else {
            (textCols[count] as string[])[n] = a === b ? '' : ownCopy(text, a, b);
          }
        }
        count++;
        if (q >= contentEnd) break;
        p = q + 1;
      }
      if (count !== width) checkWidth(text, contentEnd, count, width, row, file);
      rowsOut[n] = row;
      n++;
    }
    row++;
    pos = lineEnd + 1;
  }
  st.row = row;
  st.n = n;
}
