import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from './command';
import { printJson, stringOption } from './command';
import { writeDemoPredictions } from '../protocol/baseline';
import { intOption, labelsOption } from './protocol-options';

/** melab's version from the nearest package.json named melab (src/ and dist/ alike). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'melab') return json.version ?? 'unknown';
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** `melab demo-predictions`: regenerates the demo exports of data/predictions/ from simple baselines. */
const demoPredictions: Command = {
  summary: 'fit the simple baselines (AU naive Bayes, majority class, AU rates) and write demo prediction exports',
  usage: [
    'melab demo-predictions [--labels FILE] [--format NAME] [--folds 10] [--seed 0] [--out data/predictions] [--json]',
    '',
    'Runs each baseline under the subject-independent k-fold protocol (fitted on the training folds only)',
    'and writes placeholder-<model>-<task>.csv with its manifest: genuine predictions of simple models that',
    'stand in until the GPU evaluation module exports real ones. No --labels: the embedded default data.',
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
    const dir = stringOption(values, 'out') ?? 'data/predictions';
    const version = `melab ${packageVersion()}`;
    const files = writeDemoPredictions(labels, dir, { folds: intOption(values, 'folds', 10, 2), seed: intOption(values, 'seed', 0), codeVersion: version });
    if (values.json) printJson({ out: dir, files });
    else process.stdout.write(files.join('\n') + '\n');
  },
};

export default demoPredictions;
