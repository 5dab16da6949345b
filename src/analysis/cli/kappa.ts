import type { Command } from './command';
import { printJson, stringOption } from './command';
import { fail, MelabError } from '../labels/issues';
import { fleissKappa, fleissKappaFromCounts, FLEISS_SE_METHODS, type FleissSeMethod } from '../reliability/fleiss';
import { krippendorffAlpha, type AlphaLevel } from '../reliability/krippendorff';
import { MISSING_MARKERS } from '../reliability/ratings';
import { parseCounts, readRatingsFile, NON_RATER_COLUMNS } from '../reliability/files';

/** `melab kappa`: Fleiss' kappa (Eqs. 2–7, Table 4) of a ratings file. Thin: reads, calls, prints. */
const kappa: Command = {
  summary: "Fleiss' kappa of a ratings file, with SE, z, p, per-category kappas and Table 4's interpretation",
  usage: [
    'melab kappa --ratings FILE [--counts] [--id COL[,COL]] [--se fleiss-nee-landis-1979|fleiss-1971]',
    '                  [--bootstrap N] [--seed S] [--listwise] [--fold-case] [--encoding NAME] [--json]',
    'melab kappa --ratings FILE --alpha nominal|ordinal|interval|ratio [--id COL[,COL]] [--fold-case] [--json]',
    '',
    'FILE: CSV or xlsx, one row per item, one column per rater (raw labels); with --counts one column per',
    'category holding how many raters chose it. Columns that are not raters: those named by --id, and by',
    `default any column called ${NON_RATER_COLUMNS.join(', ')} (case, spaces, _ and - ignored).`,
    '--bootstrap N adds a seeded percentile interval over items (N resamples, --seed, default 0).',
    'Missing ratings: blank cells, NA, N/A, NaN, NULL, #N/A and the other markers pandas reads as NaN (any case;',
    `all: ${MISSING_MARKERS.filter(Boolean).join(' ')}). "none" is a label.`,
    'By default a missing rating is an error naming the cells; --listwise drops those items (listed in "dropped");',
    "--alpha LEVEL gives Krippendorff's alpha instead, which takes them as missing.",
    'Numeric labels compare as numbers (1 = 1.0); labels that differ only in case (Happy, happy) are an error,',
    'or with --fold-case one category (listed in "warnings"). Item names given twice are an error.',
    '--encoding NAME reads a CSV not in UTF-8 (latin1, utf-16le, gbk...). See docs/input-handling.md.',
  ].join('\n'),
  options: {
    ratings: { type: 'string' },
    counts: { type: 'boolean' },
    id: { type: 'string' },
    se: { type: 'string' },
    bootstrap: { type: 'string' },
    seed: { type: 'string' },
    listwise: { type: 'boolean' },
    alpha: { type: 'string' },
    'fold-case': { type: 'boolean' },
    encoding: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values) {
    const file = stringOption(values, 'ratings');
    if (!file) fail('', 0, '--ratings', '', 'missing: pass --ratings FILE');
    const se = (stringOption(values, 'se') ?? 'fleiss-nee-landis-1979') as FleissSeMethod;
    if (!FLEISS_SE_METHODS.includes(se)) fail('', 0, '--se', se, `one of ${FLEISS_SE_METHODS.join(', ')}`);
    const wholeNumber = (name: string): number | undefined => {
      const v = stringOption(values, name);
      if (v === undefined) return undefined;
      const x = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
      if (!Number.isSafeInteger(x)) throw new MelabError(`--${name} must be a non-negative integer, got ${v === '' ? '""' : v}`);
      return x;
    };
    const resamples = wholeNumber('bootstrap');
    const seed = wholeNumber('seed');
    const alphaLevel = stringOption(values, 'alpha') as AlphaLevel | undefined;
    const LEVELS: AlphaLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];
    if (alphaLevel !== undefined && !LEVELS.includes(alphaLevel)) throw new MelabError(`--alpha must be one of ${LEVELS.join(', ')}, got ${alphaLevel}`);
    if (alphaLevel !== undefined && (values.counts || values.listwise)) throw new MelabError(`--alpha takes raw ratings with missing cells as missing: it does not go with --${values.counts ? 'counts' : 'listwise'}`);
    const id = stringOption(values, 'id')?.split(',').map((s) => s.trim()).filter(Boolean);
    const rf = readRatingsFile(file, { id, encoding: stringOption(values, 'encoding') });
    const source = { file, rows: rf.rowNumbers, columns: rf.columns };
    const foldCase = !!values['fold-case'];
    const warn = (warnings: string[]): void => { for (const w of warnings) process.stderr.write(`melab kappa: warning: ${w}\n`); };
    if (alphaLevel !== undefined) {
      const a = krippendorffAlpha(rf.ratings, { level: alphaLevel, foldCase, source });
      warn(a.warnings);
      const outAlpha = { alpha: a.alpha, level: a.level, observed: a.observed, expected: a.expected, units: a.units, coders: a.coders, pairable: a.pairable, missing: a.missing, values: a.values, file, rater_columns: rf.columns, ignored_columns: rf.ignored, warnings: a.warnings, blank_rows: rf.blankRows };
      if (values.json) return printJson(outAlpha);
      process.stdout.write([
        `Krippendorff's alpha (${a.level}) — ${file}: ${a.units} pairable units × ${a.coders} coders, ${a.values.length} values, ${a.missing} missing cells left out`,
        `  alpha = ${a.alpha.toFixed(4)}  (D_o ${a.observed.toFixed(4)}, D_e ${a.expected.toFixed(4)}, ${a.pairable} pairable values)`,
      ].join('\n') + '\n');
      return;
    }
    const common = { se, source, bootstrap: resamples ? { resamples, seed: seed ?? 0 } : undefined };
    const result = values.counts
      ? fleissKappaFromCounts(parseCounts(rf), rf.columns, common)
      : fleissKappa(rf.ratings, { ...common, foldCase, missing: values.listwise ? 'listwise' : 'error' });
    warn(result.warnings);
    const out = {
      kappa: result.kappa,
      se: result.se,
      z: result.z,
      p: result.p,
      per_category: Object.fromEntries(Object.entries(result.per_category).map(([c, v]) => [c, { kappa: v.kappa, se: v.se, z: v.z, p: v.p, ...(v.bootstrap ? { bootstrap: [v.bootstrap.lower, v.bootstrap.upper] } : {}) }])),
      randolph: result.randolph,
      interpretation: result.interpretation,
      items: result.items,
      raters: result.raters,
      se_method: result.se_method,
      inference: result.inference,
      ...(result.conger !== undefined ? { conger: result.conger } : {}),
      ...(result.bootstrap ? { bootstrap: result.bootstrap } : {}),
      categories: result.categories,
      pBar: result.pBar,
      pBarE: result.pBarE,
      p_j: result.p_j,
      file,
      rater_columns: rf.columns,
      ignored_columns: rf.ignored,
      dropped: result.dropped.map((d) => ({ ...d, name: rf.items[d.item] })),
      warnings: result.warnings,
      blank_rows: rf.blankRows,
    };
    if (values.json) return printJson(out);
    const f = (x: number, d = 4): string => (Number.isFinite(x) ? x.toFixed(d) : 'NaN');
    const pf = (p: number): string => (p === 0 ? '< 1e-300' : p < 1e-4 ? p.toExponential(2) : p.toFixed(4));
    const lines = [
      `Fleiss' kappa — ${file}: ${result.items} items × ${result.raters} raters, ${result.categories.length} categories`,
      `  kappa = ${f(result.kappa)}  (${result.interpretation}, Table 4)`,
      `  SE = ${f(result.se)} [${result.se_method}], z = ${f(result.z, 2)}, p = ${pf(result.p)}` + ' (SE under H0: kappa = 0, for the test)',
      result.bootstrap ? `  bootstrap ${Math.round(result.bootstrap.level * 100)}% CI ${f(result.bootstrap.lower)} to ${f(result.bootstrap.upper)} (${result.bootstrap.resamples} resamples, seed ${result.bootstrap.seed})` : '',
      `  Randolph's free-marginal kappa = ${f(result.randolph)}${result.conger !== undefined ? `, Conger's exact kappa = ${f(result.conger)}` : ''}`,
      '  per category:',
      ...result.categories.map((c) => {
        const v = result.per_category[c];
        return `    ${c.padEnd(Math.max(...result.categories.map((x) => x.length)) + 1)} kappa ${f(v.kappa)}  z ${f(v.z, 2).padStart(7)}  p ${pf(v.p)}`;
      }),
      rf.ignored.length ? `  not raters: ${rf.ignored.map((g) => `${g.column} (${g.reason})`).join('; ')}` : '',
      result.dropped.length ? `  dropped (--listwise): ${result.dropped.length} items with a missing rating: ${result.dropped.map((d) => (rf.items[d.item] === `row ${d.row}` ? rf.items[d.item] : `${rf.items[d.item]} (row ${d.row})`)).join(', ')}` : '',
    ].filter(Boolean);
    process.stdout.write(lines.join('\n') + '\n');
  },
};

export default kappa;
