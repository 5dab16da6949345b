/**
 * The paper's result tables from a folder of prediction exports, as TableSpecs (render with
 * report/table.ts): Table 8 (ME recognition: ACC %, UAR, UF1 per model) and Table 9 (per-AU F1 and
 * their average per model), plus the per-class, most-confused-pair and misclassified-sample tables of
 * the confusion review.
 */
import { fail } from '../labels/issues';
import type { TableSpec } from '../util/table-spec';
import { auMetrics } from './au-metrics';
import type { ConfusedPair, MisclassifiedSample } from './confusion';
import { emotionMetrics, metricsByGroup, type ClassRule, type EmotionMetrics } from './metrics';
import { byPaperOrder, exportProvenance, isDemoRun, modelInfo, modelName, paperModels, PAPER_SOURCE, provenanceCell, OTHER_GROUP } from './models';
export { modelName } from './models';
import type { PredictionExport } from './predictions';

/**
 * Metrics of an emotion export (both conventions).
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const m = melab.protocol.exportMetrics(ststnet);
 * console.assert(m.pooled.uf1 > 0 && m.pooled.uf1 <= 1);
 */
export function exportMetrics(e: PredictionExport, rule: ClassRule = 'present'): EmotionMetrics {
  if (!e.emotion) fail(e.file, 0, 'y_pred', '', 'not an emotion export');
  return emotionMetrics({ classes: e.emotion.classes, yTrue: e.emotion.yTrue, yPred: e.emotion.yPred, fold: e.fold }, rule);
}

/** Title words and the caption's first sentence: a demo on synthetic faces must not read as the paper's results. */
function honestHeading(exports: readonly PredictionExport[], what: string, table: 8 | 9): { title: string; lead: string } {
  const demo = isDemoRun(exports);
  return {
    title: `${what} measured on these exports, beside the paper's Table ${table}`,
    lead: demo
      ? `DEMO, NOT THE PAPER'S RESULTS: these exports ran on synthetic faces or on inputs their manifests do not state (column Run), so they cannot be compared with the paper's values printed beside them.`
      : `Measured on these exports (column Run), with the paper's published values beside them.`,
  };
}

/** Paper rows without an export are shown where some export is one of the paper's models. */
const comparesPaperModels = (exports: readonly PredictionExport[]): boolean => exports.some((e) => modelInfo(e.model).group !== OTHER_GROUP);

const provenanceNotes = (exports: readonly PredictionExport[]): string[] =>
  [`Paper values: ${PAPER_SOURCE}.`, ...byPaperOrder(exports, (e) => e.model).map((e) => `Run of ${exportProvenance(e).summary}.`)];

/**
 * Table 8: one row per emotion export, in the paper's model order (models.json), with the paper's
 * published ACC, UAR and UF1 beside, each row's provenance (column Run), and a row for each paper model
 * without an export (MERSiam and FR have no public code). `convention` 'fold_mean' (default, the
 * paper's: average of the folds' values, with their SD) or 'pooled'; `by` adds one row per group of
 * each export (a composite's databases).
 * @example
 * const exports = melab.protocol.readPredictionDir(`${melab.report.melabDataDir()}/predictions`).filter((e) => e.emotion);
 * const t = melab.protocol.table8(exports);
 * console.assert(t.rows.length >= exports.length);
 */
