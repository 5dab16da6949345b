import type { Command } from './command';
import { printJson, stringOption } from './command';
import { fail, formatIssue } from '../labels/issues';
import { LABEL_FORMATS, readLabels } from '../labels/read';
import { countIssues } from '../labels/validate';

/**
 * `melab validate --labels FILE`: reads a label sheet and lists every problem, one per line.
 * Exit 0 when no issue is an error, 1 when some are, 2 when the file cannot be read at all.
 */
const validate: Command = {
  summary: 'check a label sheet: every problem with file, row, column and value (exit 1 on errors)',
  usage: [
    'melab validate --labels FILE [--format NAME] [--label emotion|objective] [--dataset ID] [--json]',
    '',
    `--format: one of ${LABEL_FORMATS.map((f) => f.name).join(', ')} (default: detected from the header).`,
    'Prints one line per issue ("error: file, row N, column C, value "v": problem") and a summary line;',
    '--json prints {file, format, rows, errors, warnings, issues}. Exit 0: no errors (warnings allowed);',
    '1: errors found; 2: the file cannot be read (empty, ragged, unknown header, missing).',
  ].join('\n'),
  options: {
    labels: { type: 'string' },
    format: { type: 'string' },
    label: { type: 'string' },
    dataset: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values) {
    const file = stringOption(values, 'labels');
    if (!file) fail('', 0, '--labels', '', 'missing: pass --labels FILE');
    const label = stringOption(values, 'label') ?? 'emotion';
    if (label !== 'emotion' && label !== 'objective') fail('', 0, '--label', label, 'one of emotion, objective');
    const labels = readLabels(file, { format: stringOption(values, 'format'), label, dataset: stringOption(values, 'dataset') });
    const { errors, warnings } = countIssues(labels.issues);
    if (values.json) {
      printJson({ file, format: labels.format, rows: labels.table.numRows(), errors, warnings, issues: labels.issues });
    } else {
      const lines = labels.issues.map(formatIssue);
      lines.push(`${file}: ${labels.format} format, ${labels.table.numRows()} rows, ${errors} errors, ${warnings} warnings`);
      process.stdout.write(lines.join('\n') + '\n');
    }
    return errors > 0 ? 1 : 0;
  },
};

export default validate;
