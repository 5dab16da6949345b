import { fail } from '../labels/issues';
import { DFME_CATEGORIES } from '../labels/emotions';

/**
 * Raw ratings as every reliability statistic takes them: one row per item (sample), one column per
 * rater, category labels of any type. `null`, `undefined`, `''` and `NaN` mean "not rated".
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

/** True for the cells that mean "this rater did not rate this item". */
export function isMissing(v: RatingValue): v is null | undefined | '' {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && v.trim() === '');
}

/** The category key of a label: numbers and strings are compared as trimmed text (1 and "1" agree). */
export function labelKey(v: string | number): string {
  return typeof v === 'number' ? String(v) : v.trim();
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
