import { strict as assert } from 'node:assert';
import { compareAuKeys, foldAuIndex, indexAus, lateralKey, rowCodes } from '../../src/analysis/stats/au-index';
import { auDistribution } from '../../src/analysis/stats/aus';
import { PAPER_AU_SUBSET } from '../../src/analysis/labels/vocabulary';
import { fixture } from './helpers';

// Ten samples; tokens per row (a code written twice in a cell counts once):
//  1 AU6 AU12 | 2 AU12 L-AU12 | 3 L-AU12 R-AU12 | 4 R-AU12 AU6 | 5 AU4 AU7 AU10 AD38 | 6 AU4 (written "4+4")
//  7 AU1 AU2 AU5 L-AU2 | 8 (none) | 9 AU14 M57 T-AU18 | 10 A-AU9          → 21 AU labels, 9 samples with AUs
const labels = fixture([
  { subject: 's1', emotion: 'happiness', aus: 'AU6+AU12' },
  { subject: 's1', emotion: 'happiness', aus: 'AU12+L12' },
  { subject: 's2', emotion: 'contempt', aus: 'L12+R12' },
  { subject: 's2', emotion: 'contempt', aus: 'R12+AU6' },
  { subject: 's3', emotion: 'disgust', aus: '4+7+10+AD38' },
  { subject: 's3', emotion: 'disgust', aus: '4+4' },
  { subject: 's4', emotion: 'surprise', aus: '1+2+5+L2' },
  { subject: 's4', emotion: 'fear', aus: '' },
  { subject: 's5', emotion: 'sadness', aus: '14+M57+T18' },
  { subject: 's5', emotion: 'anger', aus: 'A9' },
]);

describe('stats/au-index', () => {
  it('lateralKey folds L/R/A variants by mode; T/B stay apart in paper mode', () => {
    assert.equal(lateralKey('L-AU12', 'keep'), 'L-AU12');
    assert.equal(lateralKey('L-AU12', 'paper'), 'L/R-AU12');
    assert.equal(lateralKey('R-AU12', 'paper'), 'L/R-AU12');
    assert.equal(lateralKey('A-AU9', 'paper'), 'L/R-AU9');
    assert.equal(lateralKey('T-AU18', 'paper'), 'T-AU18');
    assert.equal(lateralKey('T-AU18', 'fold'), 'AU18');
    assert.equal(lateralKey('R-AU12', 'fold'), 'AU12');
    assert.equal(lateralKey('AD38', 'paper'), 'AD38');
  });

  it("orders keys as Table 5: AUs by number, ADs, Ms, then the sided variants", () => {
    const keys = ['L/R-AU12', 'M58', 'AU10', 'AD38', 'L/R-AU1', 'AU2', 'M57', 'AD31', 'AU1'];
    assert.deepEqual(keys.sort(compareAuKeys), ['AU1', 'AU2', 'AU10', 'AD31', 'AD38', 'M57', 'M58', 'L/R-AU1', 'L/R-AU12']);
  });

  it('encodes each row once per code; folding keeps L and R of one row once', () => {
    const index = indexAus(labels);
    assert.deepEqual(rowCodes(index, 5), ['AU4']);
    assert.deepEqual(rowCodes(index, 2), ['L-AU12', 'R-AU12']);
    assert.deepEqual(rowCodes(index, 7), []);
    const paper = foldAuIndex(index, 'paper');
    assert.deepEqual(rowCodes(paper, 2), ['L/R-AU12']);
    assert.deepEqual(rowCodes(paper, 1), ['AU12', 'L/R-AU12']);
    assert.deepEqual(rowCodes(foldAuIndex(index, 'fold'), 1), ['AU12']);
  });
});

