import { buildReport, formatReportSummary } from '../report/build';
import { printJson, stringOption, type Command } from './command';

/** `melab report`: every table and figure into one folder (what `npm run report` runs). */
const report: Command = {
  summary: 'write every table and figure (HTML report, PNG/SVG figures, Markdown/LaTeX/CSV tables) to reports/',
  usage: 'melab report [--labels FILE ...] [--format NAME] [--predictions DIR] [--votes FILE] [--au-coders FILE] [--out DIR] [--json] [--quiet]\n\n' +
    '  --labels FILE ...  label sheets, one per database; default: the embedded synthetic DFME-like data\n' +
    '  --format NAME      the sheet format when auto-detection is not wanted (dfme, casme2, samm, ...)\n' +
    '  --predictions DIR  a folder of prediction exports (<model>-<task>.csv + manifest); default: data/predictions\n' +
    '  --votes FILE       annotators\' emotion votes (CSV, one column per annotator); default with the embedded data\n' +
    '  --au-coders FILE   two AU coders\' codes (CSV); default with the embedded data\n' +
    '  --out DIR          output folder (default: reports)\n' +
    '  --json             print the summary as one JSON object\n' +
    '  --quiet            no progress bar',
  options: {
    labels: { type: 'string', multiple: true },
    format: { type: 'string' },
    predictions: { type: 'string' },
    votes: { type: 'string' },
    'au-coders': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
  },
  async run(values, positionals) {
    const summary = await buildReport({
      // `--labels a.csv b.xlsx` and `--labels a.csv --labels b.xlsx` both give two sheets
      labels: [...((values.labels as string[] | undefined) ?? []), ...positionals],
      format: stringOption(values, 'format'),
      predictions: stringOption(values, 'predictions'),
      votes: stringOption(values, 'votes'),
      auCoders: stringOption(values, 'au-coders'),
      out: stringOption(values, 'out') ?? 'reports',
      progress: !values.quiet,
    });
    if (values.json) printJson(summary);
    else process.stdout.write(formatReportSummary(summary));
    // a section whose input was wrong: the rest is written, and the run still fails, one line per section
    const failed = summary.sections.filter((s) => s.status === 'failed');
    for (const s of failed) process.stderr.write(`melab report: ${s.title}: ${s.reason}\n`);
    return failed.length ? 2 : 0;
  },
};

export default report;
