/**
 * What a label-sheet format is, and the shared machinery of the header-based ones: find the header
 * row, map its columns to the canonical fields, keep every other column as an extra, and hand back
 * raw strings (conversion and validation happen after, in read.ts and validate.ts).
 */
import type { Emotion } from '../emotions';
import { fail, type Issue } from '../issues';
import { isBlankRow } from '../sheet';

/** Canonical fields a sheet can carry (LabelRow's columns before conversion; emotion_raw/aus_raw follow). */
export const SHEET_FIELDS = ['dataset', 'part', 'subject', 'clip', 'onset', 'apex', 'offset', 'fps', 'emotion', 'aus'] as const;
export type SheetField = (typeof SHEET_FIELDS)[number];

/** One data row of a sheet, still as written. */
export interface SheetRecord {
  /** 1-based spreadsheet row. */
  row: number;
  cells: Partial<Record<SheetField, string>>;
  /** The canonical emotion when the format maps it itself (MEGC2019's 0/1/2, SAMM's objective classes). */
  emotion?: Emotion | null;
  extras: Record<string, string>;
}

export interface ParsedSheet {
  format: string;
  /** Dataset id every row belongs to, unless a record carries its own `dataset` cell. */
  dataset: string | null;
  records: SheetRecord[];
  /** The sheet's own name of the column behind each field (issues name the column as the user sees it). */
  columns: Partial<Record<SheetField, string>>;
  /** Extra column names, in sheet order. */
  extras: string[];
  /** Problems the format itself found (a quirk it resolved, a value it could not map). */
  issues: Issue[];
}

export interface ReadContext {
  file: string;
  /** Which column becomes `emotion` where a sheet has two (SAMM, CAS(ME)^3): the sheet's own or the objective class. */
  label: 'emotion' | 'objective';
  /** Dataset id forced by the caller (canonical sheets, a database read through another's format). */
  dataset?: string;
  /** 'csv' sheets must be rectangular; workbooks are grids by construction. */
  kind: 'csv' | 'workbook';
  /** Sheet name inside a workbook (or the file name). */
  sheet: string;
}

export interface LabelFormat {
  name: string;
  /** One line for `LABEL_FORMATS` and --help. */
  description: string;
  /** Headers it recognises, as the released sheet spells them (docs/formats.md lists them). */
  headers: readonly string[];
  /** Quirks the reader handles, one phrase each (docs/formats.md). */
  quirks: readonly string[];
  /** Score of a candidate header row (higher is a better match); 0 when it is not this format. */
  matchHeader?(normalized: readonly string[]): number;
  /** For header-less formats: whether a first data row looks like this format. */
  matchRow?(row: readonly string[]): boolean;
  /** Reads the sheet; headerIndex is the 0-based header row (-1 for header-less formats). */
  parse(rows: string[][], headerIndex: number, ctx: ReadContext): ParsedSheet;
}

