/**
 * Raw sheet records → canonical LabelRows (labels/model.ts). Pure mapping: numbers from frame
 * cells, canonical emotions, parsed AU tokens, the part and frame rate (from the sheet, else from
 * Table 1 via databases.ts). Problems are found by validate.ts from the result and the raw cells.
 */
import * as aq from 'arquero';
import { parseAus } from './au';
import type { AuToken } from './au-types';
import { databaseId, databaseInfo, partFps, partOfFps } from './databases';
import { canonicalEmotion, type Emotion } from './emotions';
import type { Issue } from './issues';
import { CANONICAL_COLUMNS, withLabelSummary, type LabelTable } from './model';
import { SHEET_FIELDS, type ParsedSheet, type SheetField } from './formats/format';
import { parseFrame, sortIssues, validateLabels } from './validate';
import { decode, type CodedColumn } from './csv-columns';
import { checkHeap } from '../util/heap-guard';

/** "PART A", "Part a", "a" → "A"; "hs" → "HS"; other names kept as written. */
export function normalizePart(raw: string): string | null {
  const t = raw.trim().replace(/^part[\s_-]*/i, '').trim();
  if (t === '') return null;
  return /^[A-Za-z]{1,3}$/.test(t) ? t.toUpperCase() : t;
}

/** A frame rate cell: "500", "500.0", "29.97" → number; anything else → null. */
function parseRate(raw: string): number | null {
  if (!/^\s*\d+(\.\d+)?\s*$/.test(raw)) return null;
  return Number(raw);
}

const emotionCache = new Map<string, Emotion | null>();

/** canonicalEmotion with a cache: a sheet repeats a handful of emotion spellings. */
function emotionOf(raw: string): Emotion | null {
  let e = emotionCache.get(raw);
  if (e === undefined) {
    e = canonicalEmotion(raw);
    if (emotionCache.size > 10_000) emotionCache.clear();
    emotionCache.set(raw, e);
  }
  return e;
}

/** A parsed sheet column by column (the records of ParsedSheet, or the CSV fast path's columns). */
export interface SheetData {
  n: number;
  /** 1-based spreadsheet row of each data row. */
  rows: readonly number[];
  cells: Partial<Record<SheetField, readonly (string | undefined)[]>>;
  /** Frame fields the fast path read as numbers, with the text where it is not the number's digits. */
  frames?: Partial<Record<'onset' | 'apex' | 'offset', { values: readonly (number | null)[]; text: readonly (string | undefined)[] }>>;
  /** The canonical emotion where the format mapped it itself (undefined: read the cell). */
  emotion: readonly (Emotion | null | undefined)[] | null;
  extras: Record<string, readonly (string | undefined)[]>;
  /** Every cells/frames array holds exactly n entries, each a string (the fast path): the table may take them as they are. */
  dense?: boolean;
  /** Cells of `cells` as codes into their distinct values (the fast path): each distinct value is mapped once. */
  coded?: Partial<Record<SheetField, CodedColumn>>;
}

/** The records of a parsed sheet as columns. */
function recordsData(sheet: ParsedSheet): SheetData {
  const recs = sheet.records;
  const cells: Partial<Record<SheetField, (string | undefined)[]>> = {};
  for (const f of SHEET_FIELDS) cells[f] = recs.map((r) => r.cells[f]);
  const extras: Record<string, (string | undefined)[]> = {};
  for (const name of sheet.extras) extras[name] = recs.map((r) => r.extras[name]);
  return { n: recs.length, rows: recs.map((r) => r.row), cells, emotion: recs.map((r) => r.emotion), extras };
}

const partCache = new Map<string, string | null>();
const rateCache = new Map<string, number | null>();
function cached<T>(cache: Map<string, T>, key: string, make: (k: string) => T): T {
  let v = cache.get(key);
  if (v === undefined && !cache.has(key)) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, (v = make(key)));
  }
  return v as T;
}

/*
 * The table is built column by column: each column is one short loop (fast from the first call, and
 * the same for every sheet), and a column the fast path hands over dense is taken as it is.
 */

