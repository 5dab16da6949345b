import { strict as assert } from 'node:assert';
import { auEmotionAssociation } from '../../src/analysis/stats/association';
import { auEmotionCooccurrence, cooccurrencePercentMap } from '../../src/analysis/stats/cooccurrence';
import { assertClose, assertRelClose } from '../helpers/close';
import { fixture, python } from './helpers';

// happiness (4): "6+12", "12", "6+12+L12", "R12" → AU12 3/4, AU6 2/4, L/R-AU12 2/4
// disgust (5): "4+7", "4", "4+10", "L10+R10", "" → AU4 3/5, AU7 1/5, AU10 1/5, L/R-AU10 1/5 (L and R once)
// plus one row without an emotion (left out, listed)
const labels = fixture([
  { subject: 's1', emotion: 'happiness', aus: '6+12' },
  { subject: 's1', emotion: 'disgust', aus: '4+7' },
  { subject: 's1', emotion: 'happiness', aus: '12' },
  { subject: 's2', emotion: 'happiness', aus: '6+12+L12' },
  { subject: 's2', emotion: 'disgust', aus: '4' },
  { subject: 's3', emotion: 'happiness', aus: 'R12' },
  { subject: 's3', emotion: 'disgust', aus: '4+10' },
  { subject: 's4', emotion: 'disgust', aus: 'L10+R10' },
  { subject: 's4', emotion: 'disgust', aus: '' },
  { subject: 's4', emotion: null, aus: '4' },
]);

describe('stats/cooccurrence (Table 6)', () => {
  it('percent of each emotion\'s samples showing each AU, sorted, L/R variants under L/R-AUx', () => {
    const c = auEmotionCooccurrence(labels);
    assert.deepEqual(c.emotions, ['happiness', 'disgust']);
    assert.deepEqual(c.samples, { happiness: 4, disgust: 5 });
    assert.deepEqual(cooccurrencePercentMap(c), {
      happiness: { AU12: 75, AU6: 50, 'L/R-AU12': 50 },
      disgust: { AU4: 60, AU7: 20, AU10: 20, 'L/R-AU10': 20 },
    });
    assert.deepEqual(c.excluded, [{ reason: 'no emotion label', rows: 1 }]);
    assert.equal(c.rowsUsed, 9);
    assert.deepEqual(c.codes, ['AU4', 'AU6', 'AU7', 'AU10', 'AU12', 'L/R-AU10', 'L/R-AU12']);
  });

  it('the first N participants in order of first appearance (Table 6 footnote: first 300)', () => {
    const c = auEmotionCooccurrence(labels, { firstParticipants: 2 });
    // s1, s2: happiness rows 1, 3, 4 → AU12 3/3, AU6 2/3, L/R-AU12 1/3; disgust rows 2, 5 → AU4 2/2, AU7 1/2
    const m = cooccurrencePercentMap(c);
    assert.equal(m.happiness.AU12, 100);
    assertClose(m.happiness.AU6, 200 / 3, 1e-12, 'happiness AU6 %');
    assert.equal(m.disgust.AU7, 50);
    assert.equal(c.participants, 2);
    assert.deepEqual(c.excluded, [{ reason: 'not among the first 2 participants', rows: 5 }]);
  });

  it('threshold for high occurrence, and the rendered table', () => {
    const c = auEmotionCooccurrence(labels, { threshold: 50 });
    assert.deepEqual(c.high.happiness.map((o) => o.code), ['AU12', 'AU6', 'L/R-AU12']);
    assert.deepEqual(c.high.disgust.map((o) => o.code), ['AU4']);
    assert.equal(c.table.rows.length, 3);
    assert.deepEqual(c.table.rows[1], { 'happiness:au': 'AU6', 'happiness:pct': 50, 'disgust:au': null, 'disgust:pct': null });
  });

  it('lateral keep mode and an emotion subset', () => {
    const c = auEmotionCooccurrence(labels, { lateral: 'keep', emotions: ['disgust'] });
    assert.deepEqual(cooccurrencePercentMap(c), { disgust: { AU4: 60, AU7: 20, AU10: 20, 'L-AU10': 20, 'R-AU10': 20 } });
    assert.deepEqual(c.excluded.map((x) => x.rows), [1, 4]);
  });
});

