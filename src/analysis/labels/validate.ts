/**
 * Validation of a label table: every problem as an Issue naming file, row, column and value.
 * Rows with unusable values stay in the table with null fields; this lists them. Nothing is dropped.
 *
 * Errors (the value cannot be used as it stands): a frame that is not a non-negative integer, a
 * missing onset or offset, offset before onset, apex outside onset..offset, a frame rate that is not
 * a positive number or contradicts the part (Table 1), a duplicate clip (same dataset, subject and
 * clip), an unknown or missing emotion, a missing subject or clip.
 * Warnings (usable, incomplete): a missing apex (CASME II's "/"), an empty AU cell, AU-cell pieces
 * that are not FACS codes ("soft focus", "?").
 */
import { parseAus } from './au';
import { partFps } from './databases';
import { readEmotion } from './emotions';
import type { Issue } from './issues';
import { formatIssue } from './issues';
import { labelColumn, type LabelRow, type LabelTable } from './model';
import type { SheetField } from './formats/format';
import { checkHeap, HEAP_CHECK_MASK } from '../util/heap-guard';
import * as fnv from '../util/fnv';
/** Read once: an imported binding is a getter call in the compiled module, too dear per row. */
const HEAP_MASK = HEAP_CHECK_MASK;
const { fnv1a, FNV_OFFSET, FNV_PRIME } = fnv;

/** Cells meaning "no value" in frame columns ("/" is CASME II's missing apex). */
const MISSING = new Set(['', '/', '-', '—', 'na', 'n/a', 'nan', 'none', 'null']);

/**
 * A frame number from a cell: "123" and "123.0" → 123; missing markers and anything else → null.
 * @example parseFrame('/') // null
 */
export function parseFrame(raw: string): number | null {
  // fast path: plain digits (almost every cell of a real sheet)
  let v = 0;
  const n = raw.length;
  let i = 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (i === n && n > 0 && n < 16) return v;
  const m = /^\s*\+?(\d+)(?:\.0*)?\s*$/.exec(raw);
  return m ? Number(m[1]) : null;
}

/** True for cells that mean "no value" ("", "/", "-", "NA", "nan", ...). */
export function isMissingCell(raw: string): boolean {
  return MISSING.has(raw.trim().toLowerCase());
}

export interface ValidateContext {
  /** The sheet's own header for each field (issues name columns as the user sees them). */
  columns?: Partial<Record<SheetField, string>>;
  /** Fields the sheet carries; checks of absent fields are skipped (SMIC has no apex, MEGC2019 no frames). Default: all. */
  fields?: readonly SheetField[];
  /** The cells as written, for values in messages and to tell "/" from "12.5". Default: the numbers. */
  raw?: Partial<Record<'onset' | 'apex' | 'offset' | 'fps', readonly string[]>>;
}

const FRAME_FIELDS = ['onset', 'apex', 'offset'] as const;

/** A column's values: the table's own array when it is neither filtered nor ordered (no copy), else a copy. */
function values<K extends keyof LabelRow & string>(labels: LabelTable, name: K): readonly LabelRow[K][] {
  const t = labels.table;
  const col = t.column(name) as unknown;
  if (!t.isFiltered() && !t.isOrdered() && Array.isArray(col)) return col as LabelRow[K][];
  return labelColumn(labels, name);
}

/**
 * Lists every problem of a label table (see the file comment for the list and severities).
 * Issues come sorted by row, then in column order.
 */
