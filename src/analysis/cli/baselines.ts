import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from './command';
import { printJson, stringOption } from './command';
import { writeReferenceBaselines } from '../protocol/baseline';
import { intOption, labelsOption } from './protocol-options';
import { packageVersion } from '../util/package-root';

/** `melab baselines`: fits the simple reference baselines and writes their prediction exports. */
const baselines: Command = {
  summary: 'fit the simple reference baselines (AU naive Bayes, majority class, AU rates) and write their prediction exports',
  usage: [
    'melab baselines [--labels FILE] [--format NAME] [--folds 10] [--seed 0] [--out data/reference-baselines] [--json]',
    '',
    'Runs each baseline under the subject-independent k-fold protocol (fitted on the training folds only)',
    'and writes reference-<model>-<task>.csv with its manifest: how far the annotated AUs alone take emotion',
    'recognition, next to the trained models of the evaluation module. No --labels: the embedded default data.',
  ].join('\n'),
  options: {
    labels: { type: 'string' },
    format: { type: 'string' },
    folds: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values) {
    const labels = labelsOption(values, true)!;
    const dir = stringOption(values, 'out') ?? 'data/reference-baselines';
    const version = `melab ${packageVersion()}`;
    const files = writeReferenceBaselines(labels, dir, { folds: intOption(values, 'folds', 10, 2), seed: intOption(values, 'seed', 0), codeVersion: version });
    if (values.json) printJson({ out: dir, files });
    else process.stdout.write(files.join('\n') + '\n');
  },
};

export default baselines;
