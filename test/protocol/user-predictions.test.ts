/**
 * A user's own prediction file through `melab metrics` (issue 12, item 4, and the MEGC composite of
 * item 5): text fold labels (LOSO with the subject as fold), `--fold-by COL`, the minimal
 * `sample_id,y_true,y_pred` file (one fold, said so), the model named from the file name, integer
 * class ids with `--classes`, and `--by dataset` — every number checked against scikit-learn run live
 * on the same rows (per fold, fold mean, pooled, and per group). Also: a subject in two folds is a
 * listed leakage warning.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from '../../src/analysis/util/random';
import { assertClose } from '../helpers/close';
import { runPython, tmpDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
function melab(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), ...args], { encoding: 'utf8' });
}

/** scikit-learn's ACC, macro UAR and macro UF1 (default labels: classes present in y_true or y_pred), per fold and pooled. */
const SKLEARN = `
import json, sys
import numpy as np
from sklearn.metrics import accuracy_score, f1_score, recall_score
d = json.load(open(sys.argv[1]))
def m(t, p):
    return dict(acc=accuracy_score(t, p), uar=recall_score(t, p, average='macro', zero_division=0), uf1=f1_score(t, p, average='macro', zero_division=0))
def score(rows):
    t = np.array([r['t'] for r in rows]); p = np.array([r['p'] for r in rows]); f = [r['f'] for r in rows]
    folds = sorted(set(f))
    per = [m(t[np.array(f) == k], p[np.array(f) == k]) for k in folds]
    return dict(mean={k: float(np.mean([x[k] for x in per])) for k in ('acc', 'uar', 'uf1')}, pooled=m(t, p), n=len(rows), folds=folds)
out = dict(all=score(d['rows']), by={g: score([r for r in d['rows'] if r['g'] == g]) for g in sorted(set(r['g'] for r in d['rows']))})
print(json.dumps(out))
`;

/** A MEGC2019-like composite: 3 databases, a few subjects each, 3 classes, LOSO (the subject is the fold). */
function composite(seed: number) {
  const rng = seededRandom(seed);
  const classes = ['negative', 'positive', 'surprise'];
  const rows: { dataset: string; subject: string; id: string; t: number; p: number }[] = [];
  for (const [dataset, subjects] of [['casme2', 6], ['samm', 5], ['smic', 4]] as const) {
    for (let s = 1; s <= subjects; s++) {
      const subject = `${dataset}_s${String(s).padStart(2, '0')}`;
      const clips = 3 + rng.int(6);
      for (let c = 0; c < clips; c++) {
        const t = rng.next() < 0.5 ? 0 : rng.int(3);
        const p = rng.next() < 0.55 ? t : rng.int(3);
        rows.push({ dataset, subject, id: `${dataset}/${subject}/clip${c}`, t, p });
      }
    }
  }
  return { classes, rows };
}

