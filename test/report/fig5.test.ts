/**
 * Fig. 5 as a reader sees it: the confusion grid drawn by Plotly in Chromium, each panel's tick text
 * read back from the SVG and checked against that panel's own matrix (class list and n per class),
 * panels in the paper's model order with the paper's names; and the drill-down: clicking a cell lists
 * exactly the samples `cellSamples` returns for it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { figureToHtml, launchChromium } from '../../src/analysis/figures/render';
import { displayLabel } from '../../src/analysis/figures/style';
import { loadDefaultLabels } from '../../src/analysis/labels/read';
import { cellSamples, confusionDrilldown, confusionMatrix } from '../../src/analysis/protocol/confusion';
import { confusionGrid } from '../../src/analysis/protocol/figures';
import { readPredictions } from '../../src/analysis/protocol/predictions';
import type { FigureSpec } from '../../src/analysis/figures/style';

const ROOT = path.resolve(__dirname, '..', '..');
const exportOf = (m: string) => readPredictions(path.join(ROOT, 'data', 'predictions', `${m}-emotion.csv`));

interface PanelTicks { subplot: string; x: string[]; y: string[]; title: string }

// Plotly names tick groups by axis (g.xtick, g.x2tick, ...) inside each subplot's axis layers.
/** Opens the figure's page, waits until Plotly has drawn it, returns the page and the browser. */
async function openFigure(spec: FigureSpec) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-fig5-'));
  const file = path.join(dir, 'fig.html');
  fs.writeFileSync(file, figureToHtml(spec));
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: spec.width + 40, height: spec.height + 600 } });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('.melab-figure[data-drawn="true"]', { timeout: 30000 });
  return { browser, page };
}

const TICKS = `(() => Array.from(document.querySelectorAll('.cartesianlayer .subplot')).map((sp) => ({
  subplot: sp.getAttribute('class').replace('subplot ', ''),
  x: Array.from(sp.querySelectorAll('.xaxislayer-above > g[class$="tick"] text')).map((t) => t.textContent),
  y: Array.from(sp.querySelectorAll('.yaxislayer-above > g[class$="tick"] text')).map((t) => t.textContent),
  title: '',
})))()`;

describe('Fig. 5 confusion grid in Chromium', function () {
  this.timeout(120000);

  it('panels with different class sets (R3D and I3D have no contempt) each carry their own class ticks, in the paper order', async () => {
    // given out of order on purpose: the grid orders panels as the paper (models.json)
    const exports = ['mdmo', 'r3d', 'ststnet', 'i3d', 'lbp_top'].map(exportOf);
    const matrices = exports.map((e) => confusionMatrix(e));
    assert.notEqual(matrices[1].classes.length, matrices[0].classes.length, 'the fixture needs panels with different class sets');
    const spec = confusionGrid(matrices);
    const { browser, page } = await openFigure(spec);
    try {
      const panels = (await page.evaluate(TICKS)) as PanelTicks[];
      const order = ['r3d', 'i3d', 'lbp_top', 'mdmo', 'ststnet'];
      assert.equal(panels.length, order.length);
      panels.forEach((panel, i) => {
        const cm = matrices[['mdmo', 'r3d', 'ststnet', 'i3d', 'lbp_top'].indexOf(order[i])];
        assert.deepEqual(panel.x, cm.classes.map(displayLabel), `${order[i]} (${panel.subplot}): predicted-class ticks`);
        assert.deepEqual(panel.y, cm.classes.map((c, k) => `${displayLabel(c)} (n = ${cm.support[k]})`), `${order[i]} (${panel.subplot}): true-class ticks`);
      });
      // each panel is titled with the paper's printed name and its n, in the paper's order
      const titles = (await page.evaluate(`Array.from(document.querySelectorAll('.annotation-text')).map((t) => t.textContent).filter((t) => / \\(n = \\d+\\)$/.test(t))`)) as string[];
      assert.deepEqual(titles, ['R3D (n = 40)', 'I3D (n = 40)', 'LBP-TOP (n = 3427)', 'MDMO (n = 7275)', 'STSTNet (n = 1891)']);
    } finally {
      await browser.close();
    }
  });

  it('panels that share one class list: predicted ticks along the bottom row only, true-class ticks (own n) on every panel', async () => {
    const matrices = ['ststnet', 'offapexnet', 'rcn_a', 'mdmo'].map((m) => confusionMatrix(exportOf(m)));
    const { browser, page } = await openFigure(confusionGrid(matrices, { columns: 2 }));
    try {
      const panels = (await page.evaluate(TICKS)) as PanelTicks[];
      // paper order: MDMO, OffApexNet, STSTNet, RCN-A; 2 columns: the first row has no x ticks
      const byOrder = ['mdmo', 'offapexnet', 'ststnet', 'rcn_a'].map((m) => matrices.find((cm) => cm.model === m)!);
      panels.forEach((panel, i) => {
        const cm = byOrder[i];
        assert.deepEqual(panel.x, i >= 2 ? cm.classes.map(displayLabel) : [], `${cm.model}: x ticks`);
        assert.deepEqual(panel.y, cm.classes.map((c, k) => `${displayLabel(c)} (n = ${cm.support[k]})`), `${cm.model}: y ticks`);
      });
    } finally {
      await browser.close();
    }
  });

  it('clicking a confusion cell lists the samples behind it (subject, classes, AUs, probabilities)', async () => {
    const labels = loadDefaultLabels();
    const exports = ['ststnet', 'lbp_top'].map(exportOf);
    const spec = confusionGrid(exports.map((e) => confusionMatrix(e)), { drilldown: confusionDrilldown(exports, { labels }) });
    const { browser, page } = await openFigure(spec);
    try {
      // LBP-TOP is the first panel (paper order): click its cell true = fear, predicted = disgust
      const at = (await page.evaluate(`(() => {
        const gd = document.querySelector('.melab-figure'); const r = gd.getBoundingClientRect();
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        return { x: r.left + xa._offset + xa.d2p('disgust'), y: r.top + ya._offset + ya.d2p('fear') };
      })()`)) as { x: number; y: number };
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('.melab-drill table', { timeout: 10000 });
      const shown = (await page.evaluate(`(() => ({
        title: document.querySelector('.melab-drill-title').textContent,
        header: Array.from(document.querySelectorAll('.melab-drill thead th')).map((t) => t.textContent),
        rows: Array.from(document.querySelectorAll('.melab-drill tbody tr')).map((tr) => Array.from(tr.children).map((td) => td.textContent)),
      }))()`)) as { title: string; header: string[]; rows: string[][] };
      const expected = cellSamples(exportOf('lbp_top'), 'fear', 'disgust', { labels });
      assert.ok(expected.length > 10);
      assert.equal(shown.title, `LBP-TOP: true fear, predicted disgust: ${expected.length} sample(s)`);
      assert.deepEqual(shown.header, ['model', 'sample', 'subject', 'fold', 'true', 'predicted', 'p(predicted)', 'p(true)', 'AUs']);
      assert.deepEqual(shown.rows.map((r) => r[1]), expected.map((s) => s.sample_id));
      assert.deepEqual(shown.rows.map((r) => r[2]), expected.map((s) => s.subject));
      assert.ok(shown.rows.every((r) => r[4] === 'fear' && r[5] === 'disgust'));
      assert.deepEqual(shown.rows.map((r) => r[8]), expected.map((s) => s.aus_raw));
      assert.deepEqual(shown.rows.map((r) => Number(r[6])), expected.map((s) => Number(s.p_predicted!.toFixed(4))));
    } finally {
      await browser.close();
    }
  });
});