describe('stats/aus (Table 5)', () => {
  it('counts per canonical code with sides kept apart (byCode)', () => {
    const d = auDistribution(labels);
    assert.deepEqual(d.byCode, {
      AU1: 1, AU2: 1, AU4: 2, AU5: 1, AU6: 2, AU7: 1, AU10: 1, AU12: 2, AU14: 1, AD38: 1, M57: 1,
      'L-AU2': 1, 'A-AU9': 1, 'L-AU12': 2, 'R-AU12': 2, 'T-AU18': 1,
    });
  });

  it('total, average per sample, samples with AUs', () => {
    const d = auDistribution(labels);
    assert.equal(d.samples, 10);
    assert.equal(d.samplesWithAus, 9);
    assert.equal(d.total, 21);
    assert.equal(d.perSample, 2.1);
  });

  it('paper mode: L/R-AUx rows, ADs printed as AU38 (Table 5), Table 5 order', () => {
    const d = auDistribution(labels, { lateral: 'paper' });
    assert.deepEqual(d.rows.map((r) => [r.label, r.count]), [
      ['AU1', 1], ['AU2', 1], ['AU4', 2], ['AU5', 1], ['AU6', 2], ['AU7', 1], ['AU10', 1], ['AU12', 2], ['AU14', 1],
      ['AU38', 1], ['M57', 1], ['L/R-AU2', 1], ['L/R-AU9', 1], ['L/R-AU12', 4], ['T-AU18', 1],
    ]);
    assert.equal(d.rows.find((r) => r.label === 'AU38')?.key, 'AD38');
    assert.equal(d.rows.reduce((s, r) => s + r.count, 0), d.total);
  });

  it('keep and fold modes', () => {
    const keep = auDistribution(labels, { lateral: 'keep' });
    assert.deepEqual(keep.rows.filter((r) => r.key.includes('AU12')).map((r) => [r.key, r.count]), [['AU12', 2], ['L-AU12', 2], ['R-AU12', 2]]);
    const fold = auDistribution(labels, { lateral: 'fold' });
    const f = Object.fromEntries(fold.rows.map((r) => [r.key, r.count]));
    assert.equal(f.AU12, 6);
    assert.equal(f.AU2, 2);
    assert.equal(f.AU9, 1);
    assert.equal(f.AU18, 1);
    assert.equal(fold.rows.length, 13);
  });

  it("12-AU subset coverage folds lateral variants in: 18 of 21 labels (AD38, M57, T-AU18 outside)", () => {
    const d = auDistribution(labels);
    assert.deepEqual(d.subset.aus, PAPER_AU_SUBSET);
    assert.equal(d.subset.count, 18);
    assert.equal(d.subset.coverage, 18 / 21);
  });

  it('percent of samples per row and the Table 5 renderings', () => {
    const d = auDistribution(labels);
    assert.equal(d.rows.find((r) => r.key === 'L/R-AU12')?.percentOfSamples, 40);
    const last = d.table.rows[d.table.rows.length - 1];
    assert.deepEqual([last.au, last.number], ['Total', 21]);
    // the paper's layout: six AU/number column pairs filled column by column (16 cells → 3 rows)
    const wide = auDistribution(labels, { layout: 'paper' }).table;
    assert.equal(wide.columns.length, 12);
    assert.equal(wide.rows.length, 3);
    assert.deepEqual([wide.rows[0].au0, wide.rows[1].au0, wide.rows[2].au0, wide.rows[0].au1], ['AU1', 'AU2', 'AU4', 'AU5']);
    assert.deepEqual([wide.rows[0].au5, wide.rows[0].n5], ['Total', 21]);
  });

  it('a database without AU labels gives an empty distribution, not NaN counts', () => {
    const none = fixture([{ subject: 'a', emotion: 'positive', aus: '' }, { subject: 'b', emotion: 'negative' }]);
    const d = auDistribution(none);
    assert.deepEqual(d.rows, []);
    assert.equal(d.total, 0);
    assert.equal(d.perSample, 0);
    assert.ok(Number.isNaN(d.subset.coverage));
  });
});
