/**
 * diffLabels on in-memory tables, and melab diff on fixture pairs (test/fixtures/labels/diff:
 * invented clips in CASME II's and SAMM's shapes, each pair = a sheet and an edited copy in another layout) and on the real CASME II 2014 and
 * 2019 coding sheets. The fixture edits are listed here by hand (what was edited when the copies were
 * written); the real-sheet expectations are computed from the raw cells with the xlsx package,
 * independently of melab's readers. Each asserts every change and nothing else, via --json and the library.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { melab } from '../cli-in-process';
import { diffLabels, matchSubject, type LabelDiff } from '../../src/analysis/labels/diff';
import { readLabels } from '../../src/analysis/labels/read';
import { makeLabelTable, type LabelRow } from '../../src/analysis/labels/model';

const au = (code: string) => ({ code, kind: 'AU' as const, number: Number(code.replace(/\D/g, '')), side: null,
  intensity: null, uncertain: false, alternative: null, raw: code });
const row = (subject: string, clip: string, o: Partial<LabelRow> = {}): LabelRow => ({
  dataset: 'casme2', part: null, subject, clip, onset: 1, apex: 5, offset: 9, fps: 200,
  emotion: 'happiness', emotion_raw: 'happiness', aus: [au('AU12')], aus_raw: '12', ...o });

describe('diffLabels (hand-built pair, one known change per field)', () => {
  it('lists every change and nothing else, matching "01" with "sub01"', () => {
    const a = makeLabelTable([row('01', 'EP01'), row('02', 'EP02'), row('03', 'EP03')], { format: 'casme2' });
    const b = makeLabelTable([
      row('sub01', 'EP01', { emotion: 'surprise', emotion_raw: 'surprise', aus: [au('AU1'), au('AU2')], aus_raw: '1+2',
        onset: 2, apex: 6, offset: 10 }),
      row('sub02', 'EP02'), row('sub04', 'EP04')], { format: 'casme2' });
    const d = diffLabels(a, b);
    assert.deepEqual(d.removed, ['casme2/03/EP03']);
    assert.deepEqual(d.added, ['casme2/sub04/EP04']);
    assert.deepEqual(d.changed.map((c) => [c.field, c.a, c.b]), [
      ['emotion', 'happiness', 'surprise'], ['emotion_raw', 'happiness', 'surprise'],
      ['aus', 'AU12', 'AU1+AU2'], ['aus_raw', '12', '1+2'], ['onset', 1, 2], ['apex', 5, 6], ['offset', 9, 10]]);
    assert.ok(d.changed.every((c) => c.sample_id === 'casme2/01/EP01'));
    assert.deepEqual(d.summary, { emotion: 1, emotion_raw: 1, aus: 1, aus_raw: 1, onset: 1, apex: 1, offset: 1 });
  });
  it('normalises subject ids for matching only', () => {
    assert.equal(matchSubject('sub01'), '1'); assert.equal(matchSubject('01'), '1');
    assert.equal(matchSubject('s3'), '3'); assert.equal(matchSubject('006'), '6');
  });
});

const FIX = path.join(__dirname, '..', 'fixtures', 'labels', 'diff');

async function cliDiff(a: string, b: string): Promise<LabelDiff> {
  const r = await melab(['diff', '--labels', a, '--labels', b, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as LabelDiff;
}
const asTuples = (d: LabelDiff): [string, string, unknown, unknown][] => d.changed.map((c) => [c.sample_id, c.field, c.a, c.b]);

describe('melab diff on fixture pairs (every field edited once, layouts differ)', () => {
  it('CASME II: 2019-style xlsx with spacer columns vs a CSV with renamed headers, sub-prefixed ids, rows reordered', async () => {
    const a = path.join(FIX, 'casme2-a.xlsx');
    const b = path.join(FIX, 'casme2-b.csv');
    const expected: LabelDiff = {
      added: ['casme2/sub05/EP94_01'],
      removed: ['casme2/04/EP93_02'],
      changed: [
        ['casme2/01/EP90_01', 'emotion_raw', 'happiness', 'Happiness'], // spelling only: the canonical emotion is the same
        ['casme2/01/EP90_02f', 'emotion', 'disgust', 'repression'],
        ['casme2/01/EP90_02f', 'emotion_raw', 'disgust', 'repression'],
        ['casme2/02/EP91_01', 'aus', 'AU1+AU2', 'AU1+AU2+AU5'],
        ['casme2/02/EP91_01', 'aus_raw', '1+2', '1+2+5'],
        ['casme2/02/EP91_02', 'onset', 301, 305],
        ['casme2/03/EP92_01', 'apex', 431, 433],
        ['casme2/03/EP92_02f', 'offset', 561, 565],
        ['casme2/04/EP93_01', 'aus_raw', 'AU4', '4'], // written differently, the same AU set
        ['casme2/04/EP93_01', 'objective_class', 'objective-III', 'objective-VII'],
      ].map(([sample_id, field, x, y]) => ({ sample_id: sample_id as string, field: field as string, a: x, b: y })),
      summary: { emotion_raw: 2, emotion: 1, aus: 1, aus_raw: 2, onset: 1, apex: 1, offset: 1, objective_class: 1 },
    };
    const cli = await cliDiff(a, b);
    assert.deepEqual(cli, expected);
    assert.deepEqual(diffLabels(readLabels(a), readLabels(b)), expected);
  });

  it('SAMM: sheet with a preamble (xlsx) vs a CSV without it; the reverse direction swaps added/removed and a/b', async () => {
    const a = path.join(FIX, 'samm-a.xlsx');
    const b = path.join(FIX, 'samm-b.csv');
    const changed: [string, string, unknown, unknown][] = [
      ['samm/091/091_1_1', 'aus', 'R-AU12', 'R-AU12+R-AU6'],
      ['samm/091/091_1_1', 'aus_raw', 'R12', 'R12+R6'],
      ['samm/092/092_3_1', 'objective_class', 'objective-III', 'objective-VII'],
      ['samm/093/093_4_1', 'emotion', 'disgust', 'fear'],
      ['samm/093/093_4_1', 'emotion_raw', 'Disgust', 'Fear'],
    ];
    const d = await cliDiff(a, b);
    assert.deepEqual(d.added, ['samm/094/094_2_1']);
    assert.deepEqual(d.removed, ['samm/092/092_1_1']);
    assert.deepEqual(asTuples(d), changed);
    assert.deepEqual(d.summary, { aus: 1, aus_raw: 1, objective_class: 1, emotion: 1, emotion_raw: 1 });
    const back = diffLabels(readLabels(b), readLabels(a));
    assert.deepEqual([back.added, back.removed], [['samm/092/092_1_1'], ['samm/094/094_2_1']]);
    assert.deepEqual(asTuples(back).map(([s, f, x, y]) => [s, f, y, x]).sort(), [...changed].sort());
  });

  it('a sheet against itself: no change at all', async () => {
    const d = await cliDiff(path.join(FIX, 'samm-a.xlsx'), path.join(FIX, 'samm-a.xlsx'));
    assert.deepEqual(d, { added: [], removed: [], changed: [], summary: {} });
  });

  it('one sheet only is refused with one line', async () => {
    const r = await melab(['diff', '--labels', path.join(FIX, 'samm-b.csv')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr.trim(), /^melab diff: .*--labels.*exactly two label sheets$/);
  });
});

/** ../shared/real-sheets (or $MELAB_REAL_SHEETS); missing is a failure, not a skip. */
function realSheetsDir(): string {
  const dir = process.env.MELAB_REAL_SHEETS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'real-sheets');
  if (!fs.existsSync(path.join(dir, 'sources.json'))) throw new Error(`the real label sheets are missing: ${dir} (set MELAB_REAL_SHEETS)`);
  return dir;
}