export function table8(
  exports: readonly PredictionExport[],
  /** paperRows: a row for each paper model without an export (default: when some export is a paper model). */
  opts: { convention?: 'fold_mean' | 'pooled'; rule?: ClassRule; by?: string; paperRows?: boolean } = {},
): TableSpec {
  const convention = opts.convention ?? 'fold_mean';
  const emotion = byPaperOrder(exports.filter((e) => e.emotion), (e) => e.model);
  if (emotion.length === 0) fail(exports[0]?.file ?? '', 0, '', '', 'no emotion exports (task emotion) for Table 8');
  const paperOf = (model: string): Record<string, unknown> => {
    const t = modelInfo(model).paper?.table8;
    return t ? { paper_acc: t.acc, paper_uar: t.uar, paper_uf1: t.uf1 } : {};
  };
  const rows: Record<string, unknown>[] = [];
  for (const e of emotion) {
    const info = modelInfo(e.model);
    const m = exportMetrics(e, opts.rule);
    const v = convention === 'fold_mean' ? m.fold_mean : m.pooled;
    rows.push({
      group: info.group, name: info.name, model: e.model, folds: m.per_fold.length, n: m.pooled.n,
      acc: 100 * v.acc, uar: v.uar, uf1: v.uf1,
      acc_sd: 100 * m.fold_sd.acc, uar_sd: m.fold_sd.uar, uf1_sd: m.fold_sd.uf1,
      ...paperOf(e.model), run: provenanceCell(exportProvenance(e)),
    });
    if (opts.by) {
      const groups = groupValues(e, opts.by);
      const by = metricsByGroup({ classes: e.emotion!.classes, yTrue: e.emotion!.yTrue, yPred: e.emotion!.yPred, fold: e.fold }, groups, opts.rule);
      for (const [g, gm] of Object.entries(by)) {
        const gv = convention === 'fold_mean' ? gm : gm.pooled;
        rows.push({ group: info.group, name: `${info.name} · ${opts.by} ${g}`, model: e.model, folds: gm.folds, n: gm.n, acc: 100 * gv.acc, uar: gv.uar, uf1: gv.uf1, run: `rows with ${opts.by} = ${g}` });
      }
    }
  }
  const present = new Set(emotion.map((e) => modelInfo(e.model).id));
  const missing = (opts.paperRows ?? comparesPaperModels(emotion)) ? paperModels().filter((m) => !present.has(m.id) && m.paper?.table8) : [];
  for (const m of missing) {
    rows.push({ group: m.group, name: m.name, model: m.id, ...paperOf(m.id), run: m.trainable ? 'no export in this folder' : `absent (${m.absent})`, rank: m.rank });
  }
  const ordered = byPaperOrder(rows, (r) => String(r.model));
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
  columns.push(
    { key: 'folds', label: 'Folds', align: 'r' }, { key: 'n', label: 'Samples', align: 'r' },
    { key: 'paper_acc', label: 'Paper ACC(%)', align: 'r', digits: 2 },
    { key: 'paper_uar', label: 'Paper UAR', align: 'r', digits: 4 },
    { key: 'paper_uf1', label: 'Paper UF1', align: 'r', digits: 4 },
    { key: 'run', label: 'Run (from the manifest)' },
  );
  const heading = honestHeading(emotion, 'ME recognition (ACC, UAR, UF1)', 8);
  return {
    id: 'table8-me-recognition',
    title: heading.title,
    caption: `${heading.lead} ` + (convention === 'fold_mean'
      ? 'Mean over the test folds (the paper\'s convention), with the sample SD over folds.'
      : 'Pooled over all folds\' predictions (not the paper\'s convention, which averages the folds).'),
    columns,
    rows: ordered,
    notes: [
      ...(new Set(emotion.map((e) => e.sampleIds.length)).size > 1
        ? ['The models were evaluated on different sample sets (column Samples): compare rows only where they match.']
        : []),
      'ACC (Eq. 8), UAR (Eq. 11) and UF1 (Eq. 10) of DFME Sec. 4.3. ' +
      (opts.rule === 'all'
        ? 'Every class enters every macro average (an absent class scores 0).'
        : 'A class with no true and no predicted sample in a fold is left out of that fold\'s macro average.'),
      ...provenanceNotes(emotion),
    ],
  };
}

/** Each row's value of a grouping column: dataset and subject as read, fold (its label), or a kept column. */
export function groupValues(e: PredictionExport, column: string): string[] {
  if (column === 'dataset') return e.datasets;
  if (column === 'subject') return e.subjects;
  if (column === 'fold') return Array.from(e.fold, (f) => (e.foldNames ? e.foldNames[f] : String(f)));
  const v = e.extra[column];
  if (!v) fail(e.file, 1, column, '', `no column "${column}" kept for grouping (read the export with keep: ["${column}"])`);
  return v;
}

/**
 * Table 9: per-AU F1 with TP/FP/FN summed over folds, and the average: for each AU export a measured
 * row and, beneath it, the paper's published row (Values column); the paper's models without an
 * export keep their published row.
 * @example
 * const exports = melab.protocol.readPredictionDir(`${melab.report.melabDataDir()}/predictions`).filter((e) => e.au);
 * const t = melab.protocol.table9(exports);
 * console.assert(t.rows.length >= exports.length);
 */
