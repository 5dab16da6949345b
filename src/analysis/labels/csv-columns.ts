/**
 * The fast path for large CSV label sheets without quote characters (the DFME release and melab's
 * synthetic default): the data lines are scanned once into columns, without an array per row or a
 * record object per row. Frame and rate cells become numbers straight from their digits (the text is
 * kept only where it is not plain digits, for messages); cells of columns with few distinct values
 * (emotion, part, fps, AU strings) reuse one string per distinct value. The result is the same as
 * the general path (parseCsv + the format's parse), which a property test checks.
 */
import { fail } from './issues';
import { parseFrame } from './validate';

/** How a column's cells are stored: parsed as frame numbers, interned (few distinct values), or plain text. */
export type CellKind = 'frame' | 'category' | 'text';

export interface ScannedColumns {
  /** Data rows (blank lines skipped). */
  n: number;
  /** 1-based spreadsheet row of each data row. */
  rows: number[];
  /** Per scanned column: the trimmed cell text ('text'/'category'), or undefined for 'frame' columns. */
  text: (string[] | undefined)[];
  /** Per 'frame' column: the number parseFrame gives the cell. */
  frames: ((number | null)[] | undefined)[];
  /** Per 'frame' column: the trimmed cell text where it is not the number's own digits (sparse). */
  frameText: (string[] | undefined)[];
}

const SPACE = 32;
const TAB = 9;

/** True when text[a, a + s.length) is s (a loop: cheaper than startsWith for the short cells of a sheet). */
function sameAt(text: string, a: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (text.charCodeAt(a + i) !== s.charCodeAt(i)) return false;
  return true;
}

/** One column's distinct values, found again by comparing characters in place (no slice per cell). */
class Interner {
  private readonly byLength = new Map<number, string[]>();
  private size = 0;
  private last = '';
  get(text: string, a: number, b: number): string {
    const len = b - a;
    // the value of the row before is the likeliest (sheets are sorted by subject, part, emotion)
    const last = this.last;
    if (last.length === len && sameAt(text, a, last)) return last;
    const bucket = this.byLength.get(len);
    if (bucket) {
      for (let i = 0; i < bucket.length; i++) {
        if (sameAt(text, a, bucket[i])) return (this.last = bucket[i]);
      }
    }
    const s = text.slice(a, b);
    this.last = s;
    if (this.size < 256 && (bucket?.length ?? 0) < 16) {
      if (bucket) bucket.push(s);
      else this.byLength.set(len, [s]);
      this.size++;
    }
    return s;
  }
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

/**
 * Scans the data lines of CSV `text` from offset `start` (row number `firstRow`), `width` fields per
 * line, into the columns `kinds` names (index = column; undefined = not kept). A line with another
 * number of fields (trailing empty ones aside) is the ragged-file error of the general path.
 */
export function scanCsvColumns(text: string, start: number, firstRow: number, width: number,
  kinds: readonly (CellKind | undefined)[], file: string): ScannedColumns {
  const end = text.length;
  const rows: number[] = [];
  const textCols = kinds.map((k) => (k === 'text' || k === 'category' ? ([] as string[]) : undefined));
  const frameCols = kinds.map((k) => (k === 'frame' ? ([] as (number | null)[]) : undefined));
  const frameText = kinds.map((k) => (k === 'frame' ? ([] as string[]) : undefined));
  const interners = kinds.map((k) => (k === 'category' ? new Interner() : undefined));
  const fieldStart = new Int32Array(width + 1);
  const fieldEnd = new Int32Array(width + 1);
  let pos = start;
  let row = firstRow;
  let n = 0;
  while (pos < end) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = end;
    let contentEnd = lineEnd;
    if (contentEnd > pos && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    // a blank line: nothing but commas, spaces and tabs
    let k = pos;
    while (k < contentEnd) {
      const ch = text.charCodeAt(k);
      if (ch !== 44 && ch !== SPACE && ch !== TAB) break;
      k++;
    }
    if (k < contentEnd) {
      let count = 0;
      let p = pos;
      for (;;) {
        let q = text.indexOf(',', p);
        if (q < 0 || q > contentEnd) q = contentEnd;
        if (count < width) {
          fieldStart[count] = p;
          fieldEnd[count] = q;
        }
        count++;
        if (q >= contentEnd) break;
        p = q + 1;
      }
      if (count !== width) checkWidth(text, contentEnd, count, width, row, file);
      for (let c = 0; c < width; c++) {
        const kind = kinds[c];
        if (kind === undefined) continue;
        let a = fieldStart[c];
        let b = fieldEnd[c];
        while (a < b && (text.charCodeAt(a) === SPACE || text.charCodeAt(a) === TAB)) a++;
        while (b > a && (text.charCodeAt(b - 1) === SPACE || text.charCodeAt(b - 1) === TAB)) b--;
        if (kind === 'frame') {
          let v = 0;
          let j = a;
          for (; j < b; j++) {
            const d = text.charCodeAt(j) - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
          }
          const values = frameCols[c] as (number | null)[];
          if (j === b && b > a && b - a < 16) {
            values.push(v);
            // "007" is 7 but not its digits: keep the text as the general path does
            if (text.charCodeAt(a) === 48 && b - a > 1) (frameText[c] as string[])[n] = text.slice(a, b);
          } else {
            const raw = text.slice(a, b);
            values.push(parseFrame(raw));
            (frameText[c] as string[])[n] = raw;
          }
        } else if (kind === 'category') {
          (textCols[c] as string[]).push(a === b ? '' : (interners[c] as Interner).get(text, a, b));
        } else {
          (textCols[c] as string[]).push(a === b ? '' : text.slice(a, b));
        }
      }
      rows.push(row);
      n++;
    }
    row++;
    pos = lineEnd + 1;
  }
  return { n, rows, text: textCols, frames: frameCols, frameText };
}
