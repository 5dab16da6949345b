/**
 * Issue 11 for `melab kappa` and `melab agreement` (and the library calls behind them): missing values
 * (item 3), labels that mean the same or differ only in case (4), files of the wrong kind (5), duplicates
 * (7) and negative numbers after an option (10). Each case has its triggering input and a stated
 * reference: statsmodels / scikit-learn run live, Krippendorff's (2011) published example, or the contract
 * (a one-line error naming file, row, column and value, exit 2).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MelabError } from '../../src/analysis';
import { cohenKappa, fleissKappa, krippendorffAlpha, pairwiseCohenKappa, readRatingsFile } from '../../src/analysis/reliability';
import { labelKey } from '../../src/analysis/reliability/ratings';
import { python } from '../stats/helpers';
import { assertClose } from '../helpers/close';
import { FIXTURES, melab } from './helpers';

let tmp: string;
const write = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

/** The statsmodels reference: fleiss_kappa(aggregate_raters(rows)) on rows of labels (strings). */
const STATSMODELS_FLEISS = `
import json, sys
import numpy as np
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
print(json.dumps([fleiss_kappa(aggregate_raters(np.array(rows, dtype=object))[0]) for rows in json.load(sys.stdin)]))
`;

/** Asserts a one-line error matching `re` with exit 2 and no stack trace. */
async function refuses(args: string[], re: RegExp): Promise<string> {
  const r = await melab(args);
  assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}, stdout ${r.stdout.slice(0, 200)}`);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, re);
  assert.doesNotMatch(r.stderr, /internal error|\s+at .*:\d+:\d+/);
  return r.stderr;
}

describe('reliability: input handling (issue 11: kappa and agreement)', () => {
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-input-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('missing values are missing, not a category (item 3)', () => {
    // 10 items × 4 raters; items 3, 6, 8 and 9 have a missing rating written five different ways
    const header = 'Filename,R1,R2,R3,R4';
    const rows = [
      ['s1', 'fear', 'fear', 'fear', 'anger'],
      ['s2', 'anger', 'anger', 'anger', 'anger'],
      ['s3', 'fear', 'NA', 'fear', 'fear'],
      ['s4', 'sadness', 'sadness', 'fear', 'sadness'],
      ['s5', 'anger', 'fear', 'anger', 'anger'],
      ['s6', 'sadness', 'NaN', 'sadness', 'anger'],
      ['s7', 'fear', 'fear', 'sadness', 'fear'],
      ['s8', 'anger', 'anger', 'N/A', 'anger'],
      ['s9', '', 'sadness', 'sadness', 'null'],
      ['s10', 'sadness', 'sadness', 'sadness', 'fear'],
    ];
    const csv = [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';
    const listwise = rows.filter((r) => ![2, 5, 7, 8].includes(rows.indexOf(r))).map((r) => r.slice(1));
    let ref: { listwise: number; naAsCategory: number };

    before(function () {
      this.timeout(60_000);
      const [lw, asCategory] = python<number[]>(STATSMODELS_FLEISS, [listwise, rows.map((r) => r.slice(1).map((v) => (v === '' ? '(blank)' : v)))]);
      ref = { listwise: lw, naAsCategory: asCategory };
    });

    it('by default melab kappa refuses, naming the missing cells and the options', async () => {
      const line = await refuses(['kappa', '--ratings', write('missing.csv', csv)],
        /missing\.csv, row 4, column R2, value "NA": not rated: 5 missing ratings in 4 items \(row 4 column R2 "NA", row 7 column R2 "NaN", row 9 column R3 "N\/A", row 10 column R1 "", row 10 column R4 "null"\)/);
      assert.match(line, /--listwise/);
      assert.match(line, /--alpha/);
    });

    it('--listwise drops exactly those items, lists them, and gives statsmodels\' kappa on the listwise data', async () => {
      const r = await melab(['kappa', '--ratings', path.join(tmp, 'missing.csv'), '--listwise', '--json']);
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assertClose(j.kappa, ref.listwise, 1e-12, 'kappa vs statsmodels (listwise)');
      assert.ok(Math.abs(ref.listwise - ref.naAsCategory) > 0.05, 'the reference tells the two readings apart');
      assert.equal(j.items, 6);
      assert.deepEqual(j.categories, ['anger', 'fear', 'sadness']);
      assert.deepEqual(j.dropped.map((d: { name: string; row: number }) => [d.name, d.row]), [['s3', 4], ['s6', 7], ['s8', 9], ['s9', 10]]);
      assert.match(j.dropped[3].reason, /R1 "", R4 "null"/);
      const text = await melab(['kappa', '--ratings', path.join(tmp, 'missing.csv'), '--listwise']);
      assert.match(text.stdout, /dropped \(--listwise\): 4 items with a missing rating: s3 \(row 4\), s6 \(row 7\), s8 \(row 9\), s9 \(row 10\)/);
    });

    it('the library agrees: fleissKappa takes "NA", "NaN", "N/A", "null" and blanks as missing', () => {
      assert.throws(() => fleissKappa(rows.map((r) => r.slice(1))), (e: unknown) => e instanceof MelabError && /5 missing ratings/.test(e.message));
      assertClose(fleissKappa(rows.map((r) => r.slice(1)), { missing: 'listwise' }).kappa, ref.listwise, 1e-12, 'library listwise');
    });

    it("Krippendorff's alpha takes the markers as missing: Krippendorff (2011) Sec. C, nominal α = 1 − 312/1216", async () => {
      // the published 4 coders × 12 units, its empty cells written as assorted markers (units × coders here)
      const data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, '', 'NA', 'n/a'],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, '#N/A', 3],
        ['NaN', 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 'NULL'],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, ' '],
      ];
      const unitRows = data[0].map((_, u) => data.map((c) => String(c[u])));
      const a = krippendorffAlpha(unitRows);
      assertClose(a.alpha, 1 - 312 / 1216, 1e-12, 'alpha (hand value from the paper)');
      assert.equal(a.missing, 7);
      assert.equal(a.pairable, 40);
      const file = write('k2011.csv', ['Unit,C1,C2,C3,C4', ...unitRows.map((r, u) => [`u${u + 1}`, ...r].join(','))].join('\n') + '\n');
      const r = await melab(['kappa', '--ratings', file, '--id', 'Unit', '--alpha', 'nominal', '--json']);
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assertClose(j.alpha, 1 - 312 / 1216, 1e-12, 'melab kappa --alpha nominal');
      assertClose((await melab(['kappa', '--ratings', file, '--id', 'Unit', '--alpha', 'interval', '--json']).then((x) => JSON.parse(x.stdout))).alpha, 0.849, 5e-4, 'interval (paper: 0.849)');
      await refuses(['kappa', '--ratings', file, '--alpha', 'nominal', '--listwise'], /--alpha .* does not go with --listwise/);
      await refuses(['kappa', '--ratings', file, '--alpha', 'bogus'], /--alpha must be one of nominal, ordinal, interval, ratio, got bogus/);
    });

    it('interval/ratio alpha of huge values is the alpha of the same values scaled down (it used to be NaN, printed null, exit 0)', () => {
      const small = [[1, 2], [3, 3], [1, 1], [2, 4]];
      const huge = small.map((r) => r.map((v) => v * 1e200));
      for (const level of ['interval', 'ratio'] as const) {
        const ref = krippendorffAlpha(small, { level }).alpha;
        assertClose(krippendorffAlpha(huge, { level }).alpha, ref, 1e-12, level);
        assertClose(krippendorffAlpha(huge.map((r) => r.map(String)), { level }).alpha, ref, 1e-12, `${level} (text)`);
      }
    });

    it('agreement: a blank or NA AU cell is "not coded" (refused, naming the cells); --listwise leaves those samples out, listed', async () => {
      const coders = write('coders-missing.csv', 'Filename,CoderA,CoderB\nc1,4+7,4\nc2,NA,12\nc3,12,\nc4,none,none\nc5,6+12,12\n');
      await refuses(['agreement', '--coders', coders],
        /coders-missing\.csv, row 3, column CoderA, value "NA": AU cell not coded: 2 missing AU cells \(.*row 3 column CoderA "NA", .*row 4 column CoderB "";.*"none".*--listwise/);
      const r = await melab(['agreement', '--coders', coders, '--listwise', '--json']);
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      // hand computation (Eq. 1) over c1, c4, c5: agreed {4} + {12} = 2; coded A 2 + 0 + 2 = 4, B 1 + 0 + 1 = 2 → R = 4/6
      assertClose(j.R, 4 / 6, 1e-15, 'R');
      assert.equal(j.samples, 3);
      assert.deepEqual(j.dropped.map((d: { sample: string; coder: string }) => [d.sample, d.coder]), [['c2', 'CoderA'], ['c3', 'CoderB']]);
      const a = write('ca.csv', 'sample,aus\nclip1,4\nclip2,N/A\nclip3,12\n');
      const b = write('cb.csv', 'sample,aus\nclip3,12\nclip2,7\nclip1,4+7\n');
      await refuses(['agreement', '--coder-a', a, '--coder-b', b], /ca\.csv, row 3, column aus, value "N\/A": AU cell not coded: 1 missing AU cell/);
      const lw = JSON.parse((await melab(['agreement', '--coder-a', a, '--coder-b', b, '--listwise', '--json'])).stdout);
      assertClose(lw.R, (2 * 2) / (2 + 3), 1e-15, 'R over clip1, clip3 (hand: agreed 4, 12; A 2, B 3)');
    });

    it('"none" stays a label (a rater may choose it), as documented', () => {
      assert.deepEqual(fleissKappa([['none', 'none'], ['fear', 'none'], ['fear', 'fear']]).categories, ['fear', 'none']);
    });
  });

  describe('labels that mean the same are one category; case variants are never silent (item 4)', () => {
    let sk: { numeric: number; lower: number };
    const a = ['1', '2', '1.0', '3', '2.00', '1', '3', '2', '01', '3'];
    const b = [1, 2, 1, 3, 1, 1, 3.0, 2, 1, 2];
    const happyA = ['Happy', 'sad', 'happy', 'sad', 'Happy', 'angry', 'sad', 'happy'];
    const happyB = ['happy', 'sad', 'happy', 'angry', 'happy', 'angry', 'sad', 'sad'];
    before(function () {
      this.timeout(60_000);
      sk = python(`
