/**
 * The cells of a prediction export held column by column, the form the reader validates
 * (protocol/predictions.ts) without one object per row: text columns as dictionary codes (the narrowest
 * of Uint8Array, Uint16Array, Int32Array that holds the column's distinct trimmed values), probabilities
 * and scores as Float64Array (full precision: the metrics are those of the file's numbers), AU truth as
 * Uint8Array, sample ids as one string per row (each decoded once); columns that scoring does not read
 * (e.g. a free-text note) are not kept.
 * Memory (issue 11, item 11): the typed columns are sized once from a count of the file's line ends, an
 * upper bound on its rows, so they are neither grown by copying nor over-allocated; an export whose
 * columns would not fit in this machine's memory, or whose ids would not fit in the JavaScript heap, is
 * refused in one line before or while it is read (util/heap-guard.ts), never a V8 crash. Built from a CSV stream (util/csv-stream.ts: numbers
 * parsed from the bytes, dictionary look-ups on the bytes) or from row objects (JSON Lines, in-memory
 * exports). What the checks need beyond the values is kept as it streams by: the first empty and the
 * first repeated sample id, the text of each column's first invalid number, and the first row the
 * JSON Schema rejects (export-schema.ts, validated with ajv only where a cell could fail it).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { fail } from '../labels/issues';
import { streamCsv, streamLines, type CsvRecord, type StreamOptions } from '../util/csv-stream';
import { openForReading } from '../util/text-chunks';
import { checkHeap, heapRoom, HEAP_CHECK_MASK } from '../util/heap-guard';
import * as fnv from '../util/fnv';
import { rowSchemaFailure } from './export-schema';
import { checkHeader, parseJsonLine, type RecordFile } from './records';

/** Read once: an imported binding is a getter call in the compiled module, too dear per row. */
const HEAP_MASK = HEAP_CHECK_MASK;
const { fnv1a, fnv1aBytes } = fnv;

/** Dictionary codes: one byte per row while a column has at most 256 distinct values, two up to 65,536. */
export type Codes = Uint8Array | Uint16Array | Int32Array;

/** A text column: row i holds `values[codes[i]]` (trimmed; '' for an empty or absent cell). */
export interface TextColumn {
  codes: Codes;
  values: string[];
  /** Index of the first row holding each value. */
  firstRow: number[];
}

/**
 * A probability/score column: Number() of each trimmed cell (NaN when empty), row i at
 * `block[i * stride + offset]`. Every number column of an export shares one row-major block, so that
 * p_ columns in class order already are the n × K probability matrix (no copy).
 */
export interface NumberColumn {
  block: Float64Array;
  stride: number;
  offset: number;
  /** The first row (index) whose cell is not a finite number in [0, 1], and its trimmed text; -1 when none. */
  firstBad: number;
  firstBadText: string;
}

/** An au_true_ column: 0, 1, or 2 for any other text. */
export interface FlagColumn {
  values: Uint8Array;
  /** The first row (index) whose cell is not "0" or "1", and its trimmed text; -1 when none. */
  firstBad: number;
  firstBadText: string;
}

export interface PredictionColumns {
  file: string;
  columns: string[];
  n: number;
  /** Line (spreadsheet row) of each row in its file. */
  lines: Int32Array;
  /** Trimmed sample_id of each row ('' when empty or absent). */
  sampleIds: string[];
  /** First row (index) with an empty sample id, and the first whose id an earlier row has (with that row); -1 when none. */
  firstEmptyId: number;
  firstRepeat: number;
  firstRepeatOf: number;
  text: Map<string, TextColumn>;
  numbers: Map<string, NumberColumn>;
  flags: Map<string, FlagColumn>;
  /** The first row the row schema rejects, with the failure as export-schema describes it. */
  schemaFailure: { index: number; field: string; shown: unknown; why: string } | null;
}

export interface ColumnChoice {
  /** The fold column (--fold-by), default "fold". */
  foldBy?: string;
  /** Columns kept per row (metrics --by). */
  keep?: string[];
}

const isNumberColumn = (c: string): boolean => c.startsWith('p_') || c.startsWith('au_score_');
const isFlagColumn = (c: string): boolean => c.startsWith('au_true_');
const textColumnsOf = (choice: ColumnChoice): Set<string> =>
  new Set(['model', 'dataset', 'subject', 'y_true', 'y_pred', choice.foldBy ?? 'fold', ...(choice.keep ?? [])]);