describe('your own prediction file: melab metrics', function () {
  this.timeout(60000);
  const dir = tmpDir();
  const { classes, rows } = composite(7);
  const reference = runPython(SKLEARN, { rows: rows.map((r) => ({ t: r.t, p: r.p, f: r.subject, g: r.dataset })) });

  it('LOSO with text folds (the subject as fold) and --by dataset agree with scikit-learn per fold, overall and per database', () => {
    const file = path.join(dir, 'megc-loso.csv');
    fs.writeFileSync(file, 'dataset,subject,sample_id,fold,y_true,y_pred\n' +
      rows.map((r) => `${r.dataset},${r.subject},${r.id},${r.subject},${classes[r.t]},${classes[r.p]}`).join('\n') + '\n');
    const r = melab('metrics', '--predictions', file, '--by', 'dataset', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    // the contract keys stay, "by" is added
    for (const key of ['acc', 'uar', 'uf1', 'per_fold', 'pooled', 'confusion', 'by']) assert.ok(key in out, key);
    assert.equal(out.per_fold.length, 15);
    assert.deepEqual(out.per_fold.map((f: { fold: string }) => f.fold), reference.all.folds);
    for (const k of ['acc', 'uar', 'uf1']) {
      assertClose(out[k], reference.all.mean[k], 1e-12, `fold mean ${k}`);
      assertClose(out.pooled[k], reference.all.pooled[k], 1e-12, `pooled ${k}`);
    }
    assert.deepEqual(Object.keys(out.by), ['casme2', 'samm', 'smic']);
    for (const g of ['casme2', 'samm', 'smic']) {
      assert.deepEqual(Object.keys(out.by[g]), ['acc', 'uar', 'uf1', 'pooled', 'n']);
      assert.equal(out.by[g].n, reference.by[g].n);
      for (const k of ['acc', 'uar', 'uf1']) {
        assertClose(out.by[g][k], reference.by[g].mean[k], 1e-12, `${g} fold mean ${k}`);
        assertClose(out.by[g].pooled[k], reference.by[g].pooled[k], 1e-12, `${g} pooled ${k}`);
      }
    }
    assert.ok(out.notes.some((n: string) => /fold labels are text \(15 folds/.test(n)), out.notes.join('; '));
    const text = melab('metrics', '--predictions', file, '--by', 'dataset');
    assert.match(text.stdout, /dataset samm \(\d+ rows, 5 folds\): fold mean ACC/);
  });

  it('--fold-by subject on a file without a fold column: the same numbers, and the output says where the folds came from', () => {
    const file = path.join(dir, 'nofold.csv');
    fs.writeFileSync(file, 'subject,sample_id,y_true,y_pred\n' + rows.map((r) => `${r.subject},${r.id},${classes[r.t]},${classes[r.p]}`).join('\n') + '\n');
    const out = JSON.parse(melab('metrics', '--predictions', file, '--fold-by', 'subject', '--json').stdout);
    for (const k of ['acc', 'uar', 'uf1']) assertClose(out[k], reference.all.mean[k], 1e-12, `fold mean ${k}`);
    assert.ok(out.notes.includes('folds: from column "subject"'), out.notes.join('; '));
    assert.ok(out.notes.some((n: string) => /model "nofold": from the file name/.test(n)));
    assert.deepEqual(out.warnings, []);
    const bad = melab('metrics', '--predictions', file, '--fold-by', 'speaker');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /nofold\.csv, row 1, column speaker: --fold-by: no column "speaker"/);
  });

  it('the minimal sample_id,y_true,y_pred file with integer ids and --classes: one fold, said so; pooled = fold mean = scikit-learn', () => {
    const file = path.join(dir, 'minimal.csv');
    fs.writeFileSync(file, 'sample_id,y_true,y_pred\n' + rows.map((r) => `${r.id},${r.t},${r.p}`).join('\n') + '\n');
    const r = melab('metrics', '--predictions', file, '--classes', classes.join(','), '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.model, 'minimal');
    assert.equal(out.per_fold.length, 1);
    assert.deepEqual(out.confusion.classes, classes);
    for (const k of ['acc', 'uar', 'uf1']) {
      assertClose(out[k], reference.all.pooled[k], 1e-12, `one fold ${k}`);
      assertClose(out.pooled[k], reference.all.pooled[k], 1e-12, `pooled ${k}`);
    }
    assert.ok(out.notes.some((n: string) => /^no fold column: every row is scored as one fold/.test(n)), out.notes.join('; '));
    assert.ok(out.notes.includes('classes from --classes: 0 = negative, 1 = positive, 2 = surprise'));
    // without --classes the ids stay ids, and the output says so
    const ids = JSON.parse(melab('metrics', '--predictions', file, '--json').stdout);
    assert.deepEqual(ids.confusion.classes, ['0', '1', '2']);
    assert.ok(ids.notes.some((n: string) => /integer ids .* no --classes/.test(n)));
    // an id beyond the list is an error naming the cell
    const short = melab('metrics', '--predictions', file, '--classes', 'negative,positive');
    assert.equal(short.status, 2);
    assert.match(short.stderr, /minimal\.csv, row \d+, column y_(true|pred), value "2": class id out of range: 2 classes, ids 0\.\.1/);
  });

  it('a subject in two test folds is a listed leakage warning (text and JSON), naming the subject, both folds and rows', () => {
    const file = path.join(dir, 'leaky.csv');
    fs.writeFileSync(file, 'subject,sample_id,fold,y_true,y_pred\ns1,s1/a,0,negative,negative\ns1,s1/b,1,positive,negative\ns2,s2/a,1,surprise,surprise\n');
    const out = JSON.parse(melab('metrics', '--predictions', file, '--json').stdout);
    assert.deepEqual(out.warnings, [`${file}, row 3: subject "s1" is in two test folds (fold 0 at row 2, fold 1 here): the split is not subject-independent, so the scores are optimistic (leakage)`]);
    const text = melab('metrics', '--predictions', file);
    assert.match(text.stdout, /^warning: .*subject "s1" is in two test folds/m);
  });
});
