/**
 * melab.show: which table or figure each kind of value becomes (expected rows counted by hand from
 * the inline data), the row limit, the util.inspect summaries, Danfo / Arquero in and out, and the
 * API tour notebook (test/fixtures/notebooks/api-tour.ipynb) executed in Jupyter on this checkout's
 * kernel, its outputs checked against the same calls made here in-process.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import * as aq from 'arquero';
import * as melab from '../../src/analysis';
import { makeLabelTable, type LabelRow } from '../../src/analysis/labels/model';
import { parseAus } from '../../src/analysis/labels/au';
import { executeNotebook, readNotebook, JUPYTER_PATH } from '../../src/analysis/report/notebooks';
import type { TableSpec } from '../../src/analysis/report/table';

const ROOT = path.resolve(__dirname, '..', '..');
const SHEETS = process.env.MELAB_REAL_SHEETS ?? path.resolve(ROOT, '..', 'shared', 'real-sheets');
const CASME2 = path.join(SHEETS, 'CASME2', 'MouathAb', 'CASME2-coding-20190701.xlsx');
const SAMM = path.join(SHEETS, 'SAMM', 'MouathAb', 'SAMM_Micro_FACS_Codes_v2.xlsx');

const tables = (v: unknown, opts?: melab.ShowOptions): TableSpec[] => melab.report.showSpec(v, opts) as TableSpec[];

function row(subject: string, clip: string, emotion: LabelRow['emotion'], aus: string): LabelRow {
  return {
    dataset: 'casme2', part: null, subject, clip, onset: 1, apex: 10, offset: 20, fps: 200,
    emotion, emotion_raw: emotion ?? '', aus: parseAus(aus).tokens, aus_raw: aus,
  };
}

/** Three clips of two subjects, one with no emotion; one warning. */
const SMALL = makeLabelTable([row('01', 'EP01', 'happiness', 'AU6+AU12'), row('01', 'EP02', 'disgust', 'AU4+L10'), row('02', 'EP01', null, '')], {
  format: 'casme2', file: '/x/small.csv',
  issues: [{ file: '/x/small.csv', row: 4, column: 'Estimated Emotion', value: '?', problem: 'unknown emotion', severity: 'warning' }],
});

