import type { Command } from './command';
import { printJson, stringOption } from './command';
import { fail } from '../labels/issues';
import { compareModels } from '../protocol/compare';
import { readPredictions } from '../protocol/predictions';
import { choiceOption, intOption, labelsOption } from './protocol-options';

/** `melab compare`: McNemar and paired bootstrap of two models on the same samples. */
const compare: Command = {
  summary: "two models on the same samples: McNemar's test and paired bootstrap of ACC/UAR/UF1 differences",
  usage: [
    'melab compare --a FILE --b FILE [--labels FILE] [--bootstrap 1000] [--seed 0] [--unit sample|subject]',
    '              [--rule present|all] [--json]',
    '',
    'Both exports must hold the same samples with the same true labels and folds. Differences are A − B.',
  ].join('\n'),
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    labels: { type: 'string' },
    format: { type: 'string' },
    bootstrap: { type: 'string' },
    seed: { type: 'string' },
    unit: { type: 'string' },
    rule: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values) {
    const fa = stringOption(values, 'a');
    const fb = stringOption(values, 'b');
    if (!fa) fail('', 0, '--a', '', 'missing: pass --a FILE');
    if (!fb) fail('', 0, '--b', '', 'missing: pass --b FILE');
    const labels = labelsOption(values, false);
    const result = compareModels(readPredictions(fa, { labels }), readPredictions(fb, { labels }), {
      resamples: intOption(values, 'bootstrap', 1000, 1),
      seed: intOption(values, 'seed', 0),
      unit: choiceOption(values, 'unit', ['sample', 'subject'] as const, 'sample'),
      rule: choiceOption(values, 'rule', ['present', 'all'] as const, 'present'),
    });
    if (values.json) return printJson(result);
    const m = result.mcnemar;
    const b = result.bootstrap;
    const line = (name: string, d: typeof b.fold_mean.uf1) =>
      `${name}: ${d.a.toFixed(4)} − ${d.b.toFixed(4)} = ${d.estimate.toFixed(4)}  ${b.level * 100}% CI [${d.lower.toFixed(4)}, ${d.upper.toFixed(4)}]  p ${d.p.toFixed(4)}`;
    process.stdout.write([
      `${result.model_a} vs ${result.model_b} on ${result.n} samples`,
      `McNemar: ${m.a_only} right only by A, ${m.b_only} right only by B; exact p ${m.exact.pvalue.toPrecision(4)}; chi-square ${m.chi2.statistic.toFixed(3)}, p ${m.chi2.pvalue.toPrecision(4)}`,
      `paired bootstrap (${b.resamples} resamples, seed ${b.seed}, unit ${b.unit}), fold mean:`,
      '  ' + line('UF1', b.fold_mean.uf1), '  ' + line('UAR', b.fold_mean.uar), '  ' + line('ACC', b.fold_mean.acc),
      'pooled:',
      '  ' + line('UF1', b.pooled.uf1), '  ' + line('UAR', b.pooled.uar), '  ' + line('ACC', b.pooled.acc),
    ].join('\n') + '\n');
  },
};

export default compare;