/** The schema's CSV number pattern (export-schema.ts typedRow). */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Typed storage past its capacity (a file that grew while read; JSON Lines with long lines): grown by half. */
function grow<T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(a: T, need: number, file: string): T {
  if (need <= a.length) return a;
  const size = Math.max(need, Math.ceil(a.length * 1.5) + 1024);
  let b: T;
  try {
    b = new (a.constructor as new (n: number) => T)(size);
  } catch {
    return fail(file, 0, '', '', `too large to read: ${size.toLocaleString('en')} rows do not fit in memory; split the export by fold into several files`);
  }
  b.set(a);
  return b;
}

/** A dictionary of byte strings (a column's trimmed cells) → codes, each value decoded once. */
class ByteDictionary {
  readonly values: string[] = [];
  readonly firstRow: number[] = [];
  private table = new Int32Array(64);
  private keyStart = new Int32Array(16);
  private keyLen = new Int32Array(16);
  private hashes = new Int32Array(16);
  private arena = Buffer.allocUnsafe(256);
  private used = 0;
  private last = -1;
  private readonly byText = new Map<string, number>();

  constructor(private readonly file: string) {}

  private same(code: number, b: Buffer, s: number, e: number): boolean {
    const len = e - s;
    if (this.keyLen[code] !== len) return false;
    const a = this.arena;
    const o = this.keyStart[code];
    for (let i = 0; i < len; i++) if (a[o + i] !== b[s + i]) return false;
    return true;
  }

  /** Code of bytes [s, e) of b (already trimmed), adding the value for row `row` when new. */
  code(b: Buffer, s: number, e: number, row: number): number {
    if (this.last >= 0 && this.same(this.last, b, s, e)) return this.last;
    const h = fnv1aBytes(b, s, e);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const c = this.table[slot] - 1;
      if (c < 0) break;
      if (this.hashes[c] === h && this.same(c, b, s, e)) return (this.last = c);
    }
    return (this.last = this.add(b.toString('utf8', s, e), b, s, e, h, row));
  }

  /** Code of a string value (trimmed), for rows that are objects. */
  codeOfText(v: string, row: number): number {
    const c = this.byText.get(v);
    if (c !== undefined) return c;
    const b = Buffer.from(v, 'utf8');
    const h = fnv1aBytes(b, 0, b.length);
    return this.add(v, b, 0, b.length, h, row);
  }

  private add(value: string, b: Buffer, s: number, e: number, h: number, row: number): number {
    const known = this.byText.get(value); // bytes that differ but trim to the same text (Unicode spaces)
    if (known !== undefined) return known;
    const code = this.values.length;
    this.values.push(value);
    this.firstRow.push(row);
    this.byText.set(value, code);
    if (code >= this.keyStart.length) {
      this.keyStart = grow(this.keyStart, code + 1, this.file);
      this.keyLen = grow(this.keyLen, code + 1, this.file);
      this.hashes = grow(this.hashes, code + 1, this.file);
    }
    if (this.used + (e - s) > this.arena.length) {
      const a = Buffer.allocUnsafe(Math.max(this.used + (e - s), this.arena.length * 2));
      this.arena.copy(a, 0, 0, this.used);
      this.arena = a;
    }
    this.keyStart[code] = this.used;
    this.keyLen[code] = e - s;
    this.hashes[code] = h;
    this.used += b.copy(this.arena, this.used, s, e);
    if (2 * (code + 1) > this.table.length) this.rehash();
    else this.insert(code);
    return code;
  }

  private insert(code: number): void {
    const mask = this.table.length - 1;
    let slot = this.hashes[code] & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = code + 1;
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2);
    for (let c = 0; c < this.values.length; c++) this.insert(c);
  }
}

/**
 * Number() of ASCII bytes [s, e) that match the schema's number pattern, exactly (at most 15 digits and
 * a power of ten up to 22: one correctly rounded division or product, Clinger 1990); otherwise NaN
 * with `numberForm` set: 0 = not the pattern, 2 = the pattern but outside the fast case.
 */
