import * as fs from 'node:fs';
import type { Command } from './command';
import { printJson, stringOption } from './command';
import { fail } from '../labels/issues';
import { concatLabels } from '../labels/model';
import { readLabels } from '../labels/read';
import { toCanonicalCsv } from '../labels/write';
import { LABEL_OPTIONS, LABEL_USAGE, labelFiles, labelReadOptions } from './label-options';

/**
 * `melab convert --labels FILE ... --to canonical [--out FILE]`: a released sheet (any layout melab
 * reads) as melab's canonical CSV, the one label input of the Python evaluation module.
 */
const convert: Command = {
  summary: 'write label sheets as the canonical CSV (the evaluation module\'s label input)',
  usage: [
    'melab convert --labels FILE ... --to canonical [--out FILE] [--json] [--format NAME] [--dataset ID] [--sheet NAME]',
    '              [--expressions micro|macro|all] [--label emotion|objective] [--encoding NAME]',
    '',
    'Several sheets are stacked into one table (sample ids qualified by dataset). Without --out the CSV goes',
    'to stdout; --json (with --out) prints {out, rows, dataset, detected, excluded, issues}.',
    LABEL_USAGE,
  ].join('\n'),
  options: { ...LABEL_OPTIONS, to: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  run(values, positionals) {
    const to = stringOption(values, 'to') ?? 'canonical';
    if (to !== 'canonical') fail('', 0, '--to', to, 'the one target is canonical');
    const files = labelFiles(values, positionals);
    if (files.length === 0) fail('', 0, '--labels', '', 'missing: pass --labels FILE');
    const labels = concatLabels(files.map((f) => readLabels(f, labelReadOptions(values, stringOption(values, 'format')))));
    const csv = toCanonicalCsv(labels);
    const out = stringOption(values, 'out');
    if (!out) {
      if (values.json) fail('', 0, '--json', '', 'needs --out FILE (the CSV itself goes to stdout otherwise)');
      process.stdout.write(csv);
      return;
    }
    try {
      fs.writeFileSync(out, csv);
    } catch (err) {
      fail(out, 0, '', '', `cannot write the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (values.json) {
      printJson({ out, rows: labels.table.numRows(), dataset: labels.detected?.dataset ?? '', detected: labels.detected,
        excluded: labels.excluded ?? [], issues: labels.issues });
    }
  },
};

export default convert;
