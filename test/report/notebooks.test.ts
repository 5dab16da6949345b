import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  executeNotebook, executeNotebooks, JUPYTER_PATH, KERNEL_NAME, notebookFiles, notebookParameters, readNotebook, readNotebookOutputs, withParameters,
  type NotebookOutputs,
} from '../../src/analysis/report/notebooks';
import { PLOTLY_NOTE, TABLE_CSS } from '../../src/analysis/report/display';
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

/** The parameters cell of each notebook this file owns (05 follows the same convention; issue 14). */
const PARAMETERS: Record<string, string[]> = {
  '01-dataset-profile': ['LABELS'],
  '02-au-emotion': ['LABELS'],
  '03-reliability': ['VOTES', 'CODERS'],
  '04-model-review': ['LABELS', 'PREDICTIONS', 'MODELS'],
};

const MELAB = path.join(ROOT, 'bin', 'melab.js');

describe('notebooks (executed headlessly in Jupyter on this checkout\'s kernel)', function () {
  this.timeout(600000);
  const outputs: Record<string, NotebookOutputs> = {};
  let pages: Record<string, PageCheck> = {};
  const sizes: Record<string, number> = {};
  let failures: string[] = [];
  let out = '';

  after(() => { if (out) fs.rmSync(out, { recursive: true, force: true }); });

  before(async () => {
    assertToolExists(JUPYTER_PATH, "install Debian's jupyter-nbconvert, python3-nbclient, python3-ipykernel (scripts/setup.sh as root)");
    // builds dist/ (what `import * as melab from '..'` loads) and registers this checkout's kernel when needed
    execFileSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-notebooks-'));
    const results = await executeNotebooks(notebookFiles(NOTEBOOKS), out);
    failures = results.filter((r) => r.exitCode !== 0).map((r) => `${path.basename(r.notebook)} (exit ${r.exitCode}):\n${r.stderr.split('\n').slice(-25).join('\n')}`);
    const pageFiles: string[] = [];
    for (const r of results.filter((x) => x.exitCode === 0)) {
      const name = path.basename(r.notebook, '.ipynb');
      outputs[name] = readNotebookOutputs(r.output);
      sizes[name] = fs.statSync(r.output).size;
      // the notebook's HTML outputs, in order, as a browser shows them
      const page = path.join(out, `${name}.html`);
      // as the saved notebook shows: without plotly.js, every figure is its static SVG
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
      // plotly.js went to the live page only (replaced by a note in the saved notebook), never fetched
      assert.ok(o.html.every((h) => !h.includes('plotly.js v')), `${name}: plotly.js is in the saved notebook`);
      if (want.figures.length) assert.equal(o.html.filter((h) => h.includes(PLOTLY_NOTE)).length, 1, `${name}: plotly.js not sent once`);
      assert.ok(o.html.every((h) => !/<script[^>]+src=/.test(h)), `${name}: a script is loaded from a URL`);
      // each figure: its static SVG inside the HTML (with drawn traces) and as an image/svg+xml part
      assert.equal(o.svg.length, o.figureIds.length, `${name}: ${o.svg.length} image/svg+xml parts for ${o.figureIds.length} figures`);
      for (const id of o.figureIds) {
        const h = o.html.find((x) => x.includes(`data-figure-id="${id}"`)) ?? '';
        assert.match(h, new RegExp(`data-static-for="${id}"[^>]*><svg [^>]*class="main-svg"`), `${name}: figure ${id} has no static SVG`);
        assert.match(h, /class="(trace|hm)[ "]|<image /, `${name}: the static SVG of ${id} draws no trace`);
      }
    });

    it(`${name}: saved under 1 MB; its page shows every figure's static SVG without console errors`, () => {
      const page = pages[name];
      assert.ok(page, `${name} did not run`);
      assert.ok(sizes[name] < 1_000_000, `${name}: the executed notebook is ${sizes[name]} bytes`);
      assert.deepEqual(page.consoleErrors, [], name);
      assert.deepEqual(page.networkRequests, [], name);
      assert.deepEqual(page.figures.map((f) => f.id), outputs[name].figureIds);
      assert.deepEqual([...new Set(page.tableIds.filter((t) => want.tables.includes(t)))].sort(), [...new Set(want.tables)].sort());
    });
  }

  it('the committed notebooks carry no outputs and name the melab kernel', () => {
    for (const file of notebookFiles(NOTEBOOKS)) {
      const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(nb.nbformat, 4);
      assert.equal(nb.metadata.kernelspec.name, KERNEL_NAME, file);
      for (const c of nb.cells) if (c.cell_type === 'code') assert.deepEqual([c.outputs, c.execution_count], [[], null], file);
      assert.equal(nb.cells[0].cell_type, 'markdown');
      const first = nb.cells[0].source.join('');
      for (const db of ['DFME', 'CASME II', 'SAMM']) assert.ok(first.includes(db), `${file}: the first cell does not say how to load a ${db} sheet`);
    }
  });
});

