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
import type { CodedColumn } from './csv-columns';
import { checkHeap, HEAP_CHECK_MASK } from '../util/heap-guard';
/** Read once: an imported binding is a getter call in the compiled module, too dear per row. */
const HEAP_MASK = HEAP_CHECK_MASK;

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

/**
 * Builds the LabelTable of a parsed sheet, validates it, and returns it with every issue
 * (the format's own and validate.ts's), sorted by row. Built column by column (as makeLabelTable
 * lays a table out) so that 100,000-row sheets stay fast.
 */
export function sheetToLabels(sheet: ParsedSheet, file: string, forcedDataset?: string): LabelTable {
  const data = sheet.data ?? recordsData(sheet);
  const n = data.n;
  const col = <T>(): T[] => new Array<T>(n);
  const c: {
    dataset: string[]; part: (string | null)[]; subject: string[]; clip: string[]; onset: (number | null)[]; apex: (number | null)[];
    offset: (number | null)[]; fps: (number | null)[]; emotion: (Emotion | null)[]; emotion_raw: string[]; aus: AuToken[][]; aus_raw: string[];
  } = {
    dataset: col(), part: col(), subject: [], clip: [], onset: [], apex: [], offset: [], fps: col(),
    emotion: col(), emotion_raw: [], aus: col(), aus_raw: [],
  };
  // columns the fast path hands over are taken below; the others get their n slots here
  const dense = data.dense === true;
  if (!(dense && data.cells.subject)) c.subject = col();
  if (!(dense && data.cells.clip)) c.clip = col();
  if (!(dense && data.cells.emotion)) c.emotion_raw = col();
  if (!(dense && data.cells.aus)) c.aus_raw = col();
  for (const f of ['onset', 'apex', 'offset'] as const) if (!data.frames?.[f]) c[f] = col();
  const extras: Record<string, (string | null)[]> = {};
  // extras: '' is null; the fast path's dense string columns are turned in place and taken
  const takenExtras = new Set<string>();
  for (const name of sheet.extras) {
    const v = data.extras[name];
    if (data.dense === true && v !== undefined && v.length === n) {
      const a = v as (string | null)[];
      for (let i = 0; i < n; i++) if (a[i] === '') a[i] = null;
      extras[name] = a;
      takenExtras.add(name);
    } else extras[name] = col<string | null>();
  }
  const extrasToCopy = sheet.extras.filter((name) => !takenExtras.has(name));
  let sourceRows: number[] = data.dense ? [] : col<number>();
  const raw: Record<'onset' | 'apex' | 'offset' | 'fps', (string | undefined)[]> = {
    onset: data.frames?.onset ? [] : col(), apex: data.frames?.apex ? [] : col(), offset: data.frames?.offset ? [] : col(),
    fps: dense && data.cells.fps ? [] : col(),
  };
  const forced = forcedDataset ? databaseId(forcedDataset) ?? forcedDataset : undefined;
  const multiPart = new Map<string, boolean>();
  const empty: readonly undefined[] = new Array(n);
  const cell = (f: SheetField) => data.cells[f] ?? empty;
  const [dsCol, partCol, fpsCol, subjCol, clipCol, emoCol, ausCol] = (['dataset', 'part', 'fps', 'subject', 'clip', 'emotion', 'aus'] as const).map(cell);
  const frameIn = (['onset', 'apex', 'offset'] as const).map((f) => ({ f, fast: data.frames?.[f], text: cell(f) }));
  // the fast path's dense columns become table columns as they are, without a copy
  const take = (f: 'subject' | 'clip' | 'emotion' | 'aus'): boolean => data.dense === true && data.cells[f] !== undefined;
  const takeSubject = take('subject');
  const takeClip = take('clip');
  const takeEmotionRaw = take('emotion');
  const takeAusRaw = take('aus');
  if (takeSubject) c.subject = subjCol as string[];
  if (takeClip) c.clip = clipCol as string[];
  if (takeEmotionRaw) c.emotion_raw = emoCol as string[];
  if (takeAusRaw) c.aus_raw = ausCol as string[];
  for (const { f, fast } of frameIn) {
    if (fast) {
      c[f] = fast.values as (number | null)[];
      raw[f] = fast.text as (string | undefined)[];
    }
  }
  const framesToRead = frameIn.filter((x) => !x.fast);
  if (data.dense && data.cells.fps) raw.fps = fpsCol as string[];
  const fpsTaken = raw.fps === fpsCol;
  // consecutive rows mostly repeat dataset, part, fps, emotion and AU cells: the last answer is kept
  let lastKey: string | undefined;
  let last = { dataset: '', part: null as string | null, fps: null as number | null };
  let lastEmotion: string | undefined;
  let lastEmotionValue: Emotion | null = null;
  let lastAus: string | undefined;
  let lastAusValue: AuToken[] = [];
  // coded columns (the fast path): the dataset/part/fps key is a number, emotions and AU cells are read once per distinct value
  const coded = data.coded ?? {};
  const codesOf = (f: SheetField): Int32Array | null => (data.cells[f] === undefined ? null : coded[f]?.codes ?? null);
  const [dsCodes, partCodes, fpsCodes] = (['dataset', 'part', 'fps'] as const).map(codesOf);
  const tripleCoded = (dsCodes !== null || data.cells.dataset === undefined) && (partCodes !== null || data.cells.part === undefined)
    && (fpsCodes !== null || data.cells.fps === undefined);
  const partSpan = (coded.part?.values.length ?? 0) + 1;
  const fpsSpan = (coded.fps?.values.length ?? 0) + 1;
  let lastIntKey = -1;
  const emoCodes = codesOf('emotion');
  const emoByCode = emoCodes && data.emotion === null ? (coded.emotion as CodedColumn).values.map(emotionOf) : null;
  const ausCodes = codesOf('aus');
  const ausByCode = ausCodes ? (coded.aus as CodedColumn).values.map((v) => parseAus(v).tokens) : null;
  for (let i = 0; i < n; i++) {
    if ((i & HEAP_MASK) === 0) checkHeap(file || '<input>', `${i.toLocaleString('en')} label rows built`);
    const dsCell = dsCol[i];
    const partCell = partCol[i];
    const fpsRaw = fpsCol[i] ?? '';
    let changed: boolean;
    let key: string | undefined;
    if (tripleCoded) {
      const k = ((dsCodes ? dsCodes[i] : 0) * partSpan + (partCodes ? partCodes[i] + 1 : 0)) * fpsSpan + (fpsCodes ? fpsCodes[i] + 1 : 0);
      changed = k !== lastIntKey;
      lastIntKey = k;
    } else {
      key = dsCell === undefined && partCell === undefined ? fpsRaw : `${dsCell ?? ''}\u0000${partCell ?? ''}\u0000${fpsRaw}`;
      changed = key !== lastKey;
    }
    if (changed) {
      const dataset = forced ?? (dsCell ? databaseId(dsCell) ?? dsCell.trim().toLowerCase() : sheet.dataset ?? 'unknown');
      let part = partCell ? cached(partCache, partCell, normalizePart) : null;
      const fps = fpsRaw === '' ? partFps(dataset, part) : cached(rateCache, fpsRaw, parseRate);
      if (part === null && fps !== null) {
        let multi = multiPart.get(dataset);
        if (multi === undefined) multiPart.set(dataset, (multi = (databaseInfo(dataset)?.parts.length ?? 0) > 1));
        if (multi) part = partOfFps(dataset, fps);
      }
      last = { dataset, part, fps };
      if (key !== undefined) lastKey = key;
    }
    const { dataset, part, fps } = last;
    const emotionRaw = emoCol[i] ?? '';
    const ausRaw = ausCol[i] ?? '';
    for (let k = 0; k < framesToRead.length; k++) {
      const { f, text } = framesToRead[k];
      const t = text[i] ?? '';
      raw[f][i] = t;
      c[f][i] = parseFrame(t);
    }
    if (!fpsTaken) raw.fps[i] = fpsRaw;
    c.dataset[i] = dataset;
    c.part[i] = part;
    if (!takeSubject) c.subject[i] = subjCol[i] ?? '';
    if (!takeClip) c.clip[i] = clipCol[i] ?? '';
    c.fps[i] = fps;
    const mapped = data.emotion?.[i];
    if (mapped !== undefined) c.emotion[i] = mapped;
    else if (emoByCode) c.emotion[i] = emoByCode[(emoCodes as Int32Array)[i]];
    else {
      if (emotionRaw !== lastEmotion) {
        lastEmotion = emotionRaw;
        lastEmotionValue = emotionOf(emotionRaw);
      }
      c.emotion[i] = lastEmotionValue;
    }
    if (!takeEmotionRaw) c.emotion_raw[i] = emotionRaw;
    if (ausByCode) c.aus[i] = ausByCode[(ausCodes as Int32Array)[i]];
    else {
      if (ausRaw !== lastAus) {
        lastAus = ausRaw;
        lastAusValue = parseAus(ausRaw).tokens;
      }
      c.aus[i] = lastAusValue;
    }
    if (!takeAusRaw) c.aus_raw[i] = ausRaw;
    for (let k = 0; k < extrasToCopy.length; k++) {
      const name = extrasToCopy[k];
      const v = data.extras[name]?.[i];
      extras[name][i] = v === undefined || v === '' ? null : v;
    }
    if (!data.dense) sourceRows[i] = data.rows[i];
  }
  if (data.dense) sourceRows = data.rows as number[];
  const columns: Record<string, unknown[]> = { ...c, ...extras };
  const base: LabelTable = withLabelSummary({
    table: aq.table(Object.fromEntries([...CANONICAL_COLUMNS, ...sheet.extras].map((name) => [name, columns[name]]))),
    format: sheet.format, file, extras: sheet.extras, issues: [], sourceRows,
  });
  const fields = SHEET_FIELDS.filter((f) => sheet.columns[f] !== undefined) as SheetField[];
  const found = validateLabels(base, { columns: sheet.columns, fields, raw: raw as Record<'onset' | 'apex' | 'offset' | 'fps', string[]> });
  const issues: Issue[] = sortIssues([...sheet.issues, ...found]);
  return { ...base, issues };
}
