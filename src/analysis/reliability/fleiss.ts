import { interpretKappa } from './interpretation';
import { twoSidedP } from '../util/normal';
import { bootstrapFleissCounts, type BootstrapInterval, type FleissBootstrapOptions } from './fleiss-bootstrap';
import { describeMissing, failAt, failInput, isMissing, labelKey, labelReader, orderCategories, type RatingSource, type RatingValue } from './ratings';
import { num, pValue, plural, withSummary } from '../util/inspect-summary';

/**
 * Standard-error variants of Fleiss' kappa (DESIGN.md: where the field disagrees, support both and name them).
 * - `fleiss-nee-landis-1979` (default): Fleiss, Nee & Landis (1979), Psychological Bulletin 86, 974–977, as in
 *   Fleiss, Levin & Paik (2003) ch. 18 and R irr's `kappam.fleiss` (current version, 0.84.1); per-category
 *   SE = √(2 / (N n (n−1))).
 * - `fleiss-1971`: the large-sample variances printed in Fleiss (1971), Psychological Bulletin 76, 378–382,
 *   which irr's `kappam.fleiss` used before version 0.6 ("corrected computation of the large sample standard error").
 * statsmodels' `fleiss_kappa` (method 'fleiss' or 'randolph') gives the coefficient only, no standard error.
 * The DFME paper reports κ alone (Sec. 3.3.3), so it takes no side.
 */
export type FleissSeMethod = 'fleiss-nee-landis-1979' | 'fleiss-1971';
export const FLEISS_SE_METHODS: readonly FleissSeMethod[] = ['fleiss-nee-landis-1979', 'fleiss-1971'];

export interface FleissTest {
  /**
   * Standard error of kappa under H0: kappa = 0, for the z test only. It understates the sampling error
   * when kappa > 0, so melab builds no Wald interval from it: use the bootstrap interval.
   */
  se: number;
  /** kappa / se. */
  z: number;
  /** Two-sided p-value of z. */
  p: number;
}

export interface FleissCategory extends FleissTest {
  /** Category-wise kappa (Fleiss 1971; irr `kappam.fleiss(detail = TRUE)`). */
  kappa: number;
  /** p_j of Eq. 2: the share of all ratings in this category. */
  proportion: number;
  /** Percentile bootstrap interval of this category's kappa, when a bootstrap was asked for. */
  bootstrap?: BootstrapInterval;
}

export interface FleissResult extends FleissTest {
  /** Fleiss' kappa, Eq. 7. */
  kappa: number;
  /** Which variant `se`, `z` and `p` (and `per_category`'s) come from. */
  se_method: FleissSeMethod;
  /** Every SE variant, named. */
  inference: Record<FleissSeMethod, FleissTest>;
  per_category: Record<string, FleissCategory>;
  /** Randolph's (2005) free-marginal multirater kappa: (P̄ − 1/K) / (1 − 1/K). statsmodels `method='randolph'`. */
  randolph: number;
  /** Conger's (1980) exact kappa (irr `kappam.fleiss(exact = TRUE)`); only from raw ratings, where raters are known. */
  conger?: number;
  /** Table 4's wording for kappa, e.g. "Substantial agreement". */
  interpretation: string;
  /** N: items rated. */
  items: number;
  /** n: raters per item. */
  raters: number;
  /** The K categories, in the order of `p_j`. */
  categories: string[];
  /** P̄ of Eq. 5: mean pairwise agreement per item. */
  pBar: number;
  /** P̄_e of Eq. 6: chance agreement. */
  pBarE: number;
  /** p_j of Eq. 2, one per category. */
  p_j: number[];
  /** Percentile bootstrap interval over items, when asked for: melab's confidence interval for kappa. */
  bootstrap?: BootstrapInterval;
  /** Items left out (only with `missing: 'listwise'`), each with its source row and why. */
  dropped: { item: number; row: number; reason: string }[];
  /** Labels folded into one category (case variants, only with `foldCase`), one line each. */
  warnings: string[];
}