describe('stats/association (lift, PMI, Fisher, chi-square, BH, Cramér\'s V)', () => {
  const a = auEmotionAssociation(labels);
  const get = (code: string, emotion: string) => a.tests.find((t) => t.code === code && t.emotion === emotion)!;

  it('lift and PMI, hand-computed', () => {
    // AU4 × disgust: N = 9, n11 = 3, n1· = 5, n·1 = 3 → lift 3·9/(5·3) = 1.8
    assert.deepEqual(get('AU4', 'disgust').table, [[3, 2], [0, 4]]);
    assertClose(get('AU4', 'disgust').lift, 1.8, 1e-12, 'lift AU4 × disgust');
    assertClose(get('AU4', 'disgust').pmi, Math.log2(1.8), 1e-12, 'PMI AU4 × disgust');
    // NPMI = PMI / −log2 P(a, e) = log2 1.8 / −log2 (3/9)
    assertClose(get('AU4', 'disgust').npmi, Math.log2(1.8) / -Math.log2(3 / 9), 1e-12, 'NPMI AU4 × disgust');
    // AU12 × happiness: n11 = 3, n1· = 4, n·1 = 3 → 2.25; AU12 × disgust never co-occur → lift 0, PMI −∞
    assertClose(get('AU12', 'happiness').lift, 2.25, 1e-12, 'lift AU12 × happiness');
    assert.equal(get('AU12', 'disgust').lift, 0);
    assert.equal(get('AU12', 'disgust').pmi, -Infinity);
    assert.equal(get('AU12', 'disgust').npmi, -1);
    assert.equal(get('AU4', 'disgust').percent, 60);
    assert.equal(a.samples, 9);
  });

  it('Fisher, chi-square (Yates), BH and Cramér\'s V agree with scipy/statsmodels on the same tables (live /usr/bin/python3)', () => {
    const ref = python<{ fisher: number[]; or: (number | null)[]; chi: (number | null)[]; bhF: number[]; v: number[]; vp: number[] }>(`
import json, sys, math
from scipy.stats import fisher_exact, chi2_contingency
from scipy.stats.contingency import association
from statsmodels.stats.multitest import multipletests
d = json.load(sys.stdin)
fisher = [fisher_exact(t)[1] for t in d['tables']]
ors = [None if math.isnan(fisher_exact(t)[0]) or math.isinf(fisher_exact(t)[0]) else fisher_exact(t)[0] for t in d['tables']]
chi = [chi2_contingency(t, correction=True)[1] for t in d['tables']]
print(json.dumps({'fisher': fisher, 'or': ors, 'chi': chi, 'bhF': list(multipletests(fisher, method='fdr_bh')[1]),
  'v': [association(m, method='cramer') for m in d['rxc']], 'vp': [chi2_contingency(m, correction=False)[1] for m in d['rxc']]}))
`, {
      tables: a.tests.map((t) => t.table),
      rxc: a.perAu.map((p) => {
        const present = a.emotions.map((e) => get(p.code, e).table[0][0]);
        return [present, a.emotions.map((e, i) => get(p.code, e).table[0][0] + get(p.code, e).table[0][1] - present[i])];
      }),
    });
    a.tests.forEach((t, i) => {
      assertRelClose(t.fisherP, ref.fisher[i], 1e-9, `Fisher ${t.code}×${t.emotion}`);
      assertRelClose(t.chiSquareP, ref.chi[i] as number, 1e-9, `chi ${t.code}×${t.emotion}`);
      assertRelClose(t.fisherQ, ref.bhF[i], 1e-9, `BH ${t.code}×${t.emotion}`);
      // odds ratios reach far above 1: 1e-12 relative there, absolute below 1
      if (ref.or[i] !== null) assertClose(t.oddsRatio, ref.or[i] as number, 1e-12 * Math.max(1, ref.or[i] as number), `odds ratio ${t.code}×${t.emotion}`);
    });
    a.perAu.forEach((p, i) => {
      assertClose(p.cramersV, ref.v[i], 1e-12, `V ${p.code}`);
      assertRelClose(p.p, ref.vp[i], 1e-9, `p ${p.code}`);
    });
  });

  it('Cramér\'s V per AU, hand-computed for AU12 (present in 3 of 4 happiness, 0 of 5 disgust)', () => {
    // table [[3, 0], [1, 5]]: expected [[4/3, 5/3], [8/3, 10/3]], every (O−E)² = 25/9;
    // χ² = 25/12 + 25/15 + 25/24 + 25/30 = 5.625; V = √(χ²/(9·1)) = √0.625
    const v = a.perAu.find((p) => p.code === 'AU12')!;
    assertClose(v.chiSquare, 5.625, 1e-12, 'χ² AU12');
    assertClose(v.cramersV, Math.sqrt(0.625), 1e-12, 'V AU12');
  });
});
