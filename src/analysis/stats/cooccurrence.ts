/**
 * AU–emotion co-occurrence — the paper's Table 6 ("AUs of High Occurrence in MEs of Seven Discrete
 * Emotion Categories"): for each emotion, the percentage of its samples showing each AU, sorted, with a
 * threshold for "high occurrence". Table 6 footnote 1: "the statistical range is all MEs from the first
 * 300 participants" (`firstParticipants: 300`; participants in order of first appearance in the sheet).
 * Lateral variants count under the paper's "L/R-AUx" key by default (a sample with L-AU12 or R-AU12
 * shows L/R-AU12 once).
 */
import type { LabelTable } from '../labels/model';
import type { TableSpec } from '../util/table-spec';
import { compareAuKeys, foldAuIndex, indexAus, type AuIndex, type LateralFold } from './au-index';
import { columnValues, countParticipants, encodeValues, sortEmotions } from './columns';
import { plural, withSummary } from '../util/inspect-summary';

export interface CooccurrenceOptions {
  /** Folding of lateral variants (default `paper`: L/R-AUx). */
  lateral?: LateralFold;
  /** Only the samples of the first N participants, in order of first appearance (Table 6: 300). */
  firstParticipants?: number;
  /** Percent at or above which an AU is of "high occurrence" (default 4.5: Table 6 lists nothing below 4.8). */
  threshold?: number;
  /** Emotions to report, in this order (default: every emotion present, DFME's order first). */
  emotions?: readonly string[];
  /** Label column (default `emotion`; e.g. SAMM's `objective_class`). */
  labelColumn?: string;
}

export interface AuOccurrence {
  code: string;
  count: number;
  percent: number;
}

export interface AuEmotionCooccurrence {
  emotions: string[];
  /** Every AU key seen in the selected samples, in Table 5 order. */
  codes: string[];
  /** Samples per emotion in the selection. */
  samples: Record<string, number>;
  /** Per emotion, every AU shown by at least one of its samples, by percent descending (ties in Table 5 order). */
  occurrences: Record<string, AuOccurrence[]>;
  /** Per emotion, the AUs at or above the threshold (Table 6's rows). */
  high: Record<string, AuOccurrence[]>;
  threshold: number;
  /** Participants whose samples were used (all, or the first N). */
  participants: number;
  /** Rows used, and rows left out with the reason. */
  rowsUsed: number;
  excluded: { reason: string; rows: number }[];
  table: TableSpec;
}

/** The row mask of a participant restriction: rows of the first `n` subjects in order of appearance. */
export function firstParticipantsMask(labels: LabelTable, n: number): { mask: Uint8Array; participants: number } {
  const ds = columnValues<string>(labels, 'dataset');
  const subj = columnValues<string>(labels, 'subject');
  const rows = subj.length;
  let mixed = false;
  for (let i = 1; i < rows && !mixed; i++) mixed = ds[i] !== ds[0];
  const rank = new Map<string, number>();
  const mask = new Uint8Array(rows);
  let r = -1;
  for (let i = 0; i < rows; i++) {
    if (i > 0 && subj[i] === subj[i - 1] && ds[i] === ds[i - 1]) {
      if (r < n) mask[i] = 1; // within a run of one participant
      continue;
    }
    const key = mixed ? `${ds[i]}/${subj[i]}` : String(subj[i]);
    r = rank.get(key) ?? -1;
    if (r < 0) {
      r = rank.size;
      rank.set(key, r);
    }
    if (r < n) mask[i] = 1;
  }
  return { mask, participants: Math.min(n, rank.size) };
}

/** The emotion code of each row, −1 for rows left out (no emotion, not selected, masked). */
export interface EmotionSelection {
  emotions: string[];
  codes: Int32Array;
  samples: Int32Array;
  excluded: { reason: string; rows: number }[];
  participants: number;
}

/** Selects the rows of an analysis: emotion present and chosen, participant restriction applied. */
export function selectEmotionRows(
  labels: LabelTable,
  opts: { emotions?: readonly string[]; firstParticipants?: number; labelColumn?: string } = {},
): EmotionSelection {
  const enc = encodeValues(columnValues(labels, opts.labelColumn ?? 'emotion'));
  const emotions = opts.emotions ? [...opts.emotions] : sortEmotions(enc.levels);
  const remap = new Int32Array(enc.levels.length).fill(-1);
  enc.levels.forEach((l, i) => { remap[i] = emotions.indexOf(l); });
  const n = enc.codes.length;
  const codes = new Int32Array(n);
  const samples = new Int32Array(emotions.length);
  let noLabel = 0;
  let notChosen = 0;
  let masked = 0;
  const restriction = opts.firstParticipants !== undefined ? firstParticipantsMask(labels, opts.firstParticipants) : null;
  for (let i = 0; i < n; i++) {
    const c = enc.codes[i];
    let e = -1;
    if (restriction && !restriction.mask[i]) masked++;
    else if (c < 0) noLabel++;
    else if ((e = remap[c]) < 0) notChosen++;
    codes[i] = e;
    if (e >= 0) samples[e]++;
  }
  const excluded: { reason: string; rows: number }[] = [];
  if (masked) excluded.push({ reason: `not among the first ${opts.firstParticipants} participants`, rows: masked });
  if (noLabel) excluded.push({ reason: 'no emotion label', rows: noLabel });
  if (notChosen) excluded.push({ reason: 'emotion not among those analysed', rows: notChosen });
  const participants = restriction ? restriction.participants : countParticipants(labels);
  return { emotions, codes, samples, excluded, participants };
}