export interface FleissOptions {
  /** Category order, and categories no one used; default: every label seen, sorted. */
  categories?: (string | number)[];
  /** The SE variant reported in se/z/p (both are always in `inference`). Default 'fleiss-nee-landis-1979'. */
  se?: FleissSeMethod;
  /** Confidence level of the bootstrap interval (default 0.95). */
  level?: number;
  /** Bootstrap interval over items: true for 1,000 resamples with seed 0, or the settings. */
  bootstrap?: boolean | FleissBootstrapOptions;
  /** Items with a missing rating (ratings.ts MISSING_MARKERS): 'error' (default; Fleiss needs n raters on every item) or 'listwise' (irr's way, dropped items listed). */
  missing?: 'error' | 'listwise';
  /** Count labels that differ only in case as one category, with a warning (default: an error naming them). */
  foldCase?: boolean;
  /** File, rows and columns, for error messages. */
  source?: RatingSource;
}

const KRIPPENDORFF_HINT = "Fleiss' kappa needs the same number of raters on every item; for missing or unequal ratings use Krippendorff's alpha (krippendorffAlpha, melab kappa --alpha)";

/**
 * Fleiss' kappa (Eqs. 2–7 of the DFME paper; Fleiss, 1971) from raw ratings, with per-category kappas,
 * standard errors, z and p (Fleiss, Nee & Landis, 1979), Randolph's free-marginal kappa, Conger's exact
 * kappa and, on request, a seeded percentile bootstrap interval over items.
 * @param ratings items × raters, category labels of any type (strings or numbers).
 * @example
 * fleissKappa([['a','a','b'], ['b','b','b'], ['a','a','a']]).kappa // 0.55
 */
export function fleissKappa(ratings: readonly (readonly RatingValue[])[], opts: FleissOptions = {}): FleissResult {
  const source = opts.source;
  if (ratings.length === 0) failInput(source, 'no items to rate: the ratings are empty');
  const n = ratings[0].length;
  const dropped: FleissResult['dropped'] = [];
  const kept: number[] = [];
  const missing: { item: number; rater: number; value: RatingValue }[] = [];
  for (let i = 0; i < ratings.length; i++) {
    const row = ratings[i];
    if (row.length !== n) failAt(source, i, null, '', `has ${row.length} rating columns, the first item has ${n}`);
    const before = missing.length;
    for (let r = 0; r < n; r++) if (isMissing(row[r])) missing.push({ item: i, rater: r, value: row[r] });
    if (missing.length === before) kept.push(i);
    else {
      const at = missing.slice(before).map((m) => `${source?.columns?.[m.rater] ?? `rater ${m.rater + 1}`} ${JSON.stringify(String(m.value ?? ''))}`);
      dropped.push({ item: i, row: source?.rows?.[i] ?? i + 2, reason: `not rated by ${at.join(', ')} (listwise deletion)` });
    }
  }
  if (missing.length > 0 && opts.missing !== 'listwise') {
    const m = missing[0];
    failAt(source, m.item, m.rater, m.value ?? '', `not rated: ${missing.length} missing rating${missing.length === 1 ? '' : 's'} in ${dropped.length} item${dropped.length === 1 ? '' : 's'} ` +
      `(${describeMissing(missing, source)}). Fleiss' kappa needs every rater on every item: leave those items out with --listwise ` +
      "(missing: 'listwise'; they are listed), or use Krippendorff's alpha (--alpha; krippendorffAlpha), which takes them as missing");
  }
  if (n < 2) failInput(source, `only ${n} rater: Fleiss' kappa needs at least 2 raters (columns)`);
  if (kept.length === 0) failInput(source, 'no item was rated by every rater');

  const labels = labelReader(kept.map((i) => ratings[i]), { foldCase: opts.foldCase, source: { ...source, rows: kept.map((i) => source?.rows?.[i] ?? i + 2) } });
  let categories: string[];
  if (opts.categories) categories = [...new Set(opts.categories.map(labelKey))];
  else {
    const seen = new Set<string>();
    for (const i of kept) for (const v of ratings[i]) seen.add(labels.keyOf(v as string | number));
    categories = orderCategories(seen);
  }
  const k = categories.length;
  const catIndex = new Map(categories.map((c, j) => [c, j]));
  const N = kept.length;
  const counts = new Int32Array(N * k);
  const raterCounts = new Float64Array(n * k);
  for (let t = 0; t < N; t++) {
    const i = kept[t];
    const row = ratings[i];
    for (let r = 0; r < n; r++) {
      const j = catIndex.get(labels.keyOf(row[r] as string | number));
      if (j === undefined) failAt(source, i, r, row[r], `not one of the categories ${categories.join(', ')}`);
      counts[t * k + j]++;
      raterCounts[r * k + j]++;
    }
  }
  const result = fleissFromFlatCounts(counts, N, k, n, categories, opts);
  result.conger = congerKappa(result.pBar, result.p_j, raterCounts, N, n, k);
  result.dropped = opts.missing === 'listwise' ? dropped : [];
  result.warnings = labels.warnings;
  return result;
}

