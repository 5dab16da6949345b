import type { Command, OptionValues } from './command';
import { printJson, stringOption } from './command';
import { fail } from '../labels/issues';
import type { LabelTable } from '../labels/model';
import { LABEL_FORMATS, loadDefaultLabels, readLabels } from '../labels/read';
import { concatLabels } from '../labels/model';
import { LABEL_OPTIONS, LABEL_USAGE, labelFiles, labelReadOptions } from './label-options';
import { tableToCsv, tableToHtml, tableToLatex, tableToMarkdown, type TableSpec } from '../report/table';
import type { LateralFold } from '../stats/au-index';
import { auDistribution } from '../stats/aus';
import { auCombinations } from '../stats/combinations';
import { auEmotionCooccurrence, cooccurrencePercentMap } from '../stats/cooccurrence';
import { datasetProfile } from '../stats/profile';
import { statsSummary } from '../stats/summary';

/** Output formats; `--format` takes one of these as the output format, any other value as the label format. */
const OUTPUTS: Record<string, 'md' | 'latex' | 'csv' | 'json' | 'html'> = {
  md: 'md', markdown: 'md', latex: 'latex', tex: 'latex', csv: 'csv', json: 'json', html: 'html',
};

type Output = (typeof OUTPUTS)[string];

function render(spec: TableSpec, output: Output): string {
  switch (output) {
    case 'latex': return tableToLatex(spec);
    case 'csv': return tableToCsv(spec);
    case 'html': return tableToHtml(spec) + '\n';
    default: return tableToMarkdown(spec);
  }
}

function numberOption(values: OptionValues, name: string): number | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) fail('', 0, `--${name}`, v, 'expected a number');
  return n;
}

/**
 * `melab stats`: DESIGN.md's summary JSON of a label sheet, or one of the paper's tables
 * (1 profile, 5 AU counts, 6 AU–emotion occurrence, 7 AU combinations) as Markdown, LaTeX, CSV, HTML or JSON.
 */
