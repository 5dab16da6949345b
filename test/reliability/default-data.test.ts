import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { auAgreement, fleissKappa, readCodersFile, readRatingsFile, resolveEmotionVotes } from '../../src/analysis/reliability';
import { DFME_CATEGORIES } from '../../src/analysis/labels';
import { readGrid } from '../../src/analysis/reliability/files';
import { assertClose } from '../helpers/close';

// The embedded synthetic DFME-like data (data/, written by `melab synth`): the paper reports
// Fleiss κ = 0.72 over 7 annotators × 8 categories (Sec. 3.3.3) and AU reliability R = 0.83 (Eq. 1, Sec. 3.3.2).
const DATA = path.join(__dirname, '..', '..', 'data');
const VOTES = path.join(DATA, 'dfme-synthetic-emotion-votes.csv');
const CODERS = path.join(DATA, 'dfme-synthetic-au-coders.csv');
const LABELS = path.join(DATA, 'dfme-synthetic-labels.csv');

describe('reliability: the embedded default data reproduces the paper', () => {
  it("Fleiss' kappa of the seven annotators' votes is 0.72 ± 0.01 (paper Sec. 3.3.3), substantial agreement", () => {
    const votes = readRatingsFile(VOTES);
    assert.deepEqual(votes.columns, ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
    const r = fleissKappa(votes.ratings, { source: { file: VOTES, rows: votes.rowNumbers, columns: votes.columns } });
    assertClose(r.kappa, 0.72, 0.01, 'kappa');
    assert.equal(r.items, 7526);
    assert.equal(r.raters, 7);
    assert.deepEqual(r.categories, [...DFME_CATEGORIES]);
    assert.equal(r.interpretation, 'Substantial agreement');
  });

  it('AU agreement R of the two FACS coders is 0.83 ± 0.01 (paper Eq. 1)', () => {
    const c = readCodersFile(CODERS);
    const r = auAgreement(c.a, c.b, { samples: c.samples, file: CODERS });
    assertClose(r.R, 0.83, 0.01, 'R');
    assert.equal(r.samples, 7526);
  });

  it('the voting procedure on the votes gives the emotion label of every sample in the label file', () => {
    const votes = readRatingsFile(VOTES);
    const v = resolveEmotionVotes(votes.ratings, { secondRound: votes.extra.secondround, source: { file: VOTES, rows: votes.rowNumbers, columns: votes.columns } });
    const labels = readGrid(LABELS);
    const file = labels.header.indexOf('Filename');
    const emotion = labels.header.indexOf('Emotion');
    const byName = new Map(labels.rows.map((r) => [r[file], r[emotion].toLowerCase()]));
    const mismatches = votes.items.filter((name, i) => byName.get(name) !== v.labels[i]);
    assert.deepEqual(mismatches, []);
    assert.ok(v.decidedBy['second-round'] > 0 && v.decidedBy.others > 0, JSON.stringify(v.decidedBy));
  });
});
