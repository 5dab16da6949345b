/**
 * A result as a notebook cell's value (util.inspect, as tslab prints it): a short summary of what it
 * is, its key numbers, its table's caption and size, its fields; never the internals (per-sample
 * arrays, the TableSpec's rows). The summary is invisible to JSON.stringify, Object.keys, spreads
 * and deep equality (a non-enumerable util.inspect.custom).
 */
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import * as melab from '../../src/analysis';
import { withSummary } from '../../src/analysis/util/inspect-summary';

const labels = melab.loadDefaultLabels();
const dir = `${melab.report.melabDataDir()}/predictions`;
const ststnet = melab.protocol.readPredictions(`${dir}/ststnet-emotion.csv`);
const offapexnet = melab.protocol.readPredictions(`${dir}/offapexnet-emotion.csv`);

/** The summary must be short: the internals of these results run to 10⁴–10⁶ characters. */
const MAX_SUMMARY = 1200;

function summaryOf(value: object): string {
  const text = inspect(value);
  assert.ok(text.length <= MAX_SUMMARY, `summary too long (${text.length} characters):\n${text.slice(0, 400)}`);
  assert.doesNotMatch(text, /\[Array\]|\[Object\]|Float64Array|Int32Array/, `internals printed:\n${text}`);
  return text;
}

