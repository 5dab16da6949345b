/**
 * Independent counting over a synthetic label file as read back by melab's reader (`readLabels`):
 * the marginals the paper publishes (Tables 1, 5, 6, 7) computed from scratch, for the tests to hold
 * against the paper's numbers. Nothing here imports the generator.
 */
import { labelRows, readLabels, type LabelRow } from '../../src/analysis/labels';

export interface ReadSample {
  row: LabelRow;
  subject: string;
  part: string;
  gender: string;
  fps: number;
  emotion: string;
  /** Canonical AU codes as parsed from the AU cell. */
  codes: string[];
  /** Codes with L-/R- folded to the paper's "L/R-" column (Table 5 footnote 1). */
  features: string[];
}

/** `L-AU12`, `R-AU12` → `L/R-AU12`; other codes unchanged (Tables 5–7 count one-sided AUs this way). */
export const foldLateral = (code: string): string => code.replace(/^[LR]-/, 'L/R-');

export function readSynthetic(file: string): { samples: ReadSample[]; issues: number } {
  const labels = readLabels(file);
  const samples = labelRows(labels).map((row) => {
    const codes = row.aus.map((t) => t.code);
    return {
      row, subject: row.subject, part: String(row.part), gender: String(row.gender), fps: Number(row.fps),
      emotion: String(row.emotion), codes, features: codes.map(foldLateral),
    };
  });
  return { samples, issues: labels.issues.length };
}

/** Participants in file order (order of first appearance), as Table 6's "first 300 participants" is read. */
export function subjectsInFileOrder(samples: readonly ReadSample[]): string[] {
  return [...new Set(samples.map((s) => s.subject))];
}

export function firstParticipants(samples: readonly ReadSample[], n: number): ReadSample[] {
  const keep = new Set(subjectsInFileOrder(samples).slice(0, n));
  return samples.filter((s) => keep.has(s.subject));
}

/** Table 6's statistic: percent of an emotion's samples whose AU set contains the feature (L/R folded). */
export function percentWith(samples: readonly ReadSample[], emotion: string, feature: string): number {
  const of = samples.filter((s) => s.emotion === emotion);
  return (100 * of.filter((s) => s.features.includes(feature)).length) / of.length;
}

/** Exact AU combinations of an emotion, most frequent first (features in cell order joined by '+'). */
export function rankedCombinations(samples: readonly ReadSample[], emotions: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const s of samples) {
    if (!emotions.includes(s.emotion)) continue;
    const key = s.features.join('+');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((c) => c[0]);
}