const stats: Command = {
  summary: 'distribution statistics of label sheets: summary JSON, or the paper\'s Tables 1, 5, 6, 7',
  usage: [
    'melab stats [--labels FILE ...] [--format NAME] [--label emotion|objective] [--table 1|5|6|7]',
    '            [--output md|latex|csv|html|json] [--json] [--first-participants N] [--threshold PCT]',
    '            [--lateral keep|paper|fold] [--min-support FRACTION] [--emotions a,b,...] [--dataset ID]',
    '            [--sheet NAME] [--expressions micro|macro|all] [--encoding NAME]',
    '',
    'Without --labels: the embedded synthetic DFME-like default data. Several sheets: the summary and',
    'Tables 5-7 describe them stacked as one table (ids qualified by dataset); Table 1 gives a row each.',
    LABEL_USAGE,
    `--format NAME: the label format (${LABEL_FORMATS.map((f) => f.name).join(', ')}; default: detected).`,
    '  --format md|markdown|latex|tex|csv|html|json is read as the output format instead (no label format',
    '  has these names); --output sets the output format explicitly. Default output: Markdown for --table.',
    '--json (no --table): {dataset, rows, subjects, emotions: {label: n}, aus: {code: n}, me, mae, issues,',
    '  detected: {format, dataset, confidence, sheet, why}, excluded: [{reason, rows, first_rows}]}',
    '  (DESIGN.md contract; clips the ME/MaE duration rule cannot judge are listed in issues).',
    '--table 1: Table 1 profile (several --labels allowed); --json: {rows: [...]}.',
    '--table 5: AU counts (--lateral, default paper: L/R-AUx rows); --json: {samples, total, perSample, counts, byCode, subset}.',
    '--table 6: % of each emotion\'s samples showing each AU (--first-participants 300 as the paper,',
    '  --threshold for high occurrence, default 4.5); --json: {emotion: {code: percent}}.',
    '--emotions: the emotions of Tables 6 and 7, in order (default: every one present; the paper: the seven).',
    '--table 7: frequent AU combinations per emotion and the Shared row (--min-support, default 0.05);',
    '  --json: {emotions: {emotion: [{key, count, support}]}, shared: [...], mode, minSupport}.',
  ].join('\n'),
  options: {
    ...LABEL_OPTIONS,
    output: { type: 'string' },
    table: { type: 'string' },
    json: { type: 'boolean' },
    'first-participants': { type: 'string' },
    threshold: { type: 'string' },
    lateral: { type: 'string' },
    'min-support': { type: 'string' },
    emotions: { type: 'string' },
  },
  run(values, positionals) {
    const formatOption = stringOption(values, 'format');
    const outputOption = stringOption(values, 'output');
    let output: Output | undefined;
    let labelFormat: string | undefined = formatOption;
    if (formatOption !== undefined && OUTPUTS[formatOption.toLowerCase()]) {
      output = OUTPUTS[formatOption.toLowerCase()];
      labelFormat = undefined;
    }
    if (outputOption !== undefined) {
      output = OUTPUTS[outputOption.toLowerCase()];
      if (!output) fail('', 0, '--output', outputOption, `one of ${Object.keys(OUTPUTS).join(', ')}`);
    }
    if (values.json) output = 'json';
    const readOptions = labelReadOptions(values, labelFormat);
    const label = readOptions.label;
    const lateral = stringOption(values, 'lateral');
    if (lateral !== undefined && !['keep', 'paper', 'fold'].includes(lateral)) fail('', 0, '--lateral', lateral, 'one of keep, paper, fold');
    const files = labelFiles(values, positionals);
    if (files.length === 0 && label === 'objective') {
      fail('', 0, '--label', label, 'the embedded DFME data has no objective-class column; pass --labels FILE (SAMM, CAS(ME)^3)');
    }
    const tables: LabelTable[] = files.length === 0 ? [loadDefaultLabels()] : files.map((f) => readLabels(f, readOptions));
    const table = stringOption(values, 'table');
    const one = (): LabelTable => concatLabels(tables);

    if (table === undefined) {
      const summary = statsSummary(one());
      if (output === 'json') return printJson(summary);
      if (output !== undefined) fail('', 0, '--output', output, 'the summary prints as text or --json; choose --table for md/latex/csv/html');
      const lines = [
        `${summary.dataset}: ${summary.rows} rows, ${summary.subjects} participants`,
        `emotions: ${Object.entries(summary.emotions).map(([e, n]) => `${e} ${n}`).join(', ')}`,
        `AU labels: ${Object.values(summary.aus).reduce((s, n) => s + n, 0)} (${Object.keys(summary.aus).length} codes)`,
        `ME ${summary.me}, MaE ${summary.mae} (Sec. 3.3.2 duration rule)`,
        `issues: ${summary.issues.length}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
      return;
    }
    const firstParticipants = numberOption(values, 'first-participants');
    if (firstParticipants !== undefined && !(Number.isInteger(firstParticipants) && firstParticipants >= 1)) {
      fail('', 0, '--first-participants', firstParticipants, 'expected a whole number of participants ≥ 1');
    }
    const threshold = numberOption(values, 'threshold');
    const minSupport = numberOption(values, 'min-support');
    if (minSupport !== undefined && !(minSupport > 0 && minSupport <= 1)) fail('', 0, '--min-support', minSupport, 'expected a fraction in (0, 1]');
    const lateralFold = lateral as LateralFold | undefined;
    const emotionList = stringOption(values, 'emotions');
    const emotions = emotionList === undefined ? undefined : emotionList.split(',').map((e) => e.trim()).filter(Boolean);
    switch (table) {
      case '1': {
        const profile = datasetProfile(tables);
        if (output === 'json') return printJson({ rows: profile.rows, issues: profile.issues });
        process.stdout.write(render(profile.table, output ?? 'md'));
        return;
      }
      case '5': {
        const d = auDistribution(one(), { lateral: lateralFold });
        if (output === 'json') {
          const counts = Object.fromEntries(d.rows.map((r) => [r.key, r.count]));
          return printJson({ samples: d.samples, total: d.total, perSample: d.perSample, counts, byCode: d.byCode, subset: d.subset });
        }
        process.stdout.write(render(d.table, output ?? 'md'));
        return;
      }
      case '6': {
        const c = auEmotionCooccurrence(one(), { firstParticipants, threshold, lateral: lateralFold, emotions });
        if (output === 'json') return printJson(cooccurrencePercentMap(c));
        process.stdout.write(render(c.table, output ?? 'md'));
        return;
      }
      case '7': {
        const c = auCombinations(one(), { firstParticipants, minSupport, lateral: lateralFold, emotions });
        if (output === 'json') {
          const emotions = Object.fromEntries(c.perEmotion.map((p) => [p.emotion, p.matching.map(({ key, count, support }) => ({ key, count, support }))]));
          return printJson({ emotions, shared: c.shared, mode: c.mode, minSupport: c.minSupport });
        }
        process.stdout.write(render(c.table, output ?? 'md'));
        return;
      }
      default:
        fail('', 0, '--table', table, 'one of 1, 5, 6, 7');
    }
  },
};

export default stats;
