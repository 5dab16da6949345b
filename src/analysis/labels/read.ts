/**
 * Reading label sheets: `readLabels(file)` detects the format from the header (or, for header-less
 * formats, from the first row), maps it to the canonical model and validates it. `--format NAME`
 * (opts.format) overrides detection. Specs of every format: docs/formats.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MelabError } from './issues';
import type { LabelTable } from './model';
import { isBlankRow, readSheets } from './sheet';
import { sheetToLabels } from './convert';
import { normalizeHeader, type LabelFormat, type ReadContext } from './formats/format';
import { dfmeFormat } from './formats/dfme';
import { casme2Format } from './formats/casme2';
import { sammFormat } from './formats/samm';
import { mmewFormat } from './formats/mmew';
import { casme3Format } from './formats/casme3';
import { smicFormat } from './formats/smic';
import { casme2CasFormat } from './formats/casme2-cas';
import { megc2019Format } from './formats/megc2019';
import { canonicalFormat } from './formats/canonical';

/** Every reader, in detection order (ties in header score go to the earlier one). */
const FORMATS: readonly LabelFormat[] = [
  dfmeFormat, casme2Format, sammFormat, mmewFormat, casme3Format, smicFormat, casme2CasFormat, megc2019Format, canonicalFormat,
];

/** Names and one-line descriptions of the label formats (for --format and docs). */
export const LABEL_FORMATS: readonly { name: string; description: string; headers: readonly string[]; quirks: readonly string[] }[] =
  FORMATS.map(({ name, description, headers, quirks }) => ({ name, description, headers, quirks }));

/** Rows searched for a header (SAMM's preamble is about 13 rows). */
const HEADER_SEARCH_ROWS = 40;

function formatByName(name: string, file: string): LabelFormat {
  const f = FORMATS.find((x) => x.name === name.trim().toLowerCase());
  if (!f) throw new MelabError(`${file || '<input>'}: unknown format "${name}" (formats: ${FORMATS.map((x) => x.name).join(', ')})`, file);
  return f;
}

function bestHeaderFormat(row: readonly string[], among: readonly LabelFormat[]): LabelFormat | null {
  const norm = row.map((h) => normalizeHeader(h));
  let best: LabelFormat | null = null;
  let bestScore = 0;
  for (const f of among) {
    const s = f.matchHeader?.(norm) ?? 0;
    if (s > bestScore) {
      best = f;
      bestScore = s;
    }
  }
  return best;
}

/**
 * The format a header row belongs to (or, for header-less formats, a first data row), or null.
 * @example detectFormat(['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion']) // 'casme2'
 */
export function detectFormat(header: readonly string[]): string | null {
  const byHeader = bestHeaderFormat(header, FORMATS);
  if (byHeader) return byHeader.name;
  const byRow = FORMATS.find((f) => f.matchRow?.(header));
  return byRow ? byRow.name : null;
}

interface Located {
  format: LabelFormat;
  headerIndex: number;
}

function firstContentRow(rows: readonly string[][]): number {
  return rows.findIndex((r) => !isBlankRow(r));
}

/** Finds the format and header row of a sheet; null when nothing is recognised. */
function locate(rows: readonly string[][], forced: LabelFormat | null): Located | null {
  const first = firstContentRow(rows);
  if (first < 0) return null;
  const among = forced ? [forced] : FORMATS;
  for (let r = first; r < Math.min(rows.length, first + HEADER_SEARCH_ROWS); r++) {
    if (isBlankRow(rows[r])) continue;
    const f = bestHeaderFormat(rows[r], among);
    if (f) return { format: f, headerIndex: r };
  }
  if (forced) return forced.matchHeader && !forced.matchRow ? null : { format: forced, headerIndex: first - 1 };
  const byRow = FORMATS.find((f) => f.matchRow?.(rows[first]));
  return byRow ? { format: byRow, headerIndex: first - 1 } : null;
}