describe('melab.show: every kind of value becomes a table or a figure', () => {
  it('an Arquero chain (groupby → count) becomes its rows', () => {
    const t = aq.table({ emotion: ['fear', 'anger', 'fear'] }).groupby('emotion').count().orderby('emotion');
    const [spec] = tables(t);
    assert.deepEqual(spec.rows, [{ emotion: 'anger', count: 1 }, { emotion: 'fear', count: 2 }]);
    assert.deepEqual(spec.columns.map((c) => [c.key, c.align]), [['emotion', 'l'], ['count', 'r']]);
  });

  it('data tables show their first 20 rows and count the rest; maxRows changes it', () => {
    const records = Array.from({ length: 25 }, (_, i) => ({ i, half: i / 2 }));
    const [spec] = tables(records);
    assert.equal(spec.rows.length, 20);
    assert.deepEqual(spec.notes, ['… 5 more rows (25 in all)']);
    assert.equal(spec.columns[1].digits, 3);
    assert.equal(tables(records, { maxRows: 3 })[0].rows.length, 3);
    assert.equal(tables(records, { maxRows: 30 })[0].notes, undefined);
  });

  it("a TableSpec shows in full with its own title and caption; a result's .table is that table", () => {
    const long: TableSpec = { id: 't', title: 'T', caption: 'c', columns: [{ key: 'x', label: 'x' }], rows: Array.from({ length: 40 }, (_, x) => ({ x })) };
    assert.equal(tables(long)[0].rows.length, 40);
    assert.equal(tables(long)[0].caption, 'c');
    assert.deepEqual(tables({ table: long, other: 1 }), tables(long));
    assert.equal(tables(long, { maxRows: 10 })[0].notes?.[0], '… 30 more rows (40 in all)');
  });

  it('a LabelTable becomes its rows (AU tokens as codes) with the summary as caption', () => {
    const [spec] = tables(SMALL);
    assert.equal(spec.rows.length, 3);
    assert.equal(spec.rows[1].aus, 'AU4+L-AU10');
    assert.match(spec.caption ?? '', /3 rows, 2 subjects; emotions: \(none\) 1, disgust 1, happiness 1; issues: 0 errors, 1 warning/);
  });

  it('a Danfo DataFrame and Series become their rows (the index when it is not 0..n-1)', () => {
    const df = melab.toDanfo(SMALL);
    const [spec] = tables(df);
    assert.deepEqual(spec.rows.map((r) => [r.subject, r.aus]), [['01', 'AU6+AU12'], ['01', 'AU4+L-AU10'], ['02', '']]);
    const counts = df.groupby(['subject']).count();
    assert.deepEqual(tables(counts)[0].rows.map((r) => [r.subject, r.clip_count]), [['01', 2], ['02', 1]]);
    const [series] = tables(df.column('clip'));
    assert.deepEqual(series.rows, [{ clip: 'EP01' }, { clip: 'EP02' }, { clip: 'EP01' }]);
  });

  it('a Fleiss κ result becomes the report\'s kappa table; a figure stays a figure; a plain object one row per field', () => {
    // 2 items × 2 raters, full agreement on two categories: kappa = 1 (Eq. 7 by hand: P̄ = 1, P̄e = 0.5)
    const kappa = melab.reliability.fleissKappa([['a', 'a'], ['b', 'b']]);
    assert.equal(kappa.kappa, 1);
    assert.equal(tables(kappa)[0].id, melab.reliability.fleissKappaTable(kappa).id);
    const fig = melab.stats.emotionByPartFigure(SMALL);
    assert.deepEqual(melab.report.showSpec(fig), [fig]);
    assert.deepEqual(tables({ n: 2, name: 'x', list: [1, 2, 3] })[0].rows, [{ field: 'n', value: 2 }, { field: 'name', value: 'x' }, { field: 'list', value: '[3 items]' }]);
  });

  it('outside a notebook show() prints Markdown to stdout', () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => { written.push(s); return true; }) as typeof process.stdout.write;
    try {
      melab.show([{ emotion: 'fear', n: 2 }], { title: 'Counts' });
    } finally {
      process.stdout.write = write;
    }
    assert.equal(written.join(''), '**Counts**\n\n| emotion | n |\n| :-- | --: |\n| fear | 2 |\n\n');
  });
});

describe('what a cell prints for melab values (util.inspect)', () => {
  it('a LabelTable prints its summary, not its internals', () => {
    const text = inspect(SMALL);
    assert.equal(text, melab.labels.labelTableSummary(SMALL));
    assert.equal(text.split('\n')[0], 'LabelTable casme2 (casme2, small.csv)');
    assert.doesNotMatch(text, /_data|sourceRows/);
    // the summary survives the library's own copies (filter, concat) and JSON stays the data
    assert.equal(inspect(melab.labels.filterLabels(SMALL, (r) => r.subject === '01')).split('\n')[1], '  2 rows, 1 subjects');
    assert.doesNotMatch(JSON.stringify(SMALL), /LabelTable/);
  });

  it('an Arquero table prints its size and first rows; a MelabError its one line', () => {
    assert.equal(inspect(aq.table({ a: [1, 2] })), 'Arquero table: 2 rows × 1 columns\n|a|\n|-:|\n|1|\n|2|');
    const err = new melab.MelabError('x.csv, row 3, column onset, value "q": not a frame number');
    assert.equal(inspect(err), 'MelabError: x.csv, row 3, column onset, value "q": not a frame number');
  });
});

describe('Danfo and Arquero back to a LabelTable', () => {
  it('fromDanfo(toDanfo(labels)) gives the same rows, AU codes included', () => {
    const back = melab.fromDanfo(melab.toDanfo(SMALL), { like: SMALL });
    const strip = (t: melab.LabelTable) => melab.labels.labelRows(t).map((r) => ({ ...r, aus: r.aus.map((a) => a.code) }));
    assert.deepEqual(strip(back), strip(SMALL));
    assert.equal(back.format, 'casme2');
  });

  it('fromArquero keeps a filtered table and names the missing columns of any other table', () => {
    const happy = melab.fromArquero(SMALL.table.filter((d: { emotion: string | null }) => d.emotion === 'happiness'));
    assert.deepEqual(melab.labels.labelRows(happy).map((r) => r.clip), ['EP01']);
    assert.throws(() => melab.fromArquero(SMALL.table.select('subject', 'clip')), (e: Error) => e instanceof melab.MelabError
      && /lacks the label columns dataset, part, onset, apex, offset, fps, emotion, emotion_raw, aus, aus_raw/.test(e.message));
  });
});

