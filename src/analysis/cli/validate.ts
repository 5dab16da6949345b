import type { Command } from './command';
import { printJson } from './command';
import { fail, formatIssue } from '../labels/issues';
import { LABEL_FORMATS, readLabels } from '../labels/read';
import { countIssues } from '../labels/validate';
import { LABEL_OPTIONS, LABEL_USAGE, labelFiles, labelReadOptions } from './label-options';

/**
 * `melab validate --labels FILE ...`: reads label sheets and lists every problem, one per line.
 * Exit 0 when no issue is an error, 1 when some are, 2 when a file cannot be read at all.
 */
const validate: Command = {
  summary: 'check label sheets: every problem with file, row, column and value (exit 1 on errors)',
  usage: [
    'melab validate --labels FILE ... [--format NAME] [--label emotion|objective] [--dataset ID] [--sheet NAME]',
    '               [--expressions micro|macro|all] [--encoding NAME] [--json]',
    '',
    `--format: one of ${LABEL_FORMATS.map((f) => f.name).join(', ')} (default: detected from header and ids).`,
    LABEL_USAGE,
    'Prints how each sheet was read, one line per issue ("error: file, row N, column C, value "v": problem"),',
    'the rows left out (macro-expressions) and a summary line; --json prints {file, format, dataset, rows,',
    'errors, warnings, detected, excluded, issues} (several files: {files: [...]}). Exit 0: no errors',
    '(warnings allowed); 1: errors found; 2: a file cannot be read (empty, ragged, unknown or ambiguous layout, missing).',
  ].join('\n'),
  options: { ...LABEL_OPTIONS, json: { type: 'boolean' } },
  run(values, positionals) {
    const files = labelFiles(values, positionals);
    if (files.length === 0) fail('', 0, '--labels', '', 'missing: pass --labels FILE');
    const opts = labelReadOptions(values, values.format as string | undefined);
    const results = files.map((file) => {
      const labels = readLabels(file, opts);
      const { errors, warnings } = countIssues(labels.issues);
      const rows = labels.table.numRows();
      if (rows === 0) fail(file, 0, '', '', 'the sheet has a header but no label rows');
      return { file, format: labels.format, dataset: labels.detected?.dataset ?? '', rows, errors, warnings,
        detected: labels.detected, excluded: labels.excluded ?? [], issues: labels.issues };
    });
    if (values.json) printJson(results.length === 1 ? results[0] : { files: results });
    else {
      const lines: string[] = [];
      for (const r of results) {
        if (r.detected) lines.push(`${r.file}: read as ${r.detected.format} (${r.detected.dataset}, confidence ${r.detected.confidence.toFixed(2)}): ${r.detected.why}`);
        lines.push(...r.issues.map(formatIssue));
        for (const e of r.excluded) lines.push(`excluded: ${r.file}: ${e.rows} rows, ${e.reason} (first rows ${e.first_rows.join(', ')})`);
        lines.push(`${r.file}: ${r.format} format, ${r.rows} rows, ${r.errors} errors, ${r.warnings} warnings`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    }
    return results.some((r) => r.errors > 0) ? 1 : 0;
  },
};

export default validate;