/** Raw cells of a CASME II coding sheet, keyed by "subject/filename", read with the xlsx package. */
function casme2Cells(file: string): Map<string, Record<string, string>> {
  const wb = XLSX.read(fs.readFileSync(file));
  const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false, defval: '' });
  const header = rows[0].map((c) => String(c).trim());
  return new Map(rows.slice(1).filter((r) => String(r[0]).trim()).map((r) => {
    const o = Object.fromEntries(header.map((k, i) => [k, String(r[i] ?? '').trim()]).filter(([k]) => k));
    return [`${o.Subject}/${o.Filename}`, o];
  }));
}

/** An AU cell as a set, by a deliberately simple reading: split on "+", drop "AU", intensity letters and "?", keep the side. */
function auSetOf(cell: string): string {
  const codes = cell.split('+').map((t) => t.trim().toUpperCase().replace(/^AU/, '').replace(/\?/g, ''))
    .map((t) => { const m = /^([LR]?)(\d+)/.exec(t); return m ? `${m[1]}${Number(m[2])}` : ''; }).filter(Boolean);
  return [...new Set(codes)].sort().join('+');
}

describe('melab diff on the real CASME II 2014 and 2019 coding sheets', function () {
  this.timeout(120000);
  const dir = realSheetsDir();
  const A = path.join(dir, 'CASME2/QqXuyujie/CASME2-coding-20140508.xlsx');
  const B = path.join(dir, 'CASME2/MouathAb/CASME2-coding-20190701.xlsx');

  it('lists the changes found in the raw cells: three sub24 sadness → surprise, the re-coded AU cells, the patched apex', async () => {
    const d = await cliDiff(A, B);
    const a = casme2Cells(A);
    const b = casme2Cells(B);
    assert.equal(a.size, 255);
    assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
    assert.deepEqual([d.added, d.removed], [[], []]);
    const id = (k: string): string => `casme2/${k}`;
    const changedWhere = (f: string): string[] => d.changed.filter((c) => c.field === f).map((c) => c.sample_id).sort();
    const differs = (col: string, norm: (s: string) => string = (s) => s): string[] =>
      [...a.keys()].filter((k) => norm(a.get(k)![col]) !== norm(b.get(k)![col])).map(id).sort();

    const emotion = differs('Estimated Emotion', (s) => s.toLowerCase());
    assert.deepEqual(emotion, ['casme2/24/EP07_01', 'casme2/24/EP07_04f', 'casme2/24/EP10_03']);
    assert.deepEqual(changedWhere('emotion'), emotion);
    for (const c of d.changed.filter((x) => x.field === 'emotion')) assert.deepEqual([c.a, c.b], ['sadness', 'surprise']);
    assert.deepEqual(changedWhere('emotion_raw'), differs('Estimated Emotion'));
    assert.deepEqual(changedWhere('aus_raw'), differs('Action Units'));
    assert.deepEqual(changedWhere('aus'), differs('Action Units', auSetOf));
    assert.deepEqual(changedWhere('onset'), differs('OnsetFrame'));
    assert.deepEqual(changedWhere('offset'), differs('OffsetFrame'));
    assert.deepEqual(changedWhere('apex'), differs('ApexFrame'));
    assert.deepEqual(changedWhere('apex'), ['casme2/04/EP12_01f']); // 300 in the patched 2014 copy, "/" in 2019
    const fields = new Set(d.changed.map((c) => c.field));
    assert.deepEqual([...fields].sort(), ['apex', 'aus', 'aus_raw', 'emotion', 'emotion_raw']); // objective classes: only the 2019 copy has them
    for (const f of fields) assert.equal(d.summary[f], changedWhere(f).length);
    assert.equal(d.summary.aus, 57);
  });
});