describe('the API tour notebook executes in Jupyter on the melab kernel', function () {
  this.timeout(600000);
  const NOTEBOOK = path.join(ROOT, 'test', 'fixtures', 'notebooks', 'api-tour.ipynb');
  let out = '';
  after(() => { if (out) fs.rmSync(out, { recursive: true, force: true }); });

  it('runs with no error cell; each show is an HTML table or a figure with its static image; LabelTables print their summary', async () => {
    assert.ok(fs.existsSync(JUPYTER_PATH), `${JUPYTER_PATH} missing: install Debian's jupyter-nbconvert (scripts/setup.sh as root)`);
    assert.ok(fs.existsSync(CASME2) && fs.existsSync(SAMM), `real label sheets missing under ${SHEETS}`);
    // builds dist/ (what the notebook's `import * as melab from '..'` loads) and registers the kernel
    execFileSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-tour-'));
    const run = await executeNotebook(NOTEBOOK, { outDir: out });
    assert.equal(run.exitCode, 0, run.stderr.split('\n').slice(-20).join('\n'));
    const cells = readNotebook(run.output).cells.filter((c) => c.cell_type === 'code');
    const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join('') : v ?? '');
    const src = (c: (typeof cells)[number]): string => text(c.source as string | string[]);
    for (const c of cells) {
      for (const o of c.outputs ?? []) {
        assert.notEqual(o.output_type, 'error', `${src(c)}: ${o.ename}: ${o.evalue}`);
        assert.ok(!(o.output_type === 'stream' && o.name === 'stderr'), `${src(c)} wrote to stderr: ${text(o.text)}`);
      }
    }
    const showCells = cells.filter((c) => /melab\.show\(/.test(src(c)));
    assert.equal(showCells.length, 5);
    const casme2 = melab.readLabels(CASME2);
    const samm = melab.readLabels(SAMM);
    const htmlOf = (c: (typeof cells)[number]): string => (c.outputs ?? []).map((o) => text(o.data?.['text/html'])).join('');
    for (const c of showCells) {
      const html = htmlOf(c);
      const isFigure = /emotionByDatasetFigure/.test(src(c));
      if (isFigure) {
        assert.match(html, /data-figure-id="fig-emotion-by-dataset"/);
        assert.ok((c.outputs ?? []).some((o) => text(o.data?.['image/svg+xml']).startsWith('<svg')), 'the figure carries its static SVG');
      } else {
        assert.match(html, /<table class="melab-table"/, src(c));
      }
    }
    // the Arquero and Danfo counts in the notebook are the counts computed here (two libraries, one answer)
    const counts = (t: melab.LabelTable): Map<string, number> => new Map((t.table.groupby('emotion').count().objects() as { emotion: string; count: number }[]).map((r) => [r.emotion, r.count]));
    const cellsOf = (html: string): string[] => [...html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    const arqueroCells = cellsOf(htmlOf(showCells[1]));
    assert.deepEqual(arqueroCells, [...counts(casme2)].sort((a, b) => a[0].localeCompare(b[0])).flatMap(([e, n]) => [e, String(n)]));
    const danfo = cellsOf(htmlOf(showCells[2]));
    const sammCounts = counts(samm);
    const danfoPairs = new Map<string, number>();
    const width = danfo.length / sammCounts.size;
    for (let i = 0; i < danfo.length; i += width) danfoPairs.set(danfo[i], Number(danfo[i + 1]));
    assert.deepEqual(danfoPairs, sammCounts);
    // a LabelTable as a cell's value prints its summary
    const printed = cells.filter((c) => /^(casme2|happy)$/m.test(src(c))).map((c) => (c.outputs ?? []).map((o) => text(o.text)).join(''));
    assert.equal(printed[0].trimEnd(), melab.labels.labelTableSummary(casme2));
    const happy = melab.fromArquero(casme2.table.filter((d: { emotion: string | null }) => d.emotion === 'happiness'), { like: casme2 });
    assert.equal(printed[1].trimEnd(), melab.labels.labelTableSummary(happy));
    assert.doesNotMatch(printed.join(''), /_data|_names/);
  });
});
