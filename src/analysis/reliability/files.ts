import { isWorkbookFile, readSheets } from '../labels/sheet';
import { fail } from '../labels/issues';
import { streamCsv } from '../util/csv-stream';
import { checkHeap, heapRoom, HEAP_CHECK_ROWS } from '../util/heap-guard';
import { detectFormat } from '../labels/read';
import { isMissing } from './ratings';

/**
 * Reading the reliability inputs from CSV or xlsx files, for the CLI and notebooks. Every error names
 * the file, row (as a spreadsheet numbers it, header = row 1 when it is the first line) and column.
 *
 * Which columns are raters: every column except
 *  - the columns named with `id` (the CLI's `--id A,B`), and
 *  - by default, a column whose header is an item name or a voting outcome: Filename, File, Sample,
 *    SampleId, Item, ItemId, Id, Subject, Clip, Video, SecondRound, Final, FinalLabel, Label, Emotion
 *    (case, spaces, "_" and "-" ignored). The first of them names the items.
 * So the synthetic votes file `Filename,A1..A7,SecondRound` reads as 7 raters with items named by Filename.
 */
export const NON_RATER_COLUMNS = [
  'filename', 'file', 'sample', 'sampleid', 'item', 'itemid', 'id', 'subject', 'clip', 'video',
  'secondround', 'final', 'finallabel', 'label', 'emotion',
] as const;

const norm = (h: string): string => h.trim().toLowerCase().replace(/[\s_-]+/g, '');

/** A table read from a file: header, data rows (blank rows left out and listed), their source rows. */
export interface GridFile {
  file: string;
  header: string[];
  /** 1-based source row of the header. */
  headerRow: number;
  rows: string[][];
  /** 1-based source row of each data row. */
  rowNumbers: number[];
  /** Blank rows skipped, by source row. */
  blankRows: number[];
}

/** How a CSV input is decoded: `encoding` as readSheets takes it (default UTF-8, checked; see util/text-file.ts). */
export interface ReadOptions {
  encoding?: string;
}

/** Distinct values a column shares as one string (ratings are a few labels; item names are not shared). */
const SHARED_VALUES = 4096;

/**
 * Collects a grid row by row, as readGrid checks it: the blank rows before the header skipped, the
 * header checked, data rows trimmed to the header's width (ragged rows refused), blank rows listed.
 * Fed by a CSV stream (only the trimmed cells kept, a column's repeated values as one string) or by
 * a workbook's rows.
 */
class GridBuilder {
  header: string[] | null = null;
  headerRow = 0;
  readonly rows: string[][] = [];
  readonly rowNumbers: number[] = [];
  readonly blankRows: number[] = [];
  private shared: (Map<string, string> | null)[] = [];

  constructor(private readonly file: string) {}

