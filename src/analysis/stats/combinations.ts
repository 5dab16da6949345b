/**
 * Frequent AU combinations per emotion — the paper's Table 7 ("Matching Emotion and AU Combinations in
 * MEs") and its "Shared" row (footnote 1: "the AU combinations commonly appearing in Anger, Disgust, Fear
 * and Sadness with high frequency").
 *
 * Two supports per combination, both as a fraction of the emotion's samples:
 * - `exact`: the sample's AU set is exactly the combination (Table 7 reads this way: happiness lists
 *   "AU6+AU12, AU12", i.e. AU12 alone next to AU6+AU12);
 * - `contains`: the sample shows at least the combination (itemset support, Agrawal & Srikant 1994);
 *   counted Apriori-style: only combinations of frequent single AUs are counted, up to `maxSize` AUs.
 * Table 7's rows: per emotion, the combinations with support ≥ `minSupport` that are not shared; the
 * Shared row: combinations with support ≥ `minSupport` in every one of `shared` (anger, disgust, fear,
 * sadness). AU keys fold lateral variants into "L/R-AUx" by default, as the paper writes them.
 */
import { SHARED_NEGATIVE } from '../labels/emotions';
import type { LabelTable } from '../labels/model';
import type { TableSpec } from '../util/table-spec';
import { compareAuKeys, foldAuIndex, indexAus, type LateralFold } from './au-index';
import { selectEmotionRows } from './cooccurrence';
import { plural, withSummary } from '../util/inspect-summary';

export interface CombinationOptions {
  lateral?: LateralFold;
  firstParticipants?: number;
  emotions?: readonly string[];
  labelColumn?: string;
  /** Smallest support (fraction of the emotion's samples) of a reported combination. Default 0.05. */
  minSupport?: number;
  /** Largest combination counted for `contains` support. Default 4. */
  maxSize?: number;
  /** Which support Table 7's rows use. Default `exact`. */
  mode?: 'exact' | 'contains';
  /** Emotions whose common combinations make the Shared row. Default anger, disgust, fear, sadness. */
  shared?: readonly string[];
  /** Combinations listed per emotion in the table. Default 4. */
  top?: number;
}

export interface Combination {
  /** AU keys in Table 5 order, joined by "+" in `key` ("AU6+AU12"). */
  aus: string[];
  key: string;
  count: number;
  support: number;
}

export interface EmotionCombinations {
  emotion: string;
  samples: number;
  /** Exact AU sets with support ≥ minSupport, most frequent first (the empty set, "no AU", included). */
  exact: Combination[];
  /** Itemsets with `contains` support ≥ minSupport, most frequent first. */
  contains: Combination[];
  /** Table 7's entries: the `mode` combinations not in the Shared row, at most `top`. */
  matching: Combination[];
}

export interface SharedCombination {
  key: string;
  aus: string[];
  /** Support in each shared emotion. */
  support: Record<string, number>;
  /** The smallest of them. */
  minSupport: number;
}

export interface AuCombinations {
  perEmotion: EmotionCombinations[];
  shared: SharedCombination[];
  sharedEmotions: string[];
  mode: 'exact' | 'contains';
  minSupport: number;
  excluded: { reason: string; rows: number }[];
  table: TableSpec;
}

const keyOf = (aus: readonly string[]): string => (aus.length ? aus.join('+') : '(none)');

/** All subsets of `items` (sorted ids) with 1..maxSize elements, each passed to `visit`. */
function forEachSubset(items: readonly number[], maxSize: number, visit: (subset: number[]) => void): void {
  const chosen: number[] = [];
  const walk = (start: number): void => {
    for (let i = start; i < items.length; i++) {
      chosen.push(items[i]);
      visit(chosen);
      if (chosen.length < maxSize) walk(i + 1);
      chosen.pop();
    }
  };
  walk(0);
}

/**
 * Table 7: frequent AU combinations per emotion and the combinations shared by the negative emotions.
 * @example auCombinations(labels).perEmotion.find((e) => e.emotion === 'happiness')?.matching[0].key // 'AU6+AU12'
 */
