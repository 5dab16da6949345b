import { strict as assert } from 'node:assert';
import { fleissKappaFromCounts, kappaCategoryFigure, pairwiseAgreementFigure, pairwiseCohenKappa } from '../../src/analysis/reliability';
import { reference } from './helpers';
import { assertClose } from '../helpers/close';

describe('reliability: figures (Plotly specs, pure data)', () => {
  it('per-category kappa bars carry the bootstrap intervals as whiskers, in category order, plus the overall line', () => {
    const r = fleissKappaFromCounts(reference().fleiss_random.counts, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], { bootstrap: { resamples: 200, seed: 1 } });
    const fig = kappaCategoryFigure(r);
    const bar = fig.data[0] as { x: string[]; y: number[]; error_y: { array: number[]; arrayminus: number[]; visible: boolean } };
    assert.deepEqual(bar.x, r.categories);
    assert.deepEqual(bar.y, r.categories.map((c) => r.per_category[c].kappa));
    assert.equal(bar.error_y.visible, true);
    r.categories.forEach((c, j) => {
      const b = r.per_category[c].bootstrap as { lower: number; upper: number };
      assertClose(bar.y[j] + bar.error_y.array[j], b.upper, 1e-12, `${c} upper`);
      assertClose(bar.y[j] - bar.error_y.arrayminus[j], b.lower, 1e-12, `${c} lower`);
    });
    const line = fig.data[1] as { y: number[] };
    assert.ok(line.y.every((v) => v === r.kappa));
    assert.doesNotThrow(() => JSON.stringify(fig));
    assert.ok(fig.width > 0 && fig.height > 0 && fig.id.length > 0);
  });

  it('without a bootstrap the bars have no whiskers and the figure says so', () => {
    const fig = kappaCategoryFigure(fleissKappaFromCounts(reference().fleiss_random.counts));
    assert.equal((fig.data[0] as { error_y: { visible: boolean } }).error_y.visible, false);
    assert.match(JSON.stringify(fig.layout), /No whiskers/);
  });

  it('the annotator heatmap shows the pairwise Cohen kappa matrix with annotated cells', () => {
    const ratings = reference().fleiss_random.ratings;
    const m = pairwiseCohenKappa(ratings, { raters: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'] });
    const fig = pairwiseAgreementFigure(m);
    const hm = fig.data[0] as { type: string; z: number[][]; x: string[]; text: string[][] };
    assert.equal(hm.type, 'heatmap');
    assert.deepEqual(hm.x, m.raters);
    assert.deepEqual(hm.z, m.kappa);
    assert.equal(hm.text[0][1], m.kappa[0][1].toFixed(2));
  });
});
