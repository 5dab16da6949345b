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
import { CANONICAL_COLUMNS, type LabelTable } from './model';
import { SHEET_FIELDS, type ParsedSheet, type SheetField } from './formats/format';
import { parseFrame, sortIssues, validateLabels } from './validate';

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

/**
 * Builds the LabelTable of a parsed sheet, validates it, and returns it with every issue
 * (the format's own and validate.ts's), sorted by row. Built column by column (as makeLabelTable
 * lays a table out) so that 100,000-row sheets stay fast.
 */
export function sheetToLabels(sheet: ParsedSheet, file: string, forcedDataset?: string): LabelTable {
  const n = sheet.records.length;
  const col = <T>() => new Array<T>(n);
  const c = {
    dataset: col<string>(), part: col<string | null>(), subject: col<string>(), clip: col<string>(),
    onset: col<number | null>(), apex: col<number | null>(), offset: col<number | null>(), fps: col<number | null>(),
    emotion: col<Emotion | null>(), emotion_raw: col<string>(), aus: col<AuToken[]>(), aus_raw: col<string>(),
  };
  const extras: Record<string, (string | null)[]> = {};
  for (const name of sheet.extras) extras[name] = col<string | null>();
  const sourceRows: number[] = col<number>();
  const raw = { onset: col<string>(), apex: col<string>(), offset: col<string>(), fps: col<string>() };
  const forced = forcedDataset ? databaseId(forcedDataset) ?? forcedDataset : undefined;
  const multiPart = new Map<string, boolean>();
  for (let i = 0; i < n; i++) {
    const rec = sheet.records[i];
    const cells = rec.cells;
    const dataset = forced ?? (cells.dataset ? databaseId(cells.dataset) ?? cells.dataset.trim().toLowerCase() : sheet.dataset ?? 'unknown');
    let part = cells.part ? normalizePart(cells.part) : null;
    const fpsRaw = cells.fps ?? '';
    const fps = fpsRaw === '' ? partFps(dataset, part) : parseRate(fpsRaw);
    if (part === null && fps !== null) {
      let multi = multiPart.get(dataset);
      if (multi === undefined) multiPart.set(dataset, (multi = (databaseInfo(dataset)?.parts.length ?? 0) > 1));
      if (multi) part = partOfFps(dataset, fps);
    }
    const emotionRaw = cells.emotion ?? '';
    const ausRaw = cells.aus ?? '';
    raw.onset[i] = cells.onset ?? '';
    raw.apex[i] = cells.apex ?? '';
    raw.offset[i] = cells.offset ?? '';
    raw.fps[i] = fpsRaw;
    c.dataset[i] = dataset;
    c.part[i] = part;
    c.subject[i] = cells.subject ?? '';
    c.clip[i] = cells.clip ?? '';
    c.onset[i] = parseFrame(raw.onset[i]);
    c.apex[i] = parseFrame(raw.apex[i]);
    c.offset[i] = parseFrame(raw.offset[i]);
    c.fps[i] = fps;
    c.emotion[i] = rec.emotion !== undefined ? rec.emotion : emotionOf(emotionRaw);
    c.emotion_raw[i] = emotionRaw;
    c.aus[i] = parseAus(ausRaw).tokens;
    c.aus_raw[i] = ausRaw;
    for (const name of sheet.extras) {
      const v = rec.extras[name];
      extras[name][i] = v === undefined || v === '' ? null : v;
    }
    sourceRows[i] = rec.row;
  }
  const columns: Record<string, unknown[]> = { ...c, ...extras };
  const base: LabelTable = {
    table: aq.table(Object.fromEntries([...CANONICAL_COLUMNS, ...sheet.extras].map((name) => [name, columns[name]]))),
    format: sheet.format, file, extras: sheet.extras, issues: [], sourceRows,
  };
  const fields = SHEET_FIELDS.filter((f) => sheet.columns[f] !== undefined) as SheetField[];
  const found = validateLabels(base, { columns: sheet.columns, fields, raw });
  const issues: Issue[] = sortIssues([...sheet.issues, ...found]);
  return { ...base, issues };
}
