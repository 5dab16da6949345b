/**
 * Every released label sheet in ../shared/real-sheets (or $MELAB_REAL_SHEETS) loads with no flags:
 * rows, emotion counts, dataset id and no false errors equal the independent ground truth in its
 * sources.json (made with pandas on the raw cells, not with melab). The sheets are licensed test
 * inputs: read from there, never copied; the test fails (does not skip) when the folder is missing.
 *
 * sources.json counts emotions as the sheet writes them; the mapping to canonical keys below is the
 * documented one (docs/formats.md): spellings, class-id tables (data/vocabulary.json), objective
 * classes 1–7 / I–VII → objective-I … objective-VII.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readLabels } from '../../src/analysis/labels/read';
import { statsSummary } from '../../src/analysis/stats/summary';

export function realSheetsDir(): string {
  const dir = process.env.MELAB_REAL_SHEETS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'real-sheets');
  if (!fs.existsSync(path.join(dir, 'sources.json'))) {
    throw new Error(`the real label sheets are missing: ${dir} (set MELAB_REAL_SHEETS to the folder with sources.json)`);
  }
  return dir;
}

interface Source {
  rows: number;
  emotion_counts: Record<string, number>;
  groups: Record<string, Record<string, number>> | null;
  note: string;
}

/** Database of each top folder of real-sheets (the dataset ids of DESIGN.md). */
const FOLDER_DATASET: Record<string, string> = {
  CASME2: 'casme2', CASME3: 'casme3', 'CASME_sq_CAS(ME)2': 'casme2-cas', DFME: 'dfme', MEVIEW: 'meview',
  MMEW: 'mmew', SAMM: 'samm', SMIC: 'smic', MEGC2019: 'casme2+smic+samm',
};

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];
/** Class-id tables as docs/formats.md documents them, transcribed here independently of vocabulary.json. */
const CLASS_IDS: Record<string, Record<string, string>> = {
  'casme2-5classes.csv': { 1: 'happiness', 2: 'surprise', 3: 'disgust', 4: 'repression', 5: 'others' },
  'combined_3class_gt.csv': { 0: 'negative', 1: 'positive', 2: 'surprise' },
};
const SPELLINGS: Record<string, string | null> = {
  sad: 'sadness', happy: 'happiness', other: 'others', comtempt: 'contempt', 'fear?': 'fear', 'contempt/disgust': null, '': null,
};

/** The canonical key of a count key of sources.json, for the sheet it belongs to. */
function canonicalKey(file: string, raw: string): string | null {
  const ids = CLASS_IDS[path.basename(file)];
  if (ids) return ids[raw] ?? null;
  if (/^[1-7]$/.test(raw)) return `objective-${ROMAN[Number(raw) - 1]}`;
  if (ROMAN.includes(raw)) return `objective-${raw}`;
  const k = raw.toLowerCase();
  return k in SPELLINGS ? SPELLINGS[k] : k;
}

/** Errors each sheet really has, from its note in sources.json; every other error would be a false one. */
const REAL_ERRORS: Record<string, { count: number; why: string }> = {
  'SAMM/MouathAb/SAMM_Micro_FACS_Codes_v2.xlsx': { count: 2, why: '2 apex typos (028_4_1, 032_3_1)' },
  'CASME3/jingtingEmmaLi_official/cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx': { count: 4, why: '4 rows with apex outside [onset, offset]' },
  'MEVIEW/dannyFan-0201/MEVIEW.xls': { count: 15, why: '13 blank emotions, one AU cell stored as a date, "contempt/disgust"' },
};

