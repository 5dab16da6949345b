import * as path from 'node:path';
import type { Command } from './command';
import { printJson, stringOption } from './command';
import { fail } from '../labels/issues';
import { DEFAULT_LABELS_FILE } from '../labels/read';
import { DEFAULT_SYNTHETIC_SEED, generateSyntheticDfme, writeSyntheticDfme } from '../synthetic';

/**
 * `melab synth [--seed N] [--out DIR]`: regenerates the embedded synthetic DFME-like default data
 * (labels, emotion votes, AU coders) deterministically. Without options it rewrites the committed files.
 */
const synth: Command = {
  summary: 'regenerate the synthetic DFME-like default data (labels, emotion votes, AU coders)',
  usage: [
    'melab synth [--seed N] [--out DIR] [--json]',
    '',
    `--seed: generator seed, an integer 0..4294967295 (default ${DEFAULT_SYNTHETIC_SEED}, the committed files).`,
    "--out: folder for the three files (default: the package's data/ folder).",
    'Writes dfme-synthetic-labels.csv, dfme-synthetic-emotion-votes.csv and dfme-synthetic-au-coders.csv and',
    "prints their paths with the calibrated Fleiss' kappa and AU agreement R; --json prints them as one object.",
  ].join('\n'),
  options: {
    seed: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values) {
    const seedText = stringOption(values, 'seed');
    const seed = seedText === undefined ? DEFAULT_SYNTHETIC_SEED : Number(seedText);
    if (seedText !== undefined && (!/^\d+$/.test(seedText.trim()) || seed > 0xffffffff)) {
      fail('', 0, '--seed', seedText, 'must be an integer from 0 to 4294967295');
    }
    const out = path.resolve(stringOption(values, 'out') ?? path.dirname(DEFAULT_LABELS_FILE));
    const data = generateSyntheticDfme({ seed });
    const files = writeSyntheticDfme(data, out);
    const summary = { seed, files, samples: data.samples.length, subjects: data.subjects.length, kappa: data.votes.kappa, R: data.coders.R };
    if (values.json) printJson(summary);
    else {
      process.stdout.write(`${files.join('\n')}\n${summary.samples} samples from ${summary.subjects} participants, seed ${seed}; ` +
        `Fleiss' kappa ${summary.kappa.toFixed(4)}, AU agreement R ${summary.R.toFixed(4)}\n`);
    }
  },
};

export default synth;
