/**
 * Simple, documented baselines that turn a label table into genuine prediction exports under the
 * paper's protocol (subject-independent 10-fold, Sec. 4.3): each fold's model is fitted on the other
 * nine folds' samples only and predicts the held-out subjects. They are references beside the trained
 * models of the evaluation module: how far the annotated AUs alone take emotion recognition, and what a
 * classifier that ignores its input scores. Their files are named `reference-…` and ship in
 * data/reference-baselines/.
 *
 * - `au-naive-bayes` (emotion): Bernoulli naive Bayes over AU presence (AU number, side ignored),
 *   Laplace smoothing (+1) on class priors and on P(AU | class). Classes: DFME's seven emotions; samples
 *   labelled "others" or without an emotion are not in the emotion task (counted in the manifest).
 * - `majority-class` (emotion): predicts the training folds' most frequent emotion, probabilities = the
 *   training class frequencies.
 * - `emotion-conditional-au-rate` (au): score of an AU = its smoothed frequency among training samples
 *   of the sample's annotated emotion, (n_{e,AU} + 1) / (n_e + 2). It is given the TRUE emotion, so it
 *   is an upper-bound-style reference of how much the emotion label alone says about AUs, not a detector.
 * - `au-base-rate` (au, not in the demo folder: every AU of DFME is below 50% so it never detects one):
 *   score = smoothed training frequency of the AU, the same for every sample.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { DFME_EMOTIONS } from '../labels/emotions';
import { PAPER_AU_SUBSET } from '../labels/vocabulary';
import { labelRows, sampleIdsOf, type LabelTable } from '../labels/model';
import { makeSplits } from './splits';
import { labelHasAu, writePredictions, type PredictionExportInput } from './predictions';

/** File-name prefix of the reference baselines' exports (kept apart from the evaluation module's models). */
export const REFERENCE_PREFIX = 'reference-';

interface Prepared {
  ids: string[];
  subjects: string[];
  datasets: string[];
  emotions: (string | null)[];
  /** Per row, the AU features present (kind + number, e.g. AU12, AD38). */
  features: string[][];
  /** Per row, the Table 9 AU truth (0/1). */
  auTruth: number[][];
  fold: number[];
}

function prepare(labels: LabelTable, folds: number, seed: number): Prepared {
  const split = makeSplits(labels, { folds, seed });
  const foldOf = new Map(split.rows.map((r) => [r.sample_id, r.fold]));
  const rows = labelRows(labels);
  const ids = sampleIdsOf(labels);
  const seen = new Set<string>();
  const keep = ids.map((id, i) => (seen.has(id) ? -1 : (seen.add(id), i))).filter((i) => i >= 0); // duplicate clips once
  return {
    ids: keep.map((i) => ids[i]),
    subjects: keep.map((i) => String(rows[i].subject)),
    datasets: keep.map((i) => String(rows[i].dataset)),
    emotions: keep.map((i) => rows[i].emotion),
    features: keep.map((i) => [...new Set(rows[i].aus.map((t) => `${t.kind}${t.number}`))]),
    auTruth: keep.map((i) => PAPER_AU_SUBSET.map((au) => (labelHasAu(rows[i].aus, au) ? 1 : 0))),
    fold: keep.map((i) => foldOf.get(ids[i]) as number),
  };
}

/** Emotion-task rows: those labelled with one of DFME's seven emotions. */
function emotionRows(p: Prepared): number[] {
  return p.emotions.map((e, i) => (e && DFME_EMOTIONS.includes(e as never) ? i : -1)).filter((i) => i >= 0);
}

const argmax = (xs: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
};

/**
 * Scores one held-out row: writes its K class probabilities into `probs` and returns the predicted
 * class index (decided on the model's own scores, so ties fall as the model breaks them).
 */
type EmotionScorer = (row: number, probs: Float64Array) => number;

/**
 * The cross-validation loop of the emotion baselines: per fold (Sec. 4.3's subject-independent folds),
 * `fit` sees the other folds' rows only and returns the scorer of the fold's rows.
 */