describe('real label sheets (../shared/real-sheets) read right with no flags', function () {
  this.timeout(120_000);
  const dir = realSheetsDir();
  const sources = JSON.parse(fs.readFileSync(path.join(dir, 'sources.json'), 'utf8')) as Record<string, Source>;

  it('the folder holds the 16 sheets of sources.json', () => {
    assert.equal(Object.keys(sources).length, 16);
    for (const f of Object.keys(sources)) assert.ok(fs.existsSync(path.join(dir, f)), f);
  });

  for (const [file, src] of Object.entries(sources)) {
    it(`${file}: rows, dataset, emotions, no false errors`, () => {
      const labels = readLabels(path.join(dir, file));
      const summary = statsSummary(labels);
      assert.equal(summary.rows, src.rows, 'rows (micro-expressions)');
      assert.equal(summary.dataset, FOLDER_DATASET[file.split('/')[0]], 'dataset');
      assert.equal(summary.detected?.dataset, summary.dataset);
      assert.ok((summary.detected?.confidence ?? 0) >= 0.45, summary.detected?.why);
      const expected: Record<string, number> = {};
      for (const [raw, n] of Object.entries(src.emotion_counts)) {
        const key = canonicalKey(file, raw);
        if (key !== null) expected[key] = (expected[key] ?? 0) + n;
      }
      assert.deepEqual(Object.entries(summary.emotions).sort(), Object.entries(expected).sort(), 'emotion counts');
      const errors = summary.issues.filter((i) => i.severity === 'error');
      const real = REAL_ERRORS[file] ?? { count: 0, why: 'none' };
      assert.equal(errors.length, real.count, `errors (real ones: ${real.why}); got ${errors.slice(0, 3).map((e) => e.problem).join(' | ')}`);
      if (src.groups) {
        const rows = labels.table.objects() as { dataset: string; emotion: string }[];
        for (const [ds, counts] of Object.entries(src.groups)) {
          const got: Record<string, number> = {};
          for (const r of rows) if (r.dataset === ds) got[r.emotion] = (got[r.emotion] ?? 0) + 1;
          const want = Object.fromEntries(Object.entries(counts).map(([raw, n]) => [canonicalKey(file, raw), n]));
          assert.deepEqual(Object.entries(got).sort(), Object.entries(want).sort(), `class counts of ${ds}`);
        }
      }
    });
  }

  it('sheets that mix macro- and micro-expressions give the micro ones and list the rest as excluded', () => {
    const full = readLabels(path.join(dir, 'CASME3/jingtingEmmaLi_official/CAS(ME)3_part_A_v2.xls'));
    assert.equal(full.detected?.sheet, 'AU+Emotion');
    assert.match(full.detected?.why ?? '', /other label sheets: eye blink/);
    assert.deepEqual(full.excluded?.map((e) => e.rows), [4206 - 860], 'the note: 4206 rows, 3346 Macro-, 860 Micro-expression');
    const all = readLabels(path.join(dir, 'CASME3/jingtingEmmaLi_official/CAS(ME)3_part_A_v2.xls'), { expressions: 'all' });
    assert.equal(all.table.numRows(), 4206);
    const cas2 = readLabels(path.join(dir, 'CASME_sq_CAS(ME)2/dannyFan-0201/CAS(ME)^2.xlsx'), { expressions: 'macro' });
    assert.equal(cas2.table.numRows(), 300, 'the note: 357 rows = 300 macro + 57 micro');
    assert.ok(cas2.issues.some((i) => i.column === 'K–M' && /not read/.test(i.problem)), 'the side table K–M is listed');
  });

  it('MEVIEW quirks: "1.2" is AU1+AU2, the date-stored AU cell is listed and not read, typos listed', () => {
    const t = readLabels(path.join(dir, 'MEVIEW/dannyFan-0201/MEVIEW.xls'));
    const rows = t.table.objects() as { aus_raw: string; aus: { code: string }[]; emotion_raw: string }[];
    const dotted = rows.find((r) => r.aus_raw === '1.2');
    assert.deepEqual(dotted?.aus.map((a) => a.code), ['AU1', 'AU2']);
    const date = t.issues.filter((i) => /stored by the spreadsheet as a date \(2013-02-01\)/.test(i.problem));
    assert.equal(date.length, 1, 'the note: one AU cell stored as an Excel DATE (41306 = 2013-02-01)');
    assert.ok(t.issues.some((i) => i.value === 'comtempt' && i.severity === 'warning'));
    assert.equal(t.issues.filter((i) => i.value === 'fear?' && i.severity === 'warning').length, 2);
  });

  it('--sheet chooses another sheet of a workbook; a missing sheet is named with the sheets there', () => {
    const vis = readLabels(path.join(dir, 'SMIC/davidnvq/SMIC-HS-E_annotation_orig.xlsx'), { sheet: 'VIS' });
    assert.equal(vis.table.numRows(), 71, 'the note: VIS sheet 71 rows');
    assert.equal(vis.table.array('fps')[0], 25, 'SMIC-VIS: 25 fps (Table 1)');
    assert.throws(() => readLabels(path.join(dir, 'SMIC/davidnvq/SMIC-HS-E_annotation_orig.xlsx'), { sheet: 'NIR' }),
      /no sheet "NIR" \(sheets: HS, VIS, Sheet2, Sheet3\)/);
  });
});
