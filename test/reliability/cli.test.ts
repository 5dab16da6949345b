import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertClose } from '../helpers/close';
import { FIXTURES, melab } from './helpers';

const fx = (name: string) => path.join(FIXTURES, name);
let tmp: string;
const write = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('reliability: CLI (melab kappa, melab agreement)', () => {
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-rel-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('melab kappa --ratings FILE --json prints one JSON object with the contract keys (bin/melab.js, end to end)', () => {
    const r = spawnSync(process.execPath, ['bin/melab.js', 'kappa', '--ratings', fx('diagnoses.csv'), '--id', 'Patient', '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    for (const key of ['kappa', 'se', 'z', 'p', 'per_category', 'randolph', 'interpretation', 'items', 'raters']) assert.ok(key in j, key);
    assertClose(j.kappa, 0.4302445, 5e-8, 'kappa (irr)');
    assertClose(j.z, 17.65183, 5e-6, 'z (irr)');
    assert.equal(j.items, 30);
    assert.equal(j.raters, 6);
    assert.equal(j.interpretation, 'Moderate agreement');
    for (const v of Object.values(j.per_category) as { kappa: number; z: number; p: number }[]) {
      assert.equal(typeof v.kappa, 'number');
      assert.equal(typeof v.z, 'number');
      assert.equal(typeof v.p, 'number');
    }
    assertClose(j.per_category['4. Neurosis'].z, 9.994, 5e-4, 'irr detail z');
  });

  it('--counts reads one column per category (Wikipedia example: 0.210)', async () => {
    const r = await melab(['kappa', '--ratings', fx('wikipedia-counts.csv'), '--counts', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assertClose(j.kappa, 0.21, 5e-4, 'kappa');
    assert.equal(j.raters, 14);
    assert.deepEqual(Object.keys(j.per_category), ['c1', 'c2', 'c3', 'c4', 'c5']);
    assert.deepEqual(j.ignored_columns.map((c: { column: string }) => c.column), ['Item']);
  });

  it('a votes file Filename,A1..A7,SecondRound: Filename and SecondRound are not raters', async () => {
    const r = await melab(['kappa', '--ratings', fx('votes-small.csv'), '--json', '--bootstrap', '200', '--seed', '3']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.raters, 7);
    assert.equal(j.items, 6);
    assert.deepEqual(j.rater_columns, ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
    assert.deepEqual(j.ignored_columns.map((c: { column: string }) => c.column), ['Filename', 'SecondRound']);
    assert.equal(j.bootstrap.resamples, 200);
    const text = await melab(['kappa', '--ratings', fx('votes-small.csv')]);
    assert.match(text.stdout, /kappa = \d\.\d{4}/);
  });

  it('bad input: one line on stderr naming file, row and column, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['kappa', '--ratings', write('ragged.csv', 'a,b,c\nx,y,z\nx,y\n')], /ragged\.csv, row 3, column c: ragged row/],
      [['kappa', '--ratings', write('long.csv', 'a,b\nx,y\nx,y,z\n')], /long\.csv, row 3, column column 3, value "z": ragged row/],
      [['kappa', '--ratings', write('one-rater.csv', 'Filename,A1\ns1,fear\ns2,anger\n')], /one-rater\.csv: only 1 rater/],
      [['kappa', '--ratings', write('one-cat.csv', 'A1,A2,A3\nfear,fear,fear\nfear,fear,fear\n')], /one-cat\.csv: every rating is in one category \(fear\)/],
      [['kappa', '--ratings', write('empty.csv', '')], /empty\.csv: the file is empty/],
      [['kappa', '--ratings', write('header-only.csv', 'A1,A2\n')], /header-only\.csv, row 1: no data rows/],
      [['kappa', '--ratings', write('missing.csv', 'A1,A2,A3\nfear,fear,anger\nfear,,anger\n')], /missing\.csv, row 3, column A2: not rated.*krippendorffAlpha/],
      [['kappa', '--ratings', write('counts.csv', 'c1,c2\n2,1\n1,x\n'), '--counts'], /counts\.csv, row 3, column c2, value "x": a count must be a whole number/],
      [['kappa', '--ratings', path.join(tmp, 'nope.csv')], /nope\.csv: cannot read the file \(no such file\)/],
      [['kappa'], /--ratings.*missing/],
      [['agreement', '--coder-a', fx('coder-a.csv'), '--coder-b', write('b.csv', 'sample,aus\nclip1,4\nclip9,12\n')], /coder-a\.csv, row 3, column sample, value "clip2": sample not in coder B/],
    ];
    for (const [args, re] of cases) {
      const r = await melab(args);
      assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, re);
      assert.doesNotMatch(r.stderr, /internal error|at .*\.ts:\d+/);
    }
  });

  it('melab agreement: two coder files paired by sample, or one coders file; R = 2·2/(4 + 3)', async () => {
    const a = await melab(['agreement', '--coder-a', fx('coder-a.csv'), '--coder-b', fx('coder-b.csv'), '--json']);
    assert.equal(a.status, 0, a.stderr);
    assertClose(JSON.parse(a.stdout).R, 4 / 7, 1e-15, 'R');
    const b = await melab(['agreement', '--coders', fx('coders.csv'), '--json', '--fold-sides', '--per-sample']);
    const j = JSON.parse(b.stdout);
    assertClose(j.R, 6 / 7, 1e-15, 'R folded');
    assert.deepEqual(j.per_sample.map((s: { sample: string }) => s.sample), ['clip1', 'clip2', 'clip3']);
    const text = await melab(['agreement', '--coders', fx('coders.csv')]);
    assert.match(text.stdout, /AU agreement R \(Eq\. 1\): 0\.5714/);
  });
});