/**
 * Fleiss' kappa from a count table: one row per item, one column per category, n_ij = raters who put
 * item i in category j (every row summing to the same n). Same result as `fleissKappa` less Conger's kappa
 * (which needs to know which rater said what). `counts` is an array of rows, or a FlatCountTable (one
 * row-major typed array: the fast form for millions of items).
 * @example fleissKappaFromCounts([[3, 0], [0, 3], [2, 1]]).kappa // 0.55
 * fleissKappaFromCounts({ data: Int32Array.of(3, 0, 0, 3, 2, 1), items: 3, categories: 2 }).kappa // 0.55
 */
export function fleissKappaFromCounts(
  counts: readonly (readonly number[])[] | FlatCountTable,
  categories?: (string | number)[],
  opts: Omit<FleissOptions, 'categories' | 'missing'> = {},
): FleissResult {
  let source = opts.source;
  const flatInput = !Array.isArray(counts);
  const N = flatInput ? (counts as FlatCountTable).items : (counts as readonly (readonly number[])[]).length;
  if (N === 0) failInput(source, 'no items: the count table is empty');
  const k = flatInput ? (counts as FlatCountTable).categories : (counts as readonly (readonly number[])[])[0].length;
  const cats = categories ? categories.map(labelKey) : Array.from({ length: k }, (_, j) => String(j + 1));
  if (cats.length !== k) failInput(source, `${cats.length} category names for ${k} count columns`);
  // errors in a count table name the category column
  source = { ...source, columns: source?.columns ?? cats };
  const col = new Float64Array(k);
  const sq = new Float64Array(k);
  let n: number;
  let flat: () => ArrayLike<number>;
  if (flatInput) {
    const { data } = counts as FlatCountTable;
    if (data.length !== N * k) failInput(source, `the flat count table has ${data.length} cells, not items × categories = ${N * k}`);
    n = accumulateFlat(data, N, k, col, sq, source);
    flat = () => (data instanceof Int32Array ? data : n <= 0x7fffffff ? Int32Array.from(data) : Float64Array.from(data));
  } else {
    const rows = counts as readonly (readonly number[])[];
    n = accumulateRows(rows, k, col, sq, source);
    flat = () => {
      const out = n <= 0x7fffffff ? new Int32Array(N * k) : new Float64Array(N * k);
      for (let i = 0; i < N; i++) for (let j = 0; j < k; j++) out[i * k + j] = rows[i][j];
      return out;
    };
  }
  if (n < 2) failInput(source, `each item has ${n} rating: Fleiss' kappa needs at least 2 raters`);
  const result = fleissFromSums(col, sq, N, k, n, cats, opts, flat);
  result.dropped = [];
  result.warnings = [];
  return result;
}

/**
 * An items × categories count table stored row-major in one array (e.g. an Int32Array read from a binary
 * file): cell (i, j) is data[i · categories + j]. The fast input for very large tables.
 */
export interface FlatCountTable {
  data: ArrayLike<number>;
  items: number;
  categories: number;
}

const NOT_A_COUNT = 'a count must be a whole number ≥ 0';

/**
 * Rows per block of the 32-bit accumulators of accumulateRows: a valid count is at most n (every table that passes
 * validation), so a block adds at most B·n² to a sum of squares, which stays ≤ 2³¹ − 1 with
 * B = ⌊(2³¹ − 1) / n²⌋ ≥ 1. That needs n² ≤ 2³¹ − 1, i.e. n ≤ INT32_MAX_RATERS; larger n take the Float64
 * path (exact while the sums stay below 2⁵³). Integer adds in Int32Arrays run about twice as fast as
 * Float64 adds here; each block is flushed into the Float64 totals.
 */
const blockRows = (n: number): number => Math.max(1, Math.min(1 << 16, Math.floor(0x7fffffff / Math.max(1, n * n))));