function seenHeader(rows: readonly string[][]): string {
  const first = firstContentRow(rows);
  const cells = rows[first].map((c) => c.trim()).filter((c) => c !== '');
  const shown = cells.slice(0, 12).join(', ');
  return cells.length > 12 ? `${shown}, …` : shown;
}

export interface ParseOptions {
  file?: string;
  /** Format name (LABEL_FORMATS); detected from the header when absent. */
  format?: string;
  /** Which column becomes `emotion` where a sheet has two: the sheet's emotion (default) or its objective class. */
  label?: 'emotion' | 'objective';
  /** Dataset id for every row (canonical sheets; a database read through another database's format). */
  dataset?: string;
  /** Rows of a CSV must be rectangular; a workbook's need not. Default 'csv'. */
  kind?: 'csv' | 'workbook';
  /** Sheet name (SMIC's part may be in it). */
  sheet?: string;
}

/**
 * Reads rows of strings (rows[i] = spreadsheet row i + 1) as a label table. Throws a one-line
 * MelabError for an empty sheet, an unrecognised header (naming the header it saw) or a ragged CSV.
 */
export function parseLabelSheet(rows: string[][], opts: ParseOptions = {}): LabelTable {
  const file = opts.file ?? '';
  const where = file || '<input>';
  const forced = opts.format ? formatByName(opts.format, file) : null;
  if (firstContentRow(rows) < 0) throw new MelabError(`${where}: the file is empty (no label rows)`, file);
  const found = locate(rows, forced);
  if (!found) {
    const names = FORMATS.map((f) => f.name).join(', ');
    const what = forced ? `no ${forced.name} header (expected ${forced.headers.join(', ')})` : 'no recognisable label header';
    throw new MelabError(`${where}: ${what}; first row: ${seenHeader(rows)} (formats: ${names}; choose one with --format)`, file);
  }
  const ctx: ReadContext = {
    file, label: opts.label ?? 'emotion', dataset: opts.dataset, kind: opts.kind ?? 'csv', sheet: opts.sheet ?? path.basename(file),
  };
  const parsed = found.format.parse(rows, found.headerIndex, ctx);
  return sheetToLabels(parsed, file, opts.dataset);
}

/**
 * Reads a label sheet (csv, xlsx or xls) into the canonical LabelTable with its issues.
 * Workbooks: the first sheet whose header a reader recognises (the first sheet when forced).
 * @example const labels = readLabels('SAMM_Micro_FACS_Codes_v2.xlsx', { label: 'objective' });
 */
export function readLabels(file: string, opts: Omit<ParseOptions, 'file' | 'kind' | 'sheet'> = {}): LabelTable {
  const { kind, sheets } = readSheets(file);
  const nonEmpty = sheets.filter((s) => firstContentRow(s.rows) >= 0);
  if (nonEmpty.length === 0) throw new MelabError(`${file}: the file is empty (no label rows)`, file);
  const forced = opts.format ? formatByName(opts.format, file) : null;
  const pick = nonEmpty.find((s) => locate(s.rows, forced) !== null) ?? nonEmpty[0];
  return parseLabelSheet(pick.rows, { ...opts, file, kind, sheet: pick.name });
}

/** The package root (the folder of melab's package.json), from src/ or dist/ alike. */
function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'melab') return dir;
      } catch {
        // not ours: keep looking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(__dirname, '..', '..', '..');
    dir = up;
  }
}

/** The embedded default: a synthetic DFME-like label set (DFME's real labels are licensed), dfme format + Part, Gender. */
export const DEFAULT_LABELS_FILE: string = path.join(packageRoot(), 'data', 'dfme-synthetic-labels.csv');

/** Reads the embedded synthetic DFME-like default labels (`melab synth` regenerates the file). */
export function loadDefaultLabels(): LabelTable {
  if (!fs.existsSync(DEFAULT_LABELS_FILE)) {
    throw new MelabError(`${DEFAULT_LABELS_FILE}: the default label set is missing; regenerate it with "melab synth"`, DEFAULT_LABELS_FILE);
  }
  return readLabels(DEFAULT_LABELS_FILE, { format: 'dfme' });
}