let numberForm = 1;
function parseDecimal(b: Buffer, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (i < e && (b[i] === 43 || b[i] === 45)) { neg = b[i] === 45; i++; }
  let m = 0;
  let digits = 0;
  let intDigits = 0;
  let fracDigits = 0;
  while (i < e && b[i] >= 48 && b[i] <= 57) { m = m * 10 + (b[i] - 48); if (m > 0) digits++; intDigits++; i++; }
  if (i < e && b[i] === 46) {
    i++;
    while (i < e && b[i] >= 48 && b[i] <= 57) { m = m * 10 + (b[i] - 48); if (m > 0) digits++; fracDigits++; i++; }
  }
  if (intDigits === 0 && fracDigits === 0) { numberForm = 0; return NaN; }
  let exp = 0;
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    let eneg = false;
    if (i < e && (b[i] === 43 || b[i] === 45)) { eneg = b[i] === 45; i++; }
    const es = i;
    while (i < e && b[i] >= 48 && b[i] <= 57) { exp = exp * 10 + (b[i] - 48); if (exp > 1e6) exp = 1e6; i++; }
    if (i === es) { numberForm = 0; return NaN; }
    if (eneg) exp = -exp;
  }
  if (i !== e) { numberForm = 0; return NaN; }
  const p = exp - fracDigits;
  if (digits > 15 || p > 22 || p < -22) { numberForm = 2; return NaN; }
  numberForm = 1;
  const x = p >= 0 ? m * POW10[p] : m / POW10[-p];
  return neg ? -x : x;
}

/** UTF-8 bytes [s, e) as a string (ASCII decoded as Latin-1: the same text, twice as fast). */
function decodeBytes(b: Buffer, s: number, e: number): string {
  for (let i = s; i < e; i++) if (b[i] >= 0x80) return b.toString('utf8', s, e);
  return b.toString('latin1', s, e);
}

/** A text column being read: `codes` widened (Uint8 → Uint16 → Int32) when the dictionary outgrows them. */
interface CodedColumn {
  dict: ByteDictionary;
  codes: Codes;
  /** The first code `codes` cannot hold (256, 65,536, 2^31). */
  limit: number;
}

/** Smallest power of two ≥ 64 with `count` at most 3/4 of it (the sample-id hash table's size). */
function tableSize(count: number): number {
  let t = 64;
  while (3 * t < 4 * count) t *= 2;
  return t;
}

/** Collects the columns of one export, row by row (CSV records or objects). */
export class ColumnsBuilder {
  n = 0;
  private cap: number;
  private lines: Int32Array;
  /** One per row, allocated at its length (push would keep up to 3× the array in garbage while it grows). */
  private ids: string[] = [];
  private idTable: Int32Array;
  private firstEmptyId = -1;
  private firstRepeat = -1;
  private firstRepeatOf = -1;
  private readonly text = new Map<string, CodedColumn>();
  private readonly numbers = new Map<string, NumberColumn>();
  private readonly flags = new Map<string, FlagColumn>();
  private schemaFailure: PredictionColumns['schemaFailure'] = null;
  private columns: string[] = [];
  private readonly wantedText: Set<string>;
  // CSV: column index → what is kept
  private kind: Uint8Array = new Uint8Array(0); // 0 none, 1 text, 2 number, 3 flag, 4 sample id
  private slots: (unknown)[] = [];
  private yTrueAt = -1;
  private yPredAt = -1;

  /** `capacity`: the rows to expect (an upper bound: the storage is sized once, not grown). */
  constructor(readonly file: string, choice: ColumnChoice, capacity: number, private readonly csvTyped: boolean) {
    this.wantedText = textColumnsOf(choice);
    this.cap = Math.max(capacity, 16);
    this.lines = this.typed(Int32Array, this.cap);
    this.idTable = this.typed(Int32Array, tableSize(this.cap));
  }

  /** A typed array of `size` elements, or the one-line refusal when the memory is not there. */
  private typed<T>(kind: new (n: number) => T, size: number): T {
    try {
      return new kind(size);
    } catch {
      return fail(this.file, 0, '', '', `too large to read: ${this.cap.toLocaleString('en')} rows do not fit in memory; split the export by fold into several files`);
    }
  }

