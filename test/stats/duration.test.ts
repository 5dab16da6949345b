import { strict as assert } from 'node:assert';
import { classifyDurations } from '../../src/analysis/stats/duration';
import { fixture } from './helpers';

// Sec. 3.3.2 at 500 fps: ME iff offset−onset+1 ≤ 250 or apex−onset+1 ≤ 125
const labels = fixture([
  { subject: 's1', clip: 'total250', onset: 1, apex: 200, offset: 250, emotion: 'fear' },        // 250 ≤ 250 → ME
  { subject: 's1', clip: 'both-fail', onset: 1, apex: 126, offset: 251, emotion: 'fear' },       // 251 > 250, 126 > 125 → MaE
  { subject: 's1', clip: 'rise125', onset: 11, apex: 135, offset: 410, emotion: 'fear' },        // rise 125 ≤ 125 → ME
  { subject: 's2', clip: 'no-apex-short', onset: 1, apex: null, offset: 100, emotion: 'fear' },  // total half holds → ME
  { subject: 's2', clip: 'no-apex-long', onset: 1, apex: null, offset: 300, emotion: 'fear' },   // total fails, apex half unknown
  { subject: 's2', clip: 'no-offset-short', onset: 1, apex: 50, offset: null, emotion: 'fear' }, // rise half holds → ME
  { subject: 's3', clip: 'no-offset-long', onset: 1, apex: 200, offset: null, emotion: 'fear' }, // rise fails, total unknown
  { subject: 's3', clip: 'no-fps', fps: null, emotion: 'fear' },
  { subject: 's3', clip: 'neither', onset: 1, apex: null, offset: null, emotion: 'fear' },
  { subject: 's4', clip: 'apex-before-onset', onset: 100, apex: 50, offset: 400, emotion: 'fear' }, // rise ≤ 0: not a valid half
  { subject: 's4', clip: 'at30fps', fps: 30, onset: 1, apex: 8, offset: 16, emotion: 'fear' },   // 16 > 15, 8 > 7.5 → MaE
  { subject: 's4', clip: 'at30fps-me', fps: 30, onset: 1, apex: 7, offset: 16, emotion: 'fear' }, // 7 ≤ 7.5 → ME
  { subject: 's5', clip: 'no-onset', onset: null, emotion: 'fear' },
]);

describe('stats/duration (Sec. 3.3.2 ME/MaE rule)', () => {
  const r = classifyDurations(labels);

  it('classifies at each row\'s own frame rate, boundaries inclusive', () => {
    assert.deepEqual(r.classes, ['ME', 'MaE', 'ME', 'ME', 'undecided', 'ME', 'undecided', 'undecided', 'undecided', 'undecided', 'MaE', 'ME', 'undecided']);
    assert.equal(r.me, 5);
    assert.equal(r.mae, 2);
    assert.equal(r.undecided, 6);
    assert.deepEqual(r.meClips, ['s1/total250', 's1/rise125', 's2/no-apex-short', 's2/no-offset-short', 's4/at30fps-me']);
    assert.deepEqual(r.maeClips, ['s1/both-fail', 's4/at30fps']);
  });

  it('lists every clip it cannot judge with the field and the reason', () => {
    const why = Object.fromEntries(r.undecidedClips.map((u) => [u.sampleId, u]));
    assert.equal(why['s2/no-apex-long'].column, 'apex');
    assert.match(why['s2/no-apex-long'].reason, /missing apex: offset−onset\+1 = 300 > 250 frames/);
    assert.equal(why['s3/no-offset-long'].column, 'offset');
    assert.match(why['s3/no-offset-long'].reason, /missing offset: apex−onset\+1 = 200 > 125/);
    assert.equal(why['s3/no-fps'].column, 'fps');
    assert.match(why['s3/neither'].reason, /missing offset and missing apex/);
    assert.match(why['s4/apex-before-onset'].reason, /apex 50 before onset 100/);
    assert.equal(why['s5/no-onset'].column, 'onset');
    // source rows: fixture row i is file row i + 2
    assert.equal(why['s2/no-apex-long'].row, 6);
    assert.equal(r.issues.length, 6);
    assert.ok(r.issues.every((i) => i.severity === 'warning' && i.file === 'fixture.csv' && /cannot judge ME\/MaE/.test(i.problem)));
  });

  it('thresholds are configurable', () => {
    // 0.2 s total at 500 fps = 100 frames; onset–apex 0.1 s = 50 frames
    const strict = classifyDurations(labels, { maxTotalSeconds: 0.2, maxOnsetApexSeconds: 0.1 });
    assert.equal(strict.classes[0], 'MaE'); // 250 > 100, 200 > 50
    assert.equal(strict.classes[3], 'ME'); // total 100 ≤ 100
    assert.equal(strict.classes[5], 'ME'); // rise 50 ≤ 50
    assert.deepEqual(strict.options, { maxTotalSeconds: 0.2, maxOnsetApexSeconds: 0.1 });
  });
});
