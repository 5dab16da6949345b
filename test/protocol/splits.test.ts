/**
 * Subject-independent splits (DFME Sec. 4.3: each of 10 folds tests 10% of the subjects): fold sizes,
 * reproducibility from the seed, no subject in two folds, stratification by majority emotion, LOSO,
 * leave-one-dataset-out with colliding subject ids, duplicate clips, and the split file round trip.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeSplits, readSplitFile, splitLeaks, splitSummary, splitToCsv, writeSplitFile } from '../../src/analysis/protocol/splits';
import { seededRandom } from '../../src/analysis/util/random';
import { labelsOf, tmpDir } from './helpers';

const EMOTIONS = ['happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise'];

/** 50 subjects with 2–9 clips each; subject s's clips are mostly emotion s % 7. */
function table(subjects = 50, seed = 1, dataset = 'dfme') {
  const rng = seededRandom(seed);
  const rows: [string, string, string, string, string][] = [];
  for (let s = 0; s < subjects; s++) {
    const clips = 2 + rng.int(8);
    for (let c = 0; c < clips; c++) rows.push([`sub${s + 1}`, `clip${c + 1}`, EMOTIONS[rng.next() < 0.7 ? s % 7 : rng.int(7)], '4', dataset]);
  }
  return rows;
}

