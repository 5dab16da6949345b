import * as fs from 'node:fs';
import type { Command } from './command';
import { stringOption } from './command';
import { fail } from '../labels/issues';
import { tableToCsv, tableToHtml, tableToLatex, tableToMarkdown } from '../report/table';
import { readPredictionDir } from '../protocol/predictions';
import { table8, table9 } from '../protocol/tables';
import { choiceOption, labelsOption } from './protocol-options';

/** `melab tables`: the paper's Table 8 or 9 from a folder of prediction exports. */
const tables: Command = {
  summary: 'Table 8 (ACC, UAR, UF1) or Table 9 (per-AU F1) from a folder of prediction exports',
  usage: [
    'melab tables --predictions DIR --table 8|9 [--format md|latex|csv|html] [--convention fold_mean|pooled]',
    '             [--by COL] [--labels FILE] [--out FILE]',
    '',
    "DIR: prediction exports (<model>-<task>.csv or .jsonl, manifests beside them), one per model and task.",
    "Table 8 uses the emotion exports (default convention: mean over folds, the paper's), Table 9 the AU",
    'exports (F1 with TP/FP/FN summed over folds). Output to stdout, or --out FILE.',
    '--by COL adds, under each model of Table 8, one row per value of COL (e.g. dataset for a MEGC2019 composite).',
  ].join('\n'),
  options: {
    predictions: { type: 'string' },
    table: { type: 'string' },
    format: { type: 'string' },
    convention: { type: 'string' },
    labels: { type: 'string' },
    by: { type: 'string' },
    out: { type: 'string' },
  },
  run(values) {
    const dir = stringOption(values, 'predictions');
    if (!dir) fail('', 0, '--predictions', '', 'missing: pass --predictions DIR');
    const which = choiceOption(values, 'table', ['8', '9'] as const, '8');
    const format = choiceOption(values, 'format', ['md', 'latex', 'csv', 'html'] as const, 'md');
    const convention = choiceOption(values, 'convention', ['fold_mean', 'pooled'] as const, 'fold_mean');
    const by = stringOption(values, 'by');
    const exports = readPredictionDir(dir, { labels: labelsOption(values, false), keep: by && !['dataset', 'subject', 'fold'].includes(by) ? [by] : [] });
    const spec = which === '8' ? table8(exports, { convention, by }) : table9(exports);
    const render = { md: tableToMarkdown, latex: tableToLatex, csv: tableToCsv, html: tableToHtml }[format];
    const text = render(spec);
    const out = stringOption(values, 'out');
    if (out) fs.writeFileSync(out, text);
    else process.stdout.write(text);
  },
};

export default tables;
