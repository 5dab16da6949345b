import type { Command } from './command';
import { printJson, stringOption } from './command';
import { fail } from '../labels/issues';
import { auMetrics } from '../protocol/au-metrics';
import { bootstrapMetrics } from '../protocol/bootstrap';
import { readPredictions } from '../protocol/predictions';
import { metricsByGroup } from '../protocol/metrics';
import { exportMetrics, groupValues } from '../protocol/tables';
import { choiceOption, intOption, labelsOption } from './protocol-options';


const sd = (x: number, digits: number): string => (Number.isNaN(x) ? '' : ` ± ${x.toFixed(digits)}`);

/** `melab metrics`: ACC, UAR, UF1 (Eqs. 8–11) and AU F1 (Table 9) of one prediction export. */
const metrics: Command = {
  summary: 'ACC, UAR, UF1 per fold, fold mean and pooled; per-AU F1; optional bootstrap intervals',
  usage: [
    'melab metrics --predictions FILE [--labels FILE [--format NAME]] [--rule present|all]',
    '              [--fold-by COL] [--by COL] [--classes a,b,c] [--encoding NAME] [--bootstrap N] [--seed S] [--unit sample|subject] [--json]',
    '',
    'FILE: a prediction export (CSV or JSON Lines; manifest beside it optional). --labels checks sample ids,',
    'subjects and true labels against a label table. "acc", "uar", "uf1" are the mean over folds (the',
    "paper's convention); \"pooled\" holds the same metrics over all folds' predictions together.",
    '--rule present (default): a class with no true and no predicted sample in a fold is left out of that',
    "fold's macro average (scikit-learn's default labels); all: every class counts, absent ones score 0.",
    'AU columns add "aus" {code: F1 with TP/FP/FN summed over folds} and "au_average".',
    '',
    'Your own files: only sample_id, y_true, y_pred are needed. Without a fold column (and no --fold-by)',
    'every row is one fold; --fold-by COL takes the folds from a column (e.g. subject for LOSO; text',
    'labels are fine); the model is named from the file name when there is no model column or manifest;',
    '--classes a,b,c names integer class ids (0 = a, ...). Every such default is stated in "notes".',
    '--by COL adds "by": {value: {acc, uar, uf1, pooled, n}} (e.g. --by dataset for a MEGC2019 composite).',
    'Text must be UTF-8 (checked); --encoding latin1 (or any TextDecoder label) reads other files.',
  ].join('\n'),
  options: {
    predictions: { type: 'string' },
    labels: { type: 'string' },
    format: { type: 'string' },
    rule: { type: 'string' },
    bootstrap: { type: 'string' },
    seed: { type: 'string' },
    unit: { type: 'string' },
    'fold-by': { type: 'string' },
    by: { type: 'string' },
    classes: { type: 'string' },
    encoding: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values) {
    const file = stringOption(values, 'predictions');
    if (!file) fail('', 0, '--predictions', '', 'missing: pass --predictions FILE');
    const rule = choiceOption(values, 'rule', ['present', 'all'] as const, 'present');
    const resamples = intOption(values, 'bootstrap', 0);
    const seed = intOption(values, 'seed', 0);
    const unit = choiceOption(values, 'unit', ['sample', 'subject'] as const, 'sample');
    const by = stringOption(values, 'by');
    const classes = stringOption(values, 'classes');
    const e = readPredictions(file, {
      labels: labelsOption(values, false),
      foldBy: stringOption(values, 'fold-by'),
      classes: classes === undefined ? undefined : classes.split(',').map((c) => c.trim()),
      keep: by && !['dataset', 'subject', 'fold'].includes(by) ? [by] : [],
      encoding: stringOption(values, 'encoding'),
    });
    const out: Record<string, unknown> = { model: e.model, task: e.task, file };
    const lines: string[] = [`${file}: model ${e.model}, task ${e.task}, ${e.sampleIds.length} rows`];
    for (const n of e.notes) lines.push(`note: ${n}`);
    for (const w of e.warnings) lines.push(`warning: ${w}`);
    if (e.emotion) {
      const m = exportMetrics(e, rule);
      Object.assign(out, {
        acc: m.fold_mean.acc, uar: m.fold_mean.uar, uf1: m.fold_mean.uf1,
        sd: m.fold_sd,
        per_fold: m.per_fold.map((f) => ({ fold: e.foldNames ? e.foldNames[f.fold] : f.fold, acc: f.acc, uar: f.uar, uf1: f.uf1, n: f.n, classes_scored: f.classes_scored })),
        pooled: { acc: m.pooled.acc, uar: m.pooled.uar, uf1: m.pooled.uf1, n: m.pooled.n },
        per_class: m.per_class,
        confusion: { classes: m.classes, matrix: m.confusion },
        convention: 'acc, uar, uf1 = mean over folds (DFME Table 8); sd = sample SD over folds; pooled = all folds together',
        class_rule: rule,
      });
      lines.push(
        `fold mean over ${m.per_fold.length} fold${m.per_fold.length === 1 ? ' (one fold: no SD)' : 's'} (Table 8): ACC ${(100 * m.fold_mean.acc).toFixed(2)}%${sd(100 * m.fold_sd.acc, 2)}  UAR ${m.fold_mean.uar.toFixed(4)}${sd(m.fold_sd.uar, 4)}  UF1 ${m.fold_mean.uf1.toFixed(4)}${sd(m.fold_sd.uf1, 4)}`,
        `pooled over all folds:        ACC ${(100 * m.pooled.acc).toFixed(2)}%  UAR ${m.pooled.uar.toFixed(4)}  UF1 ${m.pooled.uf1.toFixed(4)}`,
      );
      if (by) {
        const groups = metricsByGroup({ classes: m.classes, yTrue: e.emotion.yTrue, yPred: e.emotion.yPred, fold: e.fold }, groupValues(e, by), rule);
        out.by_column = by;
        out.by = Object.fromEntries(Object.entries(groups).map(([g, v]) => [g, { acc: v.acc, uar: v.uar, uf1: v.uf1, pooled: v.pooled, n: v.n }]));
        for (const [g, v] of Object.entries(groups)) {
          lines.push(`  ${by} ${g} (${v.n} rows, ${v.folds} folds): fold mean ACC ${(100 * v.acc).toFixed(2)}%  UAR ${v.uar.toFixed(4)}  UF1 ${v.uf1.toFixed(4)}; pooled ACC ${(100 * v.pooled.acc).toFixed(2)}%  UAR ${v.pooled.uar.toFixed(4)}  UF1 ${v.pooled.uf1.toFixed(4)}`);
        }
      }
      if (resamples > 0) {
        const b = bootstrapMetrics({ classes: m.classes, yTrue: e.emotion.yTrue, yPred: e.emotion.yPred, fold: e.fold, subjects: e.subjects }, { resamples, seed, unit, rule });
        out.bootstrap = b;
        lines.push(`bootstrap ${b.level * 100}% (${resamples} resamples, seed ${seed}, unit ${unit}): fold-mean UF1 [${b.fold_mean.uf1.lower.toFixed(4)}, ${b.fold_mean.uf1.upper.toFixed(4)}], UAR [${b.fold_mean.uar.lower.toFixed(4)}, ${b.fold_mean.uar.upper.toFixed(4)}]`);
      }
    }
    if (e.au) {
      const a = auMetrics({ aus: e.au.aus, truth: e.au.truth, scores: e.au.scores, fold: e.fold, threshold: e.au.threshold });
      out.aus = Object.fromEntries(a.per_au.map((s) => [s.au, s.f1]));
      out.au_average = a.average;
      out.au_counts = Object.fromEntries(a.per_au.map((s) => [s.au, { tp: s.tp, fp: s.fp, fn: s.fn, support: s.support }]));
      out.au_threshold = a.threshold;
      lines.push(`AU F1 (TP/FP/FN summed over folds, Table 9; threshold ${a.threshold}): ` + a.per_au.map((s) => `${s.au} ${s.f1.toFixed(4)}`).join('  ') + `  average ${a.average.toFixed(4)}`);
    }
    out.notes = e.notes;
    out.warnings = e.warnings;
    if (values.json) printJson(out);
    else process.stdout.write(lines.join('\n') + '\n');
  },
};

export default metrics;