  /** Adds spreadsheet row `row` (1-based): `length` cells, cell j as written by `cell(j)`. */
  add(row: number, length: number, cell: (j: number) => string): void {
    const { file } = this;
    let blank = true;
    for (let j = 0; j < length && blank; j++) if (cell(j).trim() !== '') blank = false;
    if (this.header === null) {
      if (blank) return;
      let lead = '';
      for (let j = 0; j < length && lead === ''; j++) lead = cell(j).trim();
      if (/^[{[]/.test(lead)) fail(file, row, '', lead.slice(0, 20), 'this looks like a JSON file (a prediction manifest?), not a table (CSV or xlsx)');
      const header = Array.from({ length }, (_, j) => cell(j).trim());
      while (header.length > 1 && header[header.length - 1] === '') header.pop();
      header.forEach((name, c) => {
        if (name === '') fail(file, row, `column ${c + 1}`, '', 'empty column name in the header row');
        const first = header.findIndex((other) => norm(other) === norm(name));
        if (first < c) fail(file, row, name, name, `column name given twice (columns ${first + 1} and ${c + 1}): which one is meant is unclear`);
      });
      this.header = header;
      this.headerRow = row;
      this.shared = header.map(() => new Map<string, string>());
      return;
    }
    if (blank) {
      this.blankRows.push(row);
      return;
    }
    const header = this.header;
    const width = header.length;
    if (length < width) fail(file, row, header[length], '', `ragged row: ${length} cells, the header has ${width} columns`);
    for (let j = width; j < length; j++) {
      const v = cell(j);
      if (v.trim() !== '') fail(file, row, `column ${j + 1}`, v, `ragged row: more cells than the header's ${width} columns`);
    }
    const out = new Array<string>(width);
    for (let j = 0; j < width; j++) {
      const v = cell(j).trim();
      const m = this.shared[j];
      if (m === null) { out[j] = v; continue; }
      const known = m.get(v);
      if (known !== undefined) out[j] = known;
      else {
        out[j] = v;
        if (m.size < SHARED_VALUES) m.set(v, v);
        else this.shared[j] = null; // mostly distinct (item names): not worth a map
      }
    }
    this.rows.push(out);
    this.rowNumbers.push(row);
    if (this.rows.length % HEAP_CHECK_ROWS === 0) checkHeap(file, `${this.rows.length.toLocaleString('en')} rows read`);
  }

  finish(): GridFile {
    const { file } = this;
    if (this.header === null) return fail(file, 0, '', '', 'the file is empty (no header row)');
    const { rows, rowNumbers, blankRows } = this;
    // trailing blank rows are not worth listing
    while (blankRows.length && blankRows[blankRows.length - 1] > (rowNumbers[rowNumbers.length - 1] ?? 0)) blankRows.pop();
    if (rows.length === 0) fail(file, this.headerRow, '', '', 'no data rows below the header');
    return { file, header: this.header, headerRow: this.headerRow, rows, rowNumbers, blankRows };
  }
}

/**
 * Reads the first sheet of a CSV/xlsx as a rectangular grid; an empty file, no data row or a ragged row
 * is an error. A CSV is streamed (util/csv-stream.ts): memory follows the grid kept (trimmed cells, a
 * column's repeated labels as one string), not the file, and a grid too large for the heap is refused in
 * one line (util/heap-guard.ts). A workbook is read whole (labels/sheet.ts readSheets).
 */
export function readGrid(file: string, opts: ReadOptions = {}): GridFile {
  if (isWorkbookFile(file)) {
    const grid = new GridBuilder(file);
    const all = readSheets(file, { encoding: opts.encoding }).sheets[0]?.rows ?? [];
    all.forEach((r, i) => grid.add(i + 1, r.length, (j) => r[j]));
    return grid.finish();
  }
  let kept: GridBuilder | null = new GridBuilder(file);
  streamCsv(file, (rec) => {
    if (kept === null) return;
    try {
      kept.add(rec.row, rec.length, (j) => rec.text(j));
    } catch (err) {
      kept = null; // streamCsv reads on (a bad byte later in the file is reported first): the rows are let go now
      throw err;
    }
  }, { encoding: opts.encoding });
  return (kept as unknown as GridBuilder).finish(); // streamCsv threw if an add did
}

/**
 * Refuses in one line, before the checks and the statistic that follow the read (item names, the
 * duplicate check's map, per-item counts: about as much heap again as the grid itself, measured), a
 * grid that leaves no room for them: a V8 crash there would come after the read succeeded.
 */
function roomToCheck(grid: GridFile): void {
  const n = grid.rows.length;
  heapRoom(grid.file, n * (8 * grid.header.length + 96), `checking and scoring ${n.toLocaleString('en')} rows`);
}

/** Header names (normalized) that a label sheet has and a ratings or coder file does not. */
const LABEL_SHEET_ONLY = /onset|apex|offset|frame|^fps$|^aus?$|^actionunits?$|^duration$/;

/**
 * Refuses, in one line, a file of another kind given where `expected` is: a label sheet (any format
 * labels/read.ts detectFormat recognises in the header row, with frame or AU columns), a prediction export (columns y_true,
 * y_pred, sample_id, fold, au_true_*, au_score_*). (A JSON file is refused by readGrid.)
 */
export function refuseOtherKinds(grid: GridFile, expected: string): void {
  const { file } = grid;
  const names = new Set(grid.header.map(norm));
  const export_ = ['sample_id', 'y_true', 'y_pred', 'fold'].filter((c) => names.has(norm(c)));
  const auColumns = grid.header.filter((h) => /^au_(true|score|pred)_/i.test(h.trim()));
  if ((names.has('ytrue') && names.has('ypred')) || (names.has('sampleid') && (names.has('fold') || auColumns.length > 0))) {
    const shown = [...export_, ...auColumns.slice(0, 2)].join(', ');
    fail(file, grid.headerRow, '', '', `this looks like a prediction export (columns ${shown}), not ${expected}; score it with melab metrics`);
  }
  // Only the header row: data rows of a ratings file (numbers, labels) can look like a header-less sheet's
  // rows. And only with a column no ratings file has (frames, AUs, fps): "Subject, Filename, Emotion, R1,
  // R2" is a ratings file with a final label, even though its first columns are also a label sheet's.
  const format = detectFormat(grid.header);
  if (format !== null && grid.header.some((h) => LABEL_SHEET_ONLY.test(norm(h)))) {
    const shown = grid.header.slice(0, 6).join(', ') + (grid.header.length > 6 ? ', …' : '');
    fail(file, grid.headerRow, '', '', `this looks like a label sheet (${format} format: ${shown}), not ${expected}; check it with melab validate`);
  }
}

/** Columns that name the items, in order of preference (the first present names the items of a ratings file). */
const ITEM_NAME_COLUMNS = ['filename', 'file', 'sample', 'sampleid', 'item', 'itemid', 'id', 'clip', 'video', 'subject'];

/** Error listing every name given to more than one row of `column` ("s1" rows 3, 7; ...). */
function refuseDuplicates(file: string, names: readonly string[], rowNumbers: readonly number[], column: string, what: string): void {
  // the first row of each name; the rows of a name met again (few), listed in order of first appearance
  const firstOf = new Map<string, number>();
  const again = new Map<string, number[]>();
  names.forEach((name, i) => {
    const first = firstOf.get(name);
    if (first === undefined) firstOf.set(name, i);
    else {
      const rows = again.get(name);
      if (rows) rows.push(rowNumbers[i]);
      else again.set(name, [rowNumbers[first], rowNumbers[i]]);
    }
  });
  if (again.size === 0) return;
  const twice = [...again].sort((x, y) => (firstOf.get(x[0]) as number) - (firstOf.get(y[0]) as number));
  const [name, rows] = twice[0];
  const list = twice.slice(0, 5).map(([n, r]) => `"${n}" (rows ${r.join(', ')})`).join(', ') + (twice.length > 5 ? `, and ${twice.length - 5} more` : '');
  fail(file, rows[1], column, name, `${what} listed twice (also row ${rows[0]}); ${twice.length} duplicated ${what}${twice.length === 1 ? '' : 's'} in all: ${list}. Each ${what} must be one row`);
}

export interface RatingsFile {
  file: string;
  /** Items × rater columns (raw labels), or items × category columns (counts) with `counts`. */
  ratings: string[][];
  /** The rater (or category) columns. */
  columns: string[];
  /** Item names (from the id column) or source row numbers. */
  items: string[];
  rowNumbers: number[];
  /** Columns that are not raters, and why. */
  ignored: { column: string; reason: string }[];
  /** The cells of each ignored column, by lower-cased normalized name (e.g. "secondround"). */
  extra: Record<string, string[]>;
  blankRows: number[];
}

/**
 * Reads a ratings CSV: one row per item, one column per rater (or per category with counts).
 * @example
 * const votes = melab.reliability.readRatingsFile(`${melab.report.melabDataDir()}/${melab.synthetic.SYNTHETIC_FILES.votes}`);
 * votes.columns.length // 7
 * votes.ratings.length // 7526
 */
export function readRatingsFile(file: string, opts: { id?: string[] } & ReadOptions = {}): RatingsFile {
  const grid = readGrid(file, opts);
  refuseOtherKinds(grid, 'a ratings file (one row per item, one column per rater)');
  roomToCheck(grid);
  const named = new Set((opts.id ?? []).map(norm));
  for (const want of opts.id ?? []) {
    if (!grid.header.some((h) => norm(h) === norm(want))) fail(file, grid.headerRow, want, '', `--id names a column the header does not have (${grid.header.join(', ')})`);
  }
  const ignored: RatingsFile['ignored'] = [];
  const keep: number[] = [];
  grid.header.forEach((h, c) => {
    if (named.has(norm(h))) ignored.push({ column: h, reason: 'named by --id' });
    else if ((NON_RATER_COLUMNS as readonly string[]).includes(norm(h))) ignored.push({ column: h, reason: 'an item-name or voting-outcome column, not a rater' });
    else keep.push(c);
  });
  if (keep.length === 0) fail(file, grid.headerRow, '', '', 'no rater columns (every column is an id column)');
  // the item names: the first --id column, else the preferred item-name column present
  const byId = grid.header.findIndex((h) => named.has(norm(h)));
  const preferred = ITEM_NAME_COLUMNS.map((c) => grid.header.findIndex((h) => norm(h) === c)).find((c) => c >= 0) ?? -1;
  const idCol = byId >= 0 ? byId : preferred;
  // one row per item: a name twice is a listed error (a Subject column names people, not items: checked only when --id names it)
  if (idCol >= 0 && (byId >= 0 || norm(grid.header[idCol]) !== 'subject')) {
    const names = grid.rows.map((r) => r[idCol]);
    names.forEach((name, i) => { if (name === '') fail(file, grid.rowNumbers[i], grid.header[idCol], '', 'empty item name'); });
    refuseDuplicates(file, names, grid.rowNumbers, grid.header[idCol], 'item');
  }
  const extra: Record<string, string[]> = {};
  for (const g of ignored) {
    const c = grid.header.indexOf(g.column);
    extra[norm(g.column)] = grid.rows.map((r) => r[c]);
  }
  const items = grid.rows.map((r, i) => (idCol >= 0 ? r[idCol] : `row ${grid.rowNumbers[i]}`));
  // the grid's rows become the ratings rows: the other columns taken out in place (no second copy of the table)
  const drop = grid.header.map((_, c) => c).filter((c) => !keep.includes(c)).reverse();
  const ratings = grid.rows;
  for (const r of ratings) for (const c of drop) r.splice(c, 1);
  return {
    file,
    ratings,
    columns: keep.map((c) => grid.header[c]),
    items,
    rowNumbers: grid.rowNumbers,
    ignored,
    extra,
    blankRows: grid.blankRows,
  };
}

/** Parses count cells as whole numbers ≥ 0, naming the bad cell. */
export function parseCounts(rf: RatingsFile): number[][] {
  return rf.ratings.map((row, i) =>
    row.map((v, c) => {
      const x = v === '' ? NaN : Number(v);
      if (!(Number.isInteger(x) && x >= 0)) fail(rf.file, rf.rowNumbers[i], rf.columns[c], v, 'a count must be a whole number ≥ 0');
      return x;
    }));
}

const SAMPLE_COLUMNS = ['sample', 'filename', 'file', 'clip', 'id', 'sampleid', 'video'];
const AU_COLUMNS = ['aus', 'au', 'actionunits', 'actionunit', 'facs', 'code', 'codes'];

/** AU codes of one coder, keyed by sample: a CSV `sample,aus` (header names as in SAMPLE_COLUMNS / AU_COLUMNS). */
export function readCoderFile(file: string, opts: ReadOptions = {}): { samples: string[]; aus: string[]; rowNumbers: number[]; auColumn: string } {
  const grid = readGrid(file, opts);
  refuseOtherKinds(grid, "a coder's AU file (columns sample, aus)");
  roomToCheck(grid);
  const s = grid.header.findIndex((h) => SAMPLE_COLUMNS.includes(norm(h)));
  const a = grid.header.findIndex((h) => AU_COLUMNS.includes(norm(h)));
  if (s < 0) fail(file, grid.headerRow, '', grid.header.join(','), `no sample column (one of ${SAMPLE_COLUMNS.join(', ')})`);
  if (a < 0) fail(file, grid.headerRow, '', grid.header.join(','), `no AU column (one of ${AU_COLUMNS.join(', ')})`);
  grid.rows.forEach((r, i) => {
    if (r[s] === '') fail(file, grid.rowNumbers[i], grid.header[s], '', 'empty sample name');
  });
  refuseDuplicates(file, grid.rows.map((r) => r[s]), grid.rowNumbers, grid.header[s], 'sample');
  return { samples: grid.rows.map((r) => r[s]), aus: grid.rows.map((r) => r[a]), rowNumbers: grid.rowNumbers, auColumn: grid.header[a] };
}

/** What to do with a sample whose AU cell is missing for a coder: 'error' (default) or 'listwise' (left out, listed). */
export type CoderMissing = 'error' | 'listwise';

/** A sample left out because a coder's AU cell is missing (listwise). */
export interface DroppedSample { sample: string; file: string; row: number; coder: string; value: string }

/** Two coders' AU cells, paired by sample. */
export interface CoderPairs { samples: string[]; a: string[]; b: string[]; dropped: DroppedSample[] }

/**
 * Missing AU cells (blank or a MISSING_MARKERS text such as NA): a coder who did not code a sample is not
 * a coder who saw no AU ("none"), so by default they are an error naming the cells; listwise leaves those
 * samples out and lists them.
 */
function applyCoderMissing(
  pairs: Omit<CoderPairs, 'dropped'>,
  where: (i: number, coder: 0 | 1) => { file: string; row: number; column: string },
  missing: CoderMissing = 'error',
): CoderPairs {
  const cells: DroppedSample[] = [];
  const drop = new Set<number>();
  pairs.samples.forEach((sample, i) => {
    ([pairs.a[i], pairs.b[i]] as const).forEach((v, coder) => {
      if (!isMissing(v)) return;
      const at = where(i, coder as 0 | 1);
      cells.push({ sample, file: at.file, row: at.row, coder: at.column, value: v });
      drop.add(i);
    });
  });
  if (cells.length > 0 && missing !== 'listwise') {
    const c = cells[0];
    const shown = cells.slice(0, 5).map((m) => `${m.file} row ${m.row} column ${m.coder} ${JSON.stringify(m.value)}`).join(', ') + (cells.length > 5 ? `, and ${cells.length - 5} more` : '');
    fail(c.file, c.row, c.coder, c.value, `AU cell not coded: ${cells.length} missing AU cell${cells.length === 1 ? '' : 's'} (${shown}; blank, NA, N/A, NaN, null and the other markers of docs/input-handling.md). ` +
      'Write "none" where a coder saw no AU, or pass --listwise to leave those samples out (listed)');
  }
  const keep = (_: unknown, i: number) => !drop.has(i);
  return { samples: pairs.samples.filter(keep), a: pairs.a.filter(keep), b: pairs.b.filter(keep), dropped: cells };
}

/** Pairs two coders' files by sample name; a sample only one coder has is an error naming it. */
export function pairCoderFiles(fileA: string, fileB: string, opts: { missing?: CoderMissing } & ReadOptions = {}): CoderPairs {
  const A = readCoderFile(fileA, opts);
  const B = readCoderFile(fileB, opts);
  const inB = new Map(B.samples.map((s, i) => [s, i]));
  const inA = new Set(A.samples);
  A.samples.forEach((s, i) => {
    if (!inB.has(s)) fail(fileA, A.rowNumbers[i], 'sample', s, `sample not in coder B's file ${fileB}`);
  });
  B.samples.forEach((s, i) => {
    if (!inA.has(s)) fail(fileB, B.rowNumbers[i], 'sample', s, `sample not in coder A's file ${fileA}`);
  });
  return applyCoderMissing(
    { samples: A.samples, a: A.aus, b: A.samples.map((s) => B.aus[inB.get(s) as number]) },
    (i, coder) => (coder === 0
      ? { file: fileA, row: A.rowNumbers[i], column: A.auColumn }
      : { file: fileB, row: B.rowNumbers[inB.get(A.samples[i]) as number], column: B.auColumn }),
    opts.missing,
  );
}

/**
 * One combined coders file: a sample column and two coder columns (CoderA, CoderB by default, or the
 * two columns that are not the sample column), as the synthetic `data/dfme-synthetic-au-coders.csv`.
 * @example
 * const coders = melab.reliability.readCodersFile(`${melab.report.melabDataDir()}/${melab.synthetic.SYNTHETIC_FILES.coders}`);
 * const r = melab.reliability.auAgreement(coders.a, coders.b, { samples: coders.samples });
 * console.assert(coders.a.length === coders.b.length && r.R > 0 && r.R <= 1);
 */
export function readCodersFile(file: string, columns?: [string, string], opts: { missing?: CoderMissing } & ReadOptions = {}): CoderPairs & { coders: [string, string] } {
  const grid = readGrid(file, opts);
  refuseOtherKinds(grid, 'a coders file (a sample column and two coder columns)');
  roomToCheck(grid);
  const s = grid.header.findIndex((h) => SAMPLE_COLUMNS.includes(norm(h)));
  if (s < 0) fail(file, grid.headerRow, '', grid.header.join(','), `no sample column (one of ${SAMPLE_COLUMNS.join(', ')})`);
  let ca: number;
  let cb: number;
  if (columns) {
    [ca, cb] = columns.map((name) => {
      const c = grid.header.findIndex((h) => norm(h) === norm(name));
      if (c < 0) fail(file, grid.headerRow, name, '', `no such column (header: ${grid.header.join(', ')})`);
      return c;
    });
  } else {
    ca = grid.header.findIndex((h) => norm(h) === 'codera');
    cb = grid.header.findIndex((h) => norm(h) === 'coderb');
    if (ca < 0 || cb < 0) {
      const others = grid.header.map((_, c) => c).filter((c) => c !== s);
      if (others.length !== 2) fail(file, grid.headerRow, '', grid.header.join(','), 'expected a sample column and two coder columns (CoderA, CoderB)');
      [ca, cb] = others;
    }
  }
  // one row per sample, as --coder-a/--coder-b require
  grid.rows.forEach((r, i) => {
    if (r[s] === '') fail(file, grid.rowNumbers[i], grid.header[s], '', 'empty sample name');
  });
  refuseDuplicates(file, grid.rows.map((r) => r[s]), grid.rowNumbers, grid.header[s], 'sample');
  const pairs = applyCoderMissing(
    { samples: grid.rows.map((r) => r[s]), a: grid.rows.map((r) => r[ca]), b: grid.rows.map((r) => r[cb]) },
    (i, coder) => ({ file, row: grid.rowNumbers[i], column: grid.header[coder === 0 ? ca : cb] }),
    opts.missing,
  );
  return { ...pairs, coders: [grid.header[ca], grid.header[cb]] };
}
