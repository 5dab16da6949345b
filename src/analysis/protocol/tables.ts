/**
 * The paper's result tables from a folder of prediction exports, as TableSpecs (render with
 * report/table.ts): Table 8 (ME recognition: ACC %, UAR, UF1 per model) and Table 9 (per-AU F1 and
 * their average per model), plus the per-class, most-confused-pair and misclassified-sample tables of
 * the confusion review.
 */
import { fail } from '../labels/issues';
import type { TableSpec } from '../report/table';
import { auMetrics } from './au-metrics';
import type { ConfusedPair, MisclassifiedSample } from './confusion';
import { emotionMetrics, type ClassRule, type EmotionMetrics } from './metrics';
import type { PredictionExport } from './predictions';

/** Metrics of an emotion export (both conventions). */
export function exportMetrics(e: PredictionExport, rule: ClassRule = 'present'): EmotionMetrics {
  if (!e.emotion) fail(e.file, 0, 'y_pred', '', 'not an emotion export');
  return emotionMetrics({ classes: e.emotion.classes, yTrue: e.emotion.yTrue, yPred: e.emotion.yPred, fold: e.fold }, rule);
}

/**
 * Table 8: one row per emotion export. `convention` 'fold_mean' (default, the paper's: average of the
 * folds' values, with their SD) or 'pooled'.
 */
/**
 * The paper's baseline groups (Sec. 4.4, Tables 8 and 9) and printed names, keyed by the model names the
 * evaluation module writes. Models not listed (yours, the simple reference baselines) form "Other".
 */
export const MODEL_GROUPS: Record<string, { group: string; name: string }> = {
  r3d: { group: '3D-CNN Methods', name: 'R3D' },
  i3d: { group: '3D-CNN Methods', name: 'I3D' },
  lbp_top: { group: 'Hand-crafted MER', name: 'LBP-TOP' },
  mdmo: { group: 'Hand-crafted MER', name: 'MDMO' },
  offapexnet: { group: 'Deep Learning MER', name: 'OffApexNet' },
  ststnet: { group: 'Deep Learning MER', name: 'STSTNet' },
  rcn_a: { group: 'Deep Learning MER', name: 'RCN-A' },
  mersiam: { group: 'Deep Learning MER', name: 'MERSiam' },
  fr: { group: 'Deep Learning MER', name: 'FR' },
};
const GROUP_ORDER = ['3D-CNN Methods', 'Hand-crafted MER', 'Deep Learning MER', 'Other'];
const MODEL_ORDER = Object.keys(MODEL_GROUPS);

/** Group and printed name of a model, and its rank in the paper's row order (unknown models last, by name). */
export function modelGroup(model: string): { group: string; name: string } {
  return MODEL_GROUPS[model] ?? { group: 'Other', name: model };
}

function byPaperOrder<T extends { model: string }>(rows: T[]): T[] {
  const rank = (m: string): number => GROUP_ORDER.indexOf(modelGroup(m).group) * 100 + (MODEL_ORDER.includes(m) ? MODEL_ORDER.indexOf(m) : 99);
  return [...rows].sort((a, b) => rank(a.model) - rank(b.model) || a.model.localeCompare(b.model));
}

export function table8(exports: readonly PredictionExport[], opts: { convention?: 'fold_mean' | 'pooled'; rule?: ClassRule } = {}): TableSpec {
  const convention = opts.convention ?? 'fold_mean';
  const emotion = exports.filter((e) => e.emotion);
  if (emotion.length === 0) fail(exports[0]?.file ?? '', 0, '', '', 'no emotion exports (task emotion) for Table 8');
  const rows = byPaperOrder(emotion.map((e) => {
    const m = exportMetrics(e, opts.rule);
    const v = convention === 'fold_mean' ? m.fold_mean : m.pooled;
    return {
      ...modelGroup(e.model), model: e.model, folds: m.per_fold.length, n: m.pooled.n,
      acc: 100 * v.acc, uar: v.uar, uf1: v.uf1,
      acc_sd: 100 * m.fold_sd.acc, uar_sd: m.fold_sd.uar, uf1_sd: m.fold_sd.uf1,
    };
  }));
  const columns: TableSpec['columns'] = [
    { key: 'group', label: 'Group' },
    { key: 'name', label: 'Methods' },
    { key: 'acc', label: 'ACC(%)', align: 'r', digits: 2 },
    { key: 'uar', label: 'UAR', align: 'r', digits: 4 },
    { key: 'uf1', label: 'UF1', align: 'r', digits: 4 },
  ];
  if (convention === 'fold_mean') {
    columns.push(
      { key: 'acc_sd', label: 'ACC SD', align: 'r', digits: 2 },
      { key: 'uar_sd', label: 'UAR SD', align: 'r', digits: 4 },
      { key: 'uf1_sd', label: 'UF1 SD', align: 'r', digits: 4 },
    );
  }
  columns.push({ key: 'folds', label: 'Folds', align: 'r' }, { key: 'n', label: 'Samples', align: 'r' });
  return {
    id: 'table8-me-recognition',
    title: 'TABLE 8: ME recognition performance of baseline methods',
    caption: convention === 'fold_mean'
      ? 'Mean over the test folds (the paper\'s convention), with the sample SD over folds.'
      : 'Pooled over all folds\' predictions (not the paper\'s convention, which averages the folds).',
    columns,
    rows,
    notes: [
      ...(new Set(rows.map((r) => r.n)).size > 1
        ? ['The models were evaluated on different sample sets (column Samples): compare rows only where they match.']
        : []),
      'ACC (Eq. 8), UAR (Eq. 11) and UF1 (Eq. 10) of DFME Sec. 4.3. ' +
      (opts.rule === 'all'
        ? 'Every class enters every macro average (an absent class scores 0).'
        : 'A class with no true and no predicted sample in a fold is left out of that fold\'s macro average.'),
    ],
  };
}

