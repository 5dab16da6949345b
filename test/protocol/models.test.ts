/**
 * The model registry (src/analysis/protocol/models.json) against the paper itself: names, groups and
 * order of Sec. 4.4 / Table 8, and every published Table 8 and Table 9 value, parsed here from the
 * paper's text (../shared/paper/dfme-paper.md, or $MELAB_PAPER); one display name per model whatever
 * the spelling; the provenance read from a shipped manifest; Table 8's per-database rows (`by`).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { byPaperOrder, exportProvenance, modelInfo, paperModels } from '../../src/analysis/protocol/models';
import { metricsByGroup } from '../../src/analysis/protocol/metrics';
import { makePredictionExport, readPredictions } from '../../src/analysis/protocol/predictions';
import { table8 } from '../../src/analysis/protocol/tables';

const ROOT = path.resolve(__dirname, '..', '..');
const PAPER = process.env.MELAB_PAPER ?? path.join(ROOT, '..', 'shared', 'paper', 'dfme-paper.md');

/** The rows of the paper's table that starts with `title`: [method, ...numbers]. */
function paperTable(text: string, title: string): { method: string; group: string | null; values: number[] }[] {
  const start = text.indexOf(title);
  assert.ok(start >= 0, `${title} not found in ${PAPER}`);
  const lines = text.slice(start).split('\n').slice(1);
  const rows: { method: string; group: string | null; values: number[] }[] = [];
  let group: string | null = null;
  for (const line of lines.slice(lines.findIndex((l) => /^Methods/.test(l)) + 1)) {
    if (line.trim() === '') { if (rows.length) break; continue; }
    const cells = line.replace(/<\/?b>/g, '').split('\t').map((c) => c.trim());
    const g = /<i>(.*)<\/i>/.exec(cells[0]);
    if (g) group = g[1];
    const [method, ...values] = cells.filter((c, i) => c !== '' && !(i === 0 && g));
    rows.push({ method: method.replace(/\s*\[\d+\]$/, ''), group, values: values.map(Number) });
  }
  return rows;
}

describe('model registry (models.json) against the paper', () => {
  assert.ok(fs.existsSync(PAPER), `${PAPER} is missing: the registry is checked against the paper's text (set MELAB_PAPER)`);
  const text = fs.readFileSync(PAPER, 'utf8');

  it('Table 8: the same models, groups, order and published ACC, UAR, UF1', () => {
    const rows = paperTable(text, 'TABLE 8: ME recognition performance of baseline methods');
    const models = paperModels();
    assert.deepEqual(models.map((m) => m.name), rows.map((r) => r.method));
    assert.deepEqual(models.map((m) => m.group), rows.map((r) => r.group));
    for (const [i, r] of rows.entries()) {
      const t = models[i].paper!.table8!;
      assert.deepEqual([t.acc, t.uar, t.uf1], r.values, r.method);
    }
    assert.deepEqual(models.filter((m) => !m.trainable).map((m) => m.name), ['MERSiam', 'FR']);
    assert.ok(models.every((m) => m.trainable || /no public code/.test(m.absent ?? '')));
  });

  it('Table 9: every published F1 and the average', () => {
    const rows = paperTable(text, 'TABLE 9: AU classification performance of baseline methods');
    const header = text.slice(text.indexOf('TABLE 9:')).split('\n').find((l) => l.startsWith('Methods'))!.split('\t').slice(1);
    assert.deepEqual(rows.map((r) => r.method), paperModels().map((m) => m.name));
    for (const r of rows) {
      const t = modelInfo(r.method).paper!.table9!;
      assert.deepEqual(header.map((h) => t[h === 'Average' ? 'average' : h]), r.values, r.method);
    }
  });

  it('one model, one printed name: lbp_top, LBP-TOP and lbp-top are LBP-TOP; unknown models keep their name, after the paper\'s', () => {
    for (const spelling of ['lbp_top', 'LBP-TOP', 'lbp-top', 'Lbp Top']) assert.equal(modelInfo(spelling).name, 'LBP-TOP', spelling);
    assert.equal(modelInfo('rcn_a').name, 'RCN-A');
    assert.deepEqual(modelInfo('my-net'), { id: 'my-net', name: 'my-net', group: 'Other', reference: '', trainable: true, rank: 9 });
    assert.deepEqual(byPaperOrder(['zz', 'fr', 'mdmo', 'aa', 'r3d'], (m) => m), ['r3d', 'mdmo', 'fr', 'aa', 'zz']);
  });
});

describe('provenance and the composite breakdown in Table 8', () => {
  it('reads what the manifest says: R3D ran on 40 synthetic clips of 10 subjects, 1 epoch, 32 px', () => {
    const p = exportProvenance(readPredictions(path.join(ROOT, 'data', 'predictions', 'r3d-emotion.csv')));
    assert.deepEqual({ samples: p.samples, subjects: p.subjects, epochs: p.epochs, inputSize: p.inputSize, synthetic: p.synthetic, splits: p.splits },
      { samples: 40, subjects: 10, epochs: 1, inputSize: 32, synthetic: true, splits: 'kfold10 (seed 0)' });
    assert.match(p.summary, /^R3D: synthetic faces, 40 clips of 10 subjects, 1 epoch, 32 px input, kfold10 \(seed 0\), labels /);
  });

  it('an export without a manifest says so instead of inventing a provenance', () => {
    const e = makePredictionExport({ model: 'x', sampleIds: ['a/1', 'b/1'], subjects: ['a', 'b'], datasets: ['d', 'd'], fold: [0, 1], emotion: { classes: ['p', 'q'], yTrue: ['p', 'q'], yPred: ['p', 'p'] } });
    const p = exportProvenance({ ...e, manifest: null });
    assert.equal(p.synthetic, null);
    assert.match(p.summary, /no manifest .*training unknown/);
  });

  it('Table 8 with by: "dataset": one row per database of each export, the numbers of metricsByGroup', () => {
    const datasets = ['casme2', 'casme2', 'samm', 'samm', 'smic', 'smic', 'casme2', 'samm'];
    const e = makePredictionExport({
      model: 'ststnet', sampleIds: datasets.map((d, i) => `${d}/s${i % 3}/c${i}`), subjects: datasets.map((_, i) => `s${i % 3}`), datasets,
      fold: [0, 1, 0, 1, 0, 1, 2, 2],
      emotion: { classes: ['negative', 'positive', 'surprise'], yTrue: ['negative', 'positive', 'surprise', 'negative', 'negative', 'positive', 'surprise', 'surprise'], yPred: ['negative', 'negative', 'surprise', 'negative', 'positive', 'positive', 'surprise', 'negative'] },
    });
    const t = table8([e], { by: 'dataset' });
    const names = t.rows.map((r) => r.name);
    assert.deepEqual(names.filter((n) => String(n).startsWith('STSTNet')), ['STSTNet', 'STSTNet · dataset casme2', 'STSTNet · dataset samm', 'STSTNet · dataset smic']);
    const by = metricsByGroup({ classes: e.emotion!.classes, yTrue: e.emotion!.yTrue, yPred: e.emotion!.yPred, fold: e.fold }, datasets);
    for (const g of ['casme2', 'samm', 'smic']) {
      const row = t.rows.find((r) => r.name === `STSTNet · dataset ${g}`) as Record<string, number>;
      assert.equal(row.uf1, by[g].uf1);
      assert.equal(row.acc, 100 * by[g].acc);
      assert.equal(row.n, by[g].n);
    }
  });
});
