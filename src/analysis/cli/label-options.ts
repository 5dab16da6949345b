/**
 * The label-sheet options every command that reads sheets shares: `--labels FILE ...` (several files
 * after one --labels, as the usage lines read, or --labels repeated), `--format`, `--dataset`,
 * `--label`, `--sheet`, `--expressions`, `--encoding`. Parsing only; reading is labels/read.ts.
 */
import type { OptionSpec, OptionValues } from './command';
import { stringOption } from './command';
import { fail } from '../labels/issues';
import type { ParseOptions } from '../labels/read';

export const LABEL_OPTIONS: OptionSpec = {
  labels: { type: 'string', multiple: true },
  format: { type: 'string' },
  label: { type: 'string' },
  dataset: { type: 'string' },
  sheet: { type: 'string' },
  expressions: { type: 'string' },
  encoding: { type: 'string' },
};

export const LABEL_USAGE = [
  '--labels FILE ...: one or more label sheets (csv, xlsx, xls); every file is read or the command refuses.',
  '--format NAME / --dataset ID: skip detection (the reader, the database); --sheet NAME: the workbook sheet;',
  '--expressions micro|macro|all: rows of sheets that say macro or micro (default micro, the rest listed in excluded);',
  '--label emotion|objective: the emotion column or the objective classes; --encoding NAME: a CSV not in UTF-8 (latin1, utf-16le, gbk...).',
].join('\n');

/** The label files of an invocation: the --labels values plus the bare words after them. */
export function labelFiles(values: OptionValues, positionals: readonly string[]): string[] {
  const files = [...((values.labels as string[] | undefined) ?? [])];
  if (positionals.length > 0) {
    if (files.length === 0) fail('', 0, '', positionals[0], 'unexpected argument (label sheets follow --labels)');
    files.push(...positionals);
  }
  return files;
}

/** The reading options of an invocation (format given as the label format, or none). */
export function labelReadOptions(values: OptionValues, format?: string): Omit<ParseOptions, 'file' | 'kind'> {
  const label = stringOption(values, 'label') ?? 'emotion';
  if (label !== 'emotion' && label !== 'objective') fail('', 0, '--label', label, 'one of emotion, objective');
  const expressions = stringOption(values, 'expressions') ?? 'micro';
  if (!['micro', 'macro', 'all'].includes(expressions)) fail('', 0, '--expressions', expressions, 'one of micro, macro, all');
  return {
    format, label, dataset: stringOption(values, 'dataset'), sheet: stringOption(values, 'sheet'),
    expressions: expressions as 'micro' | 'macro' | 'all', encoding: stringOption(values, 'encoding'),
  };
}