export function validateLabels(labels: LabelTable, ctx: ValidateContext = {}): Issue[] {
  const issues: Issue[] = [];
  const file = labels.file;
  const fields = ctx.fields;
  const has = (f: SheetField): boolean => !fields || fields.includes(f);
  const col = (f: SheetField): string => ctx.columns?.[f] ?? f;
  const add = (row: number, f: SheetField, value: unknown, problem: string, severity: Issue['severity'] = 'error'): void => {
    issues.push({ file, row, column: col(f), value: value === null || value === undefined ? '' : String(value), problem, severity });
  };
  const n = labels.table.numRows();
  const rows = labels.sourceRows;
  const dataset = values(labels, 'dataset');
  const part = values(labels, 'part');
  const subject = values(labels, 'subject');
  const clip = values(labels, 'clip');
  const fps = values(labels, 'fps');
  const emotion = values(labels, 'emotion');
  const emotionRaw = values(labels, 'emotion_raw');
  const ausRaw = values(labels, 'aus_raw');
  const frameFields = FRAME_FIELDS.filter(has);
  const frameValues = frameFields.map((f) => values(labels, f));
  const frameRaw = frameFields.map((f) => ctx.raw?.[f]);
  const iOn = frameFields.indexOf('onset');
  const iAp = frameFields.indexOf('apex');
  const iOff = frameFields.indexOf('offset');
  const checkSubject = has('subject');
  const checkClip = has('clip');
  const checkFps = has('fps');
  const checkEmotion = has('emotion');
  const checkAus = has('aus');
  const fpsRaw = ctx.raw?.fps;
  const ok = new Array<boolean>(frameFields.length);
  const dups = duplicateClips(dataset, subject, clip, n);
  let d = 0;

  let fpsDataset: string | undefined;
  let fpsPart: string | null | undefined;
  let fpsExpected: number | null = null;
  let lastAus: string | undefined;
  let lastParse = parseAus('');
  // a sheet repeats a few hundred AU cells: each is parsed once
  const parses = new Map<string, ReturnType<typeof parseAus>>();
  for (let i = 0; i < n; i++) {
    if ((i & HEAP_MASK) === 0) checkHeap(file || '<input>', `${i.toLocaleString('en')} label rows checked`);
    const row = rows[i];
    if (checkSubject && !subject[i]) add(row, 'subject', '', 'missing subject');
    if (checkClip && !clip[i]) add(row, 'clip', '', 'missing clip name');

    // frames: readable, present, ordered
    for (let k = 0; k < frameFields.length; k++) {
      const f = frameFields[k];
      const v = frameValues[k][i];
      ok[k] = false;
      if (v !== null && v !== undefined && Number.isInteger(v) && v >= 0) {
        ok[k] = true;
        continue;
      }
      const raw = frameRaw[k]?.[i] ?? (v === null || v === undefined ? '' : String(v));
      if ((v !== null && v !== undefined) || !isMissingCell(raw)) add(row, f, raw, 'not a frame number (a non-negative integer)');
      else if (f === 'apex') add(row, f, raw, 'missing apex frame (not annotated)', 'warning');
      else add(row, f, raw, `missing ${f} frame`);
    }
    if (iOn >= 0 && iOff >= 0 && ok[iOn] && ok[iOff]) {
      const on = frameValues[iOn][i] as number;
      const off = frameValues[iOff][i] as number;
      if (off < on) add(row, 'offset', off, `offset frame ${off} is before onset frame ${on}`);
      else if (iAp >= 0 && ok[iAp]) {
        const ap = frameValues[iAp][i] as number;
        if (ap < on || ap > off) add(row, 'apex', ap, `apex frame ${ap} is outside onset..offset (${on}..${off})`);
      }
    }

    // frame rate: a positive number, consistent with the part's rate in Table 1
    if (checkFps) {
      const v = fps[i];
      if (v === null || v === undefined) {
        const raw = fpsRaw?.[i] ?? '';
        if (!isMissingCell(raw)) add(row, 'fps', raw, 'not a frame rate (a positive number)');
      } else if (!(v > 0)) add(row, 'fps', fpsRaw?.[i] ?? v, 'not a frame rate (a positive number)');
      else if (part[i] !== null) {
        // rows come in runs of one dataset and part: Table 1 is looked up when either changes
        if (dataset[i] !== fpsDataset || part[i] !== fpsPart) {
          fpsDataset = dataset[i];
          fpsPart = part[i];
          fpsExpected = partFps(dataset[i], part[i]);
        }
        const expected = fpsExpected;
        if (expected !== null && expected !== v) {
          add(row, 'fps', fpsRaw?.[i] ?? v, `frame rate ${v} contradicts part ${part[i]} (${expected} fps in Table 1)`);
        }
      }
    }

    // duplicate clips
    if (d < dups.length && dups[d] === i) {
      add(row, 'clip', clip[i], `duplicate clip: subject ${subject[i]}, clip ${clip[i]} already on row ${rows[dups[d + 1]]}`);
      d += 2;
    }

    // emotion
    if (checkEmotion && emotion[i] === null) {
      if ((emotionRaw[i] ?? '').trim() === '') add(row, 'emotion', '', 'missing emotion label');
      else add(row, 'emotion', emotionRaw[i], readEmotion(emotionRaw[i]).note ?? 'unknown emotion');
    }

    // AU cell
    if (checkAus) {
      if (ausRaw[i] !== lastAus) {
        lastAus = ausRaw[i];
        let parsed = parses.get(lastAus);
        if (parsed === undefined) {
          if (parses.size > 10_000) parses.clear();
          parses.set(lastAus, (parsed = parseAus(lastAus)));
        }
        lastParse = parsed;
      }
      const p = lastParse;
      if (p.empty) add(row, 'aus', ausRaw[i], 'empty AU cell', 'warning');
      const unreadable = p.unreadable;
      for (let k = 0; k < unreadable.length; k++) {
        add(row, 'aus', ausRaw[i], `unreadable AU piece "${unreadable[k]}": not a FACS code, kept in aus_raw and not counted`, 'warning');
      }
    }
  }
  return issues;
}

