/**
 * AU detection metrics of the DFME paper: per-AU F1 (Eq. 9) with TP, FP and FN "calculated based on
 * all ten folds" (Sec. 4.3.2), i.e. summed over the folds before the F1 is taken, and their plain mean
 * over the AUs (Table 9's "Average" column). A score at or above the threshold counts as a detection.
 * An AU with no true and no detected sample has F1 = 0 (scikit-learn's zero_division=0).
 * The per-fold F1 and its mean over folds are offered beside it, named `per_fold`, never mixed in.
 */

export interface AuScore {
  au: string;
  tp: number;
  fp: number;
  fn: number;
  /** Eq. 9 on counts summed over all folds. */
  f1: number;
  /** Samples where the AU is present (TP + FN). */
  support: number;
}

export interface AuMetrics {
  aus: string[];
  threshold: number;
  /** Table 9 convention: counts summed over folds, one F1 per AU. */
  per_au: AuScore[];
  /** Table 9's "Average": mean of the per-AU F1 values. */
  average: number;
  /** Per fold, the F1 of each AU (same order as `aus`) and their mean. */
  per_fold: { fold: number; f1: number[]; average: number }[];
}

/** Input of `auMetrics`: row-major n × A truth (0/1) and scores, with each row's fold id. */
export interface AuArrays {
  aus: readonly string[];
  truth: ArrayLike<number>;
  scores: ArrayLike<number>;
  fold: ArrayLike<number>;
  threshold: number;
}

/** F1 = 2TP / (2TP + FP + FN) (Eq. 9), 0 when the denominator is 0. */
export function f1FromCounts(tp: number, fp: number, fn: number): number {
  const d = 2 * tp + fp + fn;
  return d > 0 ? (2 * tp) / d : 0;
}

/**
 * Per-AU F1 summed over folds and its average (Table 9), plus the per-fold view.
 * @example
 * auMetrics({ aus: ['AU1'], truth: [1, 1, 0], scores: [0.9, 0.2, 0.7], fold: [0, 1, 1], threshold: 0.5 })
 * // per_au[0] = { tp: 1, fp: 1, fn: 1, f1: 0.5 }
 */
export function auMetrics(data: AuArrays): AuMetrics {
  const a = data.aus.length;
  const n = data.fold.length;
  const foldIds = [...new Set(Array.from(data.fold))].sort((x, y) => x - y);
  const pos = new Map(foldIds.map((id, i) => [id, i]));
  // counts[(f * a + j) * 3 + {0: tp, 1: fp, 2: fn}]
  const counts = new Float64Array(foldIds.length * a * 3);
  for (let i = 0; i < n; i++) {
    const base = (pos.get(data.fold[i]) as number) * a;
    for (let j = 0; j < a; j++) {
      const t = data.truth[i * a + j] === 1;
      const p = data.scores[i * a + j] >= data.threshold;
      if (t && p) counts[(base + j) * 3]++;
      else if (p) counts[(base + j) * 3 + 1]++;
      else if (t) counts[(base + j) * 3 + 2]++;
    }
  }
  const perAu: AuScore[] = data.aus.map((au, j) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let f = 0; f < foldIds.length; f++) {
      const c = (f * a + j) * 3;
      tp += counts[c];
      fp += counts[c + 1];
      fn += counts[c + 2];
    }
    return { au, tp, fp, fn, f1: f1FromCounts(tp, fp, fn), support: tp + fn };
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
  return {
    aus: [...data.aus],
    threshold: data.threshold,
    per_au: perAu,
    average: mean(perAu.map((s) => s.f1)),
    per_fold: foldIds.map((fold, f) => {
      const f1 = data.aus.map((_, j) => {
        const c = (f * a + j) * 3;
        return f1FromCounts(counts[c], counts[c + 1], counts[c + 2]);
      });
      return { fold, f1, average: mean(f1) };
    }),
  };
}