/** ⌊√(2³¹ − 1)⌋: the most raters per item whose n² fits a 32-bit signed accumulator (46341² = 2,147,488,281 does not). */
export const INT32_MAX_RATERS = 46340;

/**
 * The Float64 path for n > INT32_MAX_RATERS (e.g. crowd votes): every cell is validated first (so no
 * cell exceeds n), then Σ_i n_ij and Σ_i n_ij² are added in doubles.
 */
function accumulateFloat(cell: (i: number, j: number) => number, N: number, k: number, col: Float64Array, sq: Float64Array): void {
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < k; j++) {
      const c = cell(i, j);
      col[j] += c;
      sq[j] += c * c;
    }
  }
}

/** One pass over count rows: validates them and accumulates Σ_i n_ij and Σ_i n_ij² (all Eqs. 2–7 need); returns n. */
function accumulateRows(counts: readonly (readonly number[])[], k: number, col: Float64Array, sq: Float64Array, source?: RatingSource): number {
  let n = 0;
  for (let j = 0; j < k; j++) n += counts[0][j];
  const N = counts.length;
  if (!(n <= INT32_MAX_RATERS)) {
    for (let i = 0; i < N; i++) {
      if (counts[i].length !== k) failAt(source, i, null, '', `has ${counts[i].length} count columns, the first item has ${k}`);
      validateFlat(counts[i], 1, k, n, source, i);
    }
    accumulateFloat((i, j) => counts[i][j], N, k, col, sq);
    return n;
  }
  const B = blockRows(n);
  const ic = new Int32Array(k);
  const is = new Int32Array(k);
  // The hot loop only collects evidence of a problem (a negative cell sets the sign bit of `bits`, a fraction
  // or NaN makes `frac` non-zero, a row sum other than n counts in badRows); validateRows then names it.
  let bits = 0;
  let frac = 0;
  let badRows = 0;
  for (let i0 = 0; i0 < N; i0 += B) {
    const i1 = Math.min(N, i0 + B);
    for (let i = i0; i < i1; i++) {
      const row = counts[i];
      if (row.length !== k) failAt(source, i, null, '', `has ${row.length} count columns, the first item has ${k}`);
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const c = row[j];
        const w = c | 0;
        bits |= w;
        frac += Math.abs(c - w); // |…|: a +0.5 and a −0.5 cell must not cancel
        ic[j] += w;
        is[j] += w * w;
        sum += c;
      }
      if (sum !== n) badRows++;
    }
    for (let j = 0; j < k; j++) {
      col[j] += ic[j];
      sq[j] += is[j];
    }
    ic.fill(0);
    is.fill(0);
  }
  if (bits < 0 || frac !== 0 || badRows > 0) {
    for (let i = 0; i < N; i++) validateFlat(counts[i], 1, k, n, source, i);
  }
  return n;
}

/** accumulateRows for a flat row-major table. */
function accumulateFlat(data: ArrayLike<number>, N: number, k: number, col: Float64Array, sq: Float64Array, source?: RatingSource): number {
  let n = 0;
  for (let j = 0; j < k; j++) n += data[j];
  const whole = data instanceof Int32Array || data instanceof Uint32Array || data instanceof Int16Array ||
    data instanceof Uint16Array || data instanceof Int8Array || data instanceof Uint8Array;
  if (!whole) {
    // Any other array may hold fractions or NaN: check every cell on the way.
    validateFlat(data, N, k, n, source);
  }
  // Whole numbers: the hot loop only ORs the cells together (a negative one, or one past 2³¹, sets the sign
  // bit) and compares each row's sum with n; any problem sends the table through validateFlat, which names
  // the cell. Sums are float64 locals, exact while below 2⁵³ (any count table that fits in memory with
  // n ≤ 46,340, and far beyond); four category columns per pass over a block of rows keeps them in registers.
  const rowSums = new Float64Array(FLAT_BLOCK);
  let bits = 0;
  let badRows = 0;
  for (let i0 = 0; i0 < N; i0 += FLAT_BLOCK) {
    const m = Math.min(FLAT_BLOCK, N - i0);
    rowSums.fill(0);
    let j = 0;
    for (; j + 4 <= k; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let t = 0, o = i0 * k + j; t < m; t++, o += k) {
        const a0 = data[o], a1 = data[o + 1], a2 = data[o + 2], a3 = data[o + 3];
        bits |= a0 | a1 | a2 | a3;
        rowSums[t] += a0 + a1 + a2 + a3;
        c0 += a0; c1 += a1; c2 += a2; c3 += a3;
        s0 += a0 * a0; s1 += a1 * a1; s2 += a2 * a2; s3 += a3 * a3;
      }
      col[j] += c0; col[j + 1] += c1; col[j + 2] += c2; col[j + 3] += c3;
      sq[j] += s0; sq[j + 1] += s1; sq[j + 2] += s2; sq[j + 3] += s3;
    }
    for (; j < k; j++) {
      let c0 = 0, s0 = 0;
      for (let t = 0, o = i0 * k + j; t < m; t++, o += k) {
        const a0 = data[o];
        bits |= a0;
        rowSums[t] += a0;
        c0 += a0;
        s0 += a0 * a0;
      }
      col[j] += c0;
      sq[j] += s0;
    }
    for (let t = 0; t < m; t++) if (rowSums[t] !== n) badRows++;
  }
  if (bits < 0 || badRows > 0) validateFlat(data, N, k, n, source);
  return n;
}