function crossValidatedEmotion(
  labels: LabelTable,
  opts: { folds?: number; seed?: number },
  model: string,
  description: string,
  fit: (train: readonly number[], ctx: { p: Prepared; rows: readonly number[]; classes: readonly string[] }) => EmotionScorer,
): PredictionExportInput {
  const folds = opts.folds ?? 10;
  const seed = opts.seed ?? 0;
  const p = prepare(labels, folds, seed);
  const rows = emotionRows(p);
  const classes = [...DFME_EMOTIONS] as string[];
  const k = classes.length;
  const probs = new Float64Array(rows.length * k);
  const yPred: string[] = new Array(rows.length);
  for (const f of [...new Set(rows.map((i) => p.fold[i]))].sort((a, b) => a - b)) {
    const score = fit(rows.filter((i) => p.fold[i] !== f), { p, rows, classes });
    rows.forEach((i, r) => {
      if (p.fold[i] === f) yPred[r] = classes[score(i, probs.subarray(r * k, (r + 1) * k))];
    });
  }
  return emotionExport(model, p, rows, classes, yPred, probs, folds, seed, description);
}

/** Bernoulli naive Bayes over AU presence, fitted per fold on the training folds. */
export function naiveBayesBaseline(labels: LabelTable, opts: { folds?: number; seed?: number } = {}): PredictionExportInput {
  const description = 'Bernoulli naive Bayes over AU presence (AU number, side ignored), Laplace smoothing; fitted per fold on the other folds.';
  return crossValidatedEmotion(labels, opts, 'au-naive-bayes', description, (train, { p, rows, classes }) => {
    const k = classes.length;
    const vocab = [...new Set(rows.flatMap((i) => p.features[i]))].sort();
    const v = vocab.length;
    const col = new Map(vocab.map((f, j) => [f, j]));
    const nc = new Float64Array(k);
    const ncj = new Float64Array(k * v);
    for (const i of train) {
      const c = classes.indexOf(p.emotions[i] as string);
      nc[c]++;
      for (const feat of p.features[i]) ncj[c * v + (col.get(feat) as number)]++;
    }
    // log P(c) + Σ_j log(1 − θ_cj) once; each present AU adds log θ_cj − log(1 − θ_cj)
    const base = new Float64Array(k);
    const delta = new Float64Array(k * v);
    for (let c = 0; c < k; c++) {
      base[c] = Math.log((nc[c] + 1) / (train.length + k));
      for (let j = 0; j < v; j++) {
        const theta = (ncj[c * v + j] + 1) / (nc[c] + 2);
        base[c] += Math.log(1 - theta);
        delta[c * v + j] = Math.log(theta) - Math.log(1 - theta);
      }
    }
    return (i, out) => {
      const logp = Float64Array.from(base);
      for (const feat of p.features[i]) { const j = col.get(feat) as number; for (let c = 0; c < k; c++) logp[c] += delta[c * v + j]; }
      const m = Math.max(...logp);
      let z = 0;
      for (let c = 0; c < k; c++) { logp[c] = Math.exp(logp[c] - m); z += logp[c]; }
      for (let c = 0; c < k; c++) out[c] = logp[c] / z;
      return argmax(logp);
    };
  });
}

/** Predicts the training folds' most frequent emotion; probabilities = training class frequencies. */
export function majorityClassBaseline(labels: LabelTable, opts: { folds?: number; seed?: number } = {}): PredictionExportInput {
  const description = 'Predicts the most frequent emotion of the training folds; probabilities are the training class frequencies.';
  return crossValidatedEmotion(labels, opts, 'majority-class', description, (train, { p, classes }) => {
    const nc = new Float64Array(classes.length);
    for (const i of train) nc[classes.indexOf(p.emotions[i] as string)]++;
    const best = argmax(nc);
    return (_, out) => {
      for (let c = 0; c < classes.length; c++) out[c] = nc[c] / train.length;
      return best;
    };
  });
}