import json, sys
from sklearn.metrics import cohen_kappa_score
d = json.load(sys.stdin)
print(json.dumps({'numeric': cohen_kappa_score([float(x) for x in d['a']], d['b']),
                  'lower': cohen_kappa_score([x.lower() for x in d['ha']], [x.lower() for x in d['hb']])}))
`, { a, b, ha: happyA, hb: happyB });
    });

    it('labelKey: "1", "1.0", " 01 ", "1e0" and 1 are one key; text keeps its case; hex and Infinity stay text', () => {
      for (const v of ['1', '1.0', ' 01 ', '1e0', 1, 1.0]) assert.equal(labelKey(v), '1', String(v));
      assert.equal(labelKey('-0.0'), '0');
      assert.equal(labelKey('0x10'), '0x10');
      assert.equal(labelKey('Infinity'), 'Infinity');
      assert.equal(labelKey(' Happy '), 'Happy');
      // canonically equivalent text is one label: "José" with a precomposed é (U+00E9) or e + U+0301
      assert.equal(labelKey('Jose\u0301'), 'Jos\u00e9');
      assert.deepEqual(fleissKappa([['Jos\u00e9', 'Jose\u0301'], ['Ana', 'Ana'], ['Ana', 'Jos\u00e9']]).categories, ['Ana', 'Jos\u00e9']);
    });

    it('Cohen kappa with 1 / 1.0 / 01 = scikit-learn cohen_kappa_score on the numbers', () => {
      const r = cohenKappa(a, b);
      assertClose(r.kappa, sk.numeric, 1e-12, 'kappa vs sklearn');
      assert.deepEqual(r.categories, ['1', '2', '3']);
    });

    it('Fleiss kappa: a ratings file with 1 and 1.0 has one category "1" (statsmodels on the numbers)', async () => {
      const file = write('numeric.csv', 'Filename,A,B,C\ns1,1,1.0,1\ns2,2,2.0,1\ns3,3,3,3.0\ns4,1.0,2,2\ns5,3,3.00,3\n');
      const r = await melab(['kappa', '--ratings', file, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.deepEqual(j.categories, ['1', '2', '3']);
      const [ref] = python<number[]>(STATSMODELS_FLEISS, [[[1, 1, 1], [2, 2, 1], [3, 3, 3], [1, 2, 2], [3, 3, 3]]]);
      assertClose(j.kappa, ref, 1e-12, 'kappa vs statsmodels');
    });

    it('Happy / happy: refused by default naming both spellings and where they are', async () => {
      assert.throws(() => cohenKappa(happyA, happyB), (e: unknown) => e instanceof MelabError && /differ only in case: "Happy" \(2 cells, first at row 2 column rater 1\), "happy" \(5 cells/.test(e.message));
      assert.throws(() => fleissKappa(happyA.map((v, i) => [v, happyB[i]])), /differ only in case/);
      assert.throws(() => krippendorffAlpha(happyA.map((v, i) => [v, happyB[i]])), /differ only in case/);
      assert.throws(() => pairwiseCohenKappa(happyA.map((v, i) => [v, happyB[i], 'sad'])), /differ only in case/);
      const file = write('case.csv', ['Filename,A,B', ...happyA.map((v, i) => `s${i + 1},${v},${happyB[i]}`)].join('\n') + '\n');
      await refuses(['kappa', '--ratings', file], /case\.csv, row 2, column B, value "happy": labels that differ only in case: "Happy" \(2 cells, first at row 2 column A\), "happy" \(5 cells, first at row 2 column B\).*--fold-case/);
    });

    it('--fold-case / foldCase: one category with a listed warning, = scikit-learn on the lower-cased labels', async () => {
      const r = cohenKappa(happyA, happyB, { foldCase: true });
      assertClose(r.kappa, sk.lower, 1e-12, 'kappa vs sklearn (lower-cased)');
      assert.deepEqual(r.warnings, ['labels "Happy" (2 cells) and "happy" (5 cells) counted as one category "happy" (--fold-case)']);
      const m = pairwiseCohenKappa(happyA.map((v, i) => [v, happyB[i]]), { foldCase: true });
      assertClose(m.kappa[0][1], sk.lower, 1e-12, 'pairwise');
      const cli = await melab(['kappa', '--ratings', path.join(tmp, 'case.csv'), '--fold-case', '--json']);
      assert.equal(cli.status, 0, cli.stderr);
      const j = JSON.parse(cli.stdout);
      assert.equal(j.warnings.length, 1);
      assert.match(cli.stderr, /^melab kappa: warning: labels "Happy" \(2 cells\) and "happy" \(5 cells\) counted as one category "happy"/);
      assert.deepEqual(j.categories, ['angry', 'happy', 'sad']);
    });
  });

  describe('a file of another kind is refused in one line naming what it looks like (item 5)', () => {
    it('a DFME label sheet passed as ratings (the synthetic labels)', async () => {
      await refuses(['kappa', '--ratings', path.join(__dirname, '..', '..', 'data', 'dfme-synthetic-labels.csv')],
        /dfme-synthetic-labels\.csv, row 1: this looks like a label sheet \(dfme format: Subject, Filename, OnsetFrame/);
    });

    it('a CASME II label sheet passed as ratings, as --coders and as --coder-a', async () => {
      const sheet = write('casme2.csv', 'Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Action Units,Estimated Emotion\n01,EP02_01f,46,59,86,12,happiness\n01,EP03_02,131,139,161,L10,others\n');
      await refuses(['kappa', '--ratings', sheet], /casme2\.csv, row 1: this looks like a label sheet \(\w+ format: Subject, Filename, OnsetFrame.*not a ratings file/);
      await refuses(['agreement', '--coders', sheet], /casme2\.csv, row 1: this looks like a label sheet \(\w+ format/);
      await refuses(['agreement', '--coder-a', sheet, '--coder-b', path.join(FIXTURES, 'coder-b.csv')], /casme2\.csv, row 1: this looks like a label sheet .*not a coder's AU file/);
    });

    it('a prediction export (CSV) and its manifest (JSON) passed as ratings', async () => {
      const pred = write('pred.csv', 'model,dataset,subject,sample_id,fold,y_true,y_pred,p_happiness,p_anger\nm,dfme,s1,s1/a,0,anger,anger,0.1,0.9\n');
      await refuses(['kappa', '--ratings', pred], /pred\.csv, row 1: this looks like a prediction export \(columns sample_id, y_true, y_pred, fold\).*melab metrics/);
      const au = write('pred-au.csv', 'model,dataset,subject,sample_id,fold,au_true_AU1,au_score_AU1\nm,dfme,s1,s1/a,0,1,0.7\n');
      await refuses(['kappa', '--ratings', au], /this looks like a prediction export \(columns sample_id, fold, au_true_AU1, au_score_AU1\)/);
      const manifest = write('pred.manifest.json', '{\n  "schema_version": "1.0",\n  "model": "m"\n}\n');
      await refuses(['kappa', '--ratings', manifest], /pred\.manifest\.json, row 1, value "\{": this looks like a JSON file/);
    });

    it('ratings files are still read (no false alarm), also one whose first columns are a label sheet\'s', () => {
      for (const f of ['votes-small.csv', 'diagnoses.csv', 'wikipedia-counts.csv']) readRatingsFile(path.join(FIXTURES, f));
      readRatingsFile(path.join(__dirname, '..', '..', 'data', 'dfme-synthetic-emotion-votes.csv'));
      const rf = readRatingsFile(write('final.csv', 'Subject,Filename,Emotion,R1,R2\n01,EP01,fear,fear,fear\n01,EP02,anger,anger,fear\n'));
      assert.deepEqual(rf.columns, ['R1', 'R2']);
    });
  });

  describe('encodings: the shared decoder refuses non-UTF-8 in one line; --encoding reads it (item 6, for kappa and agreement)', () => {
    const latin1 = Buffer.from('Filename,A,B\ns1,Jos\xe9,Jos\xe9\ns2,Ana,Ana\ns3,Ana,Jos\xe8\ns4,Jos\xe8,Jos\xe8\n', 'latin1');

    it('kappa: a Latin-1 file is refused naming the first bad byte\'s row and column; with --encoding latin1 José and Josè stay two categories', async () => {
      const file = path.join(tmp, 'latin1.csv');
      fs.writeFileSync(file, latin1);
      await refuses(['kappa', '--ratings', file], /latin1\.csv: row 2, column 2: byte 0xE9 is not UTF-8.*--encoding latin1/);
      const r = await melab(['kappa', '--ratings', file, '--encoding', 'latin1', '--json']);
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.deepEqual(j.categories, ['Ana', 'Jos\u00e8', 'Jos\u00e9']);
      const [ref] = python<number[]>(STATSMODELS_FLEISS, [[['Jos\u00e9', 'Jos\u00e9'], ['Ana', 'Ana'], ['Ana', 'Jos\u00e8'], ['Jos\u00e8', 'Jos\u00e8']]]);
      assertClose(j.kappa, ref, 1e-12, 'kappa vs statsmodels');
    });

    it('agreement: UTF-16 without a byte-order mark is refused with the option to read it; with it, R is the hand value', async () => {
      const file = path.join(tmp, 'coders-utf16.csv');
      fs.writeFileSync(file, Buffer.from('Filename,CoderA,CoderB\nclip1,4+7,4\nclip2,12,12\n', 'utf16le'));
      await refuses(['agreement', '--coders', file], /coders-utf16\.csv: the file is UTF-16LE text without a byte-order mark; read it with --encoding utf-16le/);
      const r = await melab(['agreement', '--coders', file, '--encoding', 'utf-16le', '--json']);
      assert.equal(r.status, 0, r.stderr);
      assertClose(JSON.parse(r.stdout).R, (2 * 2) / (3 + 2), 1e-15, 'R (hand: agreed 4, 12; A 3, B 2)');
    });
  });

  describe('duplicates are listed errors (item 7)', () => {
    it('an item id twice in a ratings file names both rows and lists every duplicate', async () => {
      const file = write('dup.csv', 'Filename,A,B\ns1,a,b\ns2,a,a\ns1,b,b\ns3,a,b\ns2,b,b\n');
      await refuses(['kappa', '--ratings', file], /dup\.csv, row 4, column Filename, value "s1": item listed twice \(also row 2\); 2 duplicated items in all: "s1" \(rows 2, 4\), "s2" \(rows 3, 6\)/);
    });

    it('the same column name twice (a rater column copied) is an error', async () => {
      await refuses(['kappa', '--ratings', write('dupcol.csv', 'Filename,A,B,A\ns1,a,b,a\ns2,a,a,b\n')], /dupcol\.csv, row 1, column A, value "A": column name given twice \(columns 2 and 4\)/);
    });

    it('a sample twice in agreement --coders is refused, as --coder-a/--coder-b already did', async () => {
      const coders = write('coders-dup.csv', 'Filename,CoderA,CoderB\nclip1,4,4\nclip2,12,12\nclip1,4+7,4\n');
      await refuses(['agreement', '--coders', coders], /coders-dup\.csv, row 4, column Filename, value "clip1": sample listed twice \(also row 2\)/);
      const a = write('a-dup.csv', 'sample,aus\nclip1,4\nclip1,12\n');
      await refuses(['agreement', '--coder-a', a, '--coder-b', path.join(FIXTURES, 'coder-b.csv')], /a-dup\.csv, row 3, column sample, value "clip1": sample listed twice \(also row 2\)/);
    });
  });

  describe('numbers after an option are its value (item 10)', () => {
    it('--bootstrap -5 names the option and the value, not "argument is ambiguous"', async () => {
      const votes = path.join(FIXTURES, 'votes-small.csv');
      await refuses(['kappa', '--ratings', votes, '--bootstrap', '-5'], /^melab kappa: --bootstrap must be a non-negative integer, got -5$/m);
      await refuses(['kappa', '--ratings', votes, '--seed', '-1'], /--seed must be a non-negative integer, got -1/);
      await refuses(['kappa', '--ratings', votes, '--bootstrap', '2.5'], /--bootstrap must be a non-negative integer, got 2\.5/);
      await refuses(['kappa', '--ratings', votes, '--bootstrap=-0.5'], /--bootstrap must be a non-negative integer, got -0\.5/);
      // an option that takes no value still refuses a stray negative number as an unexpected argument, by name
      const r = await melab(['kappa', '--ratings', votes, '--json', '-5']);
      assert.equal(r.status, 2);
      assert.doesNotMatch(r.stderr, /internal error/);
    });
  });
});