  /** Declares a column (CSV header, or a key met in a row object); earlier rows read it as empty. */
  addColumn(name: string): void {
    this.columns.push(name);
    const j = this.columns.length - 1;
    const k = name === 'sample_id' ? 4 : this.wantedText.has(name) ? 1 : isNumberColumn(name) ? 2 : isFlagColumn(name) ? 3 : 0;
    const kind = new Uint8Array(j + 1);
    kind.set(this.kind);
    kind[j] = k;
    this.kind = kind;
    if (name === 'y_true') this.yTrueAt = j;
    if (name === 'y_pred') this.yPredAt = j;
    this.seen.add(name);
    if (k === 1 || (k === 4 && this.wantedText.has(name))) { // sample_id is a text column too when it gives the folds
      const col: CodedColumn = { dict: new ByteDictionary(this.file), codes: this.typed(Uint8Array, this.cap), limit: 256 };
      if (this.n > 0) col.codes.fill(col.dict.codeOfText('', 0), 0, this.n);
      this.text.set(name, col);
      this.slots[j] = col;
    } else if (k === 2) {
      // the shared block gets one more column: laid out again (CSV: all columns come with the header, before any row)
      const stride = this.numbers.size + 1;
      const block = this.newBlock(this.cap * stride);
      let offset = 0;
      for (const c of this.numbers.values()) {
        for (let i = 0; i < this.n; i++) block[i * stride + offset] = c.block[i * c.stride + c.offset];
        offset++;
      }
      for (let i = 0; i < this.n; i++) block[i * stride + offset] = NaN;
      const col: NumberColumn = { block, stride, offset, firstBad: this.n > 0 ? 0 : -1, firstBadText: '' };
      this.numbers.set(name, col);
      let o = 0;
      for (const c of this.numbers.values()) { c.block = block; c.stride = stride; c.offset = o++; }
      this.slots[j] = col;
    } else if (k === 3) {
      const col: FlagColumn = { values: this.typed(Uint8Array, this.cap).fill(2, 0, this.n), firstBad: this.n > 0 ? 0 : -1, firstBadText: '' };
      this.flags.set(name, col);
      this.slots[j] = col;
    }
    if (k === 4) {
      this.ids = new Array<string>(this.cap);
      for (let i = 0; i < this.n; i++) this.ids[i] = '';
      if (this.n > 0 && this.firstEmptyId < 0) this.firstEmptyId = 0;
    }
  }

  private newBlock(size: number): Float64Array {
    try {
      return new Float64Array(size);
    } catch {
      return fail(this.file, 0, '', '', `too large to read: ${(size / this.numbers.size || 0).toLocaleString('en')} rows of ${this.numbers.size} number columns do not fit in memory; split the export by fold into several files`);
    }
  }

  private growBlock(rows: number): void {
    const first = this.numbers.values().next().value as NumberColumn | undefined;
    if (!first || first.block.length >= rows * first.stride) return;
    const block = this.newBlock(Math.max(rows, Math.ceil(this.cap * 1.5) + 1024) * first.stride);
    block.set(first.block.subarray(0, this.n * first.stride));
    for (const c of this.numbers.values()) c.block = block;
  }

  private ensure(): void {
    if ((this.n & HEAP_MASK) === 0 && this.n > 0) checkHeap(this.file, `after ${this.n.toLocaleString('en')} rows (row ${this.lines[this.n - 1]})`);
    if (this.n < this.cap) return;
    const need = this.n + 1;
    this.lines = grow(this.lines, need, this.file);
    for (const c of this.text.values()) c.codes = grow(c.codes, need, this.file);
    this.growBlock(need);
    for (const c of this.flags.values()) c.values = grow(c.values, need, this.file);
    this.cap = this.lines.length;
    if (4 * this.cap > 3 * this.idTable.length) this.resizeIds(tableSize(this.cap));
  }

  /** Row i of a text column gets `code`; the codes are widened first when they cannot hold it. */
  private setCode(col: CodedColumn, i: number, code: number): void {
    if (code >= col.limit) {
      const wide = col.limit === 256 ? this.typed(Uint16Array, col.codes.length) : this.typed(Int32Array, col.codes.length);
      wide.set(col.codes.subarray(0, i));
      col.codes = wide;
      col.limit = col.limit === 256 ? 65536 : 2 ** 31;
    }
    col.codes[i] = code;
  }

  private addId(id: string, i: number): void {
    this.ids[i] = id;
    if (id === '') {
      if (this.firstEmptyId < 0) this.firstEmptyId = i;
      return;
    }
    const h = fnv1a(id);
    const t = this.idTable;
    const mask = t.length - 1;
    let slot = h & mask;
    for (let r = t[slot] - 1; r >= 0; slot = (slot + 1) & mask, r = t[slot] - 1) {
      if (this.ids[r] === id) {
        if (this.firstRepeat < 0) { this.firstRepeat = i; this.firstRepeatOf = r; }
        return;
      }
    }
    t[slot] = i + 1;
    this.idCount++;
    if (4 * this.idCount > 3 * t.length) this.resizeIds(t.length * 2);
  }

