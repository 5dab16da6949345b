import { strict as assert } from 'node:assert';
import { concatLabels, filterLabels, labelColumn, makeLabelTable, sampleIdsOf, subjectsOf, toDanfo, type LabelRow } from '../../src/analysis/labels/model';

const row = (dataset: string, subject: string, clip: string): LabelRow => ({
  dataset, part: null, subject, clip, onset: 1, apex: 5, offset: 9, fps: 200, emotion: 'disgust', emotion_raw: 'Disgust',
  aus: [{ code: 'AU4', kind: 'AU', number: 4, side: null, intensity: null, uncertain: false, alternative: null, raw: '4' }],
  aus_raw: '4',
});

describe('canonical label model', () => {
  it('qualifies subjects and sample ids by dataset only when databases are mixed', () => {
    const one = makeLabelTable([row('casme2', 'sub01', 'EP02_01f'), row('casme2', 'sub02', 'EP02_01f')], { format: 'casme2' });
    assert.deepEqual(sampleIdsOf(one), ['sub01/EP02_01f', 'sub02/EP02_01f']);
    const mixed = makeLabelTable([row('casme2', '006', 'a'), row('samm', '006', 'a')], { format: 'megc2019' });
    assert.deepEqual(subjectsOf(mixed), ['casme2/006', 'samm/006']);
    assert.deepEqual(sampleIdsOf(mixed), ['casme2/006/a', 'samm/006/a']);
  });

  it('filterLabels keeps source row numbers aligned with the rows kept', () => {
    const t = makeLabelTable([row('d', 's1', 'a'), row('d', 's2', 'b'), row('d', 's3', 'c')], { format: 'dfme', sourceRows: [2, 3, 4] });
    const kept = filterLabels(t, (r) => r.subject !== 's2');
    assert.deepEqual(labelColumn(kept, 'clip'), ['a', 'c']);
    assert.deepEqual(kept.sourceRows, [2, 4]);
  });

  it('toDanfo gives a DataFrame with AU codes joined by +', () => {
    const df = toDanfo(makeLabelTable([row('d', 's1', 'a')], { format: 'dfme' })) as { shape: number[]; column(n: string): { values: unknown[] } };
    assert.equal(df.shape[0], 1);
    assert.deepEqual(df.column('aus').values, ['AU4']);
  });
});

describe('concatLabels', () => {
  it('stacks tables, unions extras, keeps issues and source rows, and qualifies ids by dataset', () => {
    const a = makeLabelTable([{ ...row('casme2', '01', 'EP02'), notes: 'x' }], { format: 'casme2', file: 'a.csv', extras: ['notes'], sourceRows: [5] });
    const issue = { file: 'b.csv', row: 3, column: 'AU', value: '?', problem: 'unreadable AU token', severity: 'warning' as const };
    const b = makeLabelTable([row('samm', '01', 'EP02')], { format: 'samm', file: 'b.csv', issues: [issue], sourceRows: [15] });
    const all = concatLabels([a, b]);
    assert.equal(all.format, 'mixed');
    assert.deepEqual(all.extras, ['notes']);
    assert.deepEqual(labelColumn(all, 'notes' as never), ['x', null]);
    assert.deepEqual(all.sourceRows, [5, 15]);
    assert.deepEqual(all.issues, [issue]);
    assert.deepEqual(sampleIdsOf(all), ['casme2/01/EP02', 'samm/01/EP02']);
  });
});
