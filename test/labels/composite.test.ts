/**
 * melab composite: the MEGC2019 3-class composite rebuilt from the real CASME II (2019 release), SAMM
 * and SMIC-HS sheets in ../shared/real-sheets, audited against the official combined_3class_gt.csv.
 * The expected sets are computed here independently of melab's readers: the sheets' cells are read
 * with the xlsx package and plain CSV splitting, the mapping is transcribed from See et al., MEGC 2019
 * (FG 2019), and the official file is read line by line. Scheme validation: one-line errors naming
 * the file and the field.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { melab } from '../cli-in-process';
import { buildComposite, compareComposite, compositeCsv, loadCompositeScheme, readCompositeFile, rewriteId } from '../../src/analysis/labels/composite';
import { readLabels } from '../../src/analysis/labels/read';

/** ../shared/real-sheets (or $MELAB_REAL_SHEETS); missing is a failure, not a skip. */
function realSheetsDir(): string {
  const dir = process.env.MELAB_REAL_SHEETS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'real-sheets');
  if (!fs.existsSync(path.join(dir, 'sources.json'))) throw new Error(`the real label sheets are missing: ${dir} (set MELAB_REAL_SHEETS)`);
  return dir;
}
const REAL = realSheetsDir();
const CASME2 = path.join(REAL, 'CASME2/MouathAb/CASME2-coding-20190701.xlsx');
const SAMM = path.join(REAL, 'SAMM/MouathAb/SAMM_Micro_FACS_Codes_v2.xlsx');
const SMIC = path.join(REAL, 'SMIC/ini17/HS_cropped.csv');
const OFFICIAL = path.join(REAL, 'MEGC2019/Facial-Micro-ExpressionGC/combined_3class_gt.csv');

/** See et al. (FG 2019): negative / positive / surprise per database, ids 0 / 1 / 2 as in the official file. */
const MAPPING: Record<string, Record<string, string>> = {
  casme2: { disgust: '0', repression: '0', happiness: '1', surprise: '2' },
  samm: { anger: '0', contempt: '0', disgust: '0', fear: '0', sadness: '0', happiness: '1', surprise: '2' },
  smic: { negative: '0', positive: '1', surprise: '2' },
};
const pad2 = (s: string): string => String(Number(s)).padStart(2, '0');

/** Rows of the first sheet (or `sheet`) as objects keyed by the header row found by its first cell "Subject". */
function xlsxRecords(file: string, sheet?: string): Record<string, string>[] {
  const wb = XLSX.read(fs.readFileSync(file));
  const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[sheet ?? wb.SheetNames[0]], { header: 1, raw: false, defval: '' });
  const h = rows.findIndex((r) => String(r[0]).trim() === 'Subject');
  const header = rows[h].map((c) => String(c).trim());
  return rows.slice(h + 1).filter((r) => String(r[0]).trim()).map((r) => Object.fromEntries(header.map((k, i) => [k, String(r[i] ?? '').trim()])));
}

/** `dataset,subject,clip` → class id of the composite rebuilt by hand from the raw cells. */
function expectedRebuilt(): Map<string, string> {
  const out = new Map<string, string>();
  const add = (ds: string, subject: string, clip: string, emotion: string): void => {
    const id = MAPPING[ds][emotion.toLowerCase()];
    if (id !== undefined) out.set(`${ds},${subject},${clip}`, id);
  };
  for (const r of xlsxRecords(CASME2)) add('casme2', `sub${pad2(r.Subject)}`, r.Filename, r['Estimated Emotion']);
  for (const r of xlsxRecords(SAMM, 'MICRO_ONLY')) add('samm', String(Number(r.Subject)), r.Filename, r['Estimated Emotion']);
  const smic = fs.readFileSync(SMIC, 'utf8').split(/\r?\n/).filter(Boolean).slice(1).map((l) => l.split(','));
  for (const [subject, clip, , , emotion] of smic) add('smic', `s${pad2(subject)}`, clip.replace(/^s(\d+)_/, (_, n) => `s${pad2(n)}_`), emotion);
  return out;
}

