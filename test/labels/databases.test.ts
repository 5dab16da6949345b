/** Table 1 transcribed into databases.ts, checked against the paper's own totals (Sec. 2.1, Sec. 3.4). */
import { strict as assert } from 'node:assert';
import { DATABASES, databaseEmotionSet, databaseId, databaseInfo, partFps, partOfFps } from '../../src/analysis/labels/databases';

describe('labels/databases: Table 1', () => {
  it('has every row of Table 1 in its order', () => {
    assert.deepEqual(DATABASES.map((d) => d.name),
      ['SMIC', 'CASME', 'CASME II', 'CAS(ME)^2', 'SAMM', 'MEVIEW', 'MMEW', 'CAS(ME)^3', '4DME', 'DFME']);
  });

  it('DFME: 1,118 + 969 + 5,439 = 7,526 samples from 72 + 92 + 492 = 656 participants at 500/300/200 fps (Sec. 3.4)', () => {
    const d = databaseInfo('dfme')!;
    assert.deepEqual(d.parts.map((p) => [p.part, p.participants, p.samples, p.fps]),
      [['A', 72, 1118, 500], ['B', 92, 969, 300], ['C', 492, 5439, 200]]);
    assert.equal(d.parts.reduce((s, p) => s + p.samples, 0), 7526);
    assert.equal(d.parts.reduce((s, p) => s + (p.participants ?? 0), 0), 656);
    assert.deepEqual(d.parts.map((p) => p.gender), [{ male: 31, female: 41 }, { male: 61, female: 31 }, { male: 282, female: 210 }]);
    assert.deepEqual(d.parts[0].resolutions, [{ width: 1024, height: 768 }]);
    assert.equal(d.facs, true);
  });

  it('emotion counts add up to the sample count, except the two rows where the printed Table 1 itself does not', () => {
    const mismatched: string[] = [];
    for (const d of DATABASES) {
      for (const p of d.parts) {
        if (p.emotions.length === 0) continue;
        const sum = p.emotions.reduce((s, e) => s + e.count, 0);
        if (sum !== p.samples) mismatched.push(`${d.name}${p.part ? ` ${p.part}` : ''}: ${sum} vs ${p.samples}`);
      }
    }
    // As printed: CASME's eight counts sum to 192 of 195 samples; CAS(ME)^3 PART C's four to 165 of 166.
    assert.deepEqual(mismatched, ['CASME: 192 vs 195', 'CAS(ME)^3 C: 165 vs 166']);
  });

  it('abbreviations become canonical emotion names (Table 1, footnote 3)', () => {
    assert.deepEqual(databaseInfo('samm')!.parts[0].emotions.map((e) => [e.label, e.count]), [
      ['happiness', 24], ['disgust', 8], ['fear', 7], ['anger', 20], ['surprise', 13], ['sadness', 3], ['others', 84],
    ]);
    assert.deepEqual(databaseInfo('smic')!.parts[0].emotions.map((e) => e.label), ['positive', 'negative', 'surprise']);
    assert.equal(databaseInfo('smic')!.facs, false);
  });

  it('emotion sets per database (Table 1\'s emotion column, over parts)', () => {
    assert.deepEqual(databaseEmotionSet('casme2'), ['happiness', 'disgust', 'surprise', 'repression', 'others']);
    assert.deepEqual(databaseEmotionSet('dfme'), ['happiness', 'disgust', 'fear', 'anger', 'contempt', 'surprise', 'sadness', 'others']);
    assert.deepEqual(databaseEmotionSet('casme3'),
      ['happiness', 'disgust', 'fear', 'anger', 'surprise', 'sadness', 'others', 'positive', 'negative']);
    assert.deepEqual(databaseEmotionSet('nope'), []);
  });

  it('frame rates by part and parts by frame rate', () => {
    assert.equal(partFps('dfme', 'B'), 300);
    assert.equal(partFps('dfme', null), null, 'DFME needs its part');
    assert.equal(partFps('smic', 'HS'), 100);
    assert.equal(partFps('smic', 'nir'), 25);
    assert.equal(partFps('casme2', null), 200);
    assert.equal(partFps('samm', null), 200);
    assert.equal(partFps('mmew', null), 90);
    assert.equal(partFps('casme3', 'A'), 30);
    assert.equal(partFps('nope', null), null);
    assert.equal(partOfFps('dfme', 500), 'A');
    assert.equal(partOfFps('dfme', 200), 'C');
    assert.equal(partOfFps('smic', 25), null, 'VIS and NIR share 25 fps');
  });

  it('database names as sheets write them map to dataset ids', () => {
    assert.deepEqual(['CASME II', 'casme2', 'SMIC', 'SAMM', 'CAS(ME)^2', 'cas(me)3', 'unknown db'].map(databaseId),
      ['casme2', 'casme2', 'smic', 'samm', 'casme2-cas', 'casme3', null]);
    assert.equal(databaseInfo('CASME II')?.id, 'casme2');
  });
});
