/**
 * AU × emotion association beyond the paper's Table 6 (which gives only the percentage of an emotion's
 * samples showing an AU): lift, pointwise mutual information, Fisher's exact and chi-square tests per
 * AU × emotion with Benjamini–Hochberg adjustment, and Cramér's V per AU.
 *
 * Per AU a and emotion e, the 2×2 table over the analysed samples (N):
 *                 AU a present   AU a absent
 *   emotion e        n11            n12          (n1· samples of e)
 *   other emotions   n21            n22
 * lift = P(a, e) / (P(a) P(e)) = n11·N / (n1·  n·1); PMI = log2 lift (bits; −Infinity when n11 = 0);
 * NPMI = PMI / −log2 P(a, e) (Bouma 2009; in [−1, 1]). Cramér's V per AU uses the 2 × K table
 * (AU present/absent × the K emotions).
 */
import type { LabelTable } from '../labels/model';
import type { TableSpec } from '../util/table-spec';
import { foldAuIndex, indexAus, type LateralFold } from './au-index';
import { auCountsByEmotion, selectEmotionRows } from './cooccurrence';
import { benjaminiHochberg, chiSquareIndependence, cramersV, fisherExactTest } from './hypothesis';
import { num, plural, withSummary } from '../util/inspect-summary';

export interface AssociationOptions {
  lateral?: LateralFold;
  firstParticipants?: number;
  emotions?: readonly string[];
  labelColumn?: string;
  /** Yates' continuity correction in the 2×2 chi-square tests (default true, as scipy's chi2_contingency). */
  yates?: boolean;
  /** AUs shown by fewer samples are not tested (default 1). */
  minCount?: number;
}

export interface AuEmotionTest {
  code: string;
  emotion: string;
  /** The 2×2 table [[n11, n12], [n21, n22]] (rows: emotion / other emotions; columns: AU present / absent). */
  table: [[number, number], [number, number]];
  /** Percent of the emotion's samples showing the AU (Table 6's pct). */
  percent: number;
  lift: number;
  pmi: number;
  npmi: number;
  oddsRatio: number;
  fisherP: number;
  /** Benjamini–Hochberg q over all AU × emotion Fisher tests of this call. */
  fisherQ: number;
  chiSquare: number;
  chiSquareP: number;
  chiSquareQ: number;
}

export interface AuAssociation {
  code: string;
  /** Samples showing the AU. */
  count: number;
  cramersV: number;
  /** Chi-square test of the 2 × K table (no continuity correction), and its BH q over AUs. */
  chiSquare: number;
  dof: number;
  p: number;
  q: number;
}

export interface AuEmotionAssociation {
  emotions: string[];
  samples: number;
  tests: AuEmotionTest[];
  perAu: AuAssociation[];
  excluded: { reason: string; rows: number }[];
  table: TableSpec;
}

/**
 * Lift, PMI, Fisher and chi-square tests (BH-adjusted) for every AU × emotion, Cramér's V per AU.
 * @example
 * const a = melab.stats.auEmotionAssociation(melab.loadDefaultLabels());
 * const significant = a.tests.filter((t) => t.fisherQ < 0.05);
 * console.assert(significant.length > 0 && significant.every((t) => t.fisherQ <= 0.05));
 */
