import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { fixture } from './helpers';

const melab = (...args: string[]) => spawnSync(process.execPath, ['bin/melab.js', ...args], { encoding: 'utf8' });

describe('melab validate', () => {
  it('exit 0 on a sheet without errors (warnings allowed): how it was read, issues one per line, then a summary; --label passes through', () => {
    const r = melab('validate', '--labels', fixture('samm.csv'), '--label', 'objective');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /samm\.csv: read as samm \(samm, confidence 1\.00\): .*label = objective classes \(Objective Classes\), as asked/);
    assert.deepEqual(lines.slice(1), [
      `warning: ${fixture('samm.csv')}, row 16, column Action Units, value "R14+17+soft focus": `
        + 'unreadable AU piece "soft focus": not a FACS code, kept in aus_raw and not counted',
      `${fixture('samm.csv')}: samm format, 6 rows, 0 errors, 1 warnings`,
    ]);
  });

  it('exit 1 when some issue is an error; --json prints one object; --format passes through', () => {
    const r = melab('validate', '--labels', fixture('invalid-dfme.csv'), '--format', 'dfme', '--json');
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual([out.format, out.rows, out.errors, out.warnings, out.issues.length], ['dfme', 9, 6, 3, 9]);
    assert.deepEqual(out.issues[0], {
      file: fixture('invalid-dfme.csv'), row: 3, column: 'ApexFrame', value: '12.5',
      problem: 'not a frame number (a non-negative integer)', severity: 'error',
    });
  });

  for (const [what, args, pattern] of [
    ['a ragged file', ['--labels', fixture('ragged.csv')], /ragged\.csv, row 3: ragged file: this row has 10 fields, the header has 9$/],
    ['an empty file', ['--labels', fixture('empty.csv')], /empty\.csv: the file is empty/],
    ['an unknown header', ['--labels', fixture('unknown-header.csv')], /no recognisable label header; first row: Name, Start, End, Label/],
  ] as [string, string[], RegExp][]) {
    it(`exit 2 with one line on stderr for ${what}`, () => {
      const r = melab('validate', ...args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^melab validate: /);
      assert.match(r.stderr.trim(), pattern);
    });
  }
});