function emotionExport(
  model: string, p: Prepared, rows: number[], classes: string[], yPred: string[], probs: Float64Array, folds: number, seed: number, description: string,
): PredictionExportInput {
  return {
    model: REFERENCE_PREFIX + model,
    sampleIds: rows.map((i) => p.ids[i]),
    subjects: rows.map((i) => p.subjects[i]),
    datasets: rows.map((i) => p.datasets[i]),
    fold: rows.map((i) => p.fold[i]),
    emotion: { classes, yTrue: rows.map((i) => p.emotions[i] as string), yPred, probs },
    manifest: {
      seed, folds, description,
      excluded: { samples: p.ids.length - rows.length, reason: 'emotion not one of the seven DFME emotions (others or missing)' },
    },
  };
}

/**
 * AU scores from the training folds' AU frequencies: per the sample's annotated emotion
 * (`conditional: true`, model emotion-conditional-au-rate) or overall (model au-base-rate).
 */
export function emotionAuRateBaseline(labels: LabelTable, opts: { folds?: number; seed?: number; conditional?: boolean } = {}): PredictionExportInput {
  const folds = opts.folds ?? 10;
  const seed = opts.seed ?? 0;
  const conditional = opts.conditional ?? true;
  const p = prepare(labels, folds, seed);
  const a = PAPER_AU_SUBSET.length;
  const n = p.ids.length;
  const scores = new Float64Array(n * a);
  const key = (i: number): string => (conditional ? p.emotions[i] ?? 'unlabelled' : 'all');
  for (const f of new Set(p.fold)) {
    const count = new Map<string, { n: number; au: Float64Array }>();
    for (let i = 0; i < n; i++) {
      if (p.fold[i] === f) continue;
      const c = count.get(key(i)) ?? { n: 0, au: new Float64Array(a) };
      c.n++;
      p.auTruth[i].forEach((t, j) => { c.au[j] += t; });
      count.set(key(i), c);
    }
    for (let i = 0; i < n; i++) {
      if (p.fold[i] !== f) continue;
      const c = count.get(key(i)) ?? { n: 0, au: new Float64Array(a) };
      for (let j = 0; j < a; j++) scores[i * a + j] = (c.au[j] + 1) / (c.n + 2);
    }
  }
  return {
    model: REFERENCE_PREFIX + (conditional ? 'emotion-conditional-au-rate' : 'au-base-rate'),
    sampleIds: p.ids, subjects: p.subjects, datasets: p.datasets, fold: p.fold,
    au: { aus: [...PAPER_AU_SUBSET], truth: p.auTruth.flat(), scores, threshold: 0.5 },
    manifest: {
      seed, folds,
      description: conditional
        ? 'Score = (n(emotion, AU) + 1) / (n(emotion) + 2) over the training folds, given the sample\'s TRUE emotion label: a reference, not a detector.'
        : 'Score = (n(AU) + 1) / (n + 2) over the training folds, the same for every sample.',
    },
  };
}

/**
 * Fits every baseline on `labels` and writes its export + manifest to `dir` as
 * `reference-<model>-<task>.csv` (probabilities and scores to 6 decimals). Returns the written file paths.
 */
export function writeReferenceBaselines(labels: LabelTable, dir: string, opts: { folds?: number; seed?: number; codeVersion?: string } = {}): string[] {
  const makers: [() => PredictionExportInput, string][] = [
    [() => naiveBayesBaseline(labels, opts), 'emotion'],
    [() => majorityClassBaseline(labels, opts), 'emotion'],
    [() => emotionAuRateBaseline(labels, { ...opts, conditional: true }), 'au'],
  ];
  return makers.map(([make, task]) => {
    const t0 = process.hrtime.bigint();
    const input = make();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    input.manifest = {
      ...input.manifest,
      code_version: opts.codeVersion ?? 'melab',
      hardware: `${os.cpus()[0]?.model ?? 'CPU'} (TypeScript, CPU)`,
      timings: { total_s: Number(seconds.toFixed(3)) },
      created: new Date().toISOString(),
      labels: labels.file ? path.basename(labels.file) : '',
    };
    return writePredictions(input, path.join(dir, `${input.model}-${task}.csv`), { digits: 6 }).file;
  });
}
