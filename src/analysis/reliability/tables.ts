/**
 * The TableSpecs of reliability's results: Fleiss' kappa with its inference (Eqs. 2–7), Table 4's bands,
 * the voting procedure (Sec. 3.3.2) and the AU agreement R (Eq. 1). Every number is the result's own,
 * copied into rows; rendering is report/'s.
 */
import type { FleissResult } from './fleiss';
import { KAPPA_BANDS, interpretKappa } from './interpretation';
import type { VotingResult } from './voting';
import type { AuAgreementResult } from './au-agreement';
import { compareAuKeys } from '../labels/au';
import type { TableSpec } from '../util/table-spec';

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Fleiss' kappa (Eqs. 2–7) per category and overall: kappa, SE, z, p (Fleiss, Nee & Landis 1979 unless
 * the result says otherwise), the bootstrap interval when there is one, Table 4's interpretation.
 * @example
 * const votes = melab.reliability.readRatingsFile(`${melab.report.melabDataDir()}/${melab.synthetic.SYNTHETIC_FILES.votes}`);
 * const t = melab.reliability.fleissKappaTable(melab.reliability.fleissKappa(votes.ratings));
 * t.rows.length // 9
 */
export function fleissKappaTable(r: FleissResult, opts: { id?: string; title?: string } = {}): TableSpec {
  const ci = (b?: { lower: number; upper: number }): string => (b ? `[${b.lower.toFixed(3)}, ${b.upper.toFixed(3)}]` : '');
  const rows: Record<string, unknown>[] = r.categories.map((c, j) => {
    const pc = r.per_category[c];
    return { category: cap(c), p_j: r.p_j[j], kappa: pc.kappa, se: pc.se, z: pc.z, p: pc.p, ci: ci(pc.bootstrap), band: interpretKappa(pc.kappa)?.label ?? '' };
  });
  rows.push({ category: 'Overall', p_j: 1, kappa: r.kappa, se: r.se, z: r.z, p: r.p, ci: ci(r.bootstrap), band: r.interpretation });
  const notes = [
    `${r.items} items × ${r.raters} raters, ${r.categories.length} categories. P̄ = ${r.pBar.toFixed(4)} (Eq. 5), P̄e = ${r.pBarE.toFixed(4)} (Eq. 6).`,
    `SE, z and p: ${r.se_method} (SE under H0: kappa = 0, for the test only). Randolph's free-marginal kappa = ${r.randolph.toFixed(4)}` +
      (r.conger !== undefined ? `; Conger's exact kappa = ${r.conger.toFixed(4)}.` : '.'),
  ];
  if (r.bootstrap) notes.push(`Interval: ${Math.round(r.bootstrap.level * 100)}% percentile bootstrap over items (${r.bootstrap.resamples} resamples, seed ${r.bootstrap.seed}).`);
  if (r.dropped.length) notes.push(`${r.dropped.length} items left out for missing ratings (rows ${r.dropped.slice(0, 20).map((d) => d.row).join(', ')}${r.dropped.length > 20 ? ', ...' : ''}).`);
  return {
    id: opts.id ?? 'reliability-fleiss-kappa',
    title: opts.title ?? "Fleiss' kappa of the emotion annotators",
    caption: `kappa = ${r.kappa.toFixed(3)}: ${r.interpretation} (Table 4).`,
    columns: [
      { key: 'category', label: 'Category' },
      { key: 'p_j', label: 'p_j', align: 'r', digits: 4 },
      { key: 'kappa', label: 'Kappa', align: 'r', digits: 4 },
      { key: 'se', label: 'SE', align: 'r', digits: 4 },
      { key: 'z', label: 'z', align: 'r', digits: 2 },
      { key: 'p', label: 'p', align: 'r', format: 'p' },
      ...(r.bootstrap ? [{ key: 'ci', label: `${Math.round(r.bootstrap.level * 100)}% CI`, align: 'c' as const }] : []),
      { key: 'band', label: 'Interpretation (Table 4)' },
    ],
    rows,
    notes,
  };
}

/**
 * Table 4 (Landis & Koch): the interpretation bands, with the band of `kappa` marked when given.
 * @example
 * const t = melab.reliability.kappaBandsTable(0.72);
 * console.assert(t.rows.length === 6);  // Table 4: six bands, Landis & Koch (1977)
 */
