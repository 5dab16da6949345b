import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebooks, JUPYTER_PATH, notebookFiles, readNotebookOutputs, type NotebookOutputs } from '../../src/analysis/report/notebooks';
import { TABLE_CSS } from '../../src/analysis/report/display';
import { assertToolExists, inspectPages, type PageCheck } from './browser';

const ROOT = path.resolve(__dirname, '..', '..');
const NOTEBOOKS = path.join(ROOT, 'notebooks');

/** What each notebook must display: its tables and figures (ids), and statements with the paper's numbers. */
const EXPECTED: Record<string, { tables: string[]; figures: string[]; markdown?: RegExp[] }> = {
  '01-dataset-profile': {
    tables: ['label-issues', 'table1-dataset-profile', 'table5-au-distribution', 'duration-rule', 'duration-rule-undecided'],
    figures: ['fig4-emotion-by-part', 'fig-au-counts'],
    // Sec. 3.4: 12928 / 7526 = 1.718 AU labels per sample; the 12-AU subset covers 88.48%
    markdown: [/\*\*1\.718\*\* per sample/, /\*\*88\.48%\*\*/],
  },
  '02-au-emotion': {
    tables: ['table6-au-emotion-occurrence', 'table7-au-combinations', 'table6b-au-emotion-association'],
    figures: ['fig-au-emotion-heatmap'],
  },
  '03-reliability': {
    tables: ['reliability-fleiss-kappa', 'table4-kappa-interpretation', 'reliability-voting', 'reliability-au-agreement'],
    figures: ['reliability-kappa-per-category', 'reliability-pairwise-agreement'],
    // Sec. 3.3.2: Fleiss' kappa = 0.72 on DFME; the synthetic votes are built to give it (±0.01)
    markdown: [/Fleiss' κ = 0\.7(1\d|2\d|30)\b/],
  },
  '04-model-review': {
    tables: ['prediction-exports', 'table8-me-recognition', 'table8-me-recognition-pooled', 'table9-au-classification', 'cell-samples'],
    figures: ['confusion-grid-rate'],
  },
  '05-cross-database': {
    tables: ['labels-diff', 'composite-megc2019-counts', 'composite-megc2019-audit', 'table1-dataset-profile', 'cross-database-emotion-shares',
      'cross-database-characteristic-aus', 'cross-database-au-homogeneity', 'duration-rule', 'stats-summaries', 'split-folds'],
    figures: ['fig-emotion-by-dataset', 'fig-cross-database-au-emotion'],
  },
};

describe('notebooks (executed headlessly in Jupyter on the tslab kernel)', function () {
  this.timeout(600000);
  const outputs: Record<string, NotebookOutputs> = {};
  let pages: Record<string, PageCheck> = {};
  let failures: string[] = [];
  let out = '';

  after(() => { if (out) fs.rmSync(out, { recursive: true, force: true }); });

  before(async () => {
    assertToolExists(JUPYTER_PATH, "install Debian's jupyter-nbconvert, python3-nbclient, python3-ipykernel (scripts/setup.sh as root)");
    // builds dist/ (what `import * as melab from '..'` loads) and registers the tslab kernel when needed
    execFileSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-notebooks-'));
    const results = await executeNotebooks(notebookFiles(NOTEBOOKS), out);
    failures = results.filter((r) => r.exitCode !== 0).map((r) => `${path.basename(r.notebook)} (exit ${r.exitCode}):\n${r.stderr.split('\n').slice(-25).join('\n')}`);
    const pageFiles: string[] = [];
    for (const r of results.filter((x) => x.exitCode === 0)) {
      const name = path.basename(r.notebook, '.ipynb');
      outputs[name] = readNotebookOutputs(r.output);
      // the notebook's HTML outputs, in order, as a browser shows them
      const page = path.join(out, `${name}.html`);
      fs.writeFileSync(page, `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${TABLE_CSS}</style></head><body>\n${outputs[name].html.join('\n')}\n</body></html>`);
      pageFiles.push(page);
    }
    const checks = await inspectPages(pageFiles);
    pages = Object.fromEntries(pageFiles.map((f, i) => [path.basename(f, '.html'), checks[i]]));
  });

  it('every notebook is listed here and runs to the end without an error cell', () => {
    assert.deepEqual(notebookFiles(NOTEBOOKS).map((f) => path.basename(f, '.ipynb')), Object.keys(EXPECTED));
    assert.deepEqual(failures, []);
    for (const [name, o] of Object.entries(outputs)) {
      assert.deepEqual(o.errors, [], name);
      assert.deepEqual(o.stderr, [], name);
    }
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name} displays its tables as HTML and its figures as Plotly charts`, () => {
      const o = outputs[name];
      assert.ok(o, `${name} did not run`);
      for (const id of want.tables) {
        assert.ok(o.tableIds.includes(id), `${name}: table ${id} not displayed (saw ${o.tableIds.join(', ')})`);
        assert.ok(o.html.some((h) => h.includes(`<table class="melab-table" id="${id}">`)), `${name}: ${id} is not an HTML table`);
      }
      for (const id of want.figures) assert.ok(o.figureIds.includes(id), `${name}: figure ${id} not displayed (saw ${o.figureIds.join(', ')})`);
      for (const re of want.markdown ?? []) assert.ok(o.markdown.some((m) => re.test(m)), `${name}: no output matches ${re}`);
      // offline: plotly.js is inlined once (the first figure), never fetched
      const plotlyInline = o.html.filter((h) => h.includes('plotly.js v'));
      assert.equal(plotlyInline.length, 1, `${name}: plotly.js inlined ${plotlyInline.length} times`);
      assert.ok(o.html.every((h) => !/<script[^>]+src=/.test(h)), `${name}: a script is loaded from a URL`);
    });

    it(`${name}: every figure it displayed draws with data in Chromium, without console errors`, () => {
      const page = pages[name];
      assert.ok(page, `${name} did not run`);
      assert.deepEqual(page.consoleErrors, [], name);
      assert.deepEqual(page.networkRequests, [], name);
      assert.deepEqual(page.figures.map((f) => f.id), outputs[name].figureIds);
      for (const f of page.figures) assert.ok(f.mainSvg && f.traces > 0 && f.points > 0 && f.drawn > 0, `${name}: figure ${f.id} not drawn: ${JSON.stringify(f)}`);
    });
  }

  it('the committed notebooks carry no outputs and name the tslab kernel', () => {
    for (const file of notebookFiles(NOTEBOOKS)) {
      const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(nb.nbformat, 4);
      assert.equal(nb.metadata.kernelspec.name, 'tslab', file);
      for (const c of nb.cells) if (c.cell_type === 'code') assert.deepEqual([c.outputs, c.execution_count], [[], null], file);
      assert.equal(nb.cells[0].cell_type, 'markdown');
      const first = nb.cells[0].source.join('');
      for (const db of ['DFME', 'CASME II', 'SAMM']) assert.ok(first.includes(db), `${file}: the first cell does not say how to load a ${db} sheet`);
    }
  });
});