  private idCount = 0;

  private resizeIds(size: number): void {
    const t = this.typed(Int32Array, size);
    const mask = t.length - 1;
    for (const r0 of this.idTable) {
      if (r0 === 0) continue;
      const id = this.ids[r0 - 1];
      let slot = fnv1a(id) & mask;
      while (t[slot] !== 0) slot = (slot + 1) & mask;
      t[slot] = r0;
    }
    this.idTable = t;
  }

  private setNumber(col: NumberColumn, i: number, x: number, shown: () => string): void {
    col.block[i * col.stride + col.offset] = x;
    if (col.firstBad < 0 && !(x >= 0 && x <= 1)) { col.firstBad = i; col.firstBadText = shown(); }
  }

  private setFlag(col: FlagColumn, i: number, t: string): void {
    const f = t === '1' ? 1 : t === '0' ? 0 : 2;
    col.values[i] = f;
    if (f === 2 && col.firstBad < 0) { col.firstBad = i; col.firstBadText = t; }
  }

  /** Adds a CSV record whose field count equals the header's. */
  addCsv(rec: CsvRecord): void {
    this.ensure();
    const i = this.n;
    this.lines[i] = rec.row;
    let schemaSuspect = false;
    let yTrueEmpty = true;
    let yPredEmpty = true;
    let anyAuTrue = false;
    const kind = this.kind;
    for (let j = 0; j < kind.length; j++) {
      const k = kind[j];
      if (k === 0 && j !== this.yTrueAt && j !== this.yPredAt) continue;
      const b = rec.buf(j);
      // trimmed bytes [s, e); `slow` holds the text when a non-ASCII byte ends the cell (JS trim decides)
      let s = rec.start[j];
      let e = rec.end[j];
      while (s < e && (b[s] === 32 || (b[s] >= 9 && b[s] <= 13))) s++;
      while (e > s && (b[e - 1] === 32 || (b[e - 1] >= 9 && b[e - 1] <= 13))) e--;
      const slow = e > s && (b[s] >= 0x80 || b[e - 1] >= 0x80) ? b.toString('utf8', s, e).trim() : null;
      const empty = slow === null ? s === e : slow === '';
      if (j === this.yTrueAt) yTrueEmpty = empty;
      if (j === this.yPredAt) yPredEmpty = empty;
      if (k === 0) continue;
      if (k === 2) {
        const col = this.slots[j] as NumberColumn;
        let x: number;
        let conforms: boolean;
        if (slow === null) {
          x = parseDecimal(b, s, e);
          conforms = numberForm !== 0;
          if (numberForm !== 1) x = empty ? NaN : Number(b.toString('utf8', s, e));
        } else {
          conforms = slow === '' || NUMBER.test(slow);
          x = slow === '' ? NaN : Number(slow);
        }
        col.block[i * col.stride + col.offset] = x;
        if (!(x >= 0 && x <= 1)) {
          if (col.firstBad < 0) { col.firstBad = i; col.firstBadText = slow ?? b.toString('utf8', s, e); }
          if (!empty) schemaSuspect = true;
        } else if (!conforms) schemaSuspect = true;
      } else if (k === 3) {
        const one = slow === null && e - s === 1 ? b[s] : 0;
        const t = one === 48 ? '0' : one === 49 ? '1' : slow ?? b.toString('utf8', s, e);
        this.setFlag(this.slots[j] as FlagColumn, i, t);
        if (!empty) {
          anyAuTrue = true;
          if (one === 0 && !(/^\d+$/.test(t) && Number(t) <= 1)) schemaSuspect = true;
        }
      } else {
        if (k === 4) {
          this.addId(slow ?? (empty ? '' : decodeBytes(b, s, e)), i);
          if (this.slots[j] === undefined) continue;
        }
        const col = this.slots[j] as CodedColumn;
        this.setCode(col, i, slow === null ? col.dict.code(b, s, e, i) : col.dict.codeOfText(slow, i));
      }
    }
    if (yTrueEmpty !== yPredEmpty || (yTrueEmpty && !anyAuTrue)) schemaSuspect = true;
    if (schemaSuspect && this.schemaFailure === null) {
      const o: Record<string, unknown> = {};
      for (let j = 0; j < this.columns.length; j++) {
        const v = rec.text(j).trim();
        o[this.columns[j]] = v === '' ? null : v;
      }
      const why = rowSchemaFailure(o, true);
      if (why) this.schemaFailure = { index: i, ...why };
    }
    this.n++;
  }