export function kappaBandsTable(kappa?: number): TableSpec {
  const hit = kappa === undefined ? null : interpretKappa(kappa)?.band;
  return {
    id: 'table4-kappa-interpretation',
    title: 'TABLE 4: Interpretation of kappa',
    caption: kappa === undefined ? undefined : `The observed kappa ${kappa.toFixed(3)} falls in the marked band.`,
    columns: [{ key: 'range', label: 'Kappa' }, { key: 'label', label: 'Interpretation' }, { key: 'mark', label: '', align: 'c' }],
    rows: KAPPA_BANDS.map((b) => ({ range: b.range, label: b.label, mark: b.band === hit ? '◀' : '' })),
    notes: ['Each band includes its upper bound: (0, 0.20] slight, (0.20, 0.40] fair, and so on.'],
  };
}

/**
 * The voting procedure of Sec. 3.3.2: how many samples each rule decided, and the final label counts.
 * @example
 * const votes = melab.reliability.readRatingsFile(`${melab.report.melabDataDir()}/${melab.synthetic.SYNTHETIC_FILES.votes}`);
 * const t = melab.reliability.votingTable(melab.reliability.resolveEmotionVotes(votes.ratings, { secondRound: votes.extra.secondround }));
 * console.assert(t.rows.length > 0);
 */
export function votingTable(v: VotingResult, opts: { annotators?: number; minVotes?: number } = {}): TableSpec {
  const n = v.labels.length;
  const pct = (k: number): number => (n ? (100 * k) / n : 0);
  const counts = new Map<string, number>();
  for (const l of v.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const rule = { majority: `First round: ≥ ${opts.minVotes ?? 4} of ${opts.annotators ?? 7} annotators agree`, 'second-round': 'Second round: collective decision', others: 'No decision: labelled others' };
  return {
    id: 'reliability-voting',
    title: 'Emotion voting procedure (Sec. 3.3.2)',
    columns: [{ key: 'what', label: 'Decided by / final label' }, { key: 'n', label: 'Samples', align: 'r' }, { key: 'pct', label: '%', align: 'r', digits: 1 }],
    rows: [
      ...(Object.keys(rule) as (keyof typeof rule)[]).map((k) => ({ what: rule[k], n: v.decidedBy[k], pct: pct(v.decidedBy[k]) })),
      ...[...counts.entries()].map(([label, k]) => ({ what: `Final label: ${label}`, n: k, pct: pct(k) })),
    ],
    notes: v.unusedSecondRound.length
      ? [`${v.unusedSecondRound.length} samples had a first-round majority and also a second-round entry, which was not used.`]
      : [],
  };
}

/**
 * The AU agreement R of Eq. 1: overall, and per AU (sorted as Table 5).
 * @example
 * const coders = melab.reliability.readCodersFile(`${melab.report.melabDataDir()}/${melab.synthetic.SYNTHETIC_FILES.coders}`);
 * const t = melab.reliability.auAgreementTable(melab.reliability.auAgreement(coders.a, coders.b, { samples: coders.samples }));
 * console.assert(t.rows.length > 0);
 */
export function auAgreementTable(r: AuAgreementResult, opts: { minCoded?: number } = {}): TableSpec {
  const minCoded = opts.minCoded ?? 1;
  const per = Object.entries(r.per_au).filter(([, v]) => v.a + v.b >= minCoded).sort(([a], [b]) => compareAuKeys(a, b));
  return {
    id: 'reliability-au-agreement',
    title: 'AU agreement R between the two FACS coders (Eq. 1)',
    caption: `R = 2·${r.agreed} / (${r.codedA} + ${r.codedB}) = ${r.R.toFixed(3)} over ${r.samples} samples.`,
    columns: [
      { key: 'au', label: 'AU' },
      { key: 'R', label: 'R', align: 'r', digits: 3 },
      { key: 'both', label: 'Both coders', align: 'r' },
      { key: 'a', label: 'Coder A', align: 'r' },
      { key: 'b', label: 'Coder B', align: 'r' },
    ],
    rows: [{ au: 'All AUs', R: r.R, both: r.agreed, a: r.codedA, b: r.codedB }, ...per.map(([au, v]) => ({ au, ...v }))],
    notes: [
      `Sides ${r.options.foldSides ? 'folded (L/R-AU12 counted as AU12)' : 'kept apart (L-AU12 and R-AU12 differ)'}; intensity ${r.options.ignoreIntensity ? 'ignored' : 'compared'}. Mean per-sample R = ${r.meanSampleR.toFixed(3)}.`,
      ...(r.unreadable.length ? [`${r.unreadable.length} AU cells held text that is not a FACS code and was left out of the comparison.`] : []),
    ],
  };
}
