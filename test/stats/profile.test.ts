import { strict as assert } from 'node:assert';
import { tableToCsv, tableToLatex, tableToMarkdown } from '../../src/analysis/report/table';
import { datasetProfile, emotionCell } from '../../src/analysis/stats/profile';
import { fixture } from './helpers';

// DFME-like: part A (500 fps) subjects p1 (F, 2 clips), p2 (M, 1 clip); part B (300 fps) p3 (M), p4 (empty gender)
// and p3 again in B with a conflicting gender (counted once, by its first value, and reported)
const dfme = fixture([
  { subject: 'p1', part: 'A', gender: 'female', emotion: 'disgust', aus: '4+7' },
  { subject: 'p1', part: 'A', gender: 'F', emotion: 'happiness', aus: '6+12' },
  { subject: 'p2', part: 'A', gender: 'male', emotion: 'disgust', aus: '' },
  { subject: 'p3', part: 'B', fps: 300, gender: 'M', emotion: 'others', aus: '4' },
  { subject: 'p4', part: 'B', fps: 300, gender: '', emotion: null, aus: '' },
  { subject: 'p3', part: 'B', fps: 300, gender: 'female', emotion: 'fear', aus: '' },
], { extras: ['gender'] });

// a database without parts, AU labels or gender: two SMIC-HS-like rows, one frame rate missing
const smic = fixture([
  { dataset: 'smic', part: null, subject: 's1', fps: 100, emotion: 'negative', aus: '' },
  { dataset: 'smic', part: null, subject: 's2', fps: null, emotion: 'positive', aus: '' },
]);

describe('stats/profile (Table 1)', () => {
  const p = datasetProfile(dfme);

  it('one row per part, participants and samples', () => {
    assert.deepEqual(p.rows.map((r) => [r.name, r.part, r.participants, r.samples]), [['DFME', 'A', 2, 3], ['DFME', 'B', 2, 3]]);
  });

  it('gender split counts participants, each once, and reports a conflicting value', () => {
    assert.deepEqual(p.rows[0].gender, { male: 1, female: 1, other: 0, missing: 0 });
    assert.deepEqual(p.rows[1].gender, { male: 1, female: 0, other: 0, missing: 1 });
    assert.equal(p.issues.length, 1);
    assert.deepEqual([p.issues[0].row, p.issues[0].column, p.issues[0].value], [7, 'gender', 'female']);
    assert.match(p.issues[0].problem, /participant p3 was given gender male/);
  });

  it('frame rates, resolution (databases.ts), emotion cell as Table 1 prints it, FACS AU', () => {
    assert.deepEqual(p.rows[0].frameRates, [500]);
    assert.deepEqual(p.rows[1].frameRates, [300]);
    assert.deepEqual(p.rows[0].resolutions, ['1024×768']);
    assert.equal(emotionCell(p.rows[0].emotions), 'Hap (1) Dis (2)');
    assert.equal(emotionCell(p.rows[1].emotions, p.rows[1].unlabelled), 'Fear (1) Oth (1) Unlabelled (1)');
    assert.deepEqual([p.rows[0].auLabelled, p.rows[0].auSamples], [true, 2]);
    assert.equal(p.rows[0].published?.samples, 1118);
  });

  it('renders as Markdown, LaTeX and CSV', () => {
    assert.deepEqual(p.table.rows[0], {
      database: 'DFME', part: 'PART A', participants: 2, gender: '1/1', samples: 3, fps: '500', resolution: '1024×768',
      emotion: 'Hap (1) Dis (2)', facs: 'Yes',
    });
    assert.match(tableToMarkdown(p.table), /\| DFME \| PART A \| 2 \| 1\/1 \| 3 \| 500 \| 1024×768 \| Hap \(1\) Dis \(2\) \| Yes \|/);
    assert.match(tableToLatex(p.table), /\\toprule/);
    assert.equal(tableToCsv(p.table).split('\r\n')[1], 'DFME,PART A,2,1/1,3,500,1024×768,Hap (1) Dis (2),Yes');
  });

  it('several tables at once, a database without parts, AUs or gender, and per-dataset totals', () => {
    const both = datasetProfile([dfme, smic], { totals: true });
    assert.deepEqual(both.rows.map((r) => [r.name, r.part, r.total, r.samples]), [
      ['DFME', 'A', false, 3], ['DFME', 'B', false, 3], ['DFME', null, true, 6], ['SMIC', null, false, 2],
    ]);
    const s = both.rows[3];
    assert.equal(s.gender, null);
    assert.deepEqual([s.frameRates, s.missingFps, s.auLabelled], [[100], 1, false]);
    assert.equal(both.table.rows[2].part, 'all');
    assert.equal(both.table.rows[2].participants, 4); // p1, p2 (part A) and p3, p4 (part B)
    // SMIC without a part column: every resolution of SMIC's parts (all 640×480, databases.ts)
    assert.deepEqual(s.resolutions, ['640×480']);
  });
});
