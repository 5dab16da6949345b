/**
 * Databases side by side (stats/databases.ts): shares, characteristic AUs and disagreements checked
 * against a hand count of two small invented databases; every χ² homogeneity test (statistic, p,
 * expected counts, Yates' correction) against scipy.stats.chi2_contingency run live, on the invented
 * tables and on the real CASME II 2019 + SAMM + SMIC-HS sheets; the figure and the report section.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeLabelTable, type LabelRow } from '../../src/analysis/labels/model';
import { parseAus } from '../../src/analysis/labels/au';
import { readLabels } from '../../src/analysis/labels/read';
import { compareDatabases, type HomogeneityTest } from '../../src/analysis/stats/databases';
import { characteristicAuTable, emotionShareTable, homogeneityTable } from '../../src/analysis/stats/tables';
import { auEmotionHeatmaps, emotionShareFigure } from '../../src/analysis/stats/figures';
import { crossDatabaseSection } from '../../src/analysis/report/sections';
import { assertClose } from '../helpers/close';

const PYTHON = '/usr/bin/python3';

/** scipy.stats.chi2_contingency (default correction=True) on each table. */
function scipyChi2(tables: number[][][]): { statistic: number; p: number; dof: number; expected: number[][] }[] {
  const code = [
    'import json, sys', 'from scipy.stats import chi2_contingency',
    'out = []',
    'for t in json.load(sys.stdin):',
    '    r = chi2_contingency(t)',
    '    out.append({"statistic": float(r[0]), "p": float(r[1]), "dof": int(r[2]), "expected": r[3].tolist()})',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', code], { input: JSON.stringify(tables) }).toString());
}

function assertLikeScipy(t: HomogeneityTest, s: { statistic: number; p: number; dof: number; expected: number[][] }, what: string): void {
  assertClose(t.statistic, s.statistic, 1e-9 * Math.max(1, s.statistic), `${what}: χ² vs scipy`);
  assertClose(t.p, s.p, 1e-9, `${what}: p vs scipy`);
  assert.equal(t.dof, s.dof, what);
  const flat = s.expected.flat();
  assertClose(t.minExpected, Math.min(...flat), 1e-12, `${what}: smallest expected count`);
  assert.equal(t.cellsBelow5, flat.filter((e) => e < 5).length, what);
  assert.equal(t.caveat !== null, t.cellsBelow5 > 0, what);
}

let n = 0;
const clip = (dataset: string, emotion: string, aus: string): LabelRow => ({
  dataset, part: null, subject: String(1 + (n % 5)), clip: `c${++n}`, onset: 1, apex: 2, offset: 3, fps: 200,
  emotion: emotion as LabelRow['emotion'], emotion_raw: emotion, aus: parseAus(aus).tokens, aus_raw: aus,
});
const times = (k: number, make: () => LabelRow): LabelRow[] => Array.from({ length: k }, make);

/**
 * Database X (casme2): happiness 10 (7 × AU12, 1 × L12 = AU12 with sides folded, 2 × AU6), surprise 6 (5 × 1+2, 1 × 5), disgust 4 (AU4+AU9).
 * Database Y (samm): happiness 5 (AU12), surprise 10 (3 × 1+2, 7 × 5), anger 5 (AU4).
 */
const X = makeLabelTable([
  ...times(7, () => clip('casme2', 'happiness', '12')), clip('casme2', 'happiness', 'L12'), ...times(2, () => clip('casme2', 'happiness', '6')),
  ...times(5, () => clip('casme2', 'surprise', '1+2')), clip('casme2', 'surprise', '5'),
  ...times(4, () => clip('casme2', 'disgust', '4+9')),
], { format: 'casme2' });
const Y = makeLabelTable([
  ...times(5, () => clip('samm', 'happiness', '12')),
  ...times(3, () => clip('samm', 'surprise', '1+2')), ...times(7, () => clip('samm', 'surprise', '5')),
  ...times(5, () => clip('samm', 'anger', '4')),
], { format: 'samm' });

describe('compareDatabases (two invented databases, hand counts, scipy live)', () => {
  const c = compareDatabases([X, Y]);

  it('emotion shares on one scale: % of each database\'s clips', () => {
    assert.deepEqual(c.databases, ['CASME II', 'SAMM']);
    assert.deepEqual(c.totals, [20, 20]);
    const share = (e: string): number[] => c.shares[c.emotions.indexOf(e)];
    assert.deepEqual(share('happiness'), [50, 25]);
    assert.deepEqual(share('surprise'), [30, 50]);
    assert.deepEqual(share('disgust'), [20, 0]);
    assert.deepEqual(share('anger'), [0, 25]);
  });

  it('the AUs that characterise each emotion, and where the databases disagree', () => {
    const h = c.characteristic.find((x) => x.emotion === 'happiness')!;
    assert.deepEqual(h.byDatabase.map((b) => [b.database, b.n, b.aus.map((a) => [a.code, a.percent])]),
      [['CASME II', 10, [['AU12', 80], ['AU6', 20]]], ['SAMM', 5, [['AU12', 100]]]]); // L12 counts as AU12: 8 of 10
    assert.equal(h.sameTopAu, true);
    const s = c.characteristic.find((x) => x.emotion === 'surprise')!;
    assert.deepEqual(s.byDatabase.map((b) => b.aus[0].code), ['AU1', 'AU5']);
    assert.equal(s.sameTopAu, false);
    // an emotion of one database only is listed, never tested
    assert.ok(c.characteristic.some((x) => x.emotion === 'anger'));
    assert.ok(!c.auTests.some((t) => t.emotion === 'anger' || t.emotion === 'disgust'));
  });

  it('every homogeneity test equals scipy.stats.chi2_contingency on the hand-counted table', () => {
    const au12 = c.auTests.find((t) => t.emotion === 'happiness' && t.au === 'AU12')!;
    assert.deepEqual(au12.table, [[8, 5], [2, 0]]); // showing / not showing, CASME II | SAMM
    const s5 = c.auTests.find((t) => t.emotion === 'surprise' && t.au === 'AU5')!;
    assert.deepEqual(s5.table, [[1, 7], [5, 3]]);
    assert.deepEqual(c.auTests.map((t) => `${t.emotion}:${t.au}`).sort(),
      ['happiness:AU12', 'happiness:AU6', 'surprise:AU1', 'surprise:AU2', 'surprise:AU5']);
    const ref = scipyChi2(c.auTests.map((t) => t.table));
    c.auTests.forEach((t, i) => assertLikeScipy(t, ref[i], `${t.emotion} ${t.au}`));
    assert.ok(c.auTests.every((t) => t.corrected)); // 2 × 2: Yates, as scipy
    assert.ok(au12.caveat && /expected counts below 5/.test(au12.caveat));
    const e = c.emotionTest!;
    assert.deepEqual(e.emotions, ['happiness', 'surprise']);
    assert.deepEqual(e.table, [[10, 5], [6, 10]]);
    assertLikeScipy(e, scipyChi2([e.table])[0], 'emotion distribution');
  });

  it('q-values: Benjamini–Hochberg over the AU tests (hand: q_i = min_{j≥i} p_(j)·m/j)', () => {
    const ps = c.auTests.map((t) => t.p);
    const order = ps.map((_, i) => i).sort((a, b) => ps[a] - ps[b]);
    const m = ps.length;
    const q = new Array<number>(m);
    let run = 1;
    for (let k = m - 1; k >= 0; k--) { run = Math.min(run, (ps[order[k]] * m) / (k + 1)); q[order[k]] = run; }
    c.auTests.forEach((t, i) => { assertClose(t.q, q[i], 1e-12, `q ${t.emotion} ${t.au}`); assert.equal(t.differs, q[i] < 0.05); });
  });

  it('tables and figures: one colour scale, n per column, panels titled with their database', () => {
    const f = auEmotionHeatmaps(c);
    assert.equal(f.data.length, 2);
    assert.ok(f.data.every((t) => t.zmin === 0 && t.zmax === 100));
    assert.deepEqual(f.data.map((t) => t.showscale), [false, true]);
    assert.deepEqual(f.data[0].x, ['Happiness<br>n=10', 'Disgust<br>n=4', 'Surprise<br>n=6']); // DFME's emotion order
    assert.deepEqual(f.data.map((t) => t.y), [f.data[0].y, f.data[0].y]); // the same AU rows in every panel
    const titles = (f.layout.annotations as { text: string }[]).map((a) => a.text);
    assert.deepEqual(titles, ['<b>CASME II</b>', '<b>SAMM</b>']);
    const bars = emotionShareFigure(c);
    assert.deepEqual(bars.data.map((t) => t.name), ['CASME II', 'SAMM']);
    assert.match(bars.title, /CASME II \(n=20\), SAMM \(n=20\)/);
    const shares = emotionShareTable(c);
    assert.equal(shares.rows.at(-1)!['db0:n'], 20);
    assert.match(String(homogeneityTable(c).notes!.at(-1)), /expected counts below 5/);
    const ch = characteristicAuTable(c);
    assert.equal(ch.rows.find((r) => r.emotion === 'Surprise')!.agree, 'no');
  });

  it('the report section states the disagreements and the small-count caveat', () => {
    const r = crossDatabaseSection({ labels: [X, Y], defaultData: false, predictionsDir: null, votesFile: null, auCodersFile: null });
    assert.ok(!('skipped' in r) && !('failed' in r));
    if ('skipped' in r || 'failed' in r) return;
    assert.deepEqual(r.tables.map((t) => t.id), ['cross-database-profile', 'cross-database-emotion-shares', 'cross-database-characteristic-aus', 'cross-database-au-homogeneity']);
    assert.deepEqual(r.figures.map((f) => f.id), ['fig-emotion-by-dataset', 'fig-cross-database-au-emotion']);
    const text = r.text.join('\n');
    assert.match(text, /most frequent AU differs across databases for: surprise \(CASME II AU1, SAMM AU5\)/);
    assert.match(text, /Caveat: \d+ of these tests have expected counts below 5/);
  });
});

describe('compareDatabases on the real CASME II 2019, SAMM and SMIC-HS sheets', function () {
  this.timeout(120000);
  const dir = process.env.MELAB_REAL_SHEETS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'real-sheets');
  if (!fs.existsSync(path.join(dir, 'sources.json'))) throw new Error(`the real label sheets are missing: ${dir} (set MELAB_REAL_SHEETS)`);

  it('happiness → AU12 in CASME II and SAMM; SMIC (no AU labels) has no panel; every test as scipy computes it', () => {
    const c = compareDatabases([
      readLabels(path.join(dir, 'CASME2/MouathAb/CASME2-coding-20190701.xlsx')),
      readLabels(path.join(dir, 'SAMM/MouathAb/SAMM_Micro_FACS_Codes_v2.xlsx')),
      readLabels(path.join(dir, 'SMIC/ini17/HS_cropped.csv')),
    ]);
    assert.deepEqual(c.databases, ['CASME II', 'SAMM', 'SMIC']);
    assert.deepEqual(c.totals, [255, 159, 164]); // sources.json rows
    const h = c.characteristic.find((x) => x.emotion === 'happiness')!;
    assert.deepEqual(h.byDatabase.map((b) => [b.database, b.n, b.aus[0].code]), [['CASME II', 32, 'AU12'], ['SAMM', 26, 'AU12']]);
    assert.equal(c.cooccurrence[2], null);
    assert.equal(auEmotionHeatmaps(c).data.length, 2);
    assert.equal(c.emotionTest, null); // SMIC shares only surprise with the others
    const ref = scipyChi2(c.auTests.map((t) => t.table));
    c.auTests.forEach((t, i) => assertLikeScipy(t, ref[i], `${t.emotion} ${t.au}`));
    assert.ok(c.auTests.length > 5);
  });
});

