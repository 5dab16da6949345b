import type { Command } from './command';
import { printJson, stringOption } from './command';
import { fail } from '../labels/issues';
import { auAgreement } from '../reliability/au-agreement';
import { pairCoderFiles, readCodersFile, type CoderPairs } from '../reliability/files';

/** `melab agreement`: the AU reliability R of two FACS coders (Eq. 1). Thin: reads, calls, prints. */
const agreement: Command = {
  summary: 'AU agreement R between two FACS coders (Eq. 1), overall, per AU and per sample',
  usage: [
    'melab agreement (--coder-a FILE --coder-b FILE | --coders FILE) [--fold-sides] [--keep-intensity]',
    '                [--drop-uncertain] [--listwise] [--per-sample] [--encoding NAME] [--json]',
    '',
    '--coder-a/--coder-b: one CSV (or xlsx) per coder with columns sample,aus (samples paired by name).',
    '--coders: one file with a sample column (Filename) and two coder columns (CoderA, CoderB).',
    '--per-sample adds each sample\'s codes and R to the JSON.',
    '--fold-sides counts L-/R-/A-AU12 as AU12; --keep-intensity compares intensity letters too.',
    'A blank or NA/N/A/NaN/null AU cell means "not coded": an error naming the cells, or with --listwise',
    'those samples are left out (listed in "dropped"). Write "none" where a coder saw no AU.',
    'A sample listed twice, or in one file only, is an error. --encoding NAME reads CSVs not in UTF-8.',
    'See docs/input-handling.md.',
  ].join('\n'),
  options: {
    'coder-a': { type: 'string' },
    'coder-b': { type: 'string' },
    coders: { type: 'string' },
    'fold-sides': { type: 'boolean' },
    'keep-intensity': { type: 'boolean' },
    'drop-uncertain': { type: 'boolean' },
    listwise: { type: 'boolean' },
    encoding: { type: 'string' },
    'per-sample': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  run(values) {
    const a = stringOption(values, 'coder-a');
    const b = stringOption(values, 'coder-b');
    const both = stringOption(values, 'coders');
    let data: CoderPairs;
    let file: string;
    const missing = values.listwise ? 'listwise' : 'error';
    const encoding = stringOption(values, 'encoding');
    if (both) {
      data = readCodersFile(both, undefined, { missing, encoding });
      file = both;
    } else {
      if (!a || !b) fail('', 0, a ? '--coder-b' : '--coder-a', '', 'missing: pass --coder-a FILE --coder-b FILE, or --coders FILE');
      data = pairCoderFiles(a, b, { missing, encoding });
      file = a;
    }
    if (data.samples.length === 0) fail(file, 0, '', '', 'no sample left: every sample has a missing AU cell');
    const result = auAgreement(data.a, data.b, {
      samples: data.samples,
      foldSides: !!values['fold-sides'],
      ignoreIntensity: !values['keep-intensity'],
      dropUncertain: !!values['drop-uncertain'],
      file,
    });
    if (values.json) {
      const { per_sample, ...rest } = result;
      return printJson({ ...rest, ...(values['per-sample'] ? { per_sample } : {}), dropped: data.dropped });
    }
    const lines = [
      `AU agreement R (Eq. 1): ${result.R.toFixed(4)} over ${result.samples} samples`,
      `  agreed AUs ${result.agreed}, coder A ${result.codedA}, coder B ${result.codedB}; mean per-sample R ${result.meanSampleR.toFixed(4)}`,
      '  per AU:',
      ...Object.entries(result.per_au).map(([code, v]) => `    ${code.padEnd(8)} R ${v.R.toFixed(3)}  (both ${v.both}, A ${v.a}, B ${v.b})`),
      data.dropped.length ? `  dropped (--listwise): ${data.dropped.length} missing AU cells: ${data.dropped.map((d) => `${d.sample} (${d.coder}, row ${d.row})`).join(', ')}` : '',
      result.unreadable.length ? `  unreadable AU text (not compared): ${result.unreadable.length} cells, e.g. ${result.unreadable[0].sample}/${result.unreadable[0].coder}: "${result.unreadable[0].text}"` : '',
    ].filter(Boolean);
    process.stdout.write(lines.join('\n') + '\n');
  },
};

export default agreement;
