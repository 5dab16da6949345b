/**
 * Confusion review (Fig. 5, Sec. 4.6.1): counts and row-normalised rates in the export's class order,
 * most confused pairs, the misclassified-sample drill-down joined to the label table, the heatmap specs
 * (true classes top to bottom, predicted across, every cell annotated, darker = more), and Tables 8/9.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { SEQUENTIAL } from '../../src/analysis/figures/style';
import { confusionMatrix, misclassifiedSamples, mostConfusedPairs } from '../../src/analysis/protocol/confusion';
import { confusionGrid, confusionHeatmap } from '../../src/analysis/protocol/figures';
import { makePredictionExport, readPredictionDir, writePredictions, type PredictionExportInput } from '../../src/analysis/protocol/predictions';
import { misclassifiedTable, table8, table9 } from '../../src/analysis/protocol/tables';
import { tableToMarkdown } from '../../src/analysis/report/table';
import { labelsOf, tmpDir } from './helpers';
import { assertClose } from '../helpers/close';

const labels = labelsOf([
  ['s1', 'c1', 'happiness', '6+12'],
  ['s1', 'c2', 'disgust', '4+9'],
  ['s2', 'c1', 'anger', '4+L7'],
  ['s2', 'c2', 'anger', '4+7+23'],
  ['s3', 'c1', 'disgust', '9+10'],
  ['s3', 'c2', 'happiness', 'R12'],
]);
const input: PredictionExportInput = {
  model: 'toy',
  sampleIds: ['s1/c1', 's1/c2', 's2/c1', 's2/c2', 's3/c1', 's3/c2'],
  subjects: ['s1', 's1', 's2', 's2', 's3', 's3'],
  datasets: Array(6).fill('dfme'),
  fold: [0, 0, 1, 1, 2, 2],
  emotion: {
    classes: ['happiness', 'anger', 'disgust', 'fear'],
    yTrue: ['happiness', 'disgust', 'anger', 'anger', 'disgust', 'happiness'],
    yPred: ['happiness', 'anger', 'disgust', 'disgust', 'disgust', 'anger'],
    probs: [0.7, 0.1, 0.1, 0.1, 0.1, 0.5, 0.3, 0.1, 0.2, 0.2, 0.5, 0.1, 0.1, 0.3, 0.6, 0, 0.1, 0.1, 0.8, 0, 0.3, 0.4, 0.2, 0.1],
  },
};
const exp = makePredictionExport(input);

describe('confusion matrices', () => {
  const cm = confusionMatrix(exp);
  it('counts in class order, rows true, columns predicted; rates are row shares; an absent class has NaN rates', () => {
    assert.deepEqual(cm.classes, ['happiness', 'anger', 'disgust', 'fear']);
    assert.deepEqual(cm.counts, [[1, 1, 0, 0], [0, 0, 2, 0], [0, 1, 1, 0], [0, 0, 0, 0]]);
    assert.deepEqual(cm.support, [2, 2, 2, 0]);
    assert.deepEqual(cm.rates.slice(0, 3), [[0.5, 0.5, 0, 0], [0, 0, 1, 0], [0, 0.5, 0.5, 0]]);
    assert.ok(cm.rates[3].every(Number.isNaN));
  });
  it('restricted to folds', () => {
    assert.deepEqual(confusionMatrix(exp, { folds: [1] }).counts[1], [0, 0, 2, 0]);
    assert.throws(() => confusionMatrix(exp, { folds: [9] }), /no predictions in fold 9/);
  });
  it('most confused pairs: by count (anger→disgust 2 first), by rate', () => {
    const byCount = mostConfusedPairs(cm);
    assert.deepEqual(byCount[0], { true_class: 'anger', predicted: 'disgust', count: 2, rate: 1 });
    assert.equal(byCount.length, 3); // happiness→anger, anger→disgust, disgust→anger
    assert.deepEqual(mostConfusedPairs(cm, { top: 2, by: 'rate' }).map((p) => p.rate), [1, 0.5]);
  });
  it('drill-down: misclassified samples with subject, probabilities and AUs from the label table', () => {
    const rows = misclassifiedSamples(exp, { labels });
    assert.deepEqual(rows.map((r) => r.sample_id), ['s3/c2', 's2/c1', 's2/c2', 's1/c2']); // true class order, then predicted
    assert.deepEqual(rows[1], {
      sample_id: 's2/c1', dataset: 'dfme', subject: 's2', fold: 1, true_class: 'anger', predicted: 'disgust',
      p_predicted: 0.5, p_true: 0.2, aus: 'AU4+L-AU7', aus_raw: '4+L7', label_row: 4, export_row: 4,
    });
    assert.deepEqual(misclassifiedSamples(exp, { trueClass: 'anger', predicted: 'disgust' }).map((r) => r.sample_id), ['s2/c1', 's2/c2']);
    assert.throws(() => misclassifiedSamples(exp, { trueClass: 'joy' }), /unknown class/);
    assert.match(tableToMarkdown(misclassifiedTable(rows, 'toy')), /\| s2\/c1 \| s2 \| 1 \| anger \| disgust \| 0\.500 \| 0\.200 \| AU4\+L-AU7 \| 4 \|/);
  });
});

describe('confusion heatmaps', () => {
  const cm = confusionMatrix(exp);
  it('one heatmap: true classes on rows top to bottom, predicted on columns, percent, annotated, sequential scale', () => {
    const fig = confusionHeatmap(cm);
    const t = fig.data[0] as any;
    assert.equal(t.type, 'heatmap');
    assert.deepEqual(t.y, cm.classes);
    assert.deepEqual(t.x, cm.classes);
    assert.equal((fig.layout as any).yaxis.autorange, 'reversed'); // first class at the top
    assert.deepEqual(t.colorscale, SEQUENTIAL); // light → dark as values grow
    assert.equal(t.zmin, 0);
    assert.equal(t.zmax, 100);
    assert.deepEqual(t.z[1], [0, 0, 100, 0]);
    assert.deepEqual(t.z[3], [null, null, null, null]);
    const notes = (fig.layout as any).annotations as any[];
    assert.equal(notes.length, 16);
    assert.deepEqual(notes.find((a) => a.y === 'anger' && a.x === 'disgust'), { x: 'disgust', y: 'anger', xref: 'x', yref: 'y', text: '100.0', showarrow: false, font: notes[6].font });
    assert.equal(notes[6].font.color, 'white'); // dark cell → white text
    assert.equal(notes.find((a) => a.y === 'fear').text, '–');
  });
  it('counts variant annotates the counts', () => {
    const t = confusionHeatmap(cm, { value: 'count' });
    assert.equal((t.data[0] as any).zmax, 2);
    assert.equal(((t.layout as any).annotations as any[])[0].text, '1');
  });
  it('grid of models like Fig. 5: one subplot per model with its own axes and title, one colour bar', () => {
    const other = confusionMatrix(makePredictionExport({ ...input, model: 'other' }));
    const fig = confusionGrid([cm, other, cm], { columns: 2 });
    assert.equal(fig.data.length, 3);
    assert.deepEqual(fig.data.map((t: any) => [t.xaxis, t.yaxis]), [['x', 'y'], ['x2', 'y2'], ['x3', 'y3']]);
    assert.deepEqual(fig.data.map((t: any) => t.showscale), [true, false, false]);
    const layout = fig.layout as any;
    assert.equal(layout.yaxis2.autorange, 'reversed');
    // one class list: true-class ticks (with each panel's own n) on every panel, predicted ticks where no subplot sits below
    assert.deepEqual([layout.yaxis.showticklabels, layout.yaxis2.showticklabels, layout.yaxis3.showticklabels], [true, true, true]);
    assert.deepEqual([layout.xaxis.showticklabels, layout.xaxis2.showticklabels, layout.xaxis3.showticklabels], [false, true, true]);
    // different class lists: every panel carries its own predicted-class ticks (test/report/fig5.test.ts reads them back)
    const fewer = confusionMatrix(makePredictionExport({ ...input, model: 'fewer', emotion: { ...input.emotion!, classes: ['happiness', 'anger', 'disgust'], probs: null } }));
    const mixed = confusionGrid([cm, fewer, cm], { columns: 2 }).layout as any;
    assert.deepEqual([mixed.xaxis.showticklabels, mixed.xaxis2.showticklabels, mixed.xaxis3.showticklabels], [true, true, true]);
    assert.deepEqual(mixed.xaxis.ticktext, ['Happiness', 'Anger', 'Disgust']); // 'fewer' comes first by name
    assert.ok(layout.xaxis2.domain[0] > layout.xaxis.domain[1]);
    assert.ok(layout.yaxis3.domain[1] < layout.yaxis.domain[0]); // third model on the second row
    const titles = layout.annotations.filter((a: any) => a.xref === 'paper').map((a: any) => a.text);
    assert.deepEqual(titles, ['<b>other</b> (n = 6)', '<b>toy</b> (n = 6)', '<b>toy</b> (n = 6)']); // models not in the paper: by name
    assert.equal(layout.annotations.filter((a: any) => a.xref === 'x2').length, 16);
  });
});

describe('Tables 8 and 9 from a folder of exports', () => {
  const dir = tmpDir();
  writePredictions(input, path.join(dir, 'toy-emotion.csv'));
  writePredictions({ ...input, model: 'perfect', emotion: { ...input.emotion!, yPred: input.emotion!.yTrue } }, path.join(dir, 'perfect-emotion.csv'));
  writePredictions({ ...input, emotion: undefined, au: { aus: ['AU4', 'AU12'], truth: [0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1], scores: [0.2, 0.9, 0.6, 0.1, 0.4, 0.2, 0.7, 0.3, 0.1, 0.1, 0.2, 0.3] } }, path.join(dir, 'toy-au.csv'));
  const exports = readPredictionDir(dir);

  it('Table 8: ACC in percent, UAR, UF1 as fold means (the paper) with SD, one row per emotion export', () => {
    const t = table8(exports);
    assert.deepEqual(t.rows.map((r) => r.model), ['perfect', 'toy']);
    const toy = t.rows[1] as any;
    // toy folds: 0 → 1/2 right, 1 → 0/2, 2 → 1/2: ACC mean (50 + 0 + 50)/3 %
    assertClose(toy.acc, 100 / 3, 1e-12, 'acc');
    // UAR fold 0: classes happiness (1/1), anger (predicted only, 0), disgust (0/1) → 1/3; fold 1: anger 0/2, disgust (predicted) 0 → 0;
    // fold 2: disgust 1/1, happiness 0/1, anger (predicted) 0 → 1/3; mean 2/9
    assertClose(toy.uar, 2 / 9, 1e-12, 'uar');
    assert.equal((t.rows[0] as any).uf1, 1);
    assert.deepEqual(t.columns.slice(0, 5).map((c) => c.label), ['Group', 'Methods', 'ACC(%)', 'UAR', 'UF1']);
    const pooled = table8(exports, { convention: 'pooled' });
    assertClose((pooled.rows[1] as any).acc, 200 / 6, 1e-12, 'pooled acc');
    assert.match(pooled.caption!, /Pooled/);
  });
  it('Table 8 rows follow the paper: 3D-CNN, hand-crafted, deep learning (Sec. 4.4), then other models by name', () => {
    const as = (model: string) => ({ ...exports.find((e) => e.emotion)!, model });
    const t = table8(['zeta', 'ststnet', 'mdmo', 'r3d', 'alpha', 'offapexnet', 'lbp_top'].map(as));
    // the paper's models without an export keep their published row (I3D, RCN-A; MERSiam and FR named as absent)
    assert.deepEqual(t.rows.map((r) => r.name), ['R3D', 'I3D', 'LBP-TOP', 'MDMO', 'OffApexNet', 'STSTNet', 'RCN-A', 'MERSiam', 'FR', 'alpha', 'zeta']);
    assert.deepEqual(t.rows.map((r) => r.group), ['3D-CNN Methods', '3D-CNN Methods', 'Hand-crafted MER', 'Hand-crafted MER', 'Deep Learning MER', 'Deep Learning MER',
      'Deep Learning MER', 'Deep Learning MER', 'Deep Learning MER', 'Other', 'Other']);
    const row = (name: string) => t.rows.find((r) => r.name === name) as any;
    assert.equal(row('I3D').acc, undefined);
    assert.equal(row('I3D').run, 'no export in this folder');
    assert.match(row('FR').run, /^absent \(no public code/);
    assert.deepEqual([row('MERSiam').paper_acc, row('MERSiam').paper_uar, row('MERSiam').paper_uf1], [52.18, 0.3532, 0.3184]);
    assert.deepEqual([row('R3D').paper_acc, row('R3D').paper_uar, row('R3D').paper_uf1], [36.62, 0.2313, 0.2164]);
    assert.ok(!t.notes!.some((n) => /different sample sets/.test(n)), 'all rows share one sample set');
  });
  it('Table 9: per-AU F1 summed over folds and the average, one row per AU export', () => {
    const t = table9(exports);
    assert.equal(t.rows.length, 1, 'no paper rows: no export is one of the paper\'s models');
    // AU4: truth rows 1,2,3 → 0,1,1,1,0,0; scores .2,.6,.4,.7,.1,.2 → detected rows 2,4 → TP 2, FN 1, FP 0 → 4/5
    // AU12: truth 1,0,0,0,0,1; scores .9,.1,.2,.3,.1,.3 → TP 1, FN 1 → 2/3
    assertClose((t.rows[0] as any).AU4, 0.8, 1e-12, 'AU4');
    assertClose((t.rows[0] as any).AU12, 2 / 3, 1e-12, 'AU12');
    assertClose((t.rows[0] as any).average, (0.8 + 2 / 3) / 2, 1e-12, 'average');
    assert.deepEqual(t.columns.map((c) => c.label), ['Group', 'Methods', 'Values', 'AU4', 'AU12', 'Average', 'Run (from the manifest)']);
    assert.equal((t.rows[0] as any).values, 'measured');
  });
});