export function auCombinations(labels: LabelTable, opts: CombinationOptions = {}): AuCombinations {
  const minSupport = opts.minSupport ?? 0.05;
  const maxSize = opts.maxSize ?? 4;
  const mode = opts.mode ?? 'exact';
  const top = opts.top ?? 4;
  const sel = selectEmotionRows(labels, opts);
  const index = foldAuIndex(indexAus(labels), opts.lateral ?? 'paper');
  const K = sel.emotions.length;
  const k = index.codes.length;
  // code ids renumbered in Table 5 order so that a sorted id list is a canonical combination
  const order = index.codes.map((_, i) => i).sort((a, b) => compareAuKeys(index.codes[a], index.codes[b]));
  const rankOf = new Int32Array(k);
  order.forEach((c, r) => { rankOf[c] = r; });
  const codeAt = order.map((c) => index.codes[c]);
  const rowsOf: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < index.rows; i++) if (sel.codes[i] >= 0) rowsOf[sel.codes[i]].push(i);
  const itemsOf = (i: number): number[] => {
    const out: number[] = [];
    for (let j = index.offsets[i]; j < index.offsets[i + 1]; j++) out.push(rankOf[index.ids[j]]);
    return out.sort((a, b) => a - b);
  };
  const toCombination = (ids: readonly number[], count: number, n: number): Combination => {
    const aus = ids.map((r) => codeAt[r]);
    return { aus, key: keyOf(aus), count, support: count / n };
  };
  const byItems = (a: Combination, b: Combination): number => {
    for (let i = 0; i < a.aus.length; i++) {
      const d = compareAuKeys(a.aus[i], b.aus[i]);
      if (d !== 0) return d;
    }
    return 0;
  };
  // most frequent first; ties: fewer AUs, then the AUs in Table 5 order
  const bySupport = (a: Combination, b: Combination): number => b.count - a.count || a.aus.length - b.aus.length || byItems(a, b);

  const perEmotion: EmotionCombinations[] = sel.emotions.map((emotion, e) => {
    const rows = rowsOf[e];
    const n = rows.length;
    const exactCounts = new Map<string, { ids: number[]; count: number }>();
    const single = new Int32Array(k);
    const transactions = rows.map(itemsOf);
    for (const items of transactions) {
      const key = items.join(',');
      const hit = exactCounts.get(key);
      if (hit) hit.count++;
      else exactCounts.set(key, { ids: items, count: 1 });
      for (const r of items) single[r]++;
    }
    // Apriori pruning: a combination can be frequent only if each of its AUs is
    const minCount = Math.max(1, Math.ceil(minSupport * n - 1e-9));
    const frequent = new Uint8Array(k);
    for (let r = 0; r < k; r++) frequent[r] = single[r] >= minCount ? 1 : 0;
    const containsCounts = new Map<string, { ids: number[]; count: number }>();
    for (const items of transactions) {
      const kept = items.filter((r) => frequent[r]);
      forEachSubset(kept, maxSize, (subset) => {
        const key = subset.join(',');
        const hit = containsCounts.get(key);
        if (hit) hit.count++;
        else containsCounts.set(key, { ids: subset.slice(), count: 1 });
      });
    }
    const exact = [...exactCounts.values()].filter((x) => x.count >= minCount).map((x) => toCombination(x.ids, x.count, n)).sort(bySupport);
    const contains = [...containsCounts.values()].filter((x) => x.count >= minCount).map((x) => toCombination(x.ids, x.count, n)).sort(bySupport);
    return { emotion, samples: n, exact, contains, matching: [] };
  });

  // the Shared row needs every one of the shared emotions among the analysed ones
  const wanted = opts.shared ?? SHARED_NEGATIVE;
  const sharedEmotions = wanted.length > 0 && wanted.every((e) => sel.emotions.includes(e)) ? [...wanted] : [];
  const shared: SharedCombination[] = [];
  const sharedSources = sharedEmotions.map((e) => perEmotion.find((p) => p.emotion === e) as EmotionCombinations);
  if (sharedSources.length > 0) {
    const [first, ...rest] = sharedSources;
    for (const c of first[mode]) {
      if (c.aus.length === 0) continue;
      const support: Record<string, number> = { [first.emotion]: c.support };
      let ok = true;
      for (const other of rest) {
        const hit = other[mode].find((x) => x.key === c.key);
        if (!hit) { ok = false; break; }
        support[other.emotion] = hit.support;
      }
      if (ok) shared.push({ key: c.key, aus: c.aus, support, minSupport: Math.min(...Object.values(support)) });
    }
    shared.sort((a, b) => b.minSupport - a.minSupport);
  }
  const sharedKeys = new Set(shared.map((s) => s.key));
  for (const p of perEmotion) {
    p.matching = p[mode].filter((c) => c.aus.length > 0 && !sharedKeys.has(c.key)).slice(0, top);
  }
  const result = { perEmotion, shared, sharedEmotions, mode, minSupport, excluded: sel.excluded };
  return withSummary({ ...result, table: combinationsTable(result) }, summarizeCombinations);
}

/** A cell's value: Table 7's settings and sizes. */
function summarizeCombinations(c: AuCombinations): string {
  const samples = c.perEmotion.reduce((s, p) => s + p.samples, 0);
  return `AU combinations (Table 7, ${c.mode}, support ≥ ${c.minSupport}): ${plural(samples, 'sample')}, ${plural(c.perEmotion.length, 'emotion')}, ` +
    `${plural(c.shared.length, 'combination')} shared by ${c.sharedEmotions.join(', ') || 'none'}`;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The TableSpec of Table 7: per emotion its matching combinations with support, then the Shared row. */
export function combinationsTable(c: Omit<AuCombinations, 'table'>): TableSpec {
  const rows = c.perEmotion.map((p) => ({
    emotion: capitalize(p.emotion),
    combinations: p.matching.map((m) => `${m.key} (${pct(m.support)})`).join(', '),
  }));
  if (c.sharedEmotions.length > 0) {
    rows.push({ emotion: 'Shared', combinations: c.shared.map((s) => `${s.key} (≥${pct(s.minSupport)})`).join(', ') });
  }
  return {
    id: 'table7-au-combinations',
    title: 'Table 7: Matching emotion and AU combinations in MEs',
    columns: [{ key: 'emotion', label: 'Emotion Categories' }, { key: 'combinations', label: 'AU Combinations' }],
    rows,
    notes: [
      `Support: share of the emotion's samples whose AU set ${c.mode === 'exact' ? 'is exactly' : 'contains'} the combination; combinations with support ≥ ${pct(c.minSupport)} listed.`,
      `Shared: combinations with support ≥ ${pct(c.minSupport)} in each of ${c.sharedEmotions.join(', ')} (Table 7 footnote 1); the smallest of their supports shown.`,
    ],
  };
}