describe('notebook parameters and `melab notebook`', function () {
  this.timeout(600000);
  let tmp = '';
  before(() => {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-nbparams-'));
  });
  after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it('notebooks 01-04 start with one parameters cell (tag "parameters") of one-line const assignments', () => {
    for (const [name, names] of Object.entries(PARAMETERS)) {
      const file = path.join(NOTEBOOKS, `${name}.ipynb`);
      const nb = readNotebook(file);
      const { cell, values } = notebookParameters(nb, file);
      assert.equal(nb.cells.findIndex((c) => c.cell_type === 'code'), cell, name);
      assert.equal(nb.cells.filter((c) => (c.metadata?.tags ?? []).includes('parameters')).length, 1, `${name}: more than one parameters cell`);
      assert.deepEqual(Object.keys(values), names, name);
      const source = [nb.cells[cell].source].flat().join('');
      for (const line of source.split('\n')) assert.match(line, /^const [A-Z_]+(: [^=]+)? = [^;]+;( *\/\/.*)?$/, `${name}: ${line}`);
      // no hard-coded model names: notebook 04 picks its pair through the library
      if (name === '04-model-review') for (const c of nb.cells) assert.ok(!/'(ststnet|offapexnet)'\)/.test([c.source].flat().join('')), 'notebook 04 names a model in code');
    }
  });

  it('withParameters rewrites the values as literals and refuses an unknown parameter in one line', () => {
    const file = path.join(NOTEBOOKS, '04-model-review.ipynb');
    const nb = withParameters(readNotebook(file), { PREDICTIONS: '/x/preds', MODELS: ['a', 'b'] }, '04');
    assert.deepEqual(notebookParameters(nb).values, { LABELS: 'null', PREDICTIONS: '"/x/preds"', MODELS: '["a","b"]' });
    assert.throws(() => withParameters(readNotebook(file), { VOTES: 'v.csv' }, '04-model-review.ipynb'),
      { message: '04-model-review.ipynb: no parameter VOTES (parameters: LABELS, PREDICTIONS, MODELS)' });
  });

  it('melab notebook 04 runs on exports whose models have other names and compares the first two on the same samples', () => {
    // a copy of the demo exports with every model renamed (file names, model column, manifests)
    const preds = path.join(tmp, 'predictions');
    fs.mkdirSync(preds);
    const src = path.join(ROOT, 'data', 'predictions');
    const renamed = new Map<string, string>();
    for (const f of fs.readdirSync(src).sort()) {
      const m = /^(.+)-(emotion|au)\.(csv|manifest\.json)$/.exec(f);
      if (!m) continue;
      if (!renamed.has(m[1])) renamed.set(m[1], `lab_net_${renamed.size + 1}`);
      const to = renamed.get(m[1])!;
      let text = fs.readFileSync(path.join(src, f), 'utf8');
      if (m[3] === 'csv') {
        const [head, ...rows] = text.split('\n');
        text = [head, ...rows.map((r) => (r.startsWith(`${m[1]},`) ? to + r.slice(m[1].length) : r))].join('\n');
      } else {
        text = JSON.stringify({ ...JSON.parse(text), model: to }, null, 2);
      }
      fs.writeFileSync(path.join(preds, `${to}-${m[2]}.${m[3]}`), text);
    }
    assert.ok(renamed.size >= 2);
    const out = path.join(tmp, 'mine-04.ipynb');
    const stdout = execFileSync('node', [MELAB, 'notebook', '04', '--predictions', preds, '--out', out], { cwd: tmp, encoding: 'utf8' });
    assert.match(stdout, /mine-04\.ipynb: 04-model-review\.ipynb with PREDICTIONS=".*predictions"; 8 table\(s\), 1 figure\(s\)/);
    const o = readNotebookOutputs(out);
    assert.deepEqual([o.errors, o.stderr], [[], []]);
    for (const id of EXPECTED['04-model-review'].tables) assert.ok(o.tableIds.includes(id), `table ${id} missing`);
    assert.ok(o.figureIds.includes('confusion-grid-rate'));
    assert.ok(o.html.some((h) => h.includes('lab_net_')), 'the renamed models do not appear in the tables');
    assert.ok(o.html.every((h) => !/ststnet|offapexnet|STSTNet|OffApexNet/.test(h.replace(/<svg[\s\S]*<\/svg>/g, ''))), 'an original model name leaked into the outputs');
    // the first two exports (file order) with the same samples and folds: the demo's i3d and r3d, renamed
    const pair = [renamed.get('i3d'), renamed.get('r3d')];
    assert.ok(o.markdown.some((md) => md.startsWith(`${pair[0]} vs ${pair[1]} on 40 samples`)), `no comparison of ${pair.join(' and ')}: ${o.markdown.slice(-1)}`);
  });

  it('melab notebook: one-line errors for an unknown notebook, a parameter the notebook lacks, a missing file', () => {
    const run = (args: string[]): { code: number; stderr: string } => {
      try {
        execFileSync('node', [MELAB, 'notebook', ...args], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return { code: 0, stderr: '' };
      } catch (err) {
        const e = err as { status: number; stderr: string };
        return { code: e.status, stderr: e.stderr };
      }
    };
    const names = notebookFiles(NOTEBOOKS).map((f) => path.basename(f, '.ipynb')).join(', ');
    assert.deepEqual(run(['09', '--out', 'x.ipynb']), { code: 2, stderr: `melab notebook: unknown notebook "09" (notebooks: ${names})\n` });
    assert.deepEqual(run(['01', '--predictions', tmp, '--out', 'x.ipynb']), { code: 2, stderr: 'melab notebook: 01-dataset-profile.ipynb: no parameter PREDICTIONS (parameters: LABELS)\n' });
    assert.deepEqual(run(['04', '--labels', 'missing.csv', '--out', 'x.ipynb']), { code: 2, stderr: 'melab notebook: --labels missing.csv: file not found\n' });
    assert.deepEqual(run(['04', '--models', 'only-one', '--out', 'x.ipynb']), { code: 2, stderr: 'melab notebook: --models only-one: name exactly two models\n' });
    assert.ok(!fs.existsSync(path.join(tmp, 'x.ipynb')));
    // a sheet melab cannot read: the failing cell's one-line message, and the executed copy up to it
    fs.writeFileSync(path.join(tmp, 'bad.csv'), 'hello,world\n1,2\n');
    const bad = run(['01', '--labels', path.join(tmp, 'bad.csv'), '--out', 'bad-01.ipynb']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^melab notebook: 01-dataset-profile\.ipynb failed: .*bad\.csv.* \(executed copy up to there: bad-01\.ipynb\)\n$/);
    assert.ok(fs.existsSync(path.join(tmp, 'bad-01.ipynb')));
  });
});

