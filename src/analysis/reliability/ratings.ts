import { fail } from '../labels/issues';
import { DFME_CATEGORIES } from '../labels/emotions';

/**
 * Raw ratings as every reliability statistic takes them: one row per item (sample), one column per
 * rater, category labels of any type. `null`, `undefined`, `NaN` and the MISSING_MARKERS mean "not rated".
 */
export type RatingValue = string | number | null | undefined;

/** Where a ratings matrix came from, so that errors name the file, row and column of the bad cell. */
export interface RatingSource {
  file?: string;
  /** 1-based source row (header included) of each item; default item index + 2 (a header row). */
  rows?: readonly number[];
  /** Column name of each rater; default "rater 1", "rater 2", ... */
  columns?: readonly string[];
}

/**
 * Cell texts that mean "not rated" (trimmed, any case): a blank cell and the markers pandas' read_csv
 * reads as NaN by default (na_values), less "None", which stays a label (a rater may well choose "none").
 */
export const MISSING_MARKERS: readonly string[] = [
  '', 'na', 'n/a', 'nan', '-nan', 'null', '#n/a', '#n/a n/a', '#na', '<na>', '-1.#ind', '-1.#qnan', '1.#ind', '1.#qnan',
];
const MISSING = new Set(MISSING_MARKERS);

/** True for the cells that mean "this rater did not rate this item". */
export function isMissing(v: RatingValue): v is null | undefined | string {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && MISSING.has(v.trim().toLowerCase()));
}

/** A decimal number as a spreadsheet writes one: 1, -2, 1.0, .5, 3e2 (not hex, not "Infinity"). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The category key of a label. Numeric labels compare as numbers ("1", "1.0", " 01 " and 1 are one
 * category, keyed "1"); any other text is trimmed, put in Unicode NFC (so "José" typed with a combining
 * accent is "José") and otherwise kept as written (case included: see labelReader).
 */
export function labelKey(v: string | number): string {
  if (typeof v === 'number') return String(v === 0 ? 0 : v);
  let t = v.trim();
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(t)) t = t.normalize('NFC');
  if (!DECIMAL.test(t)) return t;
  const x = Number(t);
  return String(x === 0 ? 0 : x);
}

/** Labels that differ only in case, folded into one (with foldCase), for the warnings of a result. */
export interface CaseFold {
  /** The spelling kept: the most frequent (ties: the first in code-point order). */
  label: string;
  /** Every spelling seen, with its number of cells. */
  spellings: { text: string; cells: number }[];
}

/** How the labels of one ratings matrix become category keys. */
export interface LabelReader {
  keyOf(v: string | number): string;
  /** Case variants folded into one category (only with foldCase). */
  folded: CaseFold[];
  /** One line per fold, e.g. 'labels "Happy" (3 cells) and "happy" (12 cells) counted as one category "happy"'. */
  warnings: string[];
}

/**
 * Reads every label of a ratings matrix (missing cells aside) and decides their category keys: numeric
 * labels compare as numbers (labelKey); labels that differ only in case ("Happy" / "happy") are an error
 * naming both spellings and where they are, or, with `foldCase`, one category with a listed warning.
 * Never silently two categories, never silently one.
 */