describe('result objects print a short summary as a cell value (util.inspect.custom)', () => {
  it('results with a table: what it is, the table title, its size and caption, the fields', () => {
    const results: [string, { table: melab.TableSpec }][] = [
      ['Dataset profile (Table 1)', melab.stats.datasetProfile(labels)],
      ['AU distribution (Table 5)', melab.stats.auDistribution(labels)],
      ['AU × emotion co-occurrence (Table 6)', melab.stats.auEmotionCooccurrence(labels)],
      ['AU combinations (Table 7', melab.stats.auCombinations(labels)],
      ['AU × emotion association', melab.stats.auEmotionAssociation(labels)],
    ];
    for (const [kind, r] of results) {
      const text = summaryOf(r);
      assert.ok(text.startsWith(kind), `${kind}: ${text}`);
      assert.ok(text.includes(`table "${r.table.title}" (${r.table.rows.length.toLocaleString('en-US')} rows × ${r.table.columns.length} columns)`), text);
      if (r.table.caption) assert.ok(text.includes(r.table.caption.slice(0, 40)), text);
      assert.ok(text.includes(`fields: ${Object.keys(r).join(', ')}`), text);
    }
  });

  it('the key numbers are the result\'s own (Table 5: 12,928 AU labels over 7,526 samples, Sec. 3.4)', () => {
    const d = melab.stats.auDistribution(labels);
    const text = summaryOf(d);
    // the default data reproduces Table 5's total and Sec. 3.4's 1.718 AUs per sample
    assert.ok(text.includes(`${d.samples.toLocaleString('en-US')} samples`) && text.includes('12,928 AU labels') && text.includes('1.718 per sample'), text);
  });

  it('Fleiss κ: κ, SE, z, p and n (items × raters), as computed by hand', () => {
    // counts per item [2,1], [0,3], [3,0]: P̄ = (1/3 + 1 + 1)/3 = 7/9, p = (5/9, 4/9), P̄e = 41/81,
    // κ = (7/9 − 41/81) / (1 − 41/81) = 22/40 = 0.55
    const r = melab.reliability.fleissKappa([['a', 'a', 'b'], ['b', 'b', 'b'], ['a', 'a', 'a']]);
    const text = summaryOf(r);
    assert.ok(text.startsWith('Fleiss κ = 0.550 (SE '), text);
    assert.ok(text.includes(`SE ${r.se.toFixed(4)}`) && text.includes(`z = ${r.z.toFixed(2)}`), text);
    assert.ok(text.includes('n = 3 items × 3 raters, 2 categories'), text);
    assert.ok(text.includes(r.interpretation), text);
  });

  it('Cohen κ, Krippendorff α, AU agreement R, voting: the coefficient and n', () => {
    // Cohen: po = 3/4, pe = (3/4·2/4 + 1/4·2/4) = 1/2, κ = (0.75 − 0.5) / 0.5 = 0.5
    const cohen = summaryOf(melab.reliability.cohenKappa(['a', 'b', 'a', 'a'], ['a', 'b', 'b', 'a']));
    assert.ok(cohen.startsWith('Cohen κ = 0.500 (SE ') && cohen.includes('n = 4 items rated by both'), cohen);
    const alpha = melab.reliability.krippendorffAlpha([['a', 'a'], ['b', 'a'], ['b', 'b']]);
    const a = summaryOf(alpha);
    // nominal α with 6 pairable values: D_o = 2/6, D_e = 2·3·3/(6·5) = 0.6, α = 1 − (1/3)/0.6 = 4/9
    assert.ok(a.startsWith('Krippendorff α (nominal) = 0.444') && a.includes('n = 6 pairable values in 3 units'), a);
    // Eq. 1: 2·2 / (3 + 2) = 0.8
    const R = summaryOf(melab.reliability.auAgreement(['4+7', '12'], ['4', '12']));
    assert.ok(R.startsWith('AU agreement R (Eq. 1) = 0.800') && R.includes('n = 2 samples'), R);
    const v = summaryOf(melab.reliability.resolveEmotionVotes([['fear', 'fear', 'fear', 'fear', 'sad', 'sad', 'sad'], ['sad', 'sad', 'fear', 'fear', 'happy', 'happy', 'anger']]));
    assert.ok(v.includes('2 samples') && v.includes('majority 1') && v.includes('others 1'), v);
  });

  it('metrics: UF1 / UAR (fold mean ± SD, pooled) and n; a comparison: the differences, McNemar, n', () => {
    const m = melab.protocol.exportMetrics(ststnet);
    const text = summaryOf(m);
    assert.ok(text.startsWith(`Emotion metrics: UF1 ${m.fold_mean.uf1.toFixed(4)} ± ${m.fold_sd.uf1.toFixed(4)}, UAR ${m.fold_mean.uar.toFixed(4)}`), text);
    assert.ok(text.includes(`pooled: UF1 ${m.pooled.uf1.toFixed(4)}`) && text.includes(`n = ${m.pooled.n.toLocaleString('en-US')} samples`), text);
    assert.equal(m.pooled.n, ststnet.sampleIds.length);
    const c = melab.protocol.compareModels(ststnet, offapexnet, { resamples: 100 });
    const ct = summaryOf(c);
    assert.ok(ct.startsWith(`Model comparison ststnet − offapexnet: ΔUF1 +${c.bootstrap.fold_mean.uf1.estimate.toFixed(4)}`), ct);
    assert.ok(ct.includes(`n = ${c.n.toLocaleString('en-US')} paired samples`) && ct.includes(`${c.mcnemar.a_only} only A right`), ct);
    const cm = summaryOf(melab.protocol.confusionMatrix(ststnet));
    assert.ok(cm.startsWith('Confusion matrix of ststnet: 7 classes'), cm);
  });

  it('nested in an array, each result prints its summary', () => {
    const text = inspect([melab.stats.auDistribution(labels), melab.stats.classifyDurations(labels)]);
    assert.match(text, /AU distribution \(Table 5\)[\s\S]*Duration rule/);
    assert.ok(text.length < 2 * MAX_SUMMARY, text);
  });

  it('is invisible to JSON, Object.keys, spreads and deep equality', () => {
    const r = melab.reliability.fleissKappa([['a', 'a', 'b'], ['b', 'b', 'b'], ['a', 'a', 'a']]);
    assert.ok(Object.getOwnPropertySymbols(r).includes(inspect.custom), 'the summary is attached');
    assert.equal(Object.getOwnPropertyDescriptor(r, inspect.custom)?.enumerable, false);
    const copy = { ...r };
    assert.ok(!Object.getOwnPropertySymbols(copy).includes(inspect.custom));
    assert.deepStrictEqual(r, copy); // an enumerable symbol would make these differ
    assert.equal(JSON.stringify(r), JSON.stringify(copy));
    assert.ok(!Object.keys(r).some((k) => k.includes('inspect')));
    // the plain copy prints its internals again: the summary is what made the difference
    assert.ok(inspect(copy).includes('per_category') && !inspect(copy).startsWith('Fleiss κ'));
  });

  it('one shared inspector per kind of result; withSummary returns the object itself', () => {
    const a = melab.stats.auDistribution(labels) as unknown as Record<symbol, unknown>;
    const b = melab.stats.auDistribution(labels, { lateral: 'fold' }) as unknown as Record<symbol, unknown>;
    assert.equal(a[inspect.custom], b[inspect.custom]);
    const o = { n: 3, table: melab.report.recordsTable('t', 'T', [{ x: 1 }, { x: 2 }], { caption: 'two rows' }) };
    assert.equal(withSummary(o, (v) => `thing of ${v.n}`), o);
    assert.equal(inspect(o), 'thing of 3\n  table "T" (2 rows × 1 columns) — two rows\n  fields: n, table\n  melab.show(…) renders the table');
  });
});
