/**
 * What a label-sheet format is, and the shared machinery of the header-based ones: find the header
 * row, map its columns to the canonical fields, keep every other column as an extra, and hand back
 * raw strings (conversion and validation happen after, in read.ts and validate.ts).
 */
import { readEmotion, type Emotion } from '../emotions';
import { databaseId } from '../databases';
import { fail, type Issue } from '../issues';
import { isBlankRow } from '../sheet';
import { classIdTable, idPatterns, objectiveClassKey } from '../vocabulary';
import { scanCsvColumns, type CellKind, type CodedColumn } from '../csv-columns';
import { checkHeap, HEAP_CHECK_MASK } from '../../util/heap-guard';
/** Read once: an imported binding is a getter call in the compiled module, too dear per row. */
const HEAP_MASK = HEAP_CHECK_MASK;

/** Canonical fields a sheet can carry (LabelRow's columns before conversion; emotion_raw/aus_raw follow). */
export const SHEET_FIELDS = ['dataset', 'part', 'subject', 'clip', 'onset', 'apex', 'offset', 'fps', 'emotion', 'aus'] as const;
export type SheetField = (typeof SHEET_FIELDS)[number];

/** Macro- or micro-expression, where a sheet says which (CAS(ME)^3 Part A full coding, CAS(ME)^2). */
export type ExpressionKind = 'micro' | 'macro';

/** One data row of a sheet, still as written. */
export interface SheetRecord {
  /** 1-based spreadsheet row. */
  row: number;
  cells: Partial<Record<SheetField, string>>;
  /** The canonical emotion when the format maps it itself (class ids, objective classes). */
  emotion?: Emotion | null;
  extras: Record<string, string>;
  /** What the sheet's expression-type column says of the row; undefined when it has none. */
  expression?: ExpressionKind | null;
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
  /** The sheet's expression-type column, when it has one (rows are then subset by --expressions). */
  expressionColumn?: string;
  /** How the label column was chosen ("objective classes: the sheet has no emotion column"). */
  labelNote?: string;
  /** The rows column by column instead of `records` (the CSV fast path). */
  data?: import('../convert').SheetData;
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
  /** Cells Excel stored as dates, keyed "row,column" (0-based), with the date they show. */
  dateCells?: ReadonlyMap<string, string>;
}

/** How well a candidate header (or first data row) fits a format. */
export interface HeaderFit {
  /** Share of the header's named cells the format knows, in (0, 1]. */
  fit: number;
  /** Headers found that only this layout has (SAMM's Inducement Code, DFME's Fps). */
  cues: string[];
  /** Whether the sheet has an emotion column (a label table with objective classes only ranks below one with emotions). */
  hasEmotion: boolean;
}

/** How well the data rows fit a format's database: share of rows whose subject and clip ids look like it. */
export interface ContentFit {
  fit: number;
  /** The database the ids point to (formats that read several databases say which). */
  dataset: string | null;
  /** A short phrase for `detected.why` ("ids like sub01 / EP02_01f"). */
  evidence: string;
}

