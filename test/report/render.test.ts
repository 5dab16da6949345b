import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { figureToHtml, pngSize, scriptJson, openFigureRenderer, type FigureRenderer } from '../../src/analysis/figures/render';
import { axis, baseLayout, SEQUENTIAL, type FigureSpec } from '../../src/analysis/figures/style';
import { Writable } from 'node:stream';
import { createProgress } from '../../src/analysis/report/progress';
import { inspectPage } from './browser';

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

describe('figure rendering (headless Chromium)', () => {
  let renderer: FigureRenderer;
  before(async () => { renderer = await openFigureRenderer(); });
  after(async () => { await renderer?.close(); });

  it('renders PNG at 2× the spec size (IHDR) and SVG at the spec size', async () => {
    const a = await renderer.render(bars);
    const b = await renderer.render(heat);
    assert.deepEqual(pngSize(a.png), { width: 1280, height: 840 });
    assert.deepEqual(pngSize(b.png), { width: 1000, height: 920 });
    // a drawn chart compresses to well over a few KB; a blank page of that size to about 5 KB
    assert.ok(a.png.length > 15000, `PNG only ${a.png.length} bytes`);
    assert.match(a.svg, /^<svg[^>]* width="640" height="420"/);
    assert.match(a.svg, /class="trace bars"/);
    assert.match(a.svg, /Emotion/);
    assert.match(b.svg, /<image/); // the heatmap's cells are drawn as an image
    assert.deepEqual(a.warnings, []);
  });

  it('writes <id>.png and <id>.svg', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-render-'));
    const w = await renderer.write(bars, dir);
    assert.equal(w.png, path.join(dir, 'test-bars.png'));
    assert.deepEqual(pngSize(fs.readFileSync(w.png)), { width: 1280, height: 840 });
    assert.ok(fs.statSync(w.svg).size > 3000);
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
