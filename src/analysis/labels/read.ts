/**
 * Reading label sheets: `readLabels(file)` finds the label table (the sheet of a workbook, its header
 * row, or a header-less layout), tells which database it holds from the header AND the content (the
 * subject and clip ids), maps it to the canonical model and validates it. Each candidate reading gets
 * a confidence; when two readings of different databases are close, it asks for --format/--dataset
 * in one line instead of guessing. Specs of every format: docs/formats.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MelabError } from './issues';
import type { Issue } from './issues';
import type { LabelTable, Detection, Exclusion } from './model';
import { isBlankRow, readLabelFile, type CsvSource, type RawSheet } from './sheet';
import { NotScannable } from './csv-columns';
import { sheetToLabels } from './convert';
import { normalizeHeader, type ContentFit, type ExpressionKind, type HeaderFit, type LabelFormat, type ParsedSheet, type ReadContext } from './formats/format';
import { dfmeFormat } from './formats/dfme';
import { casme2Format } from './formats/casme2';
import { sammFormat } from './formats/samm';
import { mmewFormat } from './formats/mmew';
import { casme3Format, casme3ListFormat, casme3PartCFormat } from './formats/casme3';
import { smicFormat } from './formats/smic';
import { meviewFormat } from './formats/meview';
import { casme2CasFormat } from './formats/casme2-cas';
import { megc2019Format } from './formats/megc2019';
import { benchmarkFormat } from './formats/benchmark';
import { canonicalFormat } from './formats/canonical';
import { databaseId } from './databases';
import { packageRoot } from '../util/package-root';
import { heapRoom } from '../util/heap-guard';

/** Every reader, in tie-break order. */
const FORMATS: readonly LabelFormat[] = [
  casme2Format, dfmeFormat, sammFormat, mmewFormat, casme3Format, casme3PartCFormat, smicFormat, meviewFormat,
  casme2CasFormat, casme3ListFormat, megc2019Format, benchmarkFormat, canonicalFormat,
];

/** Names and one-line descriptions of the label formats (for --format and docs). */
export const LABEL_FORMATS: readonly { name: string; description: string; headers: readonly string[]; quirks: readonly string[] }[] =
  FORMATS.map(({ name, description, headers, quirks }) => ({ name, description, headers, quirks }));

/** Rows searched for a header (SAMM's preamble is about 13 rows). */
const HEADER_SEARCH_ROWS = 40;
/** Two readings of different databases closer than this in confidence are a question, not a guess. */
const AMBIGUITY_MARGIN = 0.1;
/** Below this a reading is not a reading: the header fits but nothing else says which database it is. */
const MIN_CONFIDENCE = 0.45;

function formatByName(name: string, file: string): LabelFormat {
  const f = FORMATS.find((x) => x.name === name.trim().toLowerCase());
  if (!f) throw new MelabError(`${file || '<input>'}: unknown format "${name}" (formats: ${FORMATS.map((x) => x.name).join(', ')})`, file);
  return f;
}

/** One way of reading a sheet: a format, where its header is, and how well header and ids fit. */
interface Candidate {
  sheet: RawSheet;
  format: LabelFormat;
  headerIndex: number;
  header: HeaderFit;
  content: ContentFit;
  dataset: string | null;
  confidence: number;
}

/** Confidence of a reading in [0, 1]: header fit 0.3, a layout's own column 0.2, ids like the database's 0.5. */
function confidenceOf(header: HeaderFit, content: ContentFit): number {
  return Math.round((0.3 * header.fit + (header.cues.length > 0 ? 0.2 : 0) + 0.5 * content.fit) * 1000) / 1000;
}

function firstContentRow(rows: readonly string[][]): number {
  return rows.findIndex((r) => !isBlankRow(r));
}

/** Every reading of one sheet by the given formats (each format at its first matching header row). */
function candidatesOf(sheet: RawSheet, among: readonly LabelFormat[]): Candidate[] {
  const rows = sheet.rows;
  const first = firstContentRow(rows);
  if (first < 0) return [];
  const out: Candidate[] = [];
  const add = (format: LabelFormat, headerIndex: number, header: HeaderFit): void => {
    const content = format.matchContent(rows, headerIndex);
    out.push({ sheet, format, headerIndex, header, content, dataset: format.dataset ?? content.dataset, confidence: confidenceOf(header, content) });
  };
  const found = new Set<LabelFormat>();
  for (let r = first; r < Math.min(rows.length, first + HEADER_SEARCH_ROWS); r++) {
    if (isBlankRow(rows[r])) continue;
    const norm = rows[r].map((h) => normalizeHeader(h));
    for (const f of among) {
      if (found.has(f) || !f.matchHeader) continue;
      const h = f.matchHeader(norm);
      if (h) {
        found.add(f);
        add(f, r, h);
      }
    }
  }
  for (const f of among) {
    const h = f.matchRow?.(rows[first]);
    if (h && !found.has(f)) add(f, first - 1, h);
  }
  return out;
}