/** map(cell) for every row (a missing cell is ''), computed once per run of equal cells: sheets repeat emotion and AU cells. */
function mapRuns<T>(cells: readonly (string | undefined)[], n: number, map: (cell: string) => T): T[] {
  const out = new Array<T>(n);
  let last: string | undefined;
  let value = undefined as T;
  for (let i = 0; i < n; i++) {
    const cell = cells[i] ?? '';
    if (cell !== last) {
      last = cell;
      value = map(cell);
    }
    out[i] = value;
  }
  return out;
}

/** The cells of a column as strings ('' for a missing cell): the fast path's dense column itself, else a copy. */
function textColumn(cells: readonly (string | undefined)[] | undefined, n: number, dense: boolean): string[] {
  if (dense && cells) return cells as string[];
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = cells?.[i] ?? '';
  return out;
}

/** An extra column: '' is null (the fast path's dense column is turned in place). */
function extraColumn(cells: readonly (string | undefined)[] | undefined, n: number, dense: boolean): (string | null)[] {
  const out = (dense && cells?.length === n ? cells : new Array(n)) as (string | null)[];
  for (let i = 0; i < n; i++) {
    const v = cells?.[i];
    out[i] = v === undefined || v === '' ? null : v;
  }
  return out;
}

/** Each row's dataset, part and frame rate (from the sheet, else Table 1): worked out once per run of equal cells. */
function placeColumns(sheet: ParsedSheet, data: SheetData, forced: string | undefined): { dataset: string[]; part: (string | null)[]; fps: (number | null)[] } {
  const n = data.n;
  const dataset = new Array<string>(n);
  const part = new Array<string | null>(n);
  const fps = new Array<number | null>(n);
  const multiPart = new Map<string, boolean>();
  const { dataset: dsCol, part: partCol, fps: fpsCol } = data.cells;
  // coded columns (the fast path): a row's dataset/part/fps key is a number
  const coded = data.coded ?? {};
  const codesOf = (f: 'dataset' | 'part' | 'fps'): Int32Array | null => (data.cells[f] === undefined ? null : coded[f]?.codes ?? null);
  const dsCodes = codesOf('dataset');
  const partCodes = codesOf('part');
  const fpsCodes = codesOf('fps');
  const numeric = (dsCodes !== null || dsCol === undefined) && (partCodes !== null || partCol === undefined) && (fpsCodes !== null || fpsCol === undefined);
  const partSpan = (coded.part?.values.length ?? 0) + 1;
  const fpsSpan = (coded.fps?.values.length ?? 0) + 1;
  let lastNumber = -1;
  let lastKey: string | undefined;
  let d = '';
  let p: string | null = null;
  let r: number | null = null;
  for (let i = 0; i < n; i++) {
    let changed: boolean;
    if (numeric) {
      const k = ((dsCodes ? dsCodes[i] : 0) * partSpan + (partCodes ? partCodes[i] + 1 : 0)) * fpsSpan + (fpsCodes ? fpsCodes[i] + 1 : 0);
      changed = k !== lastNumber;
      lastNumber = k;
    } else {
      const key = `${dsCol?.[i] ?? ''}\u0000${partCol?.[i] ?? ''}\u0000${fpsCol?.[i] ?? ''}`;
      changed = key !== lastKey;
      lastKey = key;
    }
    if (changed) {
      // the cells are read where a run starts only
      const dsCell = dsCol?.[i];
      const partCell = partCol?.[i];
      const fpsRaw = fpsCol?.[i] ?? '';
      d = forced ?? (dsCell ? databaseId(dsCell) ?? dsCell.trim().toLowerCase() : sheet.dataset ?? 'unknown');
      p = partCell ? cached(partCache, partCell, normalizePart) : null;
      r = fpsRaw === '' ? partFps(d, p) : cached(rateCache, fpsRaw, parseRate);
      if (p === null && r !== null) {
        let multi = multiPart.get(d);
        if (multi === undefined) multiPart.set(d, (multi = (databaseInfo(d)?.parts.length ?? 0) > 1));
        if (multi) p = partOfFps(d, r);
      }
    }
    dataset[i] = d;
    part[i] = p;
    fps[i] = r;
  }
  return { dataset, part, fps };
}

