/**
 * Notebook 04 as a reader sees it at 1,000 px: its HTML export (`jupyter nbconvert --to html`, what a
 * colleague, nbviewer or GitHub get: plotly.js is not in the saved notebook, so figures are their static
 * SVG) and the live page of a kernel session (the display messages showFigure sends, rendered as Jupyter
 * renders them: a display update replaces the output it names). Fig. 5's right column and colour bar and
 * Table 9's AU17 and Average columns must not be clipped: each box lies within the viewport, or inside a
 * scroll box that can scroll to it.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../../src/analysis/figures/render';
import { closeFigureSvgWorker } from '../../src/analysis/report/figure-image';
import { PLOTLY_NOTE, showFigure, type DisplayMessage } from '../../src/analysis/report/display';
import { executeNotebook, exportNotebookHtml, JUPYTER_PATH, notebooksDir, readNotebookOutputs } from '../../src/analysis/report/notebooks';
import { TABLE_CSS } from '../../src/analysis/report/display';
import * as melab from '../../src/analysis';
import { assertToolExists } from './browser';

const ROOT = path.resolve(__dirname, '..', '..');
const WIDTH = 1000;

/** Per checked element: its box and whether a reader can see all of it (within the viewport or a scroll box reaching it). */
interface Reach { what: string; found: boolean; left: number; right: number; reachable: boolean; why: string }

/** In-page check (a string: tsx's helpers do not exist in the page). `targets` maps a name to a CSS selector or a function body returning an element. */
const REACH_SCRIPT = `(targets) => {
  const reach = (what, el) => {
    if (!el) return { what, found: false, left: 0, right: 0, reachable: false, why: 'not found' };
    const r = el.getBoundingClientRect();
    let reachable = r.left >= -0.5 && r.right <= window.innerWidth + 0.5;
    let why = reachable ? 'within the viewport' : 'outside the viewport';
    for (let a = el.parentElement; a; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox === 'visible') continue;
      const ar = a.getBoundingClientRect();
      const inside = r.left >= ar.left - 0.5 && r.right <= ar.right + 0.5;
      if (inside) continue;
      const scrolls = (ox === 'auto' || ox === 'scroll') && r.right - ar.left + a.scrollLeft <= a.scrollWidth + 0.5 && ar.left >= -0.5 && ar.right <= window.innerWidth + 0.5;
      if (scrolls) { reachable = true; why = 'inside a scroll box (' + a.className + ')'; break; }
      reachable = false; why = 'clipped by ' + a.tagName + '.' + a.className + ' (overflow-x ' + ox + ')'; break;
    }
    return { what, found: true, left: r.left, right: r.right, reachable, why };
  };
  return Object.entries(targets).map(([what, body]) => reach(what, new Function(body)()));
}`;

/** The elements checked: Fig. 5's colour bar and the x tick labels of its right-most panel column; Table 9's AU17 and Average headers. */
const TARGETS = {
  'Fig. 5 colour bar': `const root = document.querySelector('.melab-figure[data-figure-id="confusion-grid-rate"] .plot-container') || document.querySelector('[data-static-for="confusion-grid-rate"]');
    return root && root.querySelector('g.colorbar');`,
  'Fig. 5 right column': `const root = document.querySelector('.melab-figure[data-figure-id="confusion-grid-rate"] .plot-container') || document.querySelector('[data-static-for="confusion-grid-rate"]');
    if (!root) return null;
    const ticks = Array.from(root.querySelectorAll('g.xtick text'));
    return ticks.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0] || null;`,
  'Table 9 AU17': `return Array.from(document.querySelectorAll('table#table9-au-classification th')).find((th) => th.textContent.trim() === 'AU17') || null;`,
  'Table 9 Average': `return Array.from(document.querySelectorAll('table#table9-au-classification th')).find((th) => /^Average/.test(th.textContent.trim())) || null;`,
};

async function checkPage(file: string, wait?: string): Promise<{ reach: Reach[]; errors: string[]; scrollWidth: number }> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(/^(?!file:|data:|blob:|about:)/, (route) => route.abort()); // offline, as the page must be
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    if (wait) await page.waitForSelector(wait, { timeout: 30000 });
    const reach = (await page.evaluate(`(${REACH_SCRIPT})(${JSON.stringify(TARGETS)})`)) as Reach[];
    const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    return { reach, errors, scrollWidth };
  } finally {
    await browser.close();
  }
}

function assertReachable(reach: Reach[], where: string, only?: string[]): void {
  for (const r of reach.filter((x) => !only || only.includes(x.what))) {
    assert.ok(r.found, `${where}: ${r.what} not found`);
    assert.ok(r.reachable, `${where}: ${r.what} is clipped (box ${r.left.toFixed(0)}..${r.right.toFixed(0)} px, viewport ${WIDTH} px): ${r.why}`);
  }
}