export function auEmotionAssociation(labels: LabelTable, opts: AssociationOptions = {}): AuEmotionAssociation {
  const sel = selectEmotionRows(labels, opts);
  const index = foldAuIndex(indexAus(labels), opts.lateral ?? 'paper');
  const K = sel.emotions.length;
  const k = index.codes.length;
  const counts = auCountsByEmotion(index, sel.codes, K);
  const N = sel.samples.reduce((s, v) => s + v, 0);
  const minCount = opts.minCount ?? 1;
  const tests: AuEmotionTest[] = [];
  const perAu: AuAssociation[] = [];
  for (let c = 0; c < k; c++) {
    let colTotal = 0;
    for (let e = 0; e < K; e++) colTotal += counts[e * k + c];
    if (colTotal < minCount || colTotal === 0) continue;
    const contingency = [
      Array.from({ length: K }, (_, e) => counts[e * k + c]),
      Array.from({ length: K }, (_, e) => sel.samples[e] - counts[e * k + c]),
    ];
    const chi = chiSquareIndependence(contingency, { correction: false });
    perAu.push({ code: index.codes[c], count: colTotal, cramersV: cramersV(contingency), chiSquare: chi.statistic, dof: chi.dof, p: chi.p, q: NaN });
    for (let e = 0; e < K; e++) {
      const n1 = sel.samples[e];
      if (n1 === 0) continue;
      const n11 = counts[e * k + c];
      const n12 = n1 - n11;
      const n21 = colTotal - n11;
      const n22 = N - n1 - n21;
      const lift = (n11 * N) / (n1 * colTotal);
      const pmi = Math.log2(lift);
      const pJoint = n11 / N;
      const npmi = n11 === 0 ? -1 : pJoint === 1 ? 1 : pmi / -Math.log2(pJoint);
      const fisher = fisherExactTest(n11, n12, n21, n22);
      const chi2 = chiSquareIndependence([[n11, n12], [n21, n22]], { correction: opts.yates ?? true });
      tests.push({
        code: index.codes[c], emotion: sel.emotions[e], table: [[n11, n12], [n21, n22]],
        percent: (100 * n11) / n1, lift, pmi, npmi,
        oddsRatio: fisher.oddsRatio, fisherP: fisher.p, fisherQ: NaN,
        chiSquare: chi2.statistic, chiSquareP: chi2.p, chiSquareQ: NaN,
      });
    }
  }
  benjaminiHochberg(tests.map((t) => t.fisherP)).forEach((q, i) => { tests[i].fisherQ = q; });
  benjaminiHochberg(tests.map((t) => t.chiSquareP)).forEach((q, i) => { tests[i].chiSquareQ = q; });
  benjaminiHochberg(perAu.map((a) => a.p)).forEach((q, i) => { perAu[i].q = q; });
  return withSummary({ emotions: sel.emotions, samples: N, tests, perAu, excluded: sel.excluded, table: associationTable(tests) }, summarizeAssociation);
}

/** A cell's value: how many AU × emotion tests and how many pass BH q < 0.05. */
function summarizeAssociation(a: AuEmotionAssociation): string {
  const significant = a.tests.filter((t) => t.fisherQ < 0.05).length;
  return `AU × emotion association: ${plural(a.samples, 'sample')}, ${plural(a.emotions.length, 'emotion')}, ${plural(a.tests.length, 'Fisher test')} ` +
    `(${num(significant)} with BH q < 0.05), ${plural(a.perAu.length, 'AU')} with a χ² test`;
}

/** The TableSpec of the AU × emotion tests, strongest positive association (lift) first. */
export function associationTable(tests: readonly AuEmotionTest[]): TableSpec {
  const sorted = [...tests].sort((a, b) => a.fisherQ - b.fisherQ || b.lift - a.lift);
  return {
    id: 'table6b-au-emotion-association',
    title: 'AU × emotion association (lift, PMI, Fisher exact and chi-square tests, Benjamini–Hochberg q)',
    columns: [
      { key: 'emotion', label: 'Emotion' },
      { key: 'code', label: 'AU' },
      { key: 'n11', label: 'n', align: 'r' },
      { key: 'percent', label: 'pct(%)', align: 'r', digits: 1 },
      { key: 'lift', label: 'lift', align: 'r', digits: 2 },
      { key: 'pmi', label: 'PMI (bits)', align: 'r', digits: 2 },
      { key: 'oddsRatio', label: 'odds ratio', align: 'r', digits: 2 },
      { key: 'fisherP', label: 'Fisher p', align: 'r', digits: 4 },
      { key: 'fisherQ', label: 'BH q', align: 'r', digits: 4 },
      { key: 'chiSquare', label: 'χ²', align: 'r', digits: 2 },
      { key: 'chiSquareQ', label: 'χ² BH q', align: 'r', digits: 4 },
    ],
    rows: sorted.map((t) => ({ ...t, n11: t.table[0][0] })),
    notes: ['2×2 tables: the emotion against all other analysed emotions × AU present/absent; two-sided Fisher p; χ² with Yates correction unless disabled.'],
  };
}
