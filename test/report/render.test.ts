import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { figureToHtml, pngSize, scriptJson, openFigureRenderer, type FigureRenderer } from '../../src/analysis/figures/render';
import { axis, baseLayout, SEQUENTIAL, type FigureSpec } from '../../src/analysis/figures/style';
import { Writable } from 'node:stream';
import { createProgress } from '../../src/analysis/report/progress';
import { inspectPage } from './browser';
import { pngFacts, svgBars, svgImages, svgTexts } from '../helpers/figure-files';
import { assertClose, assertRelClose } from '../helpers/close';

const bars: FigureSpec = {
  id: 'test-bars', title: 'Bars', width: 640, height: 420,
  data: [{ type: 'bar', x: ['happiness', 'anger', 'disgust'], y: [3, 1, 2], name: 'n' }],
  layout: baseLayout('Bars', { xaxis: axis('Emotion'), yaxis: axis('Samples') }),
};
const heat: FigureSpec = {
  id: 'test-heat', title: 'Heat', width: 500, height: 460,
  data: [{ type: 'heatmap', z: [[1, 2], [3, 4]], x: ['a', 'b'], y: ['c', 'd'], colorscale: SEQUENTIAL }],
  layout: baseLayout('Heat', { xaxis: axis('Predicted'), yaxis: axis('True') }),
};

/** SEQUENTIAL at t ∈ [0, 1], interpolated in RGB between its stops as Plotly does. */
function scaleColour(t: number): [number, number, number] {
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const j = Math.max(1, SEQUENTIAL.findIndex(([p]) => p >= t));
  const [[p0, c0], [p1, c1]] = [SEQUENTIAL[j - 1], SEQUENTIAL[j]];
  const f = (t - p0) / (p1 - p0);
  const [a, b] = [rgb(c0), rgb(c1)];
  return [0, 1, 2].map((k) => a[k] + f * (b[k] - a[k])) as [number, number, number];
}