describe('splits', () => {
  const labels = labelsOf(table());

  it('10-fold: every fold tests 5 of the 50 subjects (10%), every sample exactly once, in label order', () => {
    const split = makeSplits(labels, { folds: 10, seed: 0 });
    assert.deepEqual(split.subjectsByFold.map((s) => s.length), Array(10).fill(5));
    assert.equal(split.rows.length, labels.table.numRows());
    assert.equal(split.rows[0].sample_id, 'sub1/clip1');
    assert.deepEqual(splitLeaks(split.rows), []);
    // a subject's samples all carry its fold
    const foldOf = new Map(split.subjectsByFold.flatMap((subs, f) => subs.map((s) => [s, f] as const)));
    for (const r of split.rows) assert.equal(r.fold, foldOf.get(r.subject));
  });

  it('uneven counts: 53 subjects in 10 folds → 3 folds of 6 and 7 folds of 5', () => {
    const split = makeSplits(labelsOf(table(53)), { folds: 10 });
    assert.deepEqual(split.subjectsByFold.map((s) => s.length).sort(), [5, 5, 5, 5, 5, 5, 5, 6, 6, 6]);
  });

  it('reproducible from the seed; another seed gives another assignment', () => {
    assert.deepEqual(makeSplits(labels, { seed: 7 }).rows, makeSplits(labels, { seed: 7 }).rows);
    assert.notDeepEqual(makeSplits(labels, { seed: 7 }).rows, makeSplits(labels, { seed: 8 }).rows);
  });

  it('stratified: each fold gets its share of every majority-emotion stratum', () => {
    const split = makeSplits(labels, { folds: 5, seed: 3, stratify: true });
    assert.ok(split.strata);
    const strata = new Set(Object.values(split.strata!));
    for (const st of strata) {
      const members = Object.entries(split.strata!).filter(([, v]) => v === st).map(([s]) => s);
      const perFold = split.subjectsByFold.map((subs) => subs.filter((s) => members.includes(s)).length);
      assert.ok(Math.max(...perFold) - Math.min(...perFold) <= 1, `stratum ${st}: ${perFold}`);
    }
    assert.ok(Math.max(...split.subjectsByFold.map((s) => s.length)) - Math.min(...split.subjectsByFold.map((s) => s.length)) <= 1);
  });

  it('majority emotion: ties go to the earlier canonical emotion; a subject without emotions is "unlabelled"', () => {
    const t = labelsOf([['a', '1', 'fear', '4'], ['a', '2', 'anger', '4'], ['b', '1', 'surprise', '4'], ['c', '1', '', '4']]);
    const split = makeSplits(t, { folds: 2, stratify: true });
    assert.deepEqual(split.strata, { a: 'anger', b: 'surprise', c: 'unlabelled' });
  });

  it('leave-one-subject-out: one fold per subject in natural order', () => {
    const split = makeSplits(labels, { scheme: 'loso' });
    assert.equal(split.folds, 50);
    assert.deepEqual(split.subjectsByFold.slice(0, 3), [['sub1'], ['sub2'], ['sub3']]);
    assert.deepEqual(split.subjectsByFold[9], ['sub10']);
  });

  it('leave-one-dataset-out: subjects qualified by dataset, since ids collide across databases', () => {
    const mixed = labelsOf([...table(6, 2, 'casme2'), ...table(4, 3, 'samm')]);
    const split = makeSplits(mixed, { scheme: 'lodo' });
    assert.equal(split.folds, 2);
    assert.deepEqual(split.subjectsByFold[0].slice(0, 2), ['casme2/sub1', 'casme2/sub2']);
    assert.equal(split.subjectsByFold[1].length, 4);
    assert.ok(split.rows.every((r) => r.fold === (r.dataset === 'casme2' ? 0 : 1)));
    assert.equal(split.rows[0].sample_id, 'casme2/sub1/clip1');
    // k-fold on the mixed table keeps casme2/sub1 and samm/sub1 apart as two subjects
    assert.equal(makeSplits(mixed, { folds: 2 }).subjectsByFold.flat().length, 10);
    assert.throws(() => makeSplits(labels, { scheme: 'lodo' }), /needs a table that mixes at least two datasets/);
  });

  it('duplicate clips are flagged (row named) and written once', () => {
    const dup = labelsOf([...table(4), ['sub1', 'clip1', 'fear', '4']]);
    const split = makeSplits(dup, { folds: 2 });
    assert.equal(split.rows.length, dup.table.numRows() - 1);
    assert.equal(split.issues.length, 1);
    assert.equal(split.issues[0].row, dup.table.numRows() + 1);
    assert.match(split.issues[0].problem, /duplicate clip: sample id also at row 2/);
  });

  it('bad requests: more folds than subjects, fewer than 2 folds', () => {
    assert.throws(() => makeSplits(labelsOf(table(3)), { folds: 4 }), /more folds than subjects \(3\)/);
    assert.throws(() => makeSplits(labels, { folds: 1 }), /integer ≥ 2/);
  });

  it('the split file: header dataset,subject,sample_id,fold; round trip; summary per fold', () => {
    const split = makeSplits(labels, { folds: 10, seed: 0 });
    const text = splitToCsv(split);
    assert.equal(text.split('\n')[0], 'dataset,subject,sample_id,fold');
    const file = path.join(tmpDir(), 'split.csv');
    writeSplitFile(split, file);
    assert.deepEqual(readSplitFile(file), split.rows);
    const summary = splitSummary(split, labels);
    assert.equal(summary.reduce((s, f) => s + f.samples, 0), split.rows.length);
    assert.equal(Object.values(summary[0].emotions!).reduce((s, n) => s + n, 0), summary[0].samples);
  });

  it('the leakage check rejects a split file with a subject in two folds, naming the row', () => {
    const file = path.join(tmpDir(), 'leaky.csv');
    fs.writeFileSync(file, 'dataset,subject,sample_id,fold\ndfme,s1,s1/a,0\ndfme,s2,s2/a,1\ndfme,s1,s1/b,1\n');
    assert.throws(() => readSplitFile(file), /leaky.csv, row 4, column fold, value "1": subject leakage: subject "s1" is tested in fold 0 \(row 2\) and fold 1/);
    fs.writeFileSync(file, 'dataset,subject,sample_id,fold\ndfme,s1,s1/a,0\ndfme,s1,s1/a,0\n');
    assert.throws(() => readSplitFile(file), /row 3, column sample_id, value "s1\/a": sample listed twice \(also row 2\)/);
  });
});
