/** Hand-worked AU F1 (Eq. 9) with TP/FP/FN summed over folds (Table 9 convention), and the per-fold view. */
import { strict as assert } from 'node:assert';
import { auMetrics, f1FromCounts } from '../../src/analysis/protocol/au-metrics';
import { assertClose } from '../helpers/close';

describe('AU metrics', () => {
  // AU1: fold 0 truth 1 1 0, scores .9 .2 .7 → TP 1, FN 1, FP 1; fold 1 truth 1 0, scores .5 .1 → TP 1 (.5 ≥ .5)
  // AU2: never true, never detected → F1 0
  const data = {
    aus: ['AU1', 'AU2'],
    truth: [1, 0, 1, 0, 0, 0, 1, 0, 0, 0],
    scores: [0.9, 0.1, 0.2, 0.3, 0.7, 0.2, 0.5, 0.4, 0.1, 0.0],
    fold: [0, 0, 0, 1, 1],
    threshold: 0.5,
  };
  const m = auMetrics(data);

  it('sums TP, FP, FN over the folds before taking F1: 2·2/(2·2 + 1 + 1) = 2/3', () => {
    assert.deepEqual({ tp: m.per_au[0].tp, fp: m.per_au[0].fp, fn: m.per_au[0].fn }, { tp: 2, fp: 1, fn: 1 });
    assertClose(m.per_au[0].f1, 2 / 3, 1e-15, 'AU1');
  });
  it('an AU with no true and no detected sample scores 0; the average is the plain mean (1/3)', () => {
    assert.equal(m.per_au[1].f1, 0);
    assertClose(m.average, (2 / 3 + 0) / 2, 1e-15, 'average');
  });
  it('per-fold F1 differs from the summed one (fold 0: 2/4, fold 1: 2/2)', () => {
    assert.deepEqual(m.per_fold.map((f) => f.fold), [0, 1]);
    assertClose(m.per_fold[0].f1[0], 0.5, 1e-15, 'fold 0');
    assertClose(m.per_fold[1].f1[0], 1, 1e-15, 'fold 1');
  });
  it('the threshold decides: at 0.55 the 0.5 score is a miss (TP 1, FN 2, FP 1 → 2/5)', () => {
    assertClose(auMetrics({ ...data, threshold: 0.55 }).per_au[0].f1, 2 / 5, 1e-15, 'AU1 at 0.55');
  });
  it('f1FromCounts: Eq. 9, zero when nothing is true or detected', () => {
    assert.equal(f1FromCounts(3, 1, 2), 6 / 9);
    assert.equal(f1FromCounts(0, 0, 0), 0);
  });
  it("Table 9's Average column is the plain mean of its twelve AU columns (paper, all nine rows)", () => {
    // DFME paper, Table 9 (AU1 ... AU17, Average)
    const rows = [
      [0.6061, 0.5903, 0.6967, 0.4931, 0.1878, 0.3305, 0, 0, 0.3102, 0.0159, 0, 0, 0.2692],
      [0.7517, 0.7372, 0.8082, 0.6103, 0.3221, 0.4156, 0, 0.1561, 0.4697, 0.388, 0, 0.3935, 0.421],
      [0.6282, 0.5845, 0.8297, 0.3931, 0.0722, 0.1171, 0, 0, 0.4007, 0.0166, 0, 0, 0.2535],
      [0.5864, 0.5783, 0.751, 0.3736, 0.077, 0.2079, 0, 0.0082, 0.28, 0.0897, 0, 0.1675, 0.26],
      [0.2973, 0.0201, 0.4367, 0, 0, 0.0326, 0.0229, 0.1051, 0.2805, 0.0254, 0.041, 0.0098, 0.106],
      [0.7256, 0.6389, 0.8833, 0.3934, 0.0567, 0.1664, 0, 0, 0.2654, 0.0316, 0, 0.0309, 0.266],
      [0.812, 0.8046, 0.9076, 0.599, 0.3478, 0.4946, 0.0588, 0.1281, 0.5157, 0.1855, 0, 0.2725, 0.4272],
      [0.771, 0.7554, 0.7306, 0.5615, 0.1383, 0.2059, 0, 0.1491, 0.1774, 0.0283, 0, 0.3621, 0.3233],
      [0.8792, 0.8837, 0.9367, 0.6971, 0.4352, 0.6217, 0.0678, 0.3373, 0.7163, 0.4638, 0.3979, 0.6605, 0.5914],
    ];
    for (const r of rows) {
      const mean = r.slice(0, 12).reduce((s, x) => s + x, 0) / 12;
      assertClose(mean, r[12], 0.00006, 'mean of the 12 AUs vs the printed Average');
    }
  });
});