describe('figure rendering (headless Chromium)', () => {
  let renderer: FigureRenderer;
  before(async () => { renderer = await openFigureRenderer(); });
  after(async () => { await renderer?.close(); });

  it('renders PNG at 2× the spec size (IHDR) and SVG at the spec size', async () => {
    const a = await renderer.render(bars);
    const b = await renderer.render(heat);
    assert.deepEqual(pngSize(a.png), { width: 1280, height: 840 });
    assert.deepEqual(pngSize(b.png), { width: 1000, height: 920 });
    assert.match(a.svg, /^<svg[^>]* width="640" height="420"/);
    assert.deepEqual(a.warnings, []);
    // The SVG shows the spec: its titles and categories, one bar per value with heights in proportion 3 : 1 : 2
    const t = svgTexts(a.svg);
    assert.deepEqual([t.titles.gtitle, t.titles.xtitle, t.titles.ytitle], ['Bars', 'Emotion', 'Samples']);
    assert.deepEqual(t.xticks, ['happiness', 'anger', 'disgust']);
    const drawn = svgBars(a.svg);
    assert.equal(drawn.length, 3);
    const unit = (drawn[0].bottom - drawn[0].top) / 3;
    drawn.forEach((d, i) => assertClose(d.bottom - d.top, unit * [3, 1, 2][i], 0.02, `bar ${i} height in the SVG`));
    // The PNG (decoded by Pillow) draws the same bars at 2×: three column runs of the bar colour, each 2× as wide
    // and as tall as in the SVG (±2 px of antialiased edge)
    const [png] = pngFacts([{ png: a.png, colours: [drawn[0].fill] }]);
    assert.deepEqual([png.width, png.height], [1280, 840]);
    const runs = png.colours[0].runs;
    assert.equal(runs.length, 3, JSON.stringify(runs));
    runs.forEach(([x0, x1, tallest], i) => {
      assertClose(x1 - x0 + 1, 2 * (drawn[i].x1 - drawn[i].x0), 2, `bar ${i} width in the PNG`);
      assertClose(tallest, 2 * (drawn[i].bottom - drawn[i].top), 2, `bar ${i} height in the PNG`);
    });
    // The heatmap's cells are one image of 2 × 2 pixels, each the colour scale at (z − 1) / 3, top row y = 'd'
    const [cells] = svgImages(b.svg);
    const [img] = pngFacts([{ png: cells, pixels: true }]);
    assert.deepEqual([img.width, img.height], [2, 2]);
    const expected = [[3, 4], [1, 2]].map((row) => row.map((z) => scaleColour((z - 1) / 3)));
    img.pixels!.forEach((row, r) => row.forEach((rgb, c) => rgb.forEach((v, k) => assertClose(v, expected[r][c][k], 1, `cell ${r},${c} channel ${k}`))));
    // and the figure's PNG shows the four cells as four blocks of equal size
    const [heatPng] = pngFacts([{ png: b.png, colours: img.pixels!.flat() }]);
    const counts = heatPng.colours.map((c) => c.count);
    for (const n of counts) {
      assert.ok(n > 0.05 * 1000 * 920, `a cell covers ${n} pixels of ${1000 * 920}`);
      assertRelClose(n, counts[0], 0.02, 'cell area');
    }
  });

  it('writes <id>.png and <id>.svg', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-render-'));
    const w = await renderer.write(bars, dir);
    assert.equal(w.png, path.join(dir, 'test-bars.png'));
    assert.deepEqual(pngSize(fs.readFileSync(w.png)), { width: 1280, height: 840 });
    assert.equal(w.svg, path.join(dir, 'test-bars.svg'));
    const svg = fs.readFileSync(w.svg, 'utf8');
    assert.equal(svgTexts(svg).titles.gtitle, 'Bars');
    assert.equal(svgBars(svg).length, 3);
    const [png] = pngFacts([{ png: w.png }]);
    assert.deepEqual([png.width, png.height], [1280, 840]);
    assert.ok(png.coloured > 0.1, `coloured share ${png.coloured}`); // the three bars: 0.28 of the image
  });

  it('a figure Plotly cannot draw fails with its id named', async () => {
    const bad: FigureSpec = { ...bars, id: 'broken', width: -5 };
    await assert.rejects(renderer.render(bad), /figure broken/);
    // the browser stays usable for the rest of the batch
    assert.deepEqual(pngSize((await renderer.render(heat)).png), { width: 1000, height: 920 });
  });

  it('figureToHtml is an offline page (no http URL) on which Plotly draws the figure', async () => {
    const html = figureToHtml(bars);
    assert.doesNotMatch(html, /<script[^>]+src=/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'melab-html-')), 'fig.html');
    fs.writeFileSync(file, html);
    const page = await inspectPage(file);
    assert.deepEqual(page.consoleErrors, []);
    assert.deepEqual(page.networkRequests, [], 'an offline page fetches nothing');
    assert.equal(page.figures.length, 1);
    const [f] = page.figures;
    assert.equal(f.id, 'test-bars');
    assert.ok(f.container && f.mainSvg);
    assert.equal(f.traces, 1);
    assert.equal(f.points, 3);
    assert.ok(f.drawn >= 1);
  });

  it('pngSize reads the IHDR and rejects a file that is not a PNG', () => {
    // the 8-byte signature, IHDR length 13, "IHDR", width 3, height 2 (big-endian), by hand
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2]);
    assert.deepEqual(pngSize(png), { width: 3, height: 2 });
    assert.throws(() => pngSize(Buffer.from('<svg></svg> not a png at all')), /not a PNG/);
  });

  it('scriptJson cannot close the <script> element it is embedded in', () => {
    const s = scriptJson({ t: '</script><script>alert(1)</script>' });
    assert.doesNotMatch(s, /<\/script/i);
    assert.deepEqual(JSON.parse(s), { t: '</script><script>alert(1)</script>' });
  });

  it('the progress bar draws on a terminal and stays quiet in a log', () => {
    const sink = (isTTY: boolean): { stream: NodeJS.WritableStream; text: () => string } => {
      const chunks: string[] = [];
      const stream = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
      Object.assign(stream, { isTTY, columns: 100 });
      return { stream, text: () => chunks.join('') };
    };
    const tty = sink(true);
    const log = sink(false);
    for (const { stream } of [tty, log]) {
      const p = createProgress('melab report', 4, { stream });
      p.step('tables');
      p.step('figures');
      p.done();
    }
    // cli-progress redraws at most 10 times a second: the start and the last step are drawn
    assert.match(tty.text(), /melab report \[\.{24}\] 0\/4/);
    assert.match(tty.text(), /melab report \[#{24}\] 4\/4 figures/);
    assert.equal(log.text(), '');
  });
});