export interface LabelFormat {
  name: string;
  /** One line for `LABEL_FORMATS` and --help. */
  description: string;
  /** The database a sheet of this format holds; null when each row says (composites, canonical). */
  dataset: string | null;
  /** Headers it recognises, as the released sheet spells them (docs/formats.md lists them). */
  headers: readonly string[];
  /** Quirks the reader handles, one phrase each (docs/formats.md). */
  quirks: readonly string[];
  /** Fit of a candidate header row; null when it is not this format's header. */
  matchHeader?(normalized: readonly string[]): HeaderFit | null;
  /** For header-less formats: fit of a first data row; null when it is not this format's. */
  matchRow?(row: readonly string[]): HeaderFit | null;
  /** Fit of the data rows below headerIndex (-1: header-less) to this format's database ids. */
  matchContent(rows: readonly string[][], headerIndex: number): ContentFit;
  /** Reads the sheet; headerIndex is the 0-based header row (-1 for header-less formats). */
  parse(rows: string[][], headerIndex: number, ctx: ReadContext): ParsedSheet;
  /**
   * The CSV fast path: reads quote-free CSV text, in pieces that end at line breaks and start at
   * the first data line (row `headerIndex + 2`), column by column; null when this sheet needs the
   * general parse (the pieces are then not read). Throws NotScannable (csv-columns.ts) when a piece does.
   */
  parseCsvText?(pieces: () => Iterable<string>, header: readonly string[], headerIndex: number, ctx: ReadContext): ParsedSheet | null;
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

/**
 * Header spellings of each field across the released sheets and their re-saves (normalized:
 * lower case, letters and digits only). A format lists the fields it reads; these are the names.
 */
export const FIELD_ALIASES = {
  dataset: ['dataset', 'data', 'database', 'db'],
  part: ['part'],
  subject: ['subject', 'sub', 'subjectid', 'participant'],
  clip: ['filename', 'clip', 'video', 'filenameo', 'clipname', 'sample'],
  onset: ['onsetframe', 'onset', 'onsetf'],
  apex: ['apexframe', 'apex', 'apexf'],
  offset: ['offsetframe', 'offset', 'offsetf'],
  fps: ['fps', 'framerate'],
  emotion: ['estimatedemotion', 'emotion', 'label', 'emotions', 'class', 'category'],
  aus: ['actionunits', 'au', 'aus', 'actionunit'],
} as const satisfies Record<SheetField, readonly string[]>;

/** Headers of Davison et al.'s objective classes. */
export const OBJECTIVE_HEADERS = ['objectiveclasses', 'objectiveclass'];
/** Headers of a macro/micro expression-type column. */
export const EXPRESSION_HEADERS = ['expressiontype', 'exptype', 'type'];

/** 'micro' / 'macro' from an expression-type cell ("Micro-expression", "macro-expression", "ME", "MaE"), or null. */
export function expressionKind(raw: string): ExpressionKind | null {
  const t = raw.trim().toLowerCase();
  if (/^micro/.test(t) || t === 'me') return 'micro';
  if (/^macro/.test(t) || t === 'mae') return 'macro';
  return null;
}

/** Up to `limit` non-blank data rows below headerIndex (detection looks at a sample, not the whole sheet). */
export function sampleRows(rows: readonly string[][], headerIndex: number, limit = 300): string[][] {
  const out: string[][] = [];
  for (let r = headerIndex + 1; r < rows.length && out.length < limit; r++) if (!isBlankRow(rows[r])) out.push(rows[r]);
  return out;
}

/**
 * Share of rows whose subject (and clip, when there is a clip column) match a database's id
 * patterns (data/vocabulary.json). Clips weigh more: subject ids are short numbers in many databases.
 */
export function idFit(rows: readonly string[][], headerIndex: number, subjectCol: number, clipCol: number, dataset: string): ContentFit {
  const p = idPatterns(dataset);
  const sample = sampleRows(rows, headerIndex);
  if (!p || sample.length === 0 || subjectCol < 0) return { fit: 0, dataset, evidence: 'no ids to compare' };
  let s = 0;
  let c = 0;
  for (const r of sample) {
    if (p.subject.test((r[subjectCol] ?? '').trim())) s++;
    if (clipCol >= 0 && p.clip.test((r[clipCol] ?? '').trim())) c++;
  }
  const fs = s / sample.length;
  const fc = c / sample.length;
  const first = sample[0];
  const example = [first[subjectCol], clipCol >= 0 ? first[clipCol] : undefined].filter((v) => v !== undefined).map((v) => (v ?? '').trim()).join(' / ');
  const fit = clipCol >= 0 ? 0.3 * fs + 0.7 * fc : fs;
  return { fit, dataset, evidence: `ids like ${example} (${Math.round(100 * fit)}% look like ${dataset})` };
}

/** Share of rows whose dataset cell names a known database (composites and canonical sheets). */
export function datasetColumnFit(rows: readonly string[][], headerIndex: number, col: number): ContentFit {
  const sample = sampleRows(rows, headerIndex);
  if (col < 0 || sample.length === 0) return { fit: 0, dataset: null, evidence: 'no dataset column' };
  const ids = new Set<string>();
  let hits = 0;
  for (const r of sample) {
    const id = databaseId((r[col] ?? '').trim());
    if (id) {
      hits++;
      ids.add(id);
    }
  }
  const dataset = ids.size > 0 ? [...ids].join('+') : null;
  return { fit: hits / sample.length, dataset, evidence: `dataset column names ${dataset ?? 'no known database'}` };
}

/** Reads a class-id cell ("1", "1.0") through a class-id table; null when it is not one of its ids. */
export function classIdEmotion(table: Readonly<Record<string, string>>, raw: string): Emotion | null {
  const m = /^\s*(\d+)(?:\.0+)?\s*$/.exec(raw);
  return m && table[m[1]] !== undefined ? (table[m[1]] as Emotion) : null;
}

/** The header-based format description that `columnFormat` turns into a LabelFormat. */
export interface ColumnSpec {
  name: string;
  description: string;
  dataset: string | null;
  /** Canonical fields this format reads; their header spellings come from FIELD_ALIASES unless given here. */
  fields: Partial<Record<SheetField, readonly string[] | true>>;
  /** Fields whose column must be present for the header to be this format's. */
  required: readonly SheetField[];
  /** The sheet must also have an emotion or an objective-class column. */
  labelRequired?: boolean;
  /** Normalized headers only this layout has: a strong detection cue (SAMM's inducementcode). */
  cues?: readonly string[];
  /** Normalized headers that must be absent. */
  absent?: readonly string[];
  /** Extra columns with a fixed name: normalized header → extra name. */
  extraNames?: Record<string, string>;
  /** Whether the sheet may carry Davison et al.'s objective classes (1–7 or I–VII). */
  objective?: boolean;
  /** Whether a macro/micro expression-type column subsets the rows. */
  expressionType?: boolean;
  /** Class-id table (data/vocabulary.json class_ids) for numeric emotion cells. */
  classIds?: string;
  /** How the rows' ids are told apart from other databases'; default idFit on subject and clip for `dataset`. */
  matchContent?(rows: readonly string[][], headerIndex: number, col: (f: SheetField) => number): ContentFit;
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

/** The header spellings a spec reads for a field. */
function aliasesOf(spec: ColumnSpec, f: SheetField): readonly string[] | undefined {
  const v = spec.fields[f];
  return v === true ? FIELD_ALIASES[f] : v;
}

/**
 * Where a table beside the main one starts: the first column after `lastNamed` that follows a column
 * blank over the whole sheet (CAS(ME)^2's pasted columns K–M); -1 when there is none.
 */
export function sideTableStart(rows: readonly string[][], fromRow: number, lastNamed: number): number {
  let width = 0;
  for (let r = fromRow; r < rows.length; r++) width = Math.max(width, rows[r].length);
  const blank = (c: number): boolean => {
    for (let r = fromRow; r < rows.length; r++) if ((rows[r][c] ?? '').trim() !== '') return false;
    return true;
  };
  for (let c = lastNamed + 1; c < width; c++) {
    if (!blank(c)) continue;
    for (let d = c + 1; d < width; d++) if (!blank(d)) return d;
    return -1;
  }
  return -1;
}

/** The one-line warning for a side table that is not read. */
export function sideTableIssue(rows: readonly string[][], fromRow: number, start: number, ctx: ReadContext): Issue {
  let last = start;
  for (let r = Math.max(0, fromRow); r < rows.length; r++) for (let c = rows[r].length - 1; c > last; c--) if (rows[r][c].trim() !== '') last = c;
  let firstRow = Math.max(0, fromRow);
  while (firstRow < rows.length && rows[firstRow].slice(start).every((c) => c.trim() === '')) firstRow++;
  const head = (rows[firstRow] ?? []).slice(start).map((c) => c.trim()).filter(Boolean).slice(0, 6).join(', ');
  return {
    file: ctx.file, row: 0, column: `${columnLetter(start)}–${columnLetter(last)}`, value: head, severity: 'warning',
    problem: `a separate table beside the label table (after a blank column, from row ${firstRow + 1}) is not read`,
  };
}

/** Names for extra columns that never collide with the canonical ones or each other (notes, notes_2). */
function extraNamer(): { taken: Set<string>; claim(name: string): string } {
  const taken = new Set<string>([...SHEET_FIELDS, 'emotion_raw', 'aus_raw']);
  return {
    taken,
    claim(name: string): string {
      let n = name || 'column';
      for (let k = 2; taken.has(n); k++) n = `${name}_${k}`;
      taken.add(n);
      return n;
    },
  };
}

/** Builds a header-based LabelFormat from its column spec. */
export function columnFormat(spec: ColumnSpec): LabelFormat {
  const fieldNames = Object.keys(spec.fields) as SheetField[];
  const known = new Set<string>([
    ...fieldNames.flatMap((f) => aliasesOf(spec, f) ?? []),
    ...Object.keys(spec.extraNames ?? {}),
    ...(spec.objective ? OBJECTIVE_HEADERS : []),
    ...(spec.expressionType ? EXPRESSION_HEADERS : []),
    ...(spec.cues ?? []),
  ]);
  /** Column of each field in a normalized header (first alias found wins; a column serves one field). */
  const locate = (norm: readonly string[]): Partial<Record<SheetField, number>> => {
    const used = new Set<number>();
    const out: Partial<Record<SheetField, number>> = {};
    for (const f of fieldNames) {
      for (const a of aliasesOf(spec, f) ?? []) {
        const i = norm.indexOf(a);
        if (i >= 0 && !used.has(i)) {
          out[f] = i;
          used.add(i);
          break;
        }
      }
    }
    return out;
  };
  return {
    name: spec.name,
    description: spec.description,
    dataset: spec.dataset,
    headers: spec.headers,
    quirks: spec.quirks,
    matchHeader(norm) {
      const cols = locate(norm);
      if (!spec.required.every((f) => cols[f] !== undefined)) return null;
      if (spec.absent && spec.absent.some((h) => norm.includes(h))) return null;
      const hasObjective = spec.objective === true && findColumn(norm, OBJECTIVE_HEADERS) >= 0;
      if (spec.labelRequired && cols.emotion === undefined && !hasObjective) return null;
      const named = norm.filter((h) => h !== '');
      const fit = named.filter((h) => known.has(h)).length / Math.max(1, named.length);
      const cues = (spec.cues ?? []).filter((h) => norm.includes(h));
      return { fit, cues, hasEmotion: cols.emotion !== undefined };
    },
    matchContent(rows, headerIndex) {
      const norm = rows[headerIndex].map(normalizeHeader);
      const cols = locate(norm);
      const col = (f: SheetField): number => cols[f] ?? -1;
      if (spec.matchContent) return spec.matchContent(rows, headerIndex, col);
      return spec.dataset ? idFit(rows, headerIndex, col('subject'), col('clip'), spec.dataset) : { fit: 0, dataset: null, evidence: '' };
    },
    parseCsvText(pieces, headerRow, headerIndex, ctx) {
      // only the plain layouts: no per-record finish, class ids, objective or expression columns, blank headers
      if (spec.finish || spec.classIds || ctx.label === 'objective' || ctx.kind !== 'csv') return null;
      const header = headerRow.map((h) => h.trim());
      let width = header.length;
      while (width > 0 && header[width - 1] === '') width--;
      header.length = width;
      if (header.some((h) => h === '')) return null;
      const norm = header.map(normalizeHeader);
      if ((spec.objective && findColumn(norm, OBJECTIVE_HEADERS) >= 0) || (spec.expressionType && findColumn(norm, EXPRESSION_HEADERS) >= 0)) return null;
      const cols = locate(norm);
      if (cols.emotion === undefined) return null;
      const { claim } = extraNamer();
      const used = new Set<number>(Object.values(cols));
      const extraCols: [string, number][] = [];
      for (let i = 0; i < width; i++) {
        if (!used.has(i) && !spec.recomputed?.includes(norm[i])) extraCols.push([claim(spec.extraNames?.[norm[i]] ?? snakeCase(header[i])), i]);
      }
      const kinds: (CellKind | undefined)[] = new Array(width);
      for (const [f, i] of Object.entries(cols) as [SheetField, number][]) {
        kinds[i] = f === 'onset' || f === 'apex' || f === 'offset' ? 'frame' : f === 'clip' ? 'text' : 'category';
      }
      for (const [, i] of extraCols) kinds[i] = 'category';
      const scan = scanCsvColumns(pieces(), headerIndex + 2, width, kinds, ctx.file);
      const columns: Partial<Record<SheetField, string>> = {};
      const cells: Partial<Record<SheetField, readonly string[]>> = {};
      const coded: Partial<Record<SheetField, CodedColumn>> = {};
      const frames: NonNullable<NonNullable<ParsedSheet['data']>['frames']> = {};
      for (const [f, i] of Object.entries(cols) as [SheetField, number][]) {
        columns[f] = header[i];
        if (f === 'onset' || f === 'apex' || f === 'offset') frames[f] = { values: scan.frames[i] ?? [], text: scan.frameText[i] ?? [] };
        else {
          cells[f] = scan.text[i];
          const k = scan.coded[i];
          if (k) coded[f] = k;
        }
      }
      const extras: Record<string, readonly string[]> = {};
      for (const [name, i] of extraCols) extras[name] = scan.text[i] ?? [];
      // typos and uncertain labels that were read are listed, as the general path does (each distinct label read once)
      const issues: Issue[] = [];
      const emo = coded.emotion;
      if (emo) {
        const notes = emo.values.map((raw) => {
          if (!raw) return null;
          const reading = readEmotion(raw);
          return reading.emotion ? reading.note ?? null : null;
        });
        if (notes.some((x) => x)) {
          for (let r = 0; r < scan.n; r++) {
            const note = notes[emo.codes[r]];
            if (note) issues.push({ file: ctx.file, row: scan.rows[r], column: header[cols.emotion], value: emo.values[emo.codes[r]], severity: 'warning', problem: note });
          }
        }
      }
      return {
        format: spec.name, dataset: spec.dataset, records: [], columns, issues,
        extras: extraCols.map(([n]) => n),
        data: { n: scan.n, rows: scan.rows, cells, coded, frames, emotion: null, extras, dense: true },
      };
    },
    parse(rows, headerIndex, ctx) {
      const header = rows[headerIndex].map((h) => h.trim());
      // a CSV header may end in empty cells ("a,b,c,"): its width is up to the last named column;
      // a workbook's cells right of the header are still scanned (values there become column_x extras)
      let width = header.length;
      while (width > 0 && header[width - 1] === '') width--;
      const issues: Issue[] = [];
      let scanWidth = width;
      if (ctx.kind === 'workbook') {
        for (let r = headerIndex; r < rows.length; r++) scanWidth = Math.max(scanWidth, rows[r].length);
      }
      // values after a blank column are kept (as column_x extras), but rows holding nothing else are not label rows
      const side = ctx.kind === 'workbook' ? sideTableStart(rows, headerIndex, width - 1) : -1;
      while (header.length < scanWidth) header.push('');
      const norm = header.map(normalizeHeader);
      const cols = locate(norm);
      const used = new Set<number>(Object.values(cols));
      const fieldCols = (Object.entries(cols) as [SheetField, number][]);
      const columns: Partial<Record<SheetField, string>> = {};
      for (const [f, i] of fieldCols) columns[f] = header[i];
      const objCol = spec.objective ? findColumn(norm, OBJECTIVE_HEADERS) : -1;
      if (objCol >= 0) used.add(objCol);
      const exprCol = spec.expressionType ? findColumn(norm, EXPRESSION_HEADERS) : -1;
      if (exprCol >= 0) used.add(exprCol);
      if (ctx.label === 'objective' && objCol < 0) {
        fail(ctx.file, headerIndex + 1, '', '', `--label objective: this ${spec.name} sheet has no objective-class column`);
      }
      // every other column with a header, or with any value under a blank header, is an extra
      const extraCols: [string, number][] = [];
      const { taken, claim } = extraNamer();
      if (objCol >= 0) extraCols.push([claim('objective_class'), objCol]);
      if (exprCol >= 0) extraCols.push([claim('expression_type'), exprCol]);
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
      // the label: the emotion column; objective classes when asked, or when they are the sheet's only class column
      const emotionCol = cols.emotion ?? -1;
      const objectiveIsLabel = objCol >= 0 && (ctx.label === 'objective' || emotionCol < 0);
      let labelNote: string | undefined;
      if (objectiveIsLabel) {
        columns.emotion = header[objCol];
        labelNote = emotionCol < 0
          ? `label = objective classes (${header[objCol]}): the sheet has no emotion column`
          : `label = objective classes (${header[objCol]}), as asked (--label objective)`;
        if (emotionCol >= 0) {
          const k = fieldCols.findIndex(([f]) => f === 'emotion');
          fieldCols.splice(k, 1);
          extraCols.push([claim(snakeCase(header[emotionCol])), emotionCol]);
        }
      } else if (emotionCol < 0) {
        const seen = header.filter((h) => h !== '').join(', ');
        issues.push({ file: ctx.file, row: headerIndex + 1, column: '', value: '', severity: 'warning',
          problem: `no emotion column was read (columns: ${seen}); emotions are empty` });
      }
      const classIds = spec.classIds ? classIdTable(spec.classIds) : null;
      const auCol = cols.aus ?? -1;
      const dates = ctx.dateCells;
      const frameCols = (['onset', 'apex', 'offset'] as const).map((f) => [f, cols[f] ?? -1] as const).filter(([, i]) => i >= 0);
      const records: SheetRecord[] = [];
      const sideOnly: number[] = [];
      for (let r = headerIndex + 1; r < rows.length; r++) {
        const row = rows[r];
        if ((r & HEAP_MASK) === 0) checkHeap(ctx.file || '<input>', `${records.length.toLocaleString('en')} label rows read`);
        if (isBlankRow(row)) continue;
        if (side >= 0 && isBlankRow(row.slice(0, side))) {
          sideOnly.push(r + 1);
          continue;
        }
        checkRectangular(row, width, r + 1, ctx);
        const cells: Partial<Record<SheetField, string>> = {};
        for (const [f, i] of fieldCols) cells[f] = (row[i] ?? '').trim();
        const extras: Record<string, string> = {};
        for (const [name, i] of extraCols) extras[name] = (row[i] ?? '').trim();
        const rec: SheetRecord = { row: r + 1, cells, extras };
        if (dates && dates.size > 0) {
          if (auCol >= 0 && dates.has(`${r},${auCol}`)) {
            issues.push({ file: ctx.file, row: r + 1, column: header[auCol], value: cells.aus ?? '', severity: 'error',
              problem: `AU cell stored by the spreadsheet as a date (${dates.get(`${r},${auCol}`)}): its codes cannot be told; not read (re-type the cell as text)` });
            cells.aus = '';
          }
          for (const [f, i] of frameCols) {
            if (dates.has(`${r},${i}`)) {
              issues.push({ file: ctx.file, row: r + 1, column: header[i], value: cells[f] ?? '', severity: 'error',
                problem: `frame cell stored by the spreadsheet as a date (${dates.get(`${r},${i}`)}): not a frame number` });
              cells[f] = '?';
            }
          }
        }
        if (objCol >= 0) {
          const raw = (row[objCol] ?? '').trim();
          const key = raw === '' ? null : objectiveClassKey(raw);
          extras.objective_class = key ?? raw;
          if (raw !== '' && key === null) {
            issues.push({ file: ctx.file, row: r + 1, column: header[objCol], value: raw, severity: 'error',
              problem: 'unknown objective class (Davison et al.: 1–7 or I–VII)' });
          }
          if (objectiveIsLabel) {
            cells.emotion = raw;
            rec.emotion = key as Emotion | null;
          }
        } else if (emotionCol >= 0) {
          const raw = cells.emotion ?? '';
          if (classIds && /^\s*\d+(\.0+)?\s*$/.test(raw)) {
            rec.emotion = classIdEmotion(classIds, raw);
          } else if (raw !== '') {
            const reading = readEmotion(raw);
            // a caveat on a label that was read (typo, "?") is listed here; one that was not read, by validate
            if (reading.note && reading.emotion) {
              issues.push({ file: ctx.file, row: r + 1, column: header[emotionCol], value: raw, severity: 'warning', problem: reading.note });
            }
          }
        }
        if (exprCol >= 0) rec.expression = expressionKind(row[exprCol] ?? '');
        spec.finish?.(rec, ctx, issues);
        records.push(rec);
      }
      if (sideOnly.length > 0) {
        issues.push({ ...sideTableIssue(rows, headerIndex, side, ctx),
          problem: `rows ${sideOnly.join(', ')} hold values only after a blank column (a table beside the label table): not label rows; the values beside label rows are kept as column extras` });
      }
      const extras = [...extraCols.map(([n]) => n), ...(spec.derivedExtras ?? []).filter((n) => !taken.has(n))];
      return {
        format: spec.name, dataset: spec.dataset, records, columns, extras, issues, labelNote,
        expressionColumn: exprCol >= 0 ? header[exprCol] : undefined,
      };
    },
  };
}
