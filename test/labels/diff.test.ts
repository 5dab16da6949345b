import { strict as assert } from 'assert';
import { makeLabelTable, type LabelRow } from '../../src/analysis/labels/model';
import { diffLabels, matchSubject } from '../../src/analysis/labels/diff';

const au = (code: string) => ({ code, kind: 'AU' as const, number: Number(code.replace(/\D/g, '')), side: null,
  intensity: null, uncertain: false, alternative: null, raw: code });
const row = (subject: string, clip: string, o: Partial<LabelRow> = {}): LabelRow => ({
  dataset: 'casme2', part: null, subject, clip, onset: 1, apex: 5, offset: 9, fps: 200,
  emotion: 'happiness', emotion_raw: 'happiness', aus: [au('AU12')], aus_raw: '12', ...o });

describe('diffLabels (hand-built pair, one known change per field)', () => {
  it('lists every change and nothing else, matching "01" with "sub01"', () => {
    const a = makeLabelTable([row('01', 'EP01'), row('02', 'EP02'), row('03', 'EP03')], { format: 'casme2' });
    const b = makeLabelTable([
      row('sub01', 'EP01', { emotion: 'surprise', emotion_raw: 'surprise', aus: [au('AU1'), au('AU2')], aus_raw: '1+2',
        onset: 2, apex: 6, offset: 10 }),
      row('sub02', 'EP02'), row('sub04', 'EP04')], { format: 'casme2' });
    const d = diffLabels(a, b);
    assert.deepEqual(d.removed, ['casme2/03/EP03']);
    assert.deepEqual(d.added, ['casme2/sub04/EP04']);
    assert.deepEqual(d.changed.map((c) => [c.field, c.a, c.b]), [
      ['emotion', 'happiness', 'surprise'], ['emotion_raw', 'happiness', 'surprise'],
      ['aus', 'AU12', 'AU1+AU2'], ['aus_raw', '12', '1+2'], ['onset', 1, 2], ['apex', 5, 6], ['offset', 9, 10]]);
    assert.ok(d.changed.every((c) => c.sample_id === 'casme2/01/EP01'));
    assert.deepEqual(d.summary, { emotion: 1, emotion_raw: 1, aus: 1, aus_raw: 1, onset: 1, apex: 1, offset: 1 });
  });
  it('normalises subject ids for matching only', () => {
    assert.equal(matchSubject('sub01'), '1'); assert.equal(matchSubject('01'), '1');
    assert.equal(matchSubject('s3'), '3'); assert.equal(matchSubject('006'), '6');
  });
});
