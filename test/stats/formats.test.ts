import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { readLabels } from '../../src/analysis/labels/read';
import {
  auCombinations, auDistribution, auEmotionAssociation, auEmotionCooccurrence, classifyDurations, datasetProfile,
  emotionByPartFigure, statsSummary,
} from '../../src/analysis/stats';

const read = (name: string, label: 'emotion' | 'objective' = 'emotion') =>
  readLabels(path.join(__dirname, '..', 'fixtures', 'labels', name), { label });

// Expected values read off the fixture files by hand (test/fixtures/labels/*), frames checked against
// Sec. 3.3.2 at each database's frame rate (databases.ts: CAS(ME)^3 and CAS(ME)^2 30 fps, 0.5 s = 15 frames,
// 0.25 s = 7.5 frames; SMIC-HS 100 fps).
const cases: { file: string; rows: number; parts: (string | null)[]; au: number; facs: boolean; me: number; mae: number; emotions: string }[] = [
  { file: 'dfme.csv', rows: 6, parts: ['A', 'B', 'C'], au: 13, facs: true, me: 6, mae: 0, emotions: 'Hap (1) Dis (1)' },
  { file: 'dfme-parts.csv', rows: 3, parts: ['A', 'B', 'C'], au: 6, facs: true, me: 3, mae: 0, emotions: 'Hap (1)' },
  { file: 'casme2.csv', rows: 7, parts: [null], au: 15, facs: true, me: 7, mae: 0, emotions: 'Hap (2) Dis (2) Sur (1) Rep (1) Oth (1)' },
  { file: 'samm.csv', rows: 6, parts: [null], au: 10, facs: true, me: 6, mae: 0, emotions: 'Hap (1) Dis (1) Ang (1) Con (1) Sur (1) Oth (1)' },
  { file: 'mmew.csv', rows: 4, parts: [null], au: 9, facs: true, me: 4, mae: 0, emotions: 'Hap (1) Dis (1) Sur (1) Oth (1)' },
  // spNO.1 a: 140−116+1 = 25 > 15 and 131−116+1 = 16 > 7.5 → MaE; spNO.10: 122−116+1 = 7 ≤ 7.5 → ME
  { file: 'casme3.csv', rows: 4, parts: ['A'], au: 7, facs: true, me: 1, mae: 3, emotions: 'Hap (1) Dis (1) Sur (1) Oth (1)' },
  // SMIC has no apex and no AU labels: 11, 15, 34, 25 frames ≤ 50 → all ME
  { file: 'smic-hs.csv', rows: 4, parts: ['HS'], au: 0, facs: false, me: 4, mae: 0, emotions: 'Pos (2) Neg (1) Sur (1)' },
  { file: 'canonical.csv', rows: 2, parts: ['Grayscale'], au: 3, facs: true, me: 2, mae: 0, emotions: 'Pos (1) Neg (1)' },
  // happy1_4 has offset 0 ("not annotated"): the reader uses the apex, 4010−4001+1 = 10 ≤ 15 → ME; the others MaE
  // micro-expressions only by default (row 1 says macro-expression): AUs 4, R12, 9+10; 18 > 15 and 9 > 7.5 → MaE,
  // 10 ≤ 15 → ME (offset 0 → apex), 17 > 15 and 8 > 7.5 → MaE
  { file: 'casme2-cas.csv', rows: 3, parts: [null], au: 4, facs: true, me: 1, mae: 2, emotions: 'Pos (1) Neg (2)' },
];

describe('stats on every supported label format (test/fixtures/labels)', () => {
  for (const c of cases) {
    it(`${c.file}: profile, Table 5, Table 6, Table 7, ME/MaE rule, summary, Fig. 4`, () => {
      const labels = read(c.file);
      const profile = datasetProfile(labels);
      assert.deepEqual(profile.rows.map((r) => r.part), c.parts);
      assert.equal(profile.rows.reduce((s, r) => s + r.samples, 0), c.rows);
      assert.equal(profile.table.rows[0].emotion, c.emotions);
      assert.ok(profile.rows.every((r) => r.auLabelled === c.facs));
      const d = auDistribution(labels);
      assert.equal(d.total, c.au);
      const durations = classifyDurations(labels);
      assert.deepEqual([durations.me, durations.mae, durations.undecided], [c.me, c.mae, c.rows - c.me - c.mae]);
      const summary = statsSummary(labels);
      assert.deepEqual(Object.keys(summary), ['dataset', 'rows', 'subjects', 'emotions', 'aus', 'me', 'mae', 'issues', 'detected', 'excluded']);
      assert.equal(summary.rows, c.rows);
      assert.equal(Object.values(summary.aus).reduce((s, n) => s + n, 0), c.au);
      const co = auEmotionCooccurrence(labels);
      assert.equal(co.rowsUsed, Object.values(summary.emotions).reduce((s, n) => s + n, 0));
      if (!c.facs) assert.ok(co.emotions.every((e) => co.occurrences[e].length === 0));
      const comb = auCombinations(labels);
      assert.equal(comb.perEmotion.length, co.emotions.length);
      const assoc = auEmotionAssociation(labels);
      assert.equal(assoc.tests.length, c.facs ? assoc.perAu.length * co.emotions.length : 0);
      const fig = emotionByPartFigure(labels);
      assert.equal(fig.data.length, c.parts.length);
    });
  }

  it('SAMM through its objective classes (--label objective): classes I–VII under their own keys', () => {
    // objective classes of the six rows: 3, 7, 1, 4, 7, 2 (Davison et al. 2018; the paper's Table 1 prints them as Hap … Oth)
    const p = datasetProfile(read('samm.csv', 'objective'));
    assert.equal(p.table.rows[0].emotion, 'I (1) II (1) III (1) IV (1) VII (2)');
  });

  it('MEGC2019 composite: one row per database, no frames (every clip listed as not judgeable), no AUs', () => {
    const labels = read('megc2019.csv');
    const p = datasetProfile(labels);
    assert.deepEqual(p.rows.map((r) => [r.name, r.samples, r.auLabelled]), [['SMIC', 2, false], ['CASME II', 2, false], ['SAMM', 2, false]]);
    const d = classifyDurations(labels);
    assert.deepEqual([d.me, d.mae, d.undecided], [0, 0, 6]);
    assert.ok(d.undecidedClips.every((u) => u.column === 'onset'));
    assert.equal(statsSummary(labels).dataset, 'smic+casme2+samm');
    assert.deepEqual(d.meClips, []);
    assert.equal(d.undecidedClips[0].sampleId, 'smic/s1/s1_ne_01');
  });
});
