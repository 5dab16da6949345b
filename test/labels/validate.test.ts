import { strict as assert } from 'node:assert';
import { readLabels } from '../../src/analysis/labels/read';
import { countIssues, duplicateClips, hasErrors, parseFrame, validateLabels } from '../../src/analysis/labels/validate';
import { makeLabelTable, type LabelRow } from '../../src/analysis/labels/model';
import { parseAus } from '../../src/analysis/labels/au';
import { fixture, plainRows } from './helpers';

describe('labels/validate: invalid-dfme.csv', () => {
  const labels = readLabels(fixture('invalid-dfme.csv'));

  it('keeps every row (9 data rows), unusable values as null', () => {
    assert.equal(labels.table.numRows(), 9);
    const rows = plainRows(labels);
    assert.equal(rows[1].apex, null, 'row 3: apex "12.5" is not a frame number');
    assert.equal(rows[5].emotion, null, 'row 7: "joy-ish" is no emotion');
    assert.equal(rows[5].emotion_raw, 'joy-ish');
  });

  it('lists each problem with its row (header = row 1), column, value and severity', () => {
    // Worked out by hand from the fixture's lines (line n = row n).
    assert.deepEqual(labels.issues.map((i) => [i.row, i.column, i.value, i.severity, i.problem]), [
      [3, 'ApexFrame', '12.5', 'error', 'not a frame number (a non-negative integer)'],
      [4, 'ApexFrame', '200', 'error', 'apex frame 200 is outside onset..offset (40..160)'],
      [5, 'OffsetFrame', '80', 'error', 'offset frame 80 is before onset frame 90'],
      [6, 'Filename', '0001_01', 'error', 'duplicate clip: subject 0001, clip 0001_01 already on row 2'],
      [7, 'Emotion', 'joy-ish', 'error', 'unknown emotion'],
      [8, 'AU', '', 'warning', 'empty AU cell'],
      [9, 'AU', 'AU1+blink', 'warning', 'unreadable AU piece "blink": not a FACS code, kept in aus_raw and not counted'],
      [10, 'ApexFrame', '', 'warning', 'missing apex frame (not annotated)'],
      [10, 'Fps', '300', 'error', 'frame rate 300 contradicts part C (200 fps in Table 1)'],
    ]);
    assert.ok(labels.issues.every((i) => i.file === fixture('invalid-dfme.csv')));
    assert.deepEqual(countIssues(labels.issues), { errors: 6, warnings: 3 });
    assert.equal(hasErrors(labels.issues), true);
  });
});

describe('labels/validate: in-memory tables', () => {
  const row = (over: Partial<LabelRow>): LabelRow => ({
    dataset: 'dfme', part: 'A', subject: 's1', clip: 'c1', onset: 10, apex: 20, offset: 30, fps: 500,
    emotion: 'happiness', emotion_raw: 'happiness', aus: parseAus('AU12').tokens as LabelRow['aus'], aus_raw: 'AU12', ...over,
  });

  it('a clean table has no issues', () => {
    const t = makeLabelTable([row({}), row({ clip: 'c2' })], { format: 'canonical', file: 'mem' });
    assert.deepEqual(validateLabels(t), []);
  });

  it('checks numbers without raw cells: a fractional frame, missing onset, missing subject, missing emotion', () => {
    const t = makeLabelTable([
      row({ apex: 20.5 }), row({ clip: 'c2', onset: null }), row({ clip: 'c3', subject: '' }),
      row({ clip: 'c4', emotion: null, emotion_raw: '' }),
    ], { format: 'canonical', file: 'mem', sourceRows: [2, 3, 4, 5] });
    assert.deepEqual(validateLabels(t).map((i) => [i.row, i.column, i.value, i.problem]), [
      [2, 'apex', '20.5', 'not a frame number (a non-negative integer)'],
      [3, 'onset', '', 'missing onset frame'],
      [4, 'subject', '', 'missing subject'],
      [5, 'emotion', '', 'missing emotion label'],
    ]);
  });

  it('duplicates are per dataset: the same subject/clip in two databases is not a duplicate', () => {
    const t = makeLabelTable([row({}), row({ dataset: 'samm', part: null, fps: 200 }), row({})], { format: 'canonical', file: 'mem' });
    assert.deepEqual(validateLabels(t).map((i) => [i.row, i.problem]), [[4, 'duplicate clip: subject s1, clip c1 already on row 2']]);
  });

  it('only the fields a sheet has are checked', () => {
    const t = makeLabelTable([row({ onset: null, apex: null, offset: null, aus: [], aus_raw: '' })], { format: 'x', file: 'mem' });
    assert.deepEqual(validateLabels(t, { fields: ['subject', 'clip', 'emotion'] }), []);
    assert.equal(validateLabels(t).length, 4, 'all fields: missing onset, apex (warning), offset, empty AU cell');
  });
});

describe('labels/validate: parseFrame', () => {
  it('reads integers (also "123.0" as spreadsheets export them) and nothing else', () => {
    assert.deepEqual(['123', ' 7 ', '123.0', '+5', '12.5', '/', '', '-3', 'x', '1e3'].map(parseFrame),
      [123, 7, 123, 5, null, null, null, null, null, null]);
  });
});

describe('labels/validate: duplicateClips', () => {
  /** The reference: a key string per row and a Map, the obvious way. */
  function naive(ds: string[], subj: string[], clip: string[]): number[] {
    const first = new Map<string, number>();
    const out: number[] = [];
    ds.forEach((d, i) => {
      if (!subj[i] || !clip[i]) return;
      const key = JSON.stringify([d, subj[i], clip[i]]);
      const j = first.get(key);
      if (j === undefined) first.set(key, i);
      else out.push(i, j);
    });
    return out;
  }

  it('pairs each repeat with the first row, across runs, per dataset and subject (hand-made case)', () => {
    const ds = ['a', 'a', 'b', 'a', 'a', 'a', 'a', 'a'];
    const subj = ['1', '1', '1', '2', '1', '', '1', '2'];
    const clip = ['x', 'y', 'x', 'x', 'x', 'x', 'x', 'y'];
    // row 4 repeats row 0 (after other subjects and a dataset between), row 6 too; row 5 has no subject
    assert.deepEqual(duplicateClips(ds, subj, clip, ds.length), [4, 0, 6, 0]);
  });

  it('equals the key-string reference on 20,000 random rows with many repeats and hash-alike strings', () => {
    let seed = 7;
    const rnd = (k: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % k;
    };
    const n = 20_000;
    const ds = Array.from({ length: n }, () => ['casme2', 'samm', 'a\u0000b', 'a'][rnd(4)]);
    const subj = Array.from({ length: n }, () => ['', 's1', 's2', 's1\u0000', `${rnd(300)}`][rnd(5)]);
    const clip = Array.from({ length: n }, () => (rnd(10) === 0 ? '' : `c${rnd(400)}`));
    const got = duplicateClips(ds, subj, clip, n);
    assert.ok(got.length > 1000, 'the random rows repeat often');
    assert.deepEqual(got, naive(ds, subj, clip));
  });
});
