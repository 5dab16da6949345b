import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pngSize, PNG_SCALE } from '../../src/analysis/figures/render';
import { loadDefaultLabels, readLabels } from '../../src/analysis/labels/read';
import { emotionByPartFigure } from '../../src/analysis/stats/figures';
import { buildReport, type ReportSummary } from '../../src/analysis/report/build';
import { crossDatabaseSection, profileSection, REPORT_SECTIONS, modelReviewSection } from '../../src/analysis/report/sections';
import { defineSection, skipSection, writtenSection, type ReportContext } from '../../src/analysis/report/section';
import { fail } from '../../src/analysis/labels/issues';
import { inspectPage, type PageCheck } from './browser';

const ROOT = path.resolve(__dirname, '..', '..');
const CASME2 = path.join(ROOT, 'test', 'fixtures', 'report', 'casme2-mini.csv');

function melab(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), ...args], { encoding: 'utf8', cwd: ROOT });
}

describe('melab report (default data, through the CLI)', function () {
  this.timeout(180000);
  let out: string;
  let summary: ReportSummary;
  let page: PageCheck;
  const tableIds = (): string[] => summary.sections.flatMap((s) => s.tables);
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

  it('writes each figure as PNG at 2× its size (IHDR) and as SVG at its size', () => {
    assert.ok(figureIds().length >= 4);
    for (const id of figureIds()) {
      const size = summary.figureSizes[id];
      const png = fs.readFileSync(path.join(out, 'figures', `${id}.png`));
      assert.deepEqual(pngSize(png), { width: size.width * PNG_SCALE, height: size.height * PNG_SCALE }, id);
      assert.ok(png.length > 20000, `${id}.png is only ${png.length} bytes`);
      const svg = fs.readFileSync(path.join(out, 'figures', `${id}.svg`), 'utf8');
      assert.match(svg, new RegExp(`^<svg[^>]* width="${size.width}" height="${size.height}"`), id);
      assert.match(svg, /class="main-svg"/, id);
      assert.ok(svg.length > 5000, `${id}.svg is only ${svg.length} characters`);
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
    assert.deepEqual(cross.figures.map((f) => f.id), ['fig-emotion-by-dataset']);
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