describe('notebook layout at 1,000 px (Chromium)', function () {
  this.timeout(600000);
  let out = '';
  let executed = '';
  after(() => { if (out) fs.rmSync(out, { recursive: true, force: true }); });

  before(async () => {
    assertToolExists(JUPYTER_PATH, "install Debian's jupyter-nbconvert (scripts/setup.sh as root)");
    execFileSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-layout-'));
    const r = await executeNotebook(path.join(notebooksDir(), '04-model-review.ipynb'), { outDir: out });
    assert.equal(r.exitCode, 0, r.stderr.split('\n').slice(-20).join('\n'));
    executed = r.output;
  });

  it('the executed notebook 04 is under 1 MB and holds Fig. 5 as a static SVG (HTML and image/svg+xml), no plotly.js', () => {
    const size = fs.statSync(executed).size;
    assert.ok(size < 1_000_000, `executed 04-model-review.ipynb is ${size} bytes`);
    const o = readNotebookOutputs(executed);
    assert.ok(o.figureIds.includes('confusion-grid-rate'));
    assert.ok(o.html.some((h) => h.includes('data-static-for="confusion-grid-rate"') && h.includes('<svg')), 'no static SVG in the figure HTML');
    assert.ok(o.svg.length >= 1 && o.svg.every((s) => s.startsWith('<svg')), 'no image/svg+xml part');
    assert.ok(o.html.every((h) => !h.includes('plotly.js v')), 'plotly.js is in the saved notebook');
    assert.ok(o.html.some((h) => h.includes(PLOTLY_NOTE)), 'the note that replaced plotly.js is missing');
  });

  it('its HTML export: Fig. 5 (right column, colour bar) and Table 9 (AU17, Average) are not clipped', async () => {
    const page = await exportNotebookHtml(executed, out);
    const { reach, errors } = await checkPage(page);
    assert.deepEqual(errors, []);
    assertReachable(reach, 'HTML export');
  });

  it('the live page: Fig. 5 drawn by Plotly fits 1,000 px (right column, colour bar), plotly.js sent once for two figures', async () => {
    const labels = melab.loadDefaultLabels();
    const exports = melab.protocol.readPredictionDir(path.join(melab.report.melabDataDir(), 'predictions'), { labels }).filter((e) => e.emotion);
    const grid = melab.protocol.confusionGrid(exports.map((e) => melab.protocol.confusionMatrix(e)), { drilldown: melab.protocol.confusionDrilldown(exports, { labels }) });
    const messages: { message: DisplayMessage; update: boolean }[] = [];
    const jupyter = require.resolve('tslab/dist/jupyter');
    const had = require.cache[jupyter];
    // a kernel session as tslab runs it: its display writer is set; showFigure sends its messages to it
    require.cache[jupyter] = { exports: { lastWriteDisplayData: (message: DisplayMessage, update: boolean) => messages.push({ message, update }) } } as unknown as NodeJS.Module;
    try {
      showFigure(grid);
      showFigure(melab.stats.emotionByPartFigure(labels));
    } finally {
      if (had) require.cache[jupyter] = had; else delete require.cache[jupyter];
      closeFigureSvgWorker();
    }
    const html = messages.map((m) => m.message.data['text/html'] ?? '');
    assert.equal(html.filter((h) => h.includes('plotly.js v')).length, 1, 'plotly.js sent more than once');
    // every display is updated to what the notebook keeps: no plotly.js and no figure data
    const last = new Map<string, string>();
    for (const m of messages) last.set(m.message.transient.display_id ?? String(last.size), m.message.data['text/html'] ?? '');
    for (const h of last.values()) assert.ok(!h.includes('plotly.js v') && !h.includes('melabFigures['), 'a saved output keeps live-only data');
    // the page a Jupyter frontend builds from these messages
    const page = path.join(out, 'live.html');
    fs.writeFileSync(page, `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0 40px}${TABLE_CSS}</style></head><body>
<script>
var messages = ${JSON.stringify(messages).replace(/</g, '\\u003c')};
var byId = {};
var show = function (el, html) {
  el.innerHTML = html;
  Array.from(el.querySelectorAll('script')).forEach(function (old) { var s = document.createElement('script'); s.text = old.text; old.parentNode.replaceChild(s, old); });
};
messages.forEach(function (m) {
  var id = m.message.transient.display_id;
  var el = m.update ? byId[id] : document.body.appendChild(document.createElement('div'));
  if (id) byId[id] = el;
  show(el, m.message.data['text/html']);
});
</script></body></html>`);
    const { reach, errors, scrollWidth } = await checkPage(page, '.melab-figure[data-figure-id="confusion-grid-rate"][data-drawn="true"]');
    assert.deepEqual(errors, []);
    assert.ok(scrollWidth <= WIDTH, `the page scrolls sideways (${scrollWidth} px)`);
    assertReachable(reach, 'live page', ['Fig. 5 colour bar', 'Fig. 5 right column']);
  });
});
