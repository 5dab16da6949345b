/**
 * AU label distribution — the paper's Table 5 ("Distribution of AU Labels in DFME"), the average number
 * of AUs per sample (Sec. 3.4: 12,928 / 7,526 = 1.718) and the coverage of the 12-AU subset used in the
 * AU classification experiments (Sec. 4.6.2: AU1, 2, 4, 5, 6, 7, 9, 10, 12, 14, 15, 17 cover
 * 11,439 / 12,928 = 88.48% of the AU labels, lateral variants of those AUs included).
 *
 * A sample counts a code once ("4+4" is one AU4); every token of an alternative ("(R6 or R12)") and
 * uncertain tokens ("13?") count, as labels/au.ts decides. `ref(N)` codes are not tokens and never count.
 */
import type { LabelTable } from '../labels/model';
import type { TableSpec } from '../util/table-spec';
import { compareAuKeys, foldCodes, indexAus, lateralKey, parseAuKey, type AuIndex, type LateralFold } from './au-index';

import { PAPER_AU_SUBSET } from '../labels/vocabulary';
import { num, plural, withSummary } from '../util/inspect-summary';

export interface AuCount {
  /** Key under the folding mode: canonical code (`keep`), `L/R-AU12` (`paper`), `AU12` (`fold`). */
  key: string;
  /** As the table prints it: the key, except that `paper` prints action descriptors as Table 5 does (AD38 → AU38). */
  label: string;
  count: number;
  /** Percent of all samples showing it. */
  percentOfSamples: number;
}

export interface AuDistributionOptions {
  /** How lateral variants fold for `rows` (au-index.ts). Default `paper`: Table 5's L/R-AUx rows. */
  lateral?: LateralFold;
  /** AUs whose coverage is reported (lateral variants fold into them). Default PAPER_AU_SUBSET. */
  subset?: readonly string[];
  /** Table layout: one AU per row (`long`, default) or Table 5's six AU/number column pairs (`paper`). */
  layout?: 'long' | 'paper';
}

export interface AuDistribution {
  samples: number;
  /** Samples with at least one AU. */
  samplesWithAus: number;
  /** AU labels: Σ over samples of the number of distinct codes (Table 5's "Total"). */
  total: number;
  /** total / samples (Sec. 3.4: 1.718). */
  perSample: number;
  /** Every canonical code with its count, lateral variants kept apart, in Table 5 order. */
  byCode: Record<string, number>;
  /** Counts under the folding mode `lateral`, in Table 5 order. */
  rows: AuCount[];
  lateral: LateralFold;
  /** The subset's labels (lateral variants folded in), and that count as a fraction of `total`. */
  subset: { aus: string[]; count: number; coverage: number };
  table: TableSpec;
}

/** Table 5 prints DFME's action descriptors as AU31/AU38/AU39 (Table 3, "Miscellaneous Actions"). */
function paperLabel(key: string): string {
  return key.replace(/(^|-)AD(\d+)$/, '$1AU$2');
}

/** Occurrences of each code id of an index (typed-array counting). */
export function countCodeIds(index: AuIndex): Int32Array {
  const counts = new Int32Array(index.codes.length);
  const ids = index.ids;
  for (let j = 0; j < ids.length; j++) counts[ids[j]]++;
  return counts;
}

/**
 * Table 5 from a label table: counts per AU, total, AUs per sample, the 12-AU subset's coverage.
 * @example auDistribution(loadDefaultLabels()).perSample // 1.7178... (12928 / 7526)
 */
export function auDistribution(labels: LabelTable, opts: AuDistributionOptions = {}): AuDistribution {
  return auDistributionOfIndex(indexAus(labels), opts);
}