/** Rows per block of accumulateFlat: a block of an 8-category Int32 table (64 KiB) stays in cache across its passes. */
const FLAT_BLOCK = 2048;

/** Throws the MelabError naming the first cell or row of a flat count table that is not a valid count. */
function validateFlat(data: ArrayLike<number>, N: number, k: number, n: number, source?: RatingSource, firstItem = 0): void {
  for (let t = 0, o = 0; t < N; t++) {
    const i = firstItem + t;
    let sum = 0;
    for (let j = 0; j < k; j++, o++) {
      const c = data[o];
      if (!(c >= 0 && Math.floor(c) === c && c <= n)) failAt(source, i, j, c, c > n ? `more than the ${n} raters of the first item` : NOT_A_COUNT);
      sum += c;
    }
    if (sum !== n) failAt(source, i, null, sum, `counts sum to ${sum} raters, the first item has ${n}. ${KRIPPENDORFF_HINT}`);
  }
}

/** Eqs. 2–7 and the inference, from a validated row-major items × categories count table. */
function fleissFromFlatCounts(
  counts: Int32Array,
  N: number,
  k: number,
  n: number,
  categories: string[],
  opts: Omit<FleissOptions, 'categories' | 'missing'>,
): FleissResult {
  const col = new Float64Array(k);
  const sq = new Float64Array(k);
  accumulateFlat(counts, N, k, col, sq, opts.source);
  return fleissFromSums(col, sq, N, k, n, categories, opts, () => counts);
}

/**
 * The statistics from column sums Σ_i n_ij and Σ_i n_ij² alone (all Eqs. 2–7 need), so a count table of
 * any size is read once. `counts` (the flat table) is only built for the bootstrap.
 */
