import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium, pngSize, PNG_SCALE } from '../../src/analysis/figures/render';
import { loadDefaultLabels, readLabels } from '../../src/analysis/labels/read';
import { emotionByPartFigure } from '../../src/analysis/stats/figures';
import { buildReport, type ReportSummary } from '../../src/analysis/report/build';
import { crossDatabaseSection, profileSection, REPORT_SECTIONS, modelReviewSection } from '../../src/analysis/report/sections';
import { defineSection, skipSection, writtenSection, type ReportContext } from '../../src/analysis/report/section';
import { fail } from '../../src/analysis/labels/issues';
import { inspectPage, type PageCheck } from './browser';
import { pdfText, pngFacts, svgBars, svgImages, svgTexts } from '../helpers/figure-files';
import { assertClose } from '../helpers/close';

const ROOT = path.resolve(__dirname, '..', '..');
const CASME2 = path.join(ROOT, 'test', 'fixtures', 'report', 'casme2-mini.csv');

function melab(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), ...args], { encoding: 'utf8', cwd: ROOT });
}

type Trace = { type: string; y?: unknown[] };
/** The figure specs the HTML report draws: each `(function(){var f=<spec JSON>;` line, by the id of its image export. */
function htmlSpecs(html: string): Record<string, { data: Trace[]; layout: Record<string, unknown> }> {
  const out: Record<string, { data: Trace[]; layout: Record<string, unknown> }> = {};
  for (const m of html.matchAll(/^\(function\(\)\{var f=(.*);$/gm)) {
    const f = JSON.parse(m[1]);
    out[f.config.toImageButtonOptions.filename] = f;
  }
  return out;
}
const titleText = (t: unknown): string | undefined => (typeof t === 'string' ? t : (t as { text?: string } | undefined)?.text);

describe('melab report (default data, through the CLI)', function () {
  this.timeout(180000);
  let out: string;
  let summary: ReportSummary;
  let page: PageCheck;
  // tables shown in the report (a csv-only full table is linked, not shown)
  const tableIds = (): string[] => summary.sections.flatMap((s) => s.tables).filter((id) => summary.files.includes(`tables/${id}.md`));
  const figureIds = (): string[] => summary.sections.flatMap((s) => s.figures);

  after(() => { if (out) fs.rmSync(out, { recursive: true, force: true }); });

  before(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-report-'));
    const r = melab(['report', '--out', out, '--json', '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    summary = JSON.parse(r.stdout);
    page = await inspectPage(path.join(out, 'index.html'));
  });

  it('runs every section, writes the paper\'s tables and figures, and lists skipped sections with a reason', () => {
    assert.equal(summary.sections.length, REPORT_SECTIONS.length);
    const byId = Object.fromEntries(summary.sections.map((s) => [s.id, s]));
    for (const id of ['dataset-profile', 'duration-rule', 'au-emotion', 'emotion-reliability', 'au-reliability']) {
      assert.equal(byId[id].status, 'written', `${id}: ${byId[id].reason}`);
    }
    for (const id of ['table1-dataset-profile', 'table5-au-distribution', 'table6-au-emotion-occurrence', 'table7-au-combinations',
      'duration-rule', 'reliability-fleiss-kappa', 'table4-kappa-interpretation', 'reliability-au-agreement']) {
      assert.ok(tableIds().includes(id), `table ${id} missing`);
    }
    for (const id of ['fig4-emotion-by-part', 'fig-au-emotion-heatmap', 'reliability-kappa-per-category']) {
      assert.ok(figureIds().includes(id), `figure ${id} missing`);
    }
    // one database: the cross-database section is skipped, and says why
    assert.equal(byId['cross-database'].status, 'skipped');
    assert.match(byId['cross-database'].reason ?? '', /one database/);
    // the model review runs exactly when the demo exports exist
    const hasPredictions = fs.existsSync(path.join(ROOT, 'data', 'predictions'));
    assert.equal(byId['model-review'].status, hasPredictions ? 'written' : 'skipped');
    if (hasPredictions) {
      assert.ok(tableIds().includes('table8-me-recognition'));
      assert.ok(figureIds().includes('fig5-confusion-matrices'));
    }
  });

  it('writes each table as Markdown, booktabs LaTeX and CSV', () => {
    for (const id of tableIds()) {
      const md = fs.readFileSync(path.join(out, 'tables', `${id}.md`), 'utf8');
      const tex = fs.readFileSync(path.join(out, 'tables', `${id}.tex`), 'utf8');
      const csv = fs.readFileSync(path.join(out, 'tables', `${id}.csv`), 'utf8');
      assert.match(md, /^\*\*.+\*\*/, id);
      assert.match(md, /\n\| .* \|\n\| [-:| ]+\|\n/, id);
      assert.match(tex, /\\toprule[\s\S]*\\midrule[\s\S]*\\bottomrule/, id);
      assert.match(tex, new RegExp(`\\\\label\\{tab:${id}\\}`));
      assert.ok(csv.split('\r\n').filter(Boolean).length >= 2, `${id}.csv has no data row`);
    }
    // Table 5's total on the default data is the paper's 12,928 AU labels (Sec. 3.4)
    assert.match(fs.readFileSync(path.join(out, 'tables', 'table5-au-distribution.csv'), 'utf8'), /12928/);
  });

  it('writes each figure as PNG at 2× its size (IHDR) and as SVG at its size, both showing the spec drawn in the HTML', () => {
    assert.ok(figureIds().length >= 4);
    const specs = htmlSpecs(fs.readFileSync(path.join(out, 'index.html'), 'utf8'));
    assert.deepEqual(Object.keys(specs).sort(), figureIds().sort());
    for (const id of figureIds()) {
      const size = summary.figureSizes[id];
      const { data, layout } = specs[id];
      const file = path.join(out, 'figures', `${id}.png`);
      assert.deepEqual(pngSize(fs.readFileSync(file)), { width: size.width * PNG_SCALE, height: size.height * PNG_SCALE }, id);
      const svg = fs.readFileSync(path.join(out, 'figures', `${id}.svg`), 'utf8');
      assert.match(svg, new RegExp(`^<svg[^>]* width="${size.width}" height="${size.height}"`), id);
      // the SVG: the spec's title and axis titles, one bar per value with heights in proportion to it, one image per heatmap
      const texts = svgTexts(svg);
      assert.equal(texts.titles.gtitle, titleText(layout.title), `${id} title`);
      for (const [key, axis] of Object.entries(layout)) {
        const m = /^([xy])axis(\d*)$/.exec(key);
        const want = m && titleText((axis as { title?: unknown }).title);
        if (want) assert.equal(texts.titles[`${m![1]}${m![2]}title`], want, `${id} ${key} title`);
      }
      const barTraces = data.filter((t) => t.type === 'bar');
      const bars = svgBars(svg);
      const values = barTraces.flatMap((t) => (t.y as (number | null)[]).filter((v): v is number => Number.isFinite(v)));
      assert.equal(bars.length, values.length, `${id}: bars drawn`);
      const unit = values.length ? Math.max(...bars.map((b) => b.bottom - b.top)) / Math.max(...values.map(Math.abs)) : 0;
      bars.forEach((b, i) => assertClose(b.bottom - b.top, unit * Math.abs(values[i]), 0.02, `${id} bar ${i} height`));
      assert.equal(svgImages(svg).length, data.filter((t) => t.type === 'heatmap').length, `${id}: heatmap images`);
      // the PNG (decoded by Pillow): coloured marks (a chart with axes only has none), and every bar colour over
      // the bars' area at 2× (4 × SVG area) up to its antialiased edge (the bars' perimeter at 2×)
      const fills = [...new Set(bars.map((b) => b.fill.join()))].map((c) => c.split(',').map(Number) as [number, number, number]);
      const [png] = pngFacts([{ png: file, colours: fills }]);
      assert.deepEqual([png.width, png.height], [size.width * PNG_SCALE, size.height * PNG_SCALE], id);
      assert.ok(png.coloured > 0.01, `${id}.png: ${png.coloured} of the pixels are coloured`);
      fills.forEach((c, k) => {
        const mine = bars.filter((b) => b.fill.join() === c.join());
        const area = mine.reduce((s, b) => s + 4 * (b.x1 - b.x0) * (b.bottom - b.top), 0);
        const edge = mine.reduce((s, b) => s + 4 * (b.x1 - b.x0 + b.bottom - b.top), 0);
        assertClose(png.colours[k].count, area, 0.02 * area + edge, `${id}.png pixels of rgb(${c})`);
      });
    }
    // Fig. 4's size comes from the stats area's own spec (1280 × 840 px at the default 640 × 420)
    const fig4 = emotionByPartFigure(loadDefaultLabels());
    assert.deepEqual(pngSize(fs.readFileSync(path.join(out, 'figures', 'fig4-emotion-by-part.png'))), { width: 2 * fig4.width, height: 2 * fig4.height });
  });

  it('the HTML report draws every figure with its data in Chromium, offline and without console errors', () => {
    assert.deepEqual(page.consoleErrors, []);
    assert.deepEqual(page.networkRequests, []);
    assert.deepEqual(page.figures.map((f) => f.id).sort(), figureIds().sort());
    for (const f of page.figures) {
      assert.ok(f.container && f.mainSvg, `${f.id}: no plot container`);
      assert.ok(f.traces > 0 && f.points > 0, `${f.id}: no data traces`);
      assert.ok(f.drawn > 0, `${f.id}: no drawn trace`);
    }
    assert.deepEqual([...page.tableIds].sort(), tableIds().sort());
  });

  it('the HTML report names each skipped section with its reason', () => {
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const s of summary.sections.filter((x) => x.status === 'skipped')) {
      assert.ok(html.includes(`id="section-${s.id}"`), s.id);
      assert.ok(html.includes(`<b>Skipped:</b> ${(s.reason ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}`), s.id);
    }
  });

  it('every .tex compiles with pdflatex (booktabs, graphicx), with no lost character and no doubled table number', function () {
    this.timeout(120000);
    assert.ok(fs.existsSync('/usr/bin/pdflatex'), '/usr/bin/pdflatex is missing: install texlive-latex-base, -recommended and -extra (scripts/setup.sh as root)');
    const dir = path.join(out, 'tables');
    const tex = fs.readdirSync(dir).filter((f) => f.endsWith('.tex')).sort();
    assert.equal(tex.length, tableIds().length);
    for (const f of tex) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.doesNotMatch(text, /\\caption\{\s*table\s+\d/i, `${f}: the caption repeats the table number that \\caption adds`);
      const odd = /[^\x00-\x7F\u00C0-\u017F]/.exec(text);
      assert.equal(odd, null, `${f}: ${JSON.stringify(odd?.[0])} is neither ASCII nor a Latin letter (raw Unicode in LaTeX)`);
    }
    const doc = path.join(dir, 'all-tables.tex');
    fs.writeFileSync(doc, ['\\documentclass{article}', '\\usepackage[T1]{fontenc}', '\\usepackage{booktabs,graphicx}', '\\begin{document}',
      ...tex.map((f) => `\\input{${f}}\\clearpage`), '\\end{document}', ''].join('\n'));
    const r = spawnSync('/usr/bin/pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'all-tables.tex'], { cwd: dir, encoding: 'utf8' });
    const log = fs.readFileSync(path.join(dir, 'all-tables.log'), 'utf8');
    assert.equal(r.status, 0, log.split('\n').filter((l) => l.startsWith('!')).join('\n') || r.stdout.slice(-2000));
    assert.doesNotMatch(log, /Missing character/);
    const pages = /Pages:\s+(\d+)/.exec(spawnSync('/usr/bin/pdfinfo', [path.join(dir, 'all-tables.pdf')], { encoding: 'utf8' }).stdout);
    assert.ok(pages && Number(pages[1]) >= tex.length, 'one page or more per table');
    for (const f of fs.readdirSync(dir).filter((x) => x.startsWith('all-tables.'))) fs.rmSync(path.join(dir, f));
  });

  it('every figure is also a one-page vector PDF of its size (pdfinfo)', () => {
    assert.ok(fs.existsSync('/usr/bin/pdfinfo'), '/usr/bin/pdfinfo is missing: install poppler-utils');
    for (const id of figureIds()) {
      const info = spawnSync('/usr/bin/pdfinfo', [path.join(out, 'figures', `${id}.pdf`)], { encoding: 'utf8' });
      assert.equal(info.status, 0, `${id}.pdf: ${info.stderr}`);
      assert.match(info.stdout, /Pages:\s+1\n/, id);
      const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info.stdout);
      // CSS pixels print at 0.75 pt
      assert.ok(size, `${id}: no page size in ${info.stdout}`);
      assertClose(Number(size[1]), 0.75 * summary.figureSizes[id].width, 1.5, `${id}.pdf page width (pt)`);
      assertClose(Number(size[2]), 0.75 * summary.figureSizes[id].height, 1.5, `${id}.pdf page height (pt)`);
      const pdf = fs.readFileSync(path.join(out, 'figures', `${id}.pdf`), 'latin1');
      assert.match(pdf, /\/Font/, `${id}.pdf: text is text (fonts embedded), not a bitmap`);
      // and that text is the figure's: its title and axis titles as in the SVG, read back by pdftotext
      const words = (t: string) => t.replace(/\s+/g, ' ').trim();
      const text = words(pdfText(path.join(out, 'figures', `${id}.pdf`)));
      const svg = fs.readFileSync(path.join(out, 'figures', `${id}.svg`), 'utf8');
      for (const [cls, title] of Object.entries(svgTexts(svg).titles)) assert.ok(text.includes(words(title)), `${id}.pdf lacks its ${cls} "${title}"`);
    }
  });

  it('the model review reads as an honest demo: provenance and the paper\'s values beside every model table and figure', () => {
    const t8 = fs.readFileSync(path.join(out, 'tables', 'table8-me-recognition.csv'), 'utf8');
    const t9 = fs.readFileSync(path.join(out, 'tables', 'table9-au-classification.csv'), 'utf8');
    assert.match(t8.split('\r\n')[0], /Paper ACC\(%\),Paper UAR,Paper UF1,Run \(from the manifest\)$/);
    // R3D: 40 synthetic clips of 10 subjects, 1 epoch (its manifest), beside the paper's 36.62 / 0.2313 / 0.2164 (Table 8)
    assert.match(t8, /3D-CNN Methods,R3D,[^\r]*,36\.62,0\.2313,0\.2164,"synthetic faces, 40 clips \/ 10 subjects, 1 epoch, 32 px"/);
    assert.match(t8, /Deep Learning MER,FR,+52\.59,0\.3814,0\.3559,"absent \(no public code/);
    assert.match(t8, /Deep Learning MER,MERSiam,+52\.18,0\.3532,0\.3184,"absent \(no public code/);
    assert.match(t9, /R3D,paper \(Table 9\),0\.6061,0\.5903,0\.6967/);
    const md8 = fs.readFileSync(path.join(out, 'tables', 'table8-me-recognition.md'), 'utf8');
    assert.doesNotMatch(md8, /^\*\*TABLE 8/, 'a demo must not wear the paper\'s caption');
    assert.match(md8, /DEMO, NOT THE PAPER'S RESULTS/);
    assert.match(md8, /Run of STSTNet: synthetic faces, 1891 clips of 150 subjects, 10 epochs, 28 px input/);
    assert.match(fs.readFileSync(path.join(out, 'tables', 'table9-au-classification.md'), 'utf8'), /DEMO, NOT THE PAPER'S RESULTS/);
    const fig5 = fs.readFileSync(path.join(out, 'figures', 'fig5-confusion-matrices.svg'), 'utf8');
    assert.match(fig5, /demo exports on DFME/);
    assert.match(fig5, /synthetic faces, 40 clips \/ 10 subjects, 1 epoch/);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    const model = html.slice(html.indexOf('id="section-model-review"'));
    assert.match(model, /<p>DEMO, NOT THE PAPER&#39;S RESULTS|<p>DEMO, NOT THE PAPER'S RESULTS/);
  });

  it('the association table shows the BH-significant pairs by effect, links every pair as CSV, prints p as p-values and undefined PMI as –', () => {
    const shown = fs.readFileSync(path.join(out, 'tables', 'table6b-au-emotion-association.csv'), 'utf8').trim().split('\r\n');
    const full = fs.readFileSync(path.join(out, 'tables', 'table6b-au-emotion-association-full.csv'), 'utf8').trim().split('\r\n');
    const header = shown[0].split(',');
    const col = (name: string) => header.indexOf(name);
    const rows = shown.slice(1).map((l) => l.split(','));
    assert.ok(rows.length > 0 && rows.length < full.length - 1, `${rows.length} shown of ${full.length - 1}`);
    assert.ok(rows.every((r) => Number(r[col('BH q')]) < 0.05));
    const lifts = rows.map((r) => Number(r[col('lift')]));
    assert.deepEqual(lifts, [...lifts].sort((a, b) => b - a));
    const fullQ = full.slice(1).map((l) => Number(l.split(',')[col('BH q')]));
    assert.equal(fullQ.filter((q) => q < 0.05).length, rows.length);
    assert.ok(!fs.existsSync(path.join(out, 'tables', 'table6b-au-emotion-association-full.md')), 'the full table is CSV only');
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    assert.match(html, /<a href="tables\/table6b-au-emotion-association-full\.csv">/);
    const md = fs.readFileSync(path.join(out, 'tables', 'table6b-au-emotion-association.md'), 'utf8');
    assert.doesNotMatch(md, /\| 0\.0000 \|/, 'a p-value printed as 0.0000');
    assert.doesNotMatch(md, /-?Inf|NaN/);
    assert.match(md, /\| \d\.\de-\d+ \|/, 'small p in scientific notation');
    assert.match(md, /\| n \(emotion\) \| n \|/);
  });

  it('the HTML report never scrolls sideways: wide tables scroll inside their own box, no column hidden', async function () {
    this.timeout(60000);
    const browser = await launchChromium();
    try {
      const p = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await p.goto(`file://${path.join(out, 'index.html')}`);
      const layout = (await p.evaluate(`(() => ({
        page: document.scrollingElement.scrollWidth, view: window.innerWidth,
        boxes: Array.from(document.querySelectorAll('.melab-table-box')).map((b) => ({
          id: b.querySelector('table').id, box: b.clientWidth, table: b.querySelector('table').scrollWidth,
          overflow: getComputedStyle(b).overflowX, cells: b.querySelectorAll('thead th').length,
        })),
      }))()`)) as { page: number; view: number; boxes: { id: string; box: number; table: number; overflow: string; cells: number }[] };
      assert.ok(layout.page <= layout.view, `the page is ${layout.page} px wide in a ${layout.view} px window`);
      for (const b of layout.boxes) assert.ok(b.table <= b.box || b.overflow === 'auto', `${b.id}: ${b.table} px table in a ${b.box} px box that does not scroll`);
      assert.ok(layout.boxes.some((b) => b.id === 'table9-au-classification' && b.table > b.box), 'Table 9 is wider than the page and scrolls in its box');
    } finally {
      await browser.close();
    }
  });

  it('in the HTML report, clicking a Fig. 5 cell lists the samples behind it', async function () {
    this.timeout(60000);
    const browser = await launchChromium();
    try {
      const p = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
      await p.goto(`file://${path.join(out, 'index.html')}`);
      await p.waitForSelector('.melab-figure[data-figure-id="fig5-confusion-matrices"][data-drawn="true"]', { timeout: 30000 });
      await p.evaluate(`document.querySelector('[data-figure-id="fig5-confusion-matrices"]').scrollIntoView()`);
      // MDMO's panel (first column, second row): true fear predicted disgust
      const at = (await p.evaluate(`(() => {
        const gd = document.querySelector('.melab-figure[data-figure-id="fig5-confusion-matrices"]');
        const i = gd.data.findIndex((t) => t.name === 'MDMO'); const s = i === 0 ? '' : String(i + 1);
        const xa = gd._fullLayout['xaxis' + s], ya = gd._fullLayout['yaxis' + s]; const r = gd.getBoundingClientRect();
        return { x: r.left + xa._offset + xa.d2p('disgust'), y: r.top + ya._offset + ya.d2p('fear') };
      })()`)) as { x: number; y: number };
      await p.mouse.click(at.x, at.y);
      await p.waitForSelector('.melab-drill table', { timeout: 10000 });
      const title = (await p.textContent('.melab-drill-title')) ?? '';
      const m = /^MDMO: true fear, predicted disgust: (\d+) sample\(s\)$/.exec(title);
      assert.ok(m, title);
      const rows = (await p.evaluate(`Array.from(document.querySelectorAll('.melab-drill tbody tr')).map((tr) => Array.from(tr.children).map((td) => td.textContent))`)) as string[][];
      assert.equal(rows.length, Number(m![1]));
      assert.ok(rows.length > 0 && rows.every((r) => r[0] === 'mdmo' && r[4] === 'fear' && r[5] === 'disgust' && r[8] !== ''));
    } finally {
      await browser.close();
    }
  });

  it('a label file, votes file or predictions folder that does not exist: exit 2, one line naming it', () => {
    for (const [flag, value] of [['--labels', '/nonexistent/labels.csv'], ['--predictions', '/nonexistent/preds'], ['--votes', '/nonexistent/votes.csv']]) {
      const r = melab(['report', flag, value, '--out', path.join(out, 'bad'), '--quiet']);
      assert.equal(r.status, 2, `${flag}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.ok(r.stderr.includes(value), r.stderr);
    }
  });
});

describe('report sections', () => {
  const ctxOf = (labels: ReportContext['labels']): ReportContext => ({ labels, defaultData: false, predictionsDir: null, votesFile: null, auCodersFile: null });

  it('a section list of plain functions: a skipped section is reported with its reason, never dropped', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-sections-'));
    const summary = await buildReport({
      out, progress: false,
      sections: [
        () => skipSection('needs-x', 'Needs X', 'no X file was given'),
        () => writtenSection('only-table', 'Only a table', { tables: [{ id: 't-one', title: 'One', columns: [{ key: 'a', label: 'A' }], rows: [{ a: 1 }] }] }),
      ],
    });
    assert.deepEqual(summary.sections.map((s) => [s.id, s.status, s.reason]), [['needs-x', 'skipped', 'no X file was given'], ['only-table', 'written', undefined]]);
    assert.deepEqual(summary.files.sort(), ['index.html', 'tables/t-one.csv', 'tables/t-one.md', 'tables/t-one.tex']);
    assert.match(fs.readFileSync(path.join(out, 'index.html'), 'utf8'), /<b>Skipped:<\/b> no X file was given/);
  });

  it('a wrong input fails its own section (file, row, column named); the other sections are still written', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-failed-'));
    const summary = await buildReport({
      out, progress: false,
      sections: [
        defineSection('bad-input', 'Bad input', () => fail('votes.csv', 7, 'A3', 'blue', 'not an emotion')),
        defineSection('fine', 'Fine', () => ({ tables: [{ id: 't-fine', title: 'Fine', columns: [{ key: 'a', label: 'A' }], rows: [{ a: 1 }] }] })),
      ],
    });
    assert.deepEqual(summary.sections.map((s) => [s.id, s.status]), [['bad-input', 'failed'], ['fine', 'written']]);
    assert.equal(summary.sections[0].reason, 'votes.csv, row 7, column A3, value "blue": not an emotion');
    assert.ok(fs.existsSync(path.join(out, 'tables', 't-fine.csv')));
    assert.match(fs.readFileSync(path.join(out, 'index.html'), 'utf8'), /<b>Failed:<\/b> votes\.csv, row 7, column A3/);
  });

  it('the CLI writes the report, then exits 2 with one line per failed section', function () {
    this.timeout(120000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-badpred-'));
    fs.mkdirSync(path.join(dir, 'preds'));
    // sample 09/EP99_99 is not in the label sheet: the prediction reader must name it
    fs.writeFileSync(path.join(dir, 'preds', 'm-emotion.csv'),
      'model,dataset,subject,sample_id,fold,y_true,y_pred\nm,casme2,01,01/EP02_01f,0,happiness,happiness\nm,casme2,09,09/EP99_99,1,disgust,happiness\n');
    const r = melab(['report', '--labels', CASME2, '--predictions', path.join(dir, 'preds'), '--out', path.join(dir, 'out'), '--quiet']);
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^melab report: Model review .*m-emotion\.csv.*EP99_99/);
    assert.match(r.stdout, /! Model review .*FAILED/);
    assert.ok(fs.existsSync(path.join(dir, 'out', 'figures', 'fig4-emotion-by-part.png')));
  });

  it('two sections that would write the same file name are an error, not an overwrite', async () => {
    const t = { id: 'same', title: 'T', columns: [{ key: 'a', label: 'A' }], rows: [{ a: 1 }] };
    await assert.rejects(buildReport({
      out: fs.mkdtempSync(path.join(os.tmpdir(), 'melab-dup-')), progress: false,
      sections: [() => writtenSection('a', 'A', { tables: [t] }), () => writtenSection('b', 'B', { tables: [t] })],
    }), /two tables share the id "same"/);
  });

  it('several databases: the cross-database section compares them, and per-database ids do not collide', () => {
    const ctx = ctxOf([loadDefaultLabels(), readLabels(CASME2)]);
    const cross = crossDatabaseSection(ctx);
    assert.ok(!('skipped' in cross));
    if ('skipped' in cross) return;
    assert.deepEqual(cross.figures.map((f) => f.id), ['fig-emotion-by-dataset', 'fig-cross-database-au-emotion']);
    // the comparison figure has one bar trace per database
    assert.deepEqual(cross.figures[0].data.map((t) => t.name), ['DFME', 'CASME II']);
    const profile = profileSection(ctx);
    assert.ok(!('skipped' in profile));
    if ('skipped' in profile) return;
    const ids = profile.figures.map((f) => f.id);
    assert.ok(ids.includes('fig4-emotion-by-part-dfme') && ids.includes('fig4-emotion-by-part-casme-ii'), ids.join(', '));
    assert.equal(new Set(ids).size, ids.length);
  });

  it('no predictions folder: the model review is skipped and says how to give one', () => {
    const r = modelReviewSection(ctxOf([readLabels(CASME2)]));
    assert.ok('skipped' in r && /--predictions DIR/.test(r.skipped));
  });
});