/** Table 9: per-AU F1 with TP/FP/FN summed over folds, and the average, one row per AU export. */
export function table9(exports: readonly PredictionExport[]): TableSpec {
  const au = exports.filter((e) => e.au);
  if (au.length === 0) fail(exports[0]?.file ?? '', 0, '', '', 'no AU exports (task au) for Table 9');
  const aus: string[] = [];
  for (const e of au) for (const a of e.au!.aus) if (!aus.includes(a)) aus.push(a);
  const rows = byPaperOrder(au.map((e) => {
    const m = auMetrics({ aus: e.au!.aus, truth: e.au!.truth, scores: e.au!.scores, fold: e.fold, threshold: e.au!.threshold });
    const row: Record<string, unknown> & { model: string } = { ...modelGroup(e.model), model: e.model, average: m.average };
    for (const s of m.per_au) row[s.au] = s.f1;
    return row;
  }));
  return {
    id: 'table9-au-classification',
    title: 'TABLE 9: AU classification performance of baseline methods',
    caption: 'F1 per AU with TP, FP and FN summed over all folds (Eq. 9); Average = mean of the AU columns.',
    columns: [
      { key: 'group', label: 'Group' },
      { key: 'name', label: 'Methods' },
      ...aus.map((a) => ({ key: a, label: a, align: 'r' as const, digits: 4 })),
      { key: 'average', label: 'Average', align: 'r', digits: 4 },
    ],
    rows,
    notes: ['A score at or above the export\'s threshold (manifest; default 0.5) counts as a detection. An AU a model does not export is left blank and does not enter its average.'],
  };
}

/** Per-class precision, recall, F1 and support (pooled over folds) of one model. */
export function perClassTable(m: EmotionMetrics, model: string): TableSpec {
  return {
    id: `per-class-${model}`,
    title: `Per-class scores: ${model}`,
    caption: 'Pooled over all folds.',
    columns: [
      { key: 'class', label: 'Class' },
      { key: 'precision', label: 'Precision', align: 'r', digits: 4 },
      { key: 'recall', label: 'Recall', align: 'r', digits: 4 },
      { key: 'f1', label: 'F1', align: 'r', digits: 4 },
      { key: 'support', label: 'Support', align: 'r' },
      { key: 'predicted', label: 'Predicted', align: 'r' },
    ],
    rows: m.per_class.map((c) => ({ ...c })),
  };
}

/** The most confused class pairs of one model. */
export function confusedPairsTable(pairs: readonly ConfusedPair[], model: string): TableSpec {
  return {
    id: `confused-pairs-${model}`,
    title: `Most confused class pairs: ${model}`,
    columns: [
      { key: 'true_class', label: 'True' },
      { key: 'predicted', label: 'Predicted as' },
      { key: 'count', label: 'Samples', align: 'r' },
      { key: 'rate', label: '% of true class', align: 'r', digits: 1 },
    ],
    rows: pairs.map((p) => ({ ...p, rate: 100 * p.rate })),
  };
}

/** Drill-down table of misclassified samples with subject and AUs. */
export function misclassifiedTable(rows: readonly MisclassifiedSample[], model: string): TableSpec {
  return {
    id: `misclassified-${model}`,
    title: `Misclassified samples: ${model}`,
    columns: [
      { key: 'sample_id', label: 'Sample' },
      { key: 'subject', label: 'Subject' },
      { key: 'fold', label: 'Fold', align: 'r' },
      { key: 'true_class', label: 'True' },
      { key: 'predicted', label: 'Predicted' },
      { key: 'p_predicted', label: 'p(predicted)', align: 'r', digits: 3 },
      { key: 'p_true', label: 'p(true)', align: 'r', digits: 3 },
      { key: 'aus', label: 'AUs' },
      { key: 'label_row', label: 'Label row', align: 'r' },
    ],
    rows: rows.map((r) => ({ ...r })),
  };
}
