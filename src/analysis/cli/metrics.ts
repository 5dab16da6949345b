import type { Command } from './command';
import { printJson, stringOption } from './command';
import { fail } from '../labels/issues';
import { auMetrics } from '../protocol/au-metrics';
import { bootstrapMetrics } from '../protocol/bootstrap';
import { readPredictions } from '../protocol/predictions';
import { exportMetrics } from '../protocol/tables';
import { choiceOption, intOption, labelsOption } from './protocol-options';


/** `melab metrics`: ACC, UAR, UF1 (Eqs. 8–11) and AU F1 (Table 9) of one prediction export. */
const metrics: Command = {
  summary: 'ACC, UAR, UF1 per fold, fold mean and pooled; per-AU F1; optional bootstrap intervals',
  usage: [
    'melab metrics --predictions FILE [--labels FILE [--format NAME]] [--rule present|all]',
    '              [--bootstrap N] [--seed S] [--unit sample|subject] [--json]',
    '',
    'FILE: a prediction export (CSV or JSON Lines; manifest beside it optional). --labels checks sample ids,',
    'subjects and true labels against a label table. "acc", "uar", "uf1" are the mean over folds (the',
    "paper's convention); \"pooled\" holds the same metrics over all folds' predictions together.",
    '--rule present (default): a class with no true and no predicted sample in a fold is left out of that',
    "fold's macro average (scikit-learn's default labels); all: every class counts, absent ones score 0.",
    'AU columns add "aus" {code: F1 with TP/FP/FN summed over folds} and "au_average".',
  ].join('\n'),
  options: {
    predictions: { type: 'string' },
    labels: { type: 'string' },
    format: { type: 'string' },
    rule: { type: 'string' },
    bootstrap: { type: 'string' },
    seed: { type: 'string' },
    unit: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values) {
    const file = stringOption(values, 'predictions');
    if (!file) fail('', 0, '--predictions', '', 'missing: pass --predictions FILE');
    const rule = choiceOption(values, 'rule', ['present', 'all'] as const, 'present');
    const resamples = intOption(values, 'bootstrap', 0);
    const seed = intOption(values, 'seed', 0);
    const unit = choiceOption(values, 'unit', ['sample', 'subject'] as const, 'sample');
    const e = readPredictions(file, { labels: labelsOption(values, false) });
    const out: Record<string, unknown> = { model: e.model, task: e.task, file };
    const lines: string[] = [`${file}: model ${e.model}, task ${e.task}, ${e.sampleIds.length} rows`];
    if (e.emotion) {
      const m = exportMetrics(e, rule);
      Object.assign(out, {
        acc: m.fold_mean.acc, uar: m.fold_mean.uar, uf1: m.fold_mean.uf1,
        sd: m.fold_sd,
        per_fold: m.per_fold.map((f) => ({ fold: f.fold, acc: f.acc, uar: f.uar, uf1: f.uf1, n: f.n, classes_scored: f.classes_scored })),
        pooled: { acc: m.pooled.acc, uar: m.pooled.uar, uf1: m.pooled.uf1, n: m.pooled.n },
        per_class: m.per_class,
        confusion: { classes: m.classes, matrix: m.confusion },
        convention: 'acc, uar, uf1 = mean over folds (DFME Table 8); sd = sample SD over folds; pooled = all folds together',
        class_rule: rule,
      });
      lines.push(
        `fold mean over ${m.per_fold.length} folds (Table 8): ACC ${(100 * m.fold_mean.acc).toFixed(2)}% ± ${(100 * m.fold_sd.acc).toFixed(2)}  UAR ${m.fold_mean.uar.toFixed(4)} ± ${m.fold_sd.uar.toFixed(4)}  UF1 ${m.fold_mean.uf1.toFixed(4)} ± ${m.fold_sd.uf1.toFixed(4)}`,
        `pooled over all folds:        ACC ${(100 * m.pooled.acc).toFixed(2)}%  UAR ${m.pooled.uar.toFixed(4)}  UF1 ${m.pooled.uf1.toFixed(4)}`,
      );
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
    if (values.json) printJson(out);
    else process.stdout.write(lines.join('\n') + '\n');
  },
};

export default metrics;