/** Ranking: a credible reading with an emotion column over one with objective classes only, then confidence. */
const rank = (c: Candidate): number => c.confidence + (c.header.hasEmotion && c.confidence >= MIN_CONFIDENCE ? 0.5 : 0);

const pct = (x: number): string => `${Math.round(100 * x)}%`;

function describe(c: Candidate): string {
  const cues = c.header.cues.length > 0 ? `, its own columns ${c.header.cues.join('/')}` : '';
  return `${c.format.name}${c.dataset && c.dataset !== c.format.name ? ` (${c.dataset})` : ''} ${c.confidence.toFixed(2)}: header ${pct(c.header.fit)} known${cues}; ${c.content.evidence}`;
}

function seenHeader(rows: readonly string[][]): string {
  const first = firstContentRow(rows);
  const cells = rows[first].map((c) => c.trim()).filter((c) => c !== '');
  const shown = cells.slice(0, 12).join(', ');
  return cells.length > 12 ? `${shown}, …` : shown;
}

/**
 * The format a header row belongs to (or, for header-less formats, a first data row), or null:
 * from the header alone look-alike layouts go to the first in tie-break order; with data rows the ids decide, as in readLabels.
 * @example detectFormat(['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion']) // 'casme2'
 */
export function detectFormat(header: readonly string[], dataRows?: readonly (readonly string[])[]): string | null {
  if (dataRows && dataRows.length > 0) {
    try {
      return choose([{ name: 'sheet', rows: [[...header], ...dataRows.map((r) => [...r])] }], '', {}).best.format.name;
    } catch {
      return null;
    }
  }
  const norm = header.map((h) => normalizeHeader(h));
  let best: LabelFormat | null = null;
  let bestScore = 0;
  for (const f of FORMATS) {
    const h = f.matchHeader?.(norm);
    const score = h ? 0.3 * h.fit + (h.cues.length > 0 ? 0.2 : 0) : 0;
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  if (best) return best.name;
  return FORMATS.find((f) => f.matchRow?.(header))?.name ?? null;
}

export interface ParseOptions {
  file?: string;
  /** Format name (LABEL_FORMATS); detected when absent. */
  format?: string;
  /** Which column becomes `emotion` where a sheet has two: the sheet's emotion (default) or its objective class. */
  label?: 'emotion' | 'objective';
  /** Dataset id: restricts detection to readers of that database and sets every row's dataset. */
  dataset?: string;
  /** Rows of a CSV must be rectangular; a workbook's need not. Default 'csv'. */
  kind?: 'csv' | 'workbook';
  /** Sheet name (SMIC's part may be in it). */
  sheet?: string;
  /** Rows of a sheet that says macro or micro: 'micro' (default, as every ME study), 'macro' or 'all'. */
  expressions?: 'micro' | 'macro' | 'all';
  /** Text encoding of a CSV (default UTF-8, checked). */
  encoding?: string;
}

interface Choice {
  best: Candidate;
  others: Candidate[];
}

/** Picks the reading of a set of sheets, or throws the one-line question/refusal. */
function choose(sheets: readonly RawSheet[], file: string, opts: ParseOptions): Choice {
  const where = file || '<input>';
  const forced = opts.format ? formatByName(opts.format, file) : null;
  const forcedDataset = opts.dataset ? databaseId(opts.dataset) ?? opts.dataset.trim().toLowerCase() : null;
  const among = forced ? [forced] : FORMATS;
  let all = sheets.flatMap((s) => candidatesOf(s, among));
  if (forcedDataset && !forced) {
    const same = all.filter((c) => c.format.dataset === forcedDataset || c.format.dataset === null);
    if (same.length > 0) all = same;
  }
  if (all.length === 0) {
    if (forced && !forced.matchHeader && forced.matchRow === undefined) throw new MelabError(`${where}: no ${forced.name} layout found`, file);
    const nonEmpty = sheets.find((s) => firstContentRow(s.rows) >= 0);
    if (!nonEmpty) throw new MelabError(`${where}: the file is empty (no label rows)`, file);
    if (forced) {
      throw new MelabError(`${where}: no ${forced.name} header (expected ${forced.headers.join(', ')}); first row: ${seenHeader(nonEmpty.rows)}`, file);
    }
    const names = FORMATS.map((f) => f.name).join(', ');
    throw new MelabError(`${where}: no recognisable label header; first row: ${seenHeader(nonEmpty.rows)} (formats: ${names}; choose one with --format)`, file);
  }
  all.sort((a, b) => rank(b) - rank(a) || sheets.indexOf(a.sheet) - sheets.indexOf(b.sheet));
  const best = all[0];
  if (!forced) {
    const rival = all.find((c) => c.sheet === best.sheet && c.dataset !== null && best.dataset !== null
      && c.dataset !== best.dataset && c.confidence >= best.confidence - AMBIGUITY_MARGIN);
    if (rival && !forcedDataset) {
      throw new MelabError(`${where}: sheet "${best.sheet.name}" reads as ${best.dataset} (${best.confidence.toFixed(2)}) or ${rival.dataset} (${rival.confidence.toFixed(2)}): ${best.content.evidence}; choose with --format ${best.format.name}|${rival.format.name} or --dataset ${best.dataset}|${rival.dataset}`, file);
    }
    if (best.confidence < MIN_CONFIDENCE && !forcedDataset) {
      throw new MelabError(`${where}: sheet "${best.sheet.name}" looks like a ${best.format.name} layout but its ids match no database (${best.content.evidence}); choose with --format NAME and --dataset ID`, file);
    }
  }
  return { best, others: all.slice(1) };
}

/** Subsets the rows of a sheet that says macro or micro; the rows left out become one Exclusion. */
function subsetExpressions(parsed: ParsedSheet, want: 'micro' | 'macro' | 'all'): { parsed: ParsedSheet; excluded: Exclusion[] } {
  if (!parsed.expressionColumn || want === 'all') return { parsed, excluded: [] };
  const keep = parsed.records.filter((r) => r.expression !== (want === 'micro' ? 'macro' : 'micro'));
  const dropped = parsed.records.filter((r) => !keep.includes(r));
  if (dropped.length === 0) return { parsed, excluded: [] };
  const other: ExpressionKind = want === 'micro' ? 'macro' : 'micro';
  const droppedRows = new Set(dropped.map((r) => r.row));
  const unknown = keep.filter((r) => r.expression === null);
  const issues: Issue[] = parsed.issues.filter((i) => !droppedRows.has(i.row));
  if (unknown.length > 0) {
    issues.push({ file: '', row: 0, column: parsed.expressionColumn, value: '', severity: 'warning',
      problem: `${unknown.length} rows say neither micro nor macro (first row ${unknown[0].row}); kept` });
  }
  return {
    parsed: { ...parsed, records: keep, issues },
    excluded: [{
      reason: `${other}-expression (${parsed.expressionColumn}); --expressions all or ${other} keeps them`,
      rows: dropped.length,
      first_rows: dropped.slice(0, 10).map((r) => r.row),
    }],
  };
}

/** The dataset ids of a table's rows, in order of appearance (one pass, no copy of the column). */
function distinctDatasets(labels: LabelTable): string[] {
  const out = new Set<string>();
  let last: string | undefined;
  const col = labels.table.column('dataset') as unknown as { length: number; at(i: number): string } | readonly string[];
  const n = labels.table.numRows();
  const get = Array.isArray(col) ? (i: number) => (col as readonly string[])[i] : (i: number) => (col as { at(i: number): string }).at(i);
  for (let i = 0; i < n; i++) {
    const d = get(i);
    if (d !== last) out.add((last = d));
  }
  return [...out];
}

function labelsOf(choice: Choice, file: string, kind: 'csv' | 'workbook', sheetCount: number, opts: ParseOptions,
  csv?: CsvSource): LabelTable {
  const { best, others } = choice;
  const dateCells = new Map((best.sheet.dateCells ?? []).map((d) => [`${d.row},${d.column}`, d.iso] as const));
  const ctx: ReadContext = {
    file, label: opts.label ?? 'emotion', dataset: opts.dataset, kind, sheet: opts.sheet ?? best.sheet.name, dateCells,
  };
  // a quote-free CSV is scanned column by column, piece by piece, where the layout allows; else the whole sheet is parsed
  let fast: ParsedSheet | null = null;
  if (csv && best.headerIndex >= 0 && best.format.parseCsvText) {
    try {
      fast = best.format.parseCsvText(() => csv.piecesFrom(best.headerIndex + 1), best.sheet.rows[best.headerIndex], best.headerIndex, ctx);
    } catch (err) {
      if (!(err instanceof NotScannable)) throw err;
    }
  }
  const rows = !fast && csv?.head ? csv.allRows() : best.sheet.rows;
  const raw = fast ?? best.format.parse(rows, best.headerIndex, ctx);
  for (const i of raw.issues) if (i.file === '') i.file = file;
  const { parsed, excluded } = subsetExpressions(raw, opts.expressions ?? 'micro');
  for (const i of parsed.issues) if (i.file === '') i.file = file;
  // the table's columns (about 160 bytes a row: 14 columns of pointers and numbers, the table, the checks' state)
  const rowCount = parsed.data?.n ?? parsed.records.length;
  heapRoom(file || '<input>', 160 * rowCount, `building the label table of ${rowCount.toLocaleString('en')} rows`);
  const table = sheetToLabels(parsed, file, opts.dataset);
  const otherSheets = [...new Set(others.filter((c) => c.sheet !== best.sheet).map((c) => c.sheet.name))];
  const rival = others.find((c) => c.sheet === best.sheet && c.dataset !== best.dataset);
  const why = [
    describe(best),
    raw.labelNote,
    rival ? `next: ${rival.dataset ?? rival.format.name} ${rival.confidence.toFixed(2)}` : undefined,
    sheetCount > 1 ? `sheet "${best.sheet.name}" of ${sheetCount}${otherSheets.length > 0 ? `; other label sheets: ${otherSheets.join(', ')} (--sheet NAME)` : ''}` : undefined,
  ].filter(Boolean).join('; ');
  const detected: Detection = {
    format: best.format.name,
    dataset: distinctDatasets(table).join('+') || (best.dataset ?? 'unknown'),
    confidence: best.confidence,
    sheet: best.sheet.name,
    why,
  };
  return { ...table, detected, excluded };
}

/**
 * Reads rows of strings (rows[i] = spreadsheet row i + 1) as a label table. Throws a one-line
 * MelabError for an empty sheet, an unrecognised or ambiguous layout, or a ragged CSV.
 */
export function parseLabelSheet(rows: string[][], opts: ParseOptions = {}): LabelTable {
  const file = opts.file ?? '';
  const sheet: RawSheet = { name: opts.sheet ?? (path.basename(file) || 'sheet'), rows };
  if (firstContentRow(rows) < 0) throw new MelabError(`${file || '<input>'}: the file is empty (no label rows)`, file);
  return labelsOf(choose([sheet], file, opts), file, opts.kind ?? 'csv', 1, opts);
}

/**
 * Reads a label sheet (csv, xlsx or xls) into the canonical LabelTable with its issues. Workbooks:
 * the sheet that holds the best label table (one with an emotion column over one with objective
 * classes only), reported in `detected`; `sheet` chooses one by name.
 * @example
 * const labels = melab.readLabels(melab.labels.DEFAULT_LABELS_FILE);  // any released sheet: .xlsx, .xls or .csv
 * console.assert(labels.format === 'dfme' && labels.detected !== undefined && labels.issues.length === 0);
 */
export function readLabels(file: string, opts: Omit<ParseOptions, 'file' | 'kind'> = {}): LabelTable {
  const { kind, sheets, csv } = readLabelFile(file, { encoding: opts.encoding });
  let pool = sheets.filter((s) => firstContentRow(s.rows) >= 0);
  if (pool.length === 0) throw new MelabError(`${file}: the file is empty (no label rows)`, file);
  if (opts.sheet !== undefined) {
    const named = sheets.find((s) => s.name === opts.sheet) ?? sheets.find((s) => s.name.toLowerCase() === opts.sheet?.toLowerCase());
    if (!named) throw new MelabError(`${file}: no sheet "${opts.sheet}" (sheets: ${sheets.map((s) => s.name).join(', ')})`, file);
    if (firstContentRow(named.rows) < 0) throw new MelabError(`${file}: sheet "${named.name}" is empty`, file);
    pool = [named];
  }
  return labelsOf(choose(pool, file, opts), file, kind, sheets.length, opts, csv);
}

/** The embedded default: a synthetic DFME-like label set (DFME's real labels are licensed), dfme format + Part, Gender. */
export const DEFAULT_LABELS_FILE: string = path.join(packageRoot(), 'data', 'dfme-synthetic-labels.csv');

/**
 * Reads the embedded synthetic DFME-like default labels (`melab synth` regenerates the file).
 * @example
 * const labels = melab.loadDefaultLabels();
 * labels.table.numRows() // 7526
 */
export function loadDefaultLabels(): LabelTable {
  if (!fs.existsSync(DEFAULT_LABELS_FILE)) {
    throw new MelabError(`${DEFAULT_LABELS_FILE}: the default label set is missing; regenerate it with "melab synth"`, DEFAULT_LABELS_FILE);
  }
  return readLabels(DEFAULT_LABELS_FILE, { format: 'dfme' });
}