/** Header cell → matching key: lower case, letters and digits only ("Onset Frame" → "onsetframe"). */
export function normalizeHeader(h: string): string {
  return h.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** "EmotionId" → "emotion_id", "Inducement Code" → "inducement_code". */
export function snakeCase(h: string): string {
  return h
    .normalize('NFKC')
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** Spreadsheet column letter of a 0-based index (0 → A, 27 → AB). */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Refuses a CSV row whose field count differs from the header's (trailing empty fields aside):
 * a ragged file is shifted somewhere and every value after the shift would be wrong.
 */
export function checkRectangular(row: readonly string[], width: number, rowNumber: number, ctx: ReadContext): void {
  if (ctx.kind !== 'csv') return;
  let len = row.length;
  while (len > width && row[len - 1].trim() === '') len--;
  if (len !== width) {
    fail(ctx.file, rowNumber, '', '', `ragged file: this row has ${len} fields, the header has ${width}`);
  }
}

/** The header-based format description that `columnFormat` turns into a LabelFormat. */
export interface ColumnSpec {
  name: string;
  description: string;
  dataset: string | null;
  /** Canonical field → normalized header names that hold it (first found wins). */
  fields: Partial<Record<SheetField, readonly string[]>>;
  /** Normalized headers that must all be present for detection. */
  required: readonly string[];
  /** Normalized headers of which at least one must be present (telling apart look-alike formats). */
  anyOf?: readonly string[];
  /** Normalized headers that must be absent. */
  absent?: readonly string[];
  /** Extra columns with a fixed name: normalized header → extra name. */
  extraNames?: Record<string, string>;
  /** The objective-class column (normalized headers) and how its values map to emotions. */
  objective?: { headers: readonly string[]; map(raw: string): Emotion | null; meaning: string };
  headers: readonly string[];
  quirks: readonly string[];
  /** Extra columns the finish step adds (named here so the table has them in this order, after the sheet's). */
  derivedExtras?: readonly string[];
  /**
   * Canonical sheets only: headers recomputed from another column that was used ("emotion" beside
   * "emotion_raw"); they are not kept as extras because the table recomputes them.
   */
  recomputed?: readonly string[];
  /** Per-record adjustment after mapping (derive part, clip, emotion). */
  finish?(rec: SheetRecord, ctx: ReadContext, issues: Issue[]): void;
}

function findColumn(norm: readonly string[], names: readonly string[] | undefined): number {
  if (!names) return -1;
  for (const n of names) {
    const i = norm.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/** Builds a header-based LabelFormat from its column spec. */
export function columnFormat(spec: ColumnSpec): LabelFormat {
  const known = new Set<string>([
    ...Object.values(spec.fields).flat() as string[],
    ...Object.keys(spec.extraNames ?? {}),
    ...(spec.objective?.headers ?? []),
  ]);
  return {
    name: spec.name,
    description: spec.description,
    headers: spec.headers,
    quirks: spec.quirks,
    matchHeader(norm) {
      const set = new Set(norm);
      if (!spec.required.every((h) => set.has(h))) return 0;
      if (spec.anyOf && !spec.anyOf.some((h) => set.has(h))) return 0;
      if (spec.absent && spec.absent.some((h) => set.has(h))) return 0;
      let score = 0;
      for (const h of set) if (known.has(h)) score++;
      return score;
    },
    parse(rows, headerIndex, ctx) {
      const header = rows[headerIndex].map((h) => h.trim());
      // a CSV header may end in empty cells ("a,b,c,"): its width is up to the last named column;
      // a workbook's cells right of the header are still scanned (values there become column_x extras)
      let width = header.length;
      while (width > 0 && header[width - 1] === '') width--;
      let scanWidth = width;
      if (ctx.kind === 'workbook') for (let r = headerIndex; r < rows.length; r++) scanWidth = Math.max(scanWidth, rows[r].length);
      while (header.length < scanWidth) header.push('');
      const norm = header.map(normalizeHeader);
      const used = new Set<number>();
      const fieldCols: [SheetField, number][] = [];
      const columns: Partial<Record<SheetField, string>> = {};
      for (const f of Object.keys(spec.fields) as SheetField[]) {
        const i = findColumn(norm, spec.fields[f]);
        if (i >= 0 && !used.has(i)) {
          fieldCols.push([f, i]);
          used.add(i);
          columns[f] = header[i];
        }
      }
      const objCol = findColumn(norm, spec.objective?.headers);
      if (objCol >= 0) used.add(objCol);
      if (ctx.label === 'objective' && objCol < 0) {
        fail(ctx.file, headerIndex + 1, '', '', `--label objective: format ${spec.name} has no objective-class column`);
      }
      // every other column with a header, or with any value under a blank header, is an extra
      const extraCols: [string, number][] = [];
      const taken = new Set<string>([...SHEET_FIELDS, 'emotion_raw', 'aus_raw']);
      const claim = (name: string): string => {
        let n = name || 'column';
        for (let k = 2; taken.has(n); k++) n = `${name}_${k}`;
        taken.add(n);
        return n;
      };
      if (objCol >= 0) extraCols.push([claim('objective_class'), objCol]);
      for (let i = 0; i < scanWidth; i++) {
        if (used.has(i) || spec.recomputed?.includes(norm[i])) continue;
        if (header[i] === '') {
          let any = false;
          for (let r = headerIndex + 1; r < rows.length && !any; r++) any = (rows[r][i] ?? '').trim() !== '';
          if (!any) continue;
          extraCols.push([claim(`column_${columnLetter(i).toLowerCase()}`), i]);
        } else {
          extraCols.push([claim(spec.extraNames?.[norm[i]] ?? snakeCase(header[i])), i]);
        }
      }
      const objectiveIsLabel = ctx.label === 'objective' && objCol >= 0;
      if (objectiveIsLabel) {
        columns.emotion = header[objCol];
        const emoIdx = fieldCols.findIndex(([f]) => f === 'emotion');
        if (emoIdx >= 0) {
          const [, i] = fieldCols[emoIdx];
          fieldCols.splice(emoIdx, 1);
          extraCols.push([claim(snakeCase(header[i])), i]);
        }
      }
      const issues: Issue[] = [];
      const records: SheetRecord[] = [];
      for (let r = headerIndex + 1; r < rows.length; r++) {
        const row = rows[r];
        if (isBlankRow(row)) continue;
        checkRectangular(row, width, r + 1, ctx);
        const cells: Partial<Record<SheetField, string>> = {};
        for (const [f, i] of fieldCols) cells[f] = (row[i] ?? '').trim();
        const extras: Record<string, string> = {};
        for (const [name, i] of extraCols) extras[name] = (row[i] ?? '').trim();
        const rec: SheetRecord = { row: r + 1, cells, extras };
        if (objCol >= 0 && spec.objective) {
          const raw = (row[objCol] ?? '').trim();
          const mapped = raw === '' ? null : spec.objective.map(raw);
          extras.objective_class = mapped ?? raw;
          if (raw !== '' && mapped === null && !objectiveIsLabel) {
            issues.push({ file: ctx.file, row: r + 1, column: header[objCol], value: raw, severity: 'error',
              problem: `unknown objective class (${spec.objective.meaning})` });
          }
          if (objectiveIsLabel) {
            cells.emotion = raw;
            rec.emotion = mapped;
          }
        }
        spec.finish?.(rec, ctx, issues);
        records.push(rec);
      }
      const extras = [...extraCols.map(([n]) => n), ...(spec.derivedExtras ?? []).filter((n) => !taken.has(n))];
      return { format: spec.name, dataset: spec.dataset, records, columns, extras, issues };
    },
  };
}
