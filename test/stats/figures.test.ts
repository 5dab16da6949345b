import { strict as assert } from 'node:assert';
import { PART_COLORS, SEQUENTIAL } from '../../src/analysis/figures/style';
import { auDistribution } from '../../src/analysis/stats/aus';
import { auEmotionCooccurrence } from '../../src/analysis/stats/cooccurrence';
import { auCountFigure, auEmotionHeatmap, emotionByDatasetFigure, emotionByPartFigure } from '../../src/analysis/stats/figures';
import { fixture } from './helpers';

const dfme = fixture([
  { subject: 'a1', part: 'A', emotion: 'happiness', aus: '6+12' },
  { subject: 'a1', part: 'A', emotion: 'disgust', aus: '4' },
  { subject: 'b1', part: 'B', fps: 300, emotion: 'disgust', aus: '4+7' },
  { subject: 'c1', part: 'C', fps: 200, emotion: 'disgust', aus: 'AD38' },
  { subject: 'c1', part: 'C', fps: 200, emotion: 'happiness', aus: '12' },
  { subject: 'c2', part: 'C', fps: 200, emotion: 'surprise', aus: '1+2' },
]);
const smic = fixture([
  { dataset: 'smic', part: null, subject: 's1', emotion: 'positive', aus: '' },
  { dataset: 'smic', part: null, subject: 's1', emotion: 'negative', aus: '' },
  { dataset: 'smic', part: null, subject: 's2', emotion: 'negative', aus: '' },
  { dataset: 'smic', part: null, subject: 's2', emotion: 'surprise', aus: '' },
]);

describe('stats/figures', () => {
  it('Fig. 4: emotions stacked by part A, B, C, light to deep', () => {
    const f = emotionByPartFigure(dfme);
    assert.equal((f.layout as { barmode: string }).barmode, 'stack');
    assert.deepEqual(f.data.map((t) => t.name), ['PART A', 'PART B', 'PART C']);
    assert.deepEqual(f.data.map((t) => (t.marker as { color: string }).color), [...PART_COLORS]);
    assert.deepEqual(f.data[0].x, ['Happiness', 'Disgust', 'Surprise']);
    assert.deepEqual(f.data.map((t) => t.y), [[1, 1, 0], [0, 1, 0], [1, 1, 1]]);
    // totals on top of the columns
    assert.deepEqual((f.layout.annotations as { text: string }[]).map((a) => a.text), ['2', '3', '1']);
  });

  it('AU count bars follow Table 5 rows, head movements and action descriptors coloured apart', () => {
    const f = auCountFigure(auDistribution(dfme));
    assert.deepEqual(f.data[0].x, ['AU1', 'AU2', 'AU4', 'AU6', 'AU7', 'AU12', 'AU38']);
    assert.deepEqual(f.data[0].y, [1, 1, 2, 1, 1, 2, 1]);
    const colors = (f.data[0].marker as { color: string[] }).color;
    assert.notEqual(colors[6], colors[0]);
  });

  it('AU × emotion heatmap: percent matrix, sequential scale, annotated cells', () => {
    const f = auEmotionHeatmap(auEmotionCooccurrence(dfme, { threshold: 50 }));
    const t = f.data[0];
    assert.equal(t.type, 'heatmap');
    assert.deepEqual(t.colorscale, SEQUENTIAL);
    assert.equal(t.texttemplate, '%{z:.1f}');
    assert.deepEqual(t.x, ['Happiness', 'Disgust', 'Surprise']);
    // AUs at ≥ 50% in some emotion: AU1, AU2 (surprise 100), AU4 (disgust 2/3), AU6 (happiness 1/2), AU12 (happiness 2/2)
    assert.deepEqual(t.y, ['AU1', 'AU2', 'AU4', 'AU6', 'AU12']);
    assert.deepEqual((t.z as number[][])[2].map((v) => +v.toFixed(4)), [0, 66.6667, 0]);
    assert.deepEqual((t.z as number[][])[4], [100, 0, 0]);
  });

  it('emotion-by-dataset comparison: grouped bars of percent of each database\'s samples', () => {
    const f = emotionByDatasetFigure([dfme, smic]);
    assert.equal((f.layout as { barmode: string }).barmode, 'group');
    assert.deepEqual(f.data.map((t) => t.name), ['DFME', 'SMIC']);
    assert.deepEqual(f.data[0].x, ['Happiness', 'Disgust', 'Surprise', 'Positive', 'Negative']);
    assert.deepEqual((f.data[0].y as number[]).map((v) => +v.toFixed(4)), [33.3333, 50, 16.6667, 0, 0]);
    assert.deepEqual(f.data[1].y, [0, 0, 25, 25, 50]);
    assert.deepEqual(f.data[1].customdata, [0, 0, 1, 1, 2]);
  });
});