/** FNV-1a of s continuing from h, then a separator (so that "ab" + "c" and "a" + "bc" differ). */
function hashOn(h: number, s: string): number {
  return Math.imul(fnv1a(s, h) ^ 0xffff, FNV_PRIME);
}

/**
 * Rows that repeat an earlier row's dataset, subject and clip, as pairs [row index, index of the
 * first such row], in row order (rows without subject or clip are not compared). One open-addressing
 * table of row indices, hashed on the three strings (no key string or map per row); hashes that meet
 * are compared in full.
 */
export function duplicateClips(dataset: readonly string[], subject: readonly string[], clip: readonly string[], n: number): number[] {
  const out: number[] = [];
  let size = 16;
  while (size < 2 * n) size *= 2;
  const slots = new Int32Array(size);
  const hashes = new Int32Array(n);
  const mask = size - 1;
  // consecutive rows mostly share dataset and subject: their part of the hash is kept
  let lastDataset: string | undefined;
  let lastSubject: string | undefined;
  let prefix = 0;
  for (let i = 0; i < n; i++) {
    const s = subject[i];
    const c = clip[i];
    if (!s || !c) continue;
    if (dataset[i] !== lastDataset || s !== lastSubject) {
      lastDataset = dataset[i];
      lastSubject = s;
      prefix = hashOn(hashOn(FNV_OFFSET, lastDataset ?? ''), s);
    }
    const h = hashOn(prefix, c);
    hashes[i] = h;
    let k = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const j = slots[k] - 1;
      if (j < 0) {
        slots[k] = i + 1;
        break;
      }
      if (hashes[j] === h && clip[j] === c && subject[j] === s && dataset[j] === dataset[i]) {
        out.push(i, j);
        break;
      }
      k = (k + 1) & mask;
    }
  }
  return out;
}

/** Sorts issues by row, keeping the order within a row (file-level issues, row 0, first). */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return issues.map((x, i) => [x, i] as const).sort((a, b) => a[0].row - b[0].row || a[1] - b[1]).map(([x]) => x);
}

/** Counts of error- and warning-severity issues. */
export function countIssues(issues: readonly Issue[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const i of issues) if (i.severity === 'error') errors++;
  return { errors, warnings: issues.length - errors };
}

/** True when any issue has error severity. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** One line per issue, as `melab validate` prints them. */
export function issueLines(issues: readonly Issue[]): string[] {
  return issues.map(formatIssue);
}
