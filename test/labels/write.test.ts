import { strict as assert } from 'node:assert';
import { parseCsv } from '../../src/analysis/labels/sheet';
import { parseLabelSheet, readLabels } from '../../src/analysis/labels/read';
import { toCanonicalCsv } from '../../src/analysis/labels/write';
import { fixture, plainRows } from './helpers';

describe('labels/write: canonical CSV', () => {
  it('a SAMM sheet written as canonical CSV reads back to the same rows (raw strings kept)', () => {
    const samm = readLabels(fixture('samm.csv'));
    const text = toCanonicalCsv(samm);
    assert.equal(text.split('\n')[0],
      'dataset,part,subject,clip,onset,apex,offset,fps,emotion,emotion_raw,aus,aus_raw,objective_class,inducement_code,duration,micro,notes');
    const back = parseLabelSheet(parseCsv(text), { file: 'samm-canonical.csv' });
    assert.equal(back.format, 'canonical');
    assert.deepEqual(plainRows(back), plainRows(samm));
    assert.deepEqual(back.issues.map((i) => i.row), samm.issues.map(() => 3), 'the soft-focus warning, now on row 3');
  });
});