/** auDistribution on an already encoded AU column. */
export function auDistributionOfIndex(index: AuIndex, opts: AuDistributionOptions = {}): AuDistribution {
  const lateral = opts.lateral ?? 'paper';
  const subsetAus = [...(opts.subset ?? PAPER_AU_SUBSET)];
  const counts = countCodeIds(index);
  const samples = index.rows;
  let samplesWithAus = 0;
  for (let i = 0; i < samples; i++) if (index.offsets[i + 1] > index.offsets[i]) samplesWithAus++;
  const total = index.ids.length;

  const order = index.codes.map((_, i) => i).sort((a, b) => compareAuKeys(index.codes[a], index.codes[b]));
  const byCode: Record<string, number> = {};
  for (const i of order) byCode[index.codes[i]] = counts[i];

  const folded = foldCodes(index.codes, lateral);
  const foldedCounts = new Float64Array(folded.codes.length);
  counts.forEach((c, i) => { foldedCounts[folded.map[i]] += c; });
  const rows: AuCount[] = folded.codes
    .map((key, i) => ({
      key,
      label: lateral === 'paper' ? paperLabel(key) : key,
      count: foldedCounts[i],
      percentOfSamples: samples > 0 ? (100 * foldedCounts[i]) / samples : NaN,
    }))
    .sort((a, b) => compareAuKeys(a.key, b.key));

  const subsetSet = new Set(subsetAus);
  let subsetCount = 0;
  counts.forEach((c, i) => { if (subsetSet.has(lateralKey(index.codes[i], 'fold'))) subsetCount += c; });

  const result = {
    samples, samplesWithAus, total, perSample: samples > 0 ? total / samples : NaN,
    byCode, rows, lateral,
    subset: { aus: subsetAus, count: subsetCount, coverage: total > 0 ? subsetCount / total : NaN },
  };
  return withSummary({ ...result, table: auDistributionTable(result, opts.layout ?? 'long') }, summarizeAuDistribution);
}

/** A cell's value: Table 5's totals. */
function summarizeAuDistribution(d: AuDistribution): string {
  return `AU distribution (Table 5): ${plural(d.samples, 'sample')} (${num(d.samplesWithAus)} with AUs), ${num(d.total)} AU labels, ${num(d.perSample)} per sample, ` +
    `${plural(d.rows.length, 'AU key')} (lateral: ${d.lateral}); the ${d.subset.aus.length}-AU subset covers ${(100 * d.subset.coverage).toFixed(1)}%`;
}

/** The TableSpec of Table 5, long (AU, number, % of samples) or in the paper's six column pairs. */
export function auDistributionTable(d: Omit<AuDistribution, 'table'>, layout: 'long' | 'paper' = 'long'): TableSpec {
  const notes = [
    `Total ${d.total} AU labels on ${d.samples} samples: ${Number.isFinite(d.perSample) ? d.perSample.toFixed(3) : 'n/a'} AUs per sample (Sec. 3.4).`,
    `${d.subset.aus.length}-AU subset (${d.subset.aus.join(', ')}; lateral variants included): ${d.subset.count}/${d.total} = ${Number.isFinite(d.subset.coverage) ? (100 * d.subset.coverage).toFixed(2) : 'n/a'}% of AU labels.`,
  ];
  if (d.lateral === 'paper') notes.push('L/R means the Left/Right half part of an AU (Table 5 footnote 1); AU31/AU38/AU39 are the action descriptors AD31/AD38/AD39.');
  const base = { id: 'table5-au-distribution', title: 'Table 5: Distribution of AU labels', notes };
  if (layout === 'long') {
    return {
      ...base,
      columns: [
        { key: 'au', label: 'AU' },
        { key: 'number', label: 'number', align: 'r' },
        { key: 'percent', label: '% of samples', align: 'r', digits: 1 },
      ],
      rows: [
        ...d.rows.map((r) => ({ au: r.label, number: r.count, percent: r.percentOfSamples })),
        { au: 'Total', number: d.total, percent: null },
      ],
    };
  }
  const cells = [...d.rows.map((r) => [r.label, r.count] as [string, number]), ['Total', d.total] as [string, number]];
  const pairs = 6;
  const height = Math.ceil(cells.length / pairs);
  const columns: TableSpec['columns'] = [];
  for (let p = 0; p < pairs; p++) columns.push({ key: `au${p}`, label: 'AU' }, { key: `n${p}`, label: 'number', align: 'r' });
  const rows = Array.from({ length: height }, (_, r) => {
    const row: Record<string, unknown> = {};
    for (let p = 0; p < pairs; p++) {
      const cell = cells[p * height + r];
      row[`au${p}`] = cell ? cell[0] : null;
      row[`n${p}`] = cell ? cell[1] : null;
    }
    return row;
  });
  return { ...base, columns, rows };
}

/** The kind of each row of a distribution (for figures that colour AUs, ADs and head movements apart). */
export function auKindOf(key: string): 'AU' | 'AD' | 'M' | 'other' {
  return parseAuKey(key).kind;
}