function fleissFromSums(
  col: Float64Array,
  sq: Float64Array,
  N: number,
  k: number,
  n: number,
  categories: string[],
  opts: Omit<FleissOptions, 'categories' | 'missing'>,
  counts: () => ArrayLike<number>,
): FleissResult {
  const Nn = N * n;
  const denom = Nn * (n - 1);
  const p_j = Array.from(col, (c) => c / Nn); // Eq. 2
  let pBarE = 0; // Eq. 6
  let sumSq = 0;
  let p3 = 0;
  let pq = 0;
  let pqqp = 0;
  for (let j = 0; j < k; j++) {
    const p = p_j[j];
    const q = 1 - p;
    pBarE += p * p;
    p3 += p * p * p;
    pq += p * q;
    pqqp += p * q * (q - p);
    sumSq += sq[j];
  }
  if (pBarE >= 1 - 1e-15) {
    const used = categories.filter((_, j) => col[j] > 0);
    failInput(opts.source, `every rating is in one category (${used.join(', ')}): chance agreement is 1 and kappa is undefined; at least 2 categories must be used`);
  }
  const pBar = (sumSq - Nn) / denom; // Eqs. 4–5: mean over items of (Σ_j n_ij² − n) / (n(n−1))
  const kappa = (pBar - pBarE) / (1 - pBarE); // Eq. 7

  const test = (se: number): FleissTest => ({ se, z: kappa / se, p: twoSidedP(kappa / se) });
  const varFnl = (2 / (pq * pq * denom)) * (pq * pq - pqqp);
  const var1971 = (2 / denom) * ((pBarE - (2 * n - 3) * pBarE * pBarE + 2 * (n - 2) * p3) / ((1 - pBarE) * (1 - pBarE)));
  const inference: Record<FleissSeMethod, FleissTest> = {
    'fleiss-nee-landis-1979': test(Math.sqrt(varFnl)),
    'fleiss-1971': test(Math.sqrt(var1971)),
  };
  const seMethod = opts.se ?? 'fleiss-nee-landis-1979';
  if (!FLEISS_SE_METHODS.includes(seMethod)) failInput(opts.source, `unknown SE method "${seMethod}" (one of ${FLEISS_SE_METHODS.join(', ')})`);
  const chosen = inference[seMethod];
  const level = opts.level ?? 0.95;

  const boot = opts.bootstrap
    ? bootstrapFleissCounts(counts(), N, k, n, { level, ...(typeof opts.bootstrap === 'object' ? opts.bootstrap : {}) })
    : undefined;

  const per_category: Record<string, FleissCategory> = {};
  for (let j = 0; j < k; j++) {
    const p = p_j[j];
    const q = 1 - p;
    // Category kappa: 1 − Σ_i n_ij (n − n_ij) / (N n (n−1) p_j q_j)  (Fleiss 1971; irr detail = TRUE)
    const kj = 1 - (n * col[j] - sq[j]) / (denom * p * q);
    const se = seMethod === 'fleiss-nee-landis-1979'
      ? Math.sqrt(2 / denom)
      : Math.sqrt(((1 + 2 * (n - 1) * p) ** 2 + 2 * (n - 1) * p * q) / (Nn * (n - 1) * (n - 1) * p * q));
    per_category[categories[j]] = { kappa: kj, se, z: kj / se, p: twoSidedP(kj / se), proportion: p };
    if (boot) per_category[categories[j]].bootstrap = boot.perCategory[j];
  }

  return withSummary({
    kappa,
    se: chosen.se,
    z: chosen.z,
    p: chosen.p,
    se_method: seMethod,
    inference,
    per_category,
    randolph: (pBar - 1 / k) / (1 - 1 / k),
    interpretation: interpretKappa(kappa)?.label ?? 'undefined',
    items: N,
    raters: n,
    categories,
    pBar,
    pBarE,
    p_j,
    ...(boot ? { bootstrap: boot.overall } : {}),
    dropped: [],
    warnings: [],
  }, summarizeFleiss);
}

/** A cell's value: κ with its SE, test and interval, the design (N items × n raters, K categories). */
function summarizeFleiss(r: FleissResult): string {
  const ci = r.bootstrap ? `, ${Math.round(100 * r.bootstrap.level)}% bootstrap CI [${num(r.bootstrap.lower)}, ${num(r.bootstrap.upper)}]` : '';
  const dropped = r.dropped.length ? `, ${plural(r.dropped.length, 'item')} left out` : '';
  return `Fleiss κ = ${num(r.kappa)} (SE ${num(r.se, 4)} under H0, z = ${num(r.z, 2)}, ${pValue(r.p)}${ci}): ${r.interpretation}\n` +
    `  n = ${plural(r.items, 'item')} × ${plural(r.raters, 'rater')}, ${plural(r.categories.length, 'category', 'categories')}${dropped}`;
}

/**
 * Conger's (1980) exact kappa: chance agreement from each rater's own marginals,
 * P_e = Σ_j p_j² − Σ_j s²_j / (n − 1), with s²_j the variance over raters of their share of category j
 * (divisor n). Equals Cohen's kappa for 2 raters. As irr `kappam.fleiss(exact = TRUE)`.
 */
function congerKappa(pBar: number, p_j: number[], raterCounts: Float64Array, N: number, n: number, k: number): number {
  let pe = 0;
  for (let j = 0; j < k; j++) {
    let ss = 0;
    for (let r = 0; r < n; r++) {
      const d = raterCounts[r * k + j] / N - p_j[j];
      ss += d * d;
    }
    pe += p_j[j] * p_j[j] - ss / n / (n - 1);
  }
  return (pBar - pe) / (1 - pe);
}