  /** Adds a row object (JSON Lines; in-memory rows); a key not seen before becomes a column. */
  addObject(row: Record<string, unknown>, line: number): void {
    if (!this.fixedColumns) for (const key of Object.keys(row)) if (!this.seen.has(key)) this.addColumn(key);
    this.ensure();
    const i = this.n;
    this.lines[i] = line;
    const kind = this.kind;
    for (let j = 0; j < kind.length; j++) {
      const k = kind[j];
      if (k === 0) continue;
      const raw = row[this.columns[j]];
      const t = text(raw);
      if (k === 2) this.setNumber(this.slots[j] as NumberColumn, i, typeof raw === 'number' ? raw : t === '' ? NaN : Number(t), () => t);
      else if (k === 3) this.setFlag(this.slots[j] as FlagColumn, i, t);
      else {
        if (k === 4) {
          this.addId(t, i);
          if (!this.text.has(this.columns[j])) continue;
        }
        const col = this.text.get(this.columns[j])!;
        this.setCode(col, i, col.dict.codeOfText(t, i));
      }
    }
    if (this.schemaFailure === null) {
      const why = rowSchemaFailure(row, this.csvTyped);
      if (why) this.schemaFailure = { index: i, ...why };
    }
    this.n++;
  }

  private readonly seen = new Set<string>();
  /** Rows in memory: only the declared columns count (keys beyond them are not read). */
  fixedColumns = false;

  finish(): PredictionColumns {
    const n = this.n;
    const text = new Map<string, TextColumn>();
    for (const [name, c] of this.text) text.set(name, { codes: fit(c.codes, n), values: c.dict.values, firstRow: c.dict.firstRow });
    // one block for every number column (readEmotionColumns takes the p_ columns as the matrix only when they share it)
    const first = this.numbers.values().next().value as NumberColumn | undefined;
    if (first) {
      const block = fit(first.block, n * first.stride);
      for (const c of this.numbers.values()) c.block = block;
    }
    for (const c of this.flags.values()) c.values = fit(c.values, n);
    const hasId = this.columns.includes('sample_id');
    if (this.ids.length > n) this.ids.length = n;
    return {
      file: this.file, columns: this.columns, n, lines: fit(this.lines, n),
      sampleIds: hasId ? this.ids : new Array<string>(n).fill(''),
      firstEmptyId: hasId ? this.firstEmptyId : n > 0 ? 0 : -1, firstRepeat: this.firstRepeat, firstRepeatOf: this.firstRepeatOf,
      text, numbers: this.numbers, flags: this.flags, schemaFailure: this.schemaFailure,
    };
  }
}

/**
 * The first `n` elements of a column: a view when the capacity was close (the line-end count of a CSV),
 * a copy when most of it is unused (rows of many lines, blank lines), so that the rest is freed.
 */
function fit<T extends Codes | Float64Array>(a: T, n: number): T {
  return (a.length - n > (n >> 3) + 4096 ? a.slice(0, n) : a.subarray(0, n)) as T;
}

/**
 * An upper bound on the records of a text file, from its line ends (LF, CRLF, CR), read once before
 * the columns are sized: in UTF-8 or any other encoding TextDecoder reads (UTF-16 included), every line
 * end holds a 0x0A or 0x0D byte, so the count cannot be short; a quoted field of several lines makes it
 * larger, not smaller.
 */