describe("each checkout's own kernel", function () {
  this.timeout(300000);
  let tmp = '';
  after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it('two checkouts register kernel "melab" each in its own folder and each runs its own tslab; no machine-wide kernel changes', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-kernels-'));
    const { JUPYTER_PATH: _own, ...plainEnv } = process.env;
    const machineWide = (): string => execFileSync(JUPYTER_PATH, ['kernelspec', 'list', '--json'], { encoding: 'utf8', env: plainEnv });
    const before = machineWide();
    const checkouts = ['clone-a', 'clone-b'].map((n) => path.join(tmp, n));
    for (const dir of checkouts) {
      // a checkout whose tslab says which checkout it is, then runs the real one
      fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
      const tslab = path.join(dir, 'node_modules', '.bin', 'tslab');
      fs.writeFileSync(tslab, `#!/bin/sh\nMELAB_TEST_CHECKOUT='${dir}' exec '${path.join(ROOT, 'node_modules', '.bin', 'tslab')}' "$@"\n`, { mode: 0o755 });
      execFileSync('bash', [path.join(ROOT, 'scripts', 'register-kernel.sh'), dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
    for (const dir of checkouts) {
      const list = JSON.parse(execFileSync(JUPYTER_PATH, ['kernelspec', 'list', '--json'], { encoding: 'utf8', env: { ...process.env, JUPYTER_PATH: path.join(dir, '.jupyter') } })) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; display_name: string } }> };
      const k = list.kernelspecs[KERNEL_NAME];
      assert.equal(k.resource_dir, path.join(dir, '.jupyter', 'kernels', KERNEL_NAME));
      assert.deepEqual([k.spec.argv[0], k.spec.display_name], [path.join(dir, 'node_modules', '.bin', 'tslab'), `melab (${dir})`]);
      const nb = path.join(dir, 'which.ipynb');
      fs.writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: KERNEL_NAME, display_name: 'melab', language: 'typescript' } },
        cells: [{ id: 'c1', cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['console.log(process.env.MELAB_TEST_CHECKOUT)'] }] }));
      const r = await executeNotebook(nb, { outDir: path.join(dir, 'out'), checkout: dir, cwd: dir });
      assert.equal(r.exitCode, 0, r.stderr);
      const outputs = readNotebook(r.output).cells[0].outputs ?? [];
      assert.deepEqual(outputs.map((x) => [x.text].flat().join('').trim()), [dir], `the kernel of ${dir} ran another checkout's tslab`);
    }
    assert.equal(machineWide(), before, 'registering changed a machine-wide kernel');
    assert.ok(!JSON.parse(before).kernelspecs[KERNEL_NAME], 'a machine-wide "melab" kernel exists');
  });
});
