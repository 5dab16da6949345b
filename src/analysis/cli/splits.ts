import type { Command } from './command';
import { printJson, stringOption } from './command';
import { formatIssue } from '../labels/issues';
import { makeSplits, splitSummary, splitToCsv, writeSplitFile } from '../protocol/splits';
import { choiceOption, intOption, labelsOption } from './protocol-options';

/** `melab splits`: the subject-independent split file (Sec. 4.3) for the evaluation module. */
const splits: Command = {
  summary: 'subject-independent folds (k-fold, LOSO, leave-one-dataset-out) as a split file',
  usage: [
    'melab splits [--labels FILE] [--format NAME] [--scheme kfold|loso|lodo] [--folds 10] [--seed 0] [--stratify]',
    '             [--out FILE] [--json]',
    '',
    'Writes CSV dataset,subject,sample_id,fold (fold = the fold whose TEST set holds the sample) to --out',
    '(stdout without --out). No --labels: the embedded default data. kfold deals the shuffled subjects to',
    '--folds folds (10% of subjects each for 10); --stratify balances subjects by their majority emotion.',
    'Duplicate clips are listed on stderr as warnings and written once. --json prints a summary per fold.',
  ].join('\n'),
  options: {
    labels: { type: 'string' },
    format: { type: 'string' },
    scheme: { type: 'string' },
    folds: { type: 'string' },
    seed: { type: 'string' },
    stratify: { type: 'boolean' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values) {
    const labels = labelsOption(values, true)!;
    const split = makeSplits(labels, {
      scheme: choiceOption(values, 'scheme', ['kfold', 'loso', 'lodo'] as const, 'kfold'),
      folds: intOption(values, 'folds', 10, 2),
      seed: intOption(values, 'seed', 0),
      stratify: Boolean(values.stratify),
    });
    for (const issue of split.issues) process.stderr.write(formatIssue(issue) + '\n');
    const out = stringOption(values, 'out');
    if (out) writeSplitFile(split, out);
    if (values.json) {
      printJson({
        labels: labels.file, out: out ?? null, scheme: split.scheme, folds: split.folds, seed: split.seed, stratify: split.stratify,
        subjects: split.subjectsByFold.reduce((s, f) => s + f.length, 0), samples: split.rows.length,
        per_fold: splitSummary(split, labels), issues: split.issues,
      });
    } else if (!out) {
      process.stdout.write(splitToCsv(split));
    } else {
      process.stdout.write(`${out}: ${split.rows.length} samples, ${split.folds} folds (${split.scheme}, seed ${split.seed}${split.stratify ? ', stratified' : ''})\n`);
    }
  },
};

export default splits;
