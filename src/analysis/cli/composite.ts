import * as fs from 'node:fs';
import type { Command } from './command';
import { printJson, stringOption } from './command';
import { fail } from '../labels/issues';
import { readLabels } from '../labels/read';
import { buildComposite, compareComposite, compositeCsv, loadCompositeScheme, readCompositeFile } from '../labels/composite';
import { LABEL_OPTIONS, LABEL_USAGE, labelFiles, labelReadOptions } from './label-options';

/** `melab composite`: a composite (MEGC2019 3-class, ...) rebuilt from the source sheets by a scheme file (labels/composite.ts). */
const composite: Command = {
  summary: 'rebuild a composite label set (e.g. MEGC2019 3-class) from its source sheets, optionally audited against the official file',
  usage: ['melab composite --scheme NAME|FILE.json --labels A --labels B ... --out FILE [--against OFFICIAL.csv] [--json]', LABEL_USAGE,
    '--scheme: a shipped scheme (data/composites: megc2019) or your own JSON file (docs/composites.md);',
    '--out: the composite in the official layout (header-less dataset,subject,clip,label);',
    '--json: {scheme, out, rows, counts: {dataset: {class: n}}, left_out: {dataset: {reason: n}}, against?: {file, only_rebuilt, only_official, label_differs, counts}}'].join('\n'),
  options: { ...LABEL_OPTIONS, scheme: { type: 'string' }, out: { type: 'string' }, against: { type: 'string' }, json: { type: 'boolean' } },
  run(values, positionals) {
    const schemeName = stringOption(values, 'scheme');
    if (!schemeName) fail('', 0, '--scheme', '', 'a scheme name (megc2019) or JSON file is required');
    const out = stringOption(values, 'out');
    if (!out) fail('', 0, '--out', '', 'the output file is required');
    const files = labelFiles(values, positionals);
    if (files.length === 0) fail('', 0, '--labels', '', 'at least one source label sheet is required');
    const scheme = loadCompositeScheme(schemeName);
    const opts = labelReadOptions(values, values.format as string | undefined);
    const c = buildComposite(scheme, files.map((f) => readLabels(f, opts)));
    const against = stringOption(values, 'against');
    const audit = against ? compareComposite(c, readCompositeFile(against, scheme)) : undefined;
    fs.writeFileSync(out, compositeCsv(c));
    const result = {
      scheme: scheme.name, out, rows: c.rows.length, counts: c.counts, left_out: c.left_out,
      ...(audit ? { against: { file: against, only_rebuilt: audit.only_rebuilt, only_official: audit.only_official, label_differs: audit.label_differs, counts: audit.official_counts } } : {}),
    };
    if (values.json) { printJson(result); return; }
    const lines = [`${scheme.title}: ${c.rows.length} clips written to ${out}`,
      ...Object.entries(c.counts).map(([d, m]) => `  ${d}: ${Object.entries(m).map(([k, n]) => `${k} ${n}`).join(', ')}` +
        (audit ? `  (official: ${Object.entries(audit.official_counts[d] ?? {}).map(([k, n]) => `${k} ${n}`).join(', ')})` : '')),
      ...Object.entries(c.left_out).map(([d, m]) => `  ${d} left out: ${Object.entries(m).map(([k, n]) => `${k} ${n}`).join(', ')}`)];
    if (audit) {
      lines.push(`only rebuilt: ${audit.only_rebuilt.length}`, ...audit.only_rebuilt.map((s) => `  + ${s}`),
        `only official: ${audit.only_official.length}`, ...audit.only_official.map((s) => `  - ${s}`),
        `class differs: ${audit.label_differs.length}`, ...audit.label_differs.map((d) => `  ${d.sample_id}: rebuilt ${d.rebuilt}, official ${d.official}`));
    }
    process.stdout.write(lines.join('\n') + '\n');
  },
};

export default composite;