/** Each row's canonical emotion: the format's own mapping where it made one, else the cell read (once per distinct value). */
function emotionColumn(data: SheetData): (Emotion | null)[] {
  const n = data.n;
  const coded = data.cells.emotion !== undefined ? data.coded?.emotion : undefined;
  const mapped = data.emotion;
  if (!mapped) return coded ? decode(coded.codes, coded.values.map(emotionOf), n) : mapRuns(data.cells.emotion ?? [], n, emotionOf);
  const out = new Array<Emotion | null>(n);
  const cells = data.cells.emotion;
  for (let i = 0; i < n; i++) {
    const m = mapped[i];
    out[i] = m !== undefined ? m : emotionOf(cells?.[i] ?? '');
  }
  return out;
}

/** Each row's AU tokens, each distinct cell parsed once (rows with the same cell share its tokens). */
function ausColumn(data: SheetData): AuToken[][] {
  const coded = data.cells.aus !== undefined ? data.coded?.aus : undefined;
  const tokens = (cell: string): AuToken[] => parseAus(cell).tokens;
  return coded ? decode(coded.codes, coded.values.map(tokens), data.n) : mapRuns(data.cells.aus ?? [], data.n, tokens);
}

/** A frame column and its cells as written: the fast path's numbers as they are, else each cell parsed. */
function frameColumn(data: SheetData, f: 'onset' | 'apex' | 'offset'): { values: (number | null)[]; raw: (string | undefined)[] } {
  const fast = data.frames?.[f];
  if (fast) return { values: fast.values as (number | null)[], raw: fast.text as (string | undefined)[] };
  const raw = textColumn(data.cells[f], data.n, false);
  const values = new Array<number | null>(data.n);
  for (let i = 0; i < data.n; i++) values[i] = parseFrame(raw[i]);
  return { values, raw };
}

/**
 * Builds the LabelTable of a parsed sheet, validates it, and returns it with every issue
 * (the format's own and validate.ts's), sorted by row.
 */
export function sheetToLabels(sheet: ParsedSheet, file: string, forcedDataset?: string): LabelTable {
  const data = sheet.data ?? recordsData(sheet);
  const n = data.n;
  const dense = data.dense === true;
  // the heap is checked before each column (a column of a large sheet is the unit of allocation here)
  const room = <T>(name: string, build: () => T): T => {
    checkHeap(file || '<input>', `building column ${name} of ${n.toLocaleString('en')} label rows`);
    return build();
  };
  const forced = forcedDataset ? databaseId(forcedDataset) ?? forcedDataset : undefined;
  const { dataset, part, fps } = room('dataset', () => placeColumns(sheet, data, forced));
  const onset = room('onset', () => frameColumn(data, 'onset'));
  const apex = room('apex', () => frameColumn(data, 'apex'));
  const offset = room('offset', () => frameColumn(data, 'offset'));
  const columns: Record<string, unknown[]> = {
    dataset, part,
    subject: room('subject', () => textColumn(data.cells.subject, n, dense)),
    clip: room('clip', () => textColumn(data.cells.clip, n, dense)),
    onset: onset.values, apex: apex.values, offset: offset.values, fps,
    emotion: room('emotion', () => emotionColumn(data)),
    emotion_raw: room('emotion_raw', () => textColumn(data.cells.emotion, n, dense)),
    aus: room('aus', () => ausColumn(data)),
    aus_raw: room('aus_raw', () => textColumn(data.cells.aus, n, dense)),
  };
  for (const name of sheet.extras) columns[name] = room(name, () => extraColumn(data.extras[name], n, dense));
  const sourceRows = dense ? (data.rows as number[]) : data.rows.slice(0, n);
  const base: LabelTable = withLabelSummary({
    table: aq.table(Object.fromEntries([...CANONICAL_COLUMNS, ...sheet.extras].map((name) => [name, columns[name]]))),
    format: sheet.format, file, extras: sheet.extras, issues: [], sourceRows,
  });
  const fields = SHEET_FIELDS.filter((f) => sheet.columns[f] !== undefined) as SheetField[];
  const raw = { onset: onset.raw, apex: apex.raw, offset: offset.raw, fps: textColumn(data.cells.fps, n, dense) };
  const found = validateLabels(base, { columns: sheet.columns, fields, raw: raw as Record<'onset' | 'apex' | 'offset' | 'fps', string[]> });
  const issues: Issue[] = sortIssues([...sheet.issues, ...found]);
  return { ...base, issues };
}