export function lineEndBound(file: string): number {
  const fd = openForReading(file);
  const buf = Buffer.allocUnsafe(4 << 20);
  let count = 1;
  let pos = 0;
  let lastCr = false;
  try {
    for (;;) {
      const got = fs.readSync(fd, buf, 0, buf.length, pos);
      if (got === 0) break;
      pos += got;
      const b = got < buf.length ? buf.subarray(0, got) : buf;
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) count++;
      if (lastCr && b[0] === 10) count--; // a CRLF split between two reads
      for (let i = b.indexOf(13); i >= 0; i = b.indexOf(13, i + 1)) if (i + 1 >= got || b[i + 1] !== 10) count++;
      lastCr = b[got - 1] === 13;
    }
  } catch {
    // the stream that follows names the problem in its own words
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

/** Heap per sample id: a string of up to 8 characters and its slot in the array (longer ones take more). */
const BYTES_PER_ID = 32;

/** This machine's memory, or the control group's limit when that is smaller (a container). */
function machineMemory(): number {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  return constrained && constrained > 0 && constrained < os.totalmem() ? constrained : os.totalmem();
}

/**
 * Refuses in one line, before reading, an export whose columns would not fit: `rows` (the line-end bound)
 * × what each row keeps, against this machine's memory and the JavaScript heap (sample ids).
 */
export function checkRoom(file: string, rows: number, numberColumns: number, otherColumns: number, ids: boolean, total = machineMemory()): void {
  // a Float64 per number column, a byte per text or flag column, the row's line (Int32), the id hash table's slot
  const perRow = 8 * numberColumns + otherColumns + 4 + (ids ? 6 : 0);
  const need = rows * perRow;
  if (need > 0.8 * total) {
    fail(file, 0, '', '', `too large to read: ${rows.toLocaleString('en')} lines need about ${(need / 2 ** 30).toFixed(1)} GiB for their columns, more than this machine's ${(total / 2 ** 30).toFixed(1)} GiB; split the export by fold into several files`);
  }
  if (ids) heapRoom(file, rows * BYTES_PER_ID, `holding the sample ids of ${rows.toLocaleString('en')} lines`);
}

/** Reads a CSV prediction export streamed (see the module comment). */
export function readCsvColumns(file: string, choice: ColumnChoice, opts: StreamOptions = {}): PredictionColumns {
  let builder: ColumnsBuilder | null = null;
  let width = 0;
  const rows = lineEndBound(file) - 1; // the header is one of the lines
  let failed = false;
  streamCsv(file, (rec) => {
    if (failed) return;
    try {
      add(rec);
    } catch (err) {
      // streamCsv reads on (a bad byte later in the file is reported first): the columns are let go now
      failed = true;
      builder = null;
      throw err;
    }
  }, opts);
  if (builder === null) return fail(file, 1, '', '', 'empty file: a header row is required');
  return (builder as ColumnsBuilder).finish();

  function add(rec: CsvRecord): void {
    if (builder === null) {
      const header = Array.from({ length: rec.length }, (_, j) => rec.text(j).trim());
      checkHeader(file, header);
      width = header.length;
      const numbers = header.filter(isNumberColumn).length;
      checkRoom(file, rows, numbers, header.length - numbers, header.includes('sample_id'));
      builder = new ColumnsBuilder(file, choice, rows, true);
      for (const h of header) builder.addColumn(h);
      return;
    }
    if (rec.length === 0 || (rec.length === 1 && rec.text(0).trim() === '')) return; // a blank line, not a record
    if (rec.length !== width) fail(file, rec.row, '', '', `${rec.length} fields where the header has ${width}`);
    builder.addCsv(rec);
  }
}

/** Reads a JSON Lines prediction export streamed, one object per line (parseJsonLines' checks). */
export function readJsonLinesColumns(file: string, choice: ColumnChoice, opts: StreamOptions = {}): PredictionColumns {
  const rows = lineEndBound(file);
  checkRoom(file, rows, 0, 0, true); // the columns are known only as the objects come: at least the ids must fit
  let builder: ColumnsBuilder | null = new ColumnsBuilder(file, choice, rows, false);
  streamLines(file, (line, no) => {
    if (builder === null) return;
    const value = parseJsonLine(file, line, no);
    if (value === null) return;
    try {
      builder.addObject(value, no);
    } catch (err) {
      builder = null; // the lines that follow are read (and their bytes checked), not kept
      throw err;
    }
  }, opts);
  const done = builder as ColumnsBuilder;
  if (done.n === 0) fail(file, 0, '', '', 'no records in the file');
  return done.finish();
}

/** The columns of records already in memory (validateRecords, makePredictionExport). */
export function columnsOfRecords(rec: RecordFile, choice: ColumnChoice): PredictionColumns {
  const builder = new ColumnsBuilder(rec.file, choice, rec.rows.length, !/\.(jsonl|ndjson)$/i.test(rec.file));
  for (const c of rec.columns) builder.addColumn(c);
  builder.fixedColumns = true;
  rec.rows.forEach((r, i) => builder.addObject(r, rec.lines[i]));
  return builder.finish();
}
