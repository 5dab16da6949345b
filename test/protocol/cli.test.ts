/**
 * The protocol's CLI commands (DESIGN.md's contract): `melab metrics --json`, `melab splits`,
 * `melab tables`, `melab compare`, errors as one line with exit code 2; and the reference baselines in
 * data/reference-baselines are the genuine output of the documented baselines (regenerated here and compared).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDefaultLabels } from '../../src/analysis/labels/read';
import { writeReferenceBaselines } from '../../src/analysis/protocol/baseline';
import { readPredictions } from '../../src/analysis/protocol/predictions';
import { exportMetrics } from '../../src/analysis/protocol/tables';
import { auMetrics } from '../../src/analysis/protocol/au-metrics';
import { tmpDir } from './helpers';

const DEMO = 'data/reference-baselines';
const NB = `${DEMO}/reference-au-naive-bayes-emotion.csv`;
const MAJORITY = `${DEMO}/reference-majority-class-emotion.csv`;
const AU = `${DEMO}/reference-emotion-conditional-au-rate-au.csv`;

function melab(...args: string[]) {
  return spawnSync(process.execPath, ['bin/melab.js', ...args], { encoding: 'utf8' });
}

describe('protocol CLI', function () {
  this.timeout(60000);

  it('metrics --json: the contract keys, fold mean as acc/uar/uf1, pooled apart, confusion in class order', () => {
    const r = melab('metrics', '--predictions', NB, '--labels', 'data/dfme-synthetic-labels.csv', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    for (const key of ['acc', 'uar', 'uf1', 'per_fold', 'pooled', 'confusion']) assert.ok(key in out, key);
    const m = exportMetrics(readPredictions(NB));
    assert.equal(out.acc, m.fold_mean.acc);
    assert.equal(out.uf1, m.fold_mean.uf1);
    assert.deepEqual(out.pooled, { acc: m.pooled.acc, uar: m.pooled.uar, uf1: m.pooled.uf1, n: m.pooled.n });
    assert.deepEqual(Object.keys(out.per_fold[0]).slice(0, 4), ['fold', 'acc', 'uar', 'uf1']);
    assert.equal(out.per_fold.length, 10);
    assert.deepEqual(out.confusion.classes, ['happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise']);
    assert.equal(out.confusion.matrix.flat().reduce((s: number, x: number) => s + x, 0), m.pooled.n);
  });

  it('metrics --json on an AU export: "aus" {code: F1} and "au_average"', () => {
    const r = melab('metrics', '--predictions', AU, '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const e = readPredictions(AU);
    const a = auMetrics({ aus: e.au!.aus, truth: e.au!.truth, scores: e.au!.scores, fold: e.fold, threshold: e.au!.threshold });
    assert.deepEqual(Object.keys(out.aus), ['AU1', 'AU2', 'AU4', 'AU5', 'AU6', 'AU7', 'AU9', 'AU10', 'AU12', 'AU14', 'AU15', 'AU17']);
    assert.equal(out.aus.AU4, a.per_au[2].f1);
    assert.equal(out.au_average, a.average);
    assert.ok(!('acc' in out));
  });

  it('splits --out: the split file of the default data; --json summary', () => {
    const file = path.join(tmpDir(), 'folds.csv');
    const r = melab('splits', '--folds', '10', '--seed', '0', '--out', file, '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'dataset,subject,sample_id,fold');
    assert.equal(lines.length - 1, out.samples);
    assert.equal(out.per_fold.length, 10);
    const sizes = out.per_fold.map((f: { subjects: number }) => f.subjects);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
  });

  it('tables: Table 8 as CSV and Table 9 as Markdown from the demo folder', () => {
    const t8 = melab('tables', '--predictions', DEMO, '--table', '8', '--format', 'csv');
    assert.equal(t8.status, 0, t8.stderr);
    assert.match(t8.stdout, /^Group,Methods,ACC\(%\),UAR,UF1/);
    assert.match(t8.stdout, /Other,reference-au-naive-bayes,/);
    const t9 = melab('tables', '--predictions', DEMO, '--table', '9', '--format', 'md');
    assert.match(t9.stdout, /\| Group \| Methods \| Values \| AU1 \| AU2 \|/);
  });

  it('compare --json: McNemar and paired bootstrap of two models on the same samples', () => {
    const r = melab('compare', '--a', NB, '--b', MAJORITY, '--bootstrap', '200', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.ok(out.mcnemar.a_only > out.mcnemar.b_only);
    assert.ok(out.bootstrap.fold_mean.uf1.lower > 0);
  });

  it('a bad export: exit 2, one line on stderr naming file, row and column', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'bad-emotion.csv');
    fs.writeFileSync(file, 'sample_id,fold,y_true,y_pred\nsub001/x,0,anger,anger\nsub001/y,zero,anger,fear\n');
    const r = melab('metrics', '--predictions', file, '--json');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /bad-emotion\.csv, row 3, column fold, value "zero": fold must be a non-negative integer/);
  });
});

describe('reference baselines in data/reference-baselines', function () {
  this.timeout(60000);
  it('are the genuine output of the baselines on the default data (regenerated here, identical rows)', () => {
    const dir = tmpDir();
    const files = writeReferenceBaselines(loadDefaultLabels(), dir);
    const shipped = fs.readdirSync(DEMO).filter((f) => f.endsWith('.csv')).sort();
    assert.deepEqual(files.map((f) => path.basename(f)).sort(), shipped);
    for (const f of files) {
      assert.ok(path.basename(f).startsWith('reference-'), 'marked as reference baselines in the file name');
      assert.equal(fs.readFileSync(f, 'utf8'), fs.readFileSync(path.join(DEMO, path.basename(f)), 'utf8'), `${f} differs: run "melab baselines"`);
      const a = JSON.parse(fs.readFileSync(f.replace(/\.csv$/, '.manifest.json'), 'utf8'));
      const b = JSON.parse(fs.readFileSync(path.join(DEMO, path.basename(f).replace(/\.csv$/, '.manifest.json')), 'utf8'));
      for (const key of ['created', 'timings', 'hardware', 'code_version']) { delete a[key]; delete b[key]; }
      assert.deepEqual(a, b);
    }
  });
  it('read cleanly against the default label table', () => {
    const labels = loadDefaultLabels();
    for (const f of [NB, MAJORITY, AU]) assert.ok(readPredictions(f, { labels }).sampleIds.length > 7000);
  });
});

describe('Table 8 of the shipped exports', function () {
  this.timeout(60000);
  it('says when the models were evaluated on different sample sets', () => {
    const r = melab('tables', '--predictions', 'data/predictions', '--table', '8', '--format', 'md');
    assert.equal(r.status, 0, r.stderr);
    // data/predictions: MDMO on all 7,275 clips, STSTNet on fewer subjects (their manifests), so the note must appear
    assert.match(r.stdout, /different sample sets/);
  });
});