export function table9(exports: readonly PredictionExport[], opts: { paperRows?: boolean } = {}): TableSpec {
  const au = byPaperOrder(exports.filter((e) => e.au), (e) => e.model);
  if (au.length === 0) fail(exports[0]?.file ?? '', 0, '', '', 'no AU exports (task au) for Table 9');
  const aus: string[] = [];
  for (const e of au) for (const a of e.au!.aus) if (!aus.includes(a)) aus.push(a);
  const paperRow = (id: string, run: string): Record<string, unknown> | null => {
    const info = modelInfo(id);
    const t = info.paper?.table9;
    return t ? { group: info.group, name: info.name, model: info.id, values: 'paper (Table 9)', ...t, run } : null;
  };
  const rows: Record<string, unknown>[] = [];
  for (const e of au) {
    const info = modelInfo(e.model);
    const m = auMetrics({ aus: e.au!.aus, truth: e.au!.truth, scores: e.au!.scores, fold: e.fold, threshold: e.au!.threshold });
    const row: Record<string, unknown> = { group: info.group, name: info.name, model: e.model, values: 'measured', average: m.average, run: provenanceCell(exportProvenance(e)) };
    for (const s of m.per_au) row[s.au] = s.f1;
    rows.push(row);
    const p = paperRow(e.model, '');
    if (p) rows.push(p);
  }
  const present = new Set(au.map((e) => modelInfo(e.model).id));
  if (opts.paperRows ?? comparesPaperModels(au)) {
    for (const m of paperModels()) {
      if (present.has(m.id)) continue;
      const p = paperRow(m.id, m.trainable ? 'no export in this folder' : `absent (${m.absent})`);
      if (p) rows.push(p);
    }
  }
  const heading = honestHeading(au, 'AU classification (F1 per AU)', 9);
  return {
    id: 'table9-au-classification',
    title: heading.title,
    caption: `${heading.lead} F1 per AU with TP, FP and FN summed over all folds (Eq. 9); Average = mean of the AU columns.`,
    columns: [
      { key: 'group', label: 'Group' },
      { key: 'name', label: 'Methods' },
      { key: 'values', label: 'Values' },
      ...aus.map((a) => ({ key: a, label: a, align: 'r' as const, digits: 4 })),
      { key: 'average', label: 'Average', align: 'r', digits: 4 },
      { key: 'run', label: 'Run (from the manifest)' },
    ],
    rows: byPaperOrder(rows, (r) => String(r.model)),
    notes: [
      'A score at or above the export\'s threshold (manifest; default 0.5) counts as a detection. An AU a model does not export is left blank and does not enter its average.',
      ...provenanceNotes(au),
    ],
  };
}

/**
 * Per-class precision, recall, F1 and support (pooled over folds) of one model.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const t = melab.protocol.perClassTable(melab.protocol.exportMetrics(ststnet), ststnet.model);
 * console.assert(t.rows.length === melab.protocol.confusionMatrix(ststnet).classes.length);
 */
export function perClassTable(m: EmotionMetrics, model: string): TableSpec {
  return {
    id: `per-class-${model}`,
    title: `Per-class scores: ${modelName(model)}`,
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

/**
 * The most confused class pairs of one model.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const pairs = melab.protocol.mostConfusedPairs(melab.protocol.confusionMatrix(ststnet), { top: 5 });
 * melab.protocol.confusedPairsTable(pairs, ststnet.model).rows.length // 5
 */
export function confusedPairsTable(pairs: readonly ConfusedPair[], model: string): TableSpec {
  return {
    id: `confused-pairs-${model}`,
    title: `Most confused class pairs: ${modelName(model)}`,
    columns: [
      { key: 'true_class', label: 'True' },
      { key: 'predicted', label: 'Predicted as' },
      { key: 'count', label: 'Samples', align: 'r' },
      { key: 'rate', label: '% of true class', align: 'r', digits: 1 },
    ],
    rows: pairs.map((p) => ({ ...p, rate: 100 * p.rate })),
  };
}

/**
 * Drill-down table of misclassified samples with subject and AUs.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const wrong = melab.protocol.misclassifiedSamples(ststnet).slice(0, 4);
 * melab.protocol.misclassifiedTable(wrong, ststnet.model).rows.length // 4
 */
export function misclassifiedTable(rows: readonly MisclassifiedSample[], model: string): TableSpec {
  return {
    id: `misclassified-${model}`,
    title: `Misclassified samples: ${modelName(model)}`,
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