/** Counts[emotion × code] of samples showing each code (typed-array counting over code ids). */
export function auCountsByEmotion(index: AuIndex, emotionCodes: Int32Array, emotions: number): Int32Array {
  const k = index.codes.length;
  const counts = new Int32Array(emotions * k);
  const { offsets, ids } = index;
  for (let i = 0; i < index.rows; i++) {
    const e = emotionCodes[i];
    if (e < 0) continue;
    const base = e * k;
    for (let j = offsets[i]; j < offsets[i + 1]; j++) counts[base + ids[j]]++;
  }
  return counts;
}

/**
 * Table 6: per emotion, percent of its samples showing each AU, sorted, with the high-occurrence ones.
 * @example auEmotionCooccurrence(labels, {firstParticipants: 300}).high.happiness[0] // {code: 'AU12', percent: 79.8, ...}
 */
export function auEmotionCooccurrence(labels: LabelTable, opts: CooccurrenceOptions = {}): AuEmotionCooccurrence {
  const threshold = opts.threshold ?? 4.5;
  const sel = selectEmotionRows(labels, opts);
  const index = foldAuIndex(indexAus(labels), opts.lateral ?? 'paper');
  const counts = auCountsByEmotion(index, sel.codes, sel.emotions.length);
  const k = index.codes.length;
  const samples: Record<string, number> = {};
  const occurrences: Record<string, AuOccurrence[]> = {};
  const high: Record<string, AuOccurrence[]> = {};
  const present = new Uint8Array(k);
  sel.emotions.forEach((emotion, e) => {
    const n = sel.samples[e];
    samples[emotion] = n;
    const list: AuOccurrence[] = [];
    for (let c = 0; c < k; c++) {
      const count = counts[e * k + c];
      if (count > 0) {
        present[c] = 1;
        list.push({ code: index.codes[c], count, percent: (100 * count) / n });
      }
    }
    list.sort((a, b) => b.count - a.count || compareAuKeys(a.code, b.code));
    occurrences[emotion] = list;
    high[emotion] = list.filter((o) => o.percent >= threshold);
  });
  const rowsUsed = sel.samples.reduce((s, v) => s + v, 0);
  const result = {
    emotions: sel.emotions,
    codes: index.codes.filter((_, c) => present[c]).sort(compareAuKeys),
    samples, occurrences, high, threshold,
    participants: sel.participants, rowsUsed, excluded: sel.excluded,
  };
  return withSummary({ ...result, table: cooccurrenceTable(result) }, summarizeCooccurrence);
}

/** A cell's value: Table 6's selection and its threshold. */
function summarizeCooccurrence(c: AuEmotionCooccurrence): string {
  const highs = c.emotions.map((e) => `${e} ${c.high[e]?.length ?? 0}`).join(', ');
  return `AU × emotion co-occurrence (Table 6): ${plural(c.rowsUsed, 'sample')} of ${plural(c.participants, 'participant')}, ${plural(c.emotions.length, 'emotion')}, ${plural(c.codes.length, 'AU key')}; ` +
    `AUs ≥ ${c.threshold}%: ${highs}`;
}

/** `{emotion: {code: percent}}` — the JSON of `melab stats --table 6 --json` (DESIGN.md). */
export function cooccurrencePercentMap(c: Pick<AuEmotionCooccurrence, 'emotions' | 'occurrences'>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const e of c.emotions) out[e] = Object.fromEntries(c.occurrences[e].map((o) => [o.code, o.percent]));
  return out;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The TableSpec of Table 6: an (AU, pct) column pair per emotion, high-occurrence AUs by rank. */
export function cooccurrenceTable(c: Omit<AuEmotionCooccurrence, 'table'>): TableSpec {
  const columns: TableSpec['columns'] = [];
  for (const e of c.emotions) {
    columns.push({ key: `${e}:au`, label: `${capitalize(e)} AU` }, { key: `${e}:pct`, label: 'pct(%)', align: 'r', digits: 1 });
  }
  const depth = Math.max(0, ...c.emotions.map((e) => c.high[e].length));
  const rows = Array.from({ length: depth }, (_, r) => {
    const row: Record<string, unknown> = {};
    for (const e of c.emotions) {
      const o = c.high[e][r];
      row[`${e}:au`] = o ? o.code : null;
      row[`${e}:pct`] = o ? o.percent : null;
    }
    return row;
  });
  const notes = [
    `pct: percent of the emotion's samples showing the AU; AUs at or above ${c.threshold}% listed. Samples: ${c.emotions.map((e) => `${e} ${c.samples[e]}`).join(', ')}; ${c.participants} participants.`,
  ];
  for (const x of c.excluded) notes.push(`Left out: ${x.rows} rows (${x.reason}).`);
  return { id: 'table6-au-emotion-occurrence', title: 'Table 6: AUs of high occurrence in MEs per emotion', columns, rows, notes };
}