function officialRows(): Map<string, string> {
  const lines = fs.readFileSync(OFFICIAL, 'utf8').split(/\r?\n/).filter(Boolean);
  return new Map(lines.map((l) => { const [d, s, c, k] = l.split(','); return [`${d},${s},${c}`, k]; }));
}

function countsOf(m: Map<string, string>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const names: Record<string, string> = { 0: 'negative', 1: 'positive', 2: 'surprise' };
  for (const [k, id] of m) {
    const ds = k.split(',')[0];
    out[ds] ??= { negative: 0, positive: 0, surprise: 0 };
    out[ds][names[id]]++;
  }
  return out;
}
const slash = (k: string): string => k.split(',').join('/');

describe('melab composite --scheme megc2019 (real CASME II 2019, SAMM, SMIC-HS sheets vs the official file)', function () {
  this.timeout(120000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-composite-'));
  const out = path.join(dir, 'rebuilt.csv');
  let json: {
    rows: number; counts: Record<string, Record<string, number>>; left_out: Record<string, Record<string, number>>;
    against: { only_rebuilt: string[]; only_official: string[]; label_differs: unknown[]; counts: Record<string, Record<string, number>> };
  };
  before(async () => {
    const r = await melab(['composite', '--scheme', 'megc2019', '--labels', CASME2, '--labels', SAMM, '--labels', SMIC,
      '--out', out, '--against', OFFICIAL, '--json']);
    assert.equal(r.status, 0, r.stderr);
    json = JSON.parse(r.stdout);
  });

  it('SAMM and SMIC class counts equal the official file\'s (counted here from its lines)', () => {
    const official = countsOf(officialRows());
    assert.deepEqual(official.samm, { negative: 92, positive: 26, surprise: 15 }); // sources.json groups
    assert.deepEqual(official.smic, { negative: 70, positive: 51, surprise: 43 });
    assert.deepEqual(json.counts.samm, official.samm);
    assert.deepEqual(json.counts.smic, official.smic);
    assert.deepEqual(json.against.counts, official);
  });

  it('--against lists exactly the set differences, computed independently from the raw cells', () => {
    const rebuilt = expectedRebuilt();
    const official = officialRows();
    const onlyRebuilt = [...rebuilt.keys()].filter((k) => !official.has(k)).map(slash).sort();
    const onlyOfficial = [...official.keys()].filter((k) => !rebuilt.has(k)).map(slash).sort();
    const differs = [...rebuilt.keys()].filter((k) => official.has(k) && official.get(k) !== rebuilt.get(k)).map(slash).sort();
    assert.deepEqual([...json.against.only_rebuilt].sort(), onlyRebuilt);
    assert.deepEqual([...json.against.only_official].sort(), onlyOfficial);
    assert.deepEqual((json.against.label_differs as { sample_id: string }[]).map((d) => d.sample_id).sort(), differs);
    // what the hand computation finds: the 2019 release's three sub24 surprise clips (sadness in 2014) are new
    for (const s of ['casme2/sub24/EP07_01', 'casme2/sub24/EP07_04f', 'casme2/sub24/EP10_03']) assert.ok(onlyRebuilt.includes(s), s);
    assert.equal(json.rows, rebuilt.size);
    assert.deepEqual(countsOf(rebuilt).casme2, json.counts.casme2);
  });

  it('writes the official layout: header-less dataset,subject,clip,label lines, CRLF, the same ids', () => {
    const text = fs.readFileSync(out, 'utf8');
    const lines = text.split('\r\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, json.rows);
    const expected = expectedRebuilt();
    assert.deepEqual(new Map(lines.map((l) => { const c = l.split(','); return [c.slice(0, 3).join(','), c[3]]; })), expected);
    assert.ok(lines.includes('samm,6,006_1_2,0') && lines.some((l) => l.startsWith('smic,s01,s01_ne_01,')), lines.slice(0, 3).join(' | '));
  });

  it('left-out clips are counted by reason (CASME II others/sadness/fear, SAMM others)', () => {
    assert.deepEqual(json.left_out.casme2, { others: 99, sadness: 4, fear: 2 });
    assert.deepEqual(json.left_out.samm, { others: 26 });
  });

  it('the library reads its own output back as the same composite', () => {
    const scheme = loadCompositeScheme('megc2019');
    const c = buildComposite(scheme, [readLabels(SAMM), readLabels(SMIC)]);
    const file = path.join(dir, 'lib.csv');
    fs.writeFileSync(file, compositeCsv(c));
    const audit = compareComposite(c, readCompositeFile(file, scheme));
    assert.deepEqual([audit.only_rebuilt, audit.only_official, audit.label_differs], [[], [], []]);
  });
});

describe('composite schemes (validation, id rewrites)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-scheme-'));
  const write = (name: string, o: unknown): string => { const f = path.join(dir, name); fs.writeFileSync(f, JSON.stringify(o)); return f; };
  const base = () => JSON.parse(fs.readFileSync(loadCompositeScheme('megc2019').file, 'utf8'));

  it('rewrites ids by pattern and template (zero padding)', () => {
    assert.equal(rewriteId('1', { pattern: '^s?0*(\\d+)$', template: 's{1:2}' }), 's01');
    assert.equal(rewriteId('s1_ne_01', { pattern: '^s0*(\\d+)_(.+)$', template: 's{1:2}_{2}' }), 's01_ne_01');
    assert.equal(rewriteId('006', { pattern: '^0*(\\d+)$', template: '{1}' }), '6');
    assert.equal(rewriteId('x7', { pattern: '^0*(\\d+)$', template: '{1}' }), null);
  });

  it('a malformed scheme is one line naming the file and the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...base(), classes: 'x' }, /column classes/],
      [(() => { const s = base(); s.databases.samm.classes.joy = ['happiness']; return s; })(), /column databases\.samm\.classes\.joy, value "\\"joy\\"": not one of the scheme's classes/],
      [(() => { const s = base(); s.databases.casme2.left_out.push('disgust'); return s; })(), /databases\.casme2\.left_out.*also mapped to negative/],
      [(() => { const s = base(); delete s.source; return s; })(), /column source/],
    ];
    for (const [scheme, re] of cases) {
      const f = write('bad.json', scheme);
      const r = await melab(['composite', '--scheme', f, '--labels', SMIC, '--out', path.join(dir, 'o.csv')]);
      assert.equal(r.status, 2, r.stdout);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0].includes(f), lines[0]);
      assert.match(lines[0], re);
    }
  });

  it('a user scheme is a file: an emotion it neither maps nor leaves out is an error naming file, row and value', async () => {
    const s = base();
    s.name = 'mine';
    s.databases.samm.left_out = [];
    const f = write('mine.json', s);
    const r = await melab(['composite', '--scheme', f, '--labels', SAMM, '--out', path.join(dir, 'o.csv')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr.trim(), /SAMM_Micro_FACS_Codes_v2\.xlsx, row \d+, column emotion, value "Other": emotion others is neither mapped nor left out by scheme mine/);
    s.databases.samm.classes.negative.push('others');
    const ok = await melab(['composite', '--scheme', write('mine2.json', s), '--labels', SAMM, '--out', path.join(dir, 'o.csv'), '--json']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout).counts.samm, { negative: 92 + 26, positive: 26, surprise: 15 });
  });

  it('a database the scheme does not name is refused', async () => {
    const r = await melab(['composite', '--scheme', 'megc2019', '--labels', path.join(REAL, 'MMEW/ini17/MMEW_Micro_Exp.csv'), '--out', path.join(dir, 'o.csv')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /column dataset, value "mmew": not in composite scheme megc2019/);
  });
});