describe('the report section with two releases and the official MEGC2019 file loaded', function () {
  this.timeout(120000);
  const dir = process.env.MELAB_REAL_SHEETS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'real-sheets');

  it('adds the diff of the releases and the audit of the composite rebuilt from the later release', () => {
    const files = ['CASME2/QqXuyujie/CASME2-coding-20140508.xlsx', 'CASME2/MouathAb/CASME2-coding-20190701.xlsx',
      'SAMM/MouathAb/SAMM_Micro_FACS_Codes_v2.xlsx', 'SMIC/ini17/HS_cropped.csv', 'MEGC2019/Facial-Micro-ExpressionGC/combined_3class_gt.csv'];
    const r = crossDatabaseSection({ labels: files.map((f) => readLabels(path.join(dir, f))), defaultData: false, predictionsDir: null, votesFile: null, auCodersFile: null });
    assert.ok(!('skipped' in r) && !('failed' in r), JSON.stringify(r));
    if ('skipped' in r || 'failed' in r) return;
    const ids = r.tables.map((t) => t.id);
    for (const id of ['cross-database-profile', 'cross-database-diff-1', 'composite-megc2019-counts', 'composite-megc2019-audit']) assert.ok(ids.includes(id), ids.join(', '));
    const diff = r.tables.find((t) => t.id === 'cross-database-diff-1')!;
    assert.equal(diff.rows.filter((x) => x.field === 'emotion').length, 3); // sub24 sadness → surprise
    const audit = r.tables.find((t) => t.id === 'composite-megc2019-audit')!;
    assert.deepEqual(audit.rows.map((x) => x.sample_id).sort(), // test/labels/composite.test.ts computes this set from the raw cells
      ['casme2/sub04/EP12_01f', 'casme2/sub05/EP09_05f', 'casme2/sub24/EP07_01', 'casme2/sub24/EP07_04f', 'casme2/sub24/EP10_03']);
    // the composite file is audited, not compared as a fifth database
    assert.ok(!r.text[0].includes('combined_3class_gt'), r.text[0]);
    assert.match(r.text.join('\n'), /combined_3class_gt\.csv against megc2019 rebuilt from the loaded sheets: 5 clip\(s\) only rebuilt, 0 only official, 0 with another class/);
  });
});
