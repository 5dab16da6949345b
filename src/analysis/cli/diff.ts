import type { Command } from './command';
import { printJson } from './command';
import { fail } from '../labels/issues';
import { readLabels } from '../labels/read';
import { diffLabels } from '../labels/diff';
import { LABEL_OPTIONS, LABEL_USAGE, labelFiles, labelReadOptions } from './label-options';

/** `melab diff`: two sheets of one database compared clip by clip (labels/diff.ts). */
const diff: Command = {
  summary: 'compare two label sheets: clips only in A or B and every changed field',
  usage: ['melab diff --labels A --labels B [--json]', LABEL_USAGE,
    '--json: {added, removed, changed: [{sample_id, field, a, b}], summary: {field: n}}'].join('\n'),
  options: { ...LABEL_OPTIONS, json: { type: 'boolean' } },
  run(values, positionals) {
    const files = labelFiles(values, positionals);
    if (files.length !== 2) fail('', 0, '--labels', String(files.length), 'exactly two label sheets');
    const opts = labelReadOptions(values, values.format as string | undefined);
    const d = diffLabels(readLabels(files[0], opts), readLabels(files[1], opts));
    if (values.json) { printJson(d); return; }
    const out: string[] = [`only in A (removed): ${d.removed.length}`, ...d.removed.map((s) => `  - ${s}`),
      `only in B (added): ${d.added.length}`, ...d.added.map((s) => `  + ${s}`), `changed: ${d.changed.length}`,
      ...d.changed.map((c) => `  ${c.sample_id} ${c.field}: ${JSON.stringify(c.a)} -> ${JSON.stringify(c.b)}`),
      'summary:', ...Object.entries(d.summary).map(([f, n]) => `  ${f}: ${n}`)];
    process.stdout.write(out.join('\n') + '\n');
  },
};

export default diff;