export function labelReader(ratings: readonly (readonly RatingValue[])[], opts: { foldCase?: boolean; source?: RatingSource } = {}): LabelReader {
  // a ratings matrix has few distinct cell texts: each one's key is computed once
  const rawKeys = new Map<string, string>();
  const rawKey = (v: string | number): string => {
    if (typeof v !== 'string') return labelKey(v);
    let k = rawKeys.get(v);
    if (k === undefined) {
      k = labelKey(v);
      if (rawKeys.size < 100_000) rawKeys.set(v, k);
    }
    return k;
  };
  const cells = new Map<string, { count: number; item: number; rater: number }>();
  for (let i = 0; i < ratings.length; i++) {
    const row = ratings[i];
    for (let r = 0; r < row.length; r++) {
      const v = row[r];
      if (isMissing(v)) continue;
      const key = rawKey(v as string | number);
      const seen = cells.get(key);
      if (seen) seen.count++;
      else cells.set(key, { count: 1, item: i, rater: r });
    }
  }
  const byFold = new Map<string, string[]>();
  for (const key of cells.keys()) {
    const f = key.toLowerCase();
    const group = byFold.get(f);
    if (group) group.push(key);
    else byFold.set(f, [key]);
  }
  const groups = [...byFold.values()].filter((g) => g.length > 1).map((g) => g.sort());
  const fold = new Map<string, string>();
  const folded: CaseFold[] = [];
  for (const g of groups) {
    const spellings = g.map((text) => ({ text, cells: (cells.get(text) as { count: number }).count }));
    if (!opts.foldCase) {
      const first = cells.get(g[1]) as { item: number; rater: number };
      const where = g.map((text) => {
        const c = cells.get(text) as { count: number; item: number; rater: number };
        const at = locate(opts.source, c.item, c.rater);
        return `"${text}" (${c.count} cell${c.count === 1 ? '' : 's'}, first at row ${at.row} column ${at.column})`;
      });
      failAt(opts.source, first.item, first.rater, g[1], `labels that differ only in case: ${where.join(', ')}. ` +
        'They would be different categories: correct the file, or pass --fold-case (foldCase: true) to count them as one, listed');
    }
    const label = [...spellings].sort((a, b) => b.cells - a.cells || (a.text < b.text ? -1 : 1))[0].text;
    for (const text of g) fold.set(text, label);
    folded.push({ label, spellings });
  }
  const warnings = folded.map((f) =>
    `labels ${f.spellings.map((s) => `"${s.text}" (${s.cells} cell${s.cells === 1 ? '' : 's'})`).join(' and ')} counted as one category "${f.label}" (--fold-case)`);
  return {
    keyOf: fold.size === 0 ? rawKey : (v) => { const k = rawKey(v); return fold.get(k) ?? k; },
    folded,
    warnings,
  };
}

/** Where the missing cells of a ratings matrix are, for the refusal message: "row 3 column A2 "NA", ..." (at most 5). */
export function describeMissing(cells: readonly { item: number; rater: number; value: RatingValue }[], source?: RatingSource): string {
  const shown = cells.slice(0, 5).map((c) => {
    const at = locate(source, c.item, c.rater);
    return `row ${at.row} column ${at.column} ${JSON.stringify(c.value === null || c.value === undefined ? '' : String(c.value))}`;
  });
  return shown.join(', ') + (cells.length > 5 ? `, and ${cells.length - 5} more` : '');
}

/**
 * Category order: the paper's numbering (Sec. 3.3.3: happiness, anger, contempt, disgust, fear, sadness,
 * surprise, others) when every key is one of DFME's eight categories; numeric when every key is a number;
 * else code-point order (as R's factor levels in the C locale).
 */
export function orderCategories(keys: Iterable<string>): string[] {
  const all = [...new Set(keys)];
  const dfme = DFME_CATEGORIES as readonly string[];
  if (all.length > 0 && all.every((k) => dfme.includes(k))) return dfme.filter((c) => all.includes(c));
  const numeric = all.every((k) => k !== '' && Number.isFinite(Number(k)));
  return numeric ? all.sort((a, b) => Number(a) - Number(b)) : all.sort();
}

/** The source row of item i and the column of rater r, for error messages. */
export function locate(source: RatingSource | undefined, item: number, rater: number | null): { file: string; row: number; column: string } {
  return {
    file: source?.file ?? '',
    row: source?.rows?.[item] ?? item + 2,
    column: rater === null ? '' : source?.columns?.[rater] ?? `rater ${rater + 1}`,
  };
}

/** Throws the one-line MelabError for a cell of a ratings matrix. */
export function failAt(source: RatingSource | undefined, item: number, rater: number | null, value: unknown, problem: string): never {
  const at = locate(source, item, rater);
  return fail(at.file, at.row, at.column, value, problem);
}

/** Throws a file-level MelabError (row 0: the whole input). */
export function failInput(source: RatingSource | undefined, problem: string): never {
  return fail(source?.file ?? '', 0, '', '', problem);
}
