/**
 * Every layout in circulation, on sheets made here: the header and id shapes of each release and
 * re-save (docs/formats.md), with made-up cell values (never the licensed cells). Expected values are
 * read off the rows below by hand; class ids follow the tables documented in docs/formats.md.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from '@e965/xlsx';
import * as fc from 'fast-check';
import { parseLabelSheet, readLabels } from '../../src/analysis/labels/read';
import { MelabError } from '../../src/analysis/labels/issues';
import { parseAus } from '../../src/analysis/labels/au';
import { parseCsv } from '../../src/analysis/labels/sheet';
import { statsSummary } from '../../src/analysis/stats/summary';

const csv = (text: string) => parseCsv(text.trim() + '\n');
const read = (text: string, opts = {}) => parseLabelSheet(csv(text), { file: 'sheet.csv', ...opts });
const emotions = (t: ReturnType<typeof read>) => t.table.array('emotion') as (string | null)[];
const errorsOf = (t: ReturnType<typeof read>) => t.issues.filter((i) => i.severity === 'error');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-layouts-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function workbook(name: string, sheets: Record<string, string[][]>): string {
  const wb = XLSX.utils.book_new();
  for (const [sheet, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), sheet);
  const file = path.join(tmp, name);
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  return file;
}

describe('layouts: detection by header and ids', () => {
  it('a renamed CASME II CSV (Onset/Apex/Offset, Label) is CASME II, its Label read as the emotion', () => {
    const t = read(`Subject,Filename,Onset,Apex,Offset,Action Units,Label,catego
01,EP02_01f,46,59,86,12,happiness,casme
02,EP09_03,20,40,60,4+7,disgust,casme`);
    assert.equal(t.detected?.dataset, 'casme2');
    assert.deepEqual(emotions(t), ['happiness', 'disgust']);
    assert.deepEqual(t.table.array('fps'), [200, 200], 'CASME II 200 fps (Table 1), not CAS(ME)^3\'s 30');
  });

  it("bob.db's lower-case CASME II CSV is CASME II", () => {
    const t = read(`subject,filename,onset,apex,offset,emotion,action_units,gender
sub01,EP02_01f,46,59,86,happiness,12,m
sub17,EP15_04,10,22,40,repression,14,f`);
    assert.equal(t.detected?.dataset, 'casme2');
    assert.deepEqual(emotions(t), ['happiness', 'repression']);
    assert.deepEqual((t.table.array('aus') as { code: string }[][]).map((a) => a.map((x) => x.code)), [['AU12'], ['AU14']]);
  });

  it('a SAMM CSV without the preamble (Onset/Apex/Offset, Label, Objective Classes) is SAMM', () => {
    const t = read(`Subject,Filename,Onset,Apex,Offset,Duration,Micro,Action Units,Label,Objective Classes
006,006_1_2,5562,5588,5632,71,Micro - 1/2,4+7,Anger,3
011,011_2_3,100,120,140,41,Micro - 1/2,12,Happiness,1`);
    assert.equal(t.detected?.dataset, 'samm');
    assert.deepEqual(emotions(t), ['anger', 'happiness']);
    assert.deepEqual(t.table.array('objective_class'), ['objective-III', 'objective-I']);
  });

  it('a CASME II 2019 sheet with an added Objective Classes column stays CASME II', () => {
    const t = read(`Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Action Units,Estimated Emotion,Objective Classes
01,EP02_01f,46,59,86,12,happiness,1
24,EP02_02f,10,20,30,4,surprise,3`);
    assert.equal(t.detected?.dataset, 'casme2');
    assert.deepEqual(emotions(t), ['happiness', 'surprise']);
    assert.deepEqual(t.table.array('objective_class'), ['objective-I', 'objective-III']);
  });

  it("CASME II's objective-class table (no frames, no emotion column) uses the classes as the label", () => {
    const t = read(`Subject,Filename,Objective Class
01,EP02_01f,1
02,EP09_03,7`);
    assert.equal(t.detected?.dataset, 'casme2');
    assert.deepEqual(emotions(t), ['objective-I', 'objective-VII']);
    assert.match(t.detected?.why ?? '', /label = objective classes \(Objective Class\): the sheet has no emotion column/);
    assert.deepEqual(errorsOf(t), []);
  });

  it('MEVIEW (VideoFile, StartFrameVideo, …, Note) is MEVIEW at 30 fps, "1.2" read as AU1+AU2', () => {
    const t = read(`Subject,Filename,OnsetFrame,OffsetFrame,VideoFile,StartFrameVideo,EndFrameVideo,Length,Action Units,Emotion,Note
3,sub03-1,82,90,poker.mp4,100,108,8,1.2,surprise,
7,sub07-3,97,101,poker.mp4,200,204,4,R12,comtempt,cut`);
    assert.equal(t.detected?.dataset, 'meview');
    assert.deepEqual(t.table.array('fps'), [30, 30]);
    assert.deepEqual((t.table.array('aus') as { code: string }[][])[0].map((a) => a.code), ['AU1', 'AU2']);
    assert.deepEqual(emotions(t), ['surprise', 'contempt']);
    assert.ok(t.issues.some((i) => i.row === 3 && i.value === 'comtempt' && i.severity === 'warning'), 'the typo is listed');
  });

  it('SMIC without apex (OnsetFrame, OffsetFrame, Estimated Emotion) is SMIC; HS from the file name sets 100 fps', () => {
    const t = parseLabelSheet(csv(`Subject,Filename,OnsetFrame,OffsetFrame,Estimated Emotion
1,s1_ne_01,559740,559775,negative
3,s3_po_08,100,120,positive`), { file: 'HS_cropped.csv' });
    assert.equal(t.detected?.dataset, 'smic');
    assert.deepEqual(t.table.array('fps'), [100, 100]);
  });
});

describe('layouts: composites and class-id lists', () => {
  it('the composite with a header data,subject,clip,label (0/1/2 = negative/positive/surprise)', () => {
    const t = read(`data,subject,clip,label
casme2,sub01,EP02_01f,1
samm,006,006_1_2,0
smic,s1,s1_sur_01,2`);
    assert.equal(t.detected?.dataset, 'casme2+samm+smic');
    assert.deepEqual(emotions(t), ['positive', 'negative', 'surprise']);
    assert.deepEqual(t.table.array('emotion_raw'), ['1', '0', '2'], 'the original id is kept');
  });

  it("HTNet's composite (dataset, sub, filename_o, label, apex, imagename, sub_filename) is read, not a ragged file", () => {
    const t = read(`dataset,sub,filename_o,label,apex,imagename,sub_filename
casme2,sub01,EP02_01f,1,59,img59.jpg,sub01_EP02_01f
samm,006,006_1_2,0,5588,img5588.jpg,006_006_1_2`);
    assert.equal(t.format, 'megc2019');
    assert.deepEqual(t.table.array('dataset'), ['casme2', 'samm']);
    assert.deepEqual(t.table.array('apex'), [59, 5588]);
    assert.deepEqual(emotions(t), ['positive', 'negative']);
  });

  it('SMIC with numeric labels (data, subject, clip, label, onset_frame, apex_frame, offset_frame)', () => {
    const t = read(`data,subject,clip,label,onset_frame,apex_frame,offset_frame,image_count
smic,s1,s1_ne_01,0,10,20,30,21
smic,s2,s2_po_02,1,5,9,14,10`);
    assert.equal(t.detected?.dataset, 'smic');
    assert.deepEqual(emotions(t), ['negative', 'positive']);
    assert.deepEqual(t.table.array('onset'), [10, 5]);
  });

  it('header-less benchmark lists: the class ids of each database (CASME II, SAMM, SMIC), database from the ids', () => {
    const casme2 = read(`sub01,EP02_01f,46,59,86,1
sub01,EP03_02,131,139,161,5
sub02,EP09_03,20,40,60,4`);
    assert.equal(casme2.detected?.dataset, 'casme2');
    assert.deepEqual(emotions(casme2), ['happiness', 'others', 'repression']);
    const samm = read(`006,006_1_2,5562,5588,5632,1
007,007_3_1,10,20,30,2
011,011_2_3,100,120,140,3`);
    assert.equal(samm.detected?.dataset, 'samm');
    assert.deepEqual(emotions(samm), ['anger', 'contempt', 'happiness']);
    const smic = read(`s1,s1_po_01,10,20,30,1
s2,s2_ne_02,5,9,14,2
s3,s3_sur_01,1,2,3,3`);
    assert.equal(smic.detected?.dataset, 'smic');
    assert.deepEqual(emotions(smic), ['positive', 'negative', 'surprise']);
    assert.deepEqual(smic.table.array('emotion_raw'), ['1', '2', '3']);
  });

  it('a benchmark list whose ids match no database asks for --dataset, and reads with it', () => {
    const text = `p1,c1,1,2,3,1\np2,c2,4,5,6,2`;
    assert.throws(() => read(text), (e: Error) => e instanceof MelabError && /--dataset casme2\|samm\|smic/.test(e.message) && !e.message.includes('\n'));
    assert.deepEqual(emotions(read(text, { dataset: 'samm' })), ['anger', 'contempt']);
  });
});

describe('layouts: CAS(ME)^3 and CAS(ME)^2', () => {
  it('Part A full coding: Roman objective classes are the label, macro rows excluded and listed (not one issue per row)', () => {
    const t = read(`Subject,Filename,Onset,Apex,Offset,AU,Expression type,Objective class
spNO.1,a,37,63,65,4+15,Macro-expression,VII
spNO.1,a,355,359,360,5,Micro-expression,II
spNO.2,c,10,14,18,R12,Micro-expression,I
spNO.2,d,100,130,190,12,Macro-expression,I`);
    assert.equal(t.detected?.dataset, 'casme3');
    assert.deepEqual(t.sourceRows, [3, 4]);
    assert.deepEqual(emotions(t), ['objective-II', 'objective-I']);
    assert.deepEqual(t.excluded, [{ reason: 'macro-expression (Expression type); --expressions all or macro keeps them', rows: 2, first_rows: [2, 5] }]);
    assert.deepEqual(errorsOf(t), [], 'Roman numerals are objective classes, not errors');
    assert.equal(read(`Subject,Filename,Onset,Apex,Offset,AU,Expression type,Objective class
spNO.1,a,37,63,65,4,Macro-expression,VII`, { expressions: 'macro' }).table.numRows(), 1);
  });

  it('Part C ME list (sub, count, onset, offset, au, emotion): part C, comma AU lists', () => {
    const t = read(`sub,count,onset,offset,au,emotion
1,1,373,385,"R4,5",negative
1,2,6450,6464,"4，11,",surprise`);
    assert.equal(t.format, 'casme3-c');
    assert.deepEqual(t.table.array('part'), ['C', 'C']);
    assert.deepEqual((t.table.array('aus') as { code: string }[][]).map((a) => a.map((x) => x.code)), [['R-AU4', 'AU5'], ['AU4', 'AU11']]);
    assert.deepEqual(emotions(t), ['negative', 'surprise']);
  });

  it('Part C intervals (Subject, Onset, Offset, diff, Exp_type, risk): micro rows, and a warning that no emotion column was read', () => {
    const t = read(`Subject,Onset,Offset,diff,Exp_type,risk
1,373,385,12,micro,1
1,900,1300,400,macro,0`);
    assert.equal(t.format, 'casme3-c');
    assert.equal(t.table.numRows(), 1);
    assert.ok(t.issues.some((i) => /no emotion column was read \(columns: Subject, Onset, Offset, diff, Exp_type, risk\)/.test(i.problem)));
  });

  it('a header-less CAS(ME)^3 clip list is read by its spNO ids, columns typed by content', () => {
    const t = read(`spNO.1,a,355,359,360,5,Micro-expression,II
spNO.3,f,20,28,33,R12,Micro-expression,I`);
    assert.equal(t.format, 'casme3-list');
    assert.deepEqual(t.table.array('clip'), ['a_355', 'f_20']);
    assert.deepEqual(emotions(t), ['objective-II', 'objective-I']);
  });

  it('CAS(ME)^2: a pasted side table after a blank column is listed and makes no row', () => {
    const rows = [
      ['1', 'anger1_2', '2854', '2862', '2871', '4', 'negative', 'micro-expression', 'anger', '', 'Subject', 'Filename', 'Action Units'],
      ['1', 'happy1_4', '4001', '4010', '0', 'R12', 'positive', 'micro-expression', 'happy', '', '1', '1-anger1_2', '4'],
      ['', '', '', '', '', '', '', '', '', '', '1', '1-happy1_4', 'R12'],
    ];
    const t = parseLabelSheet(rows, { file: 'cas2.xlsx', kind: 'workbook' });
    assert.equal(t.table.numRows(), 2);
    assert.ok(t.issues.some((i) => i.column === 'K–M' && i.value === 'Subject, Filename, Action Units'));
  });
});

describe('layouts: workbooks with several sheets', () => {
  it('the sheet with an emotion column wins over one with objective classes only; the choice and the others are reported', () => {
    const file = workbook('casme3-v1-like.xlsx', {
      'AU+Emotion': [
        ['Subject', 'Filename', 'Onset', 'Apex', 'Offset', 'AU', 'Expression type', 'Objective class'],
        ['spNO.1', 'a', '37', '63', '65', '4', 'Macro-expression', 'VII'],
        ['spNO.1', 'a', '355', '359', '360', '5', 'Micro-expression', 'II'],
      ],
      Sheet1: [
        ['Subject', 'Filename', 'Onset', 'Apex', 'Offset', 'AU', 'Objective class', 'emotion'],
        ['spNO.1', 'a', '355', '359', '360', '5', 'II', 'surprise'],
      ],
      'eye blink': [['Subject', 'Filename', 'Onset', 'Offset'], ['spNO.1', 'a', '357', '372']],
    });
    const t = readLabels(file);
    assert.equal(t.detected?.sheet, 'Sheet1');
    assert.deepEqual(emotions(t), ['surprise']);
    assert.match(t.detected?.why ?? '', /other label sheets: AU\+Emotion/);
    const chosen = readLabels(file, { sheet: 'AU+Emotion' });
    assert.deepEqual(emotions(chosen), ['objective-II']);
  });
});

describe('layouts: refusing to guess', () => {
  it('two databases close in confidence: one line naming both and the options', () => {
    // generic CASME II-style header, ids half CASME II, half SAMM
    const text = `Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Action Units,Estimated Emotion
01,EP02_01f,1,2,3,4,happiness
006,006_1_2,1,2,3,4,anger`;
    assert.throws(() => read(text), (e: Error) =>
      e instanceof MelabError && /reads as (casme2|samm) \([0-9.]+\) or (casme2|samm)/.test(e.message) && /--format casme2\|samm|--format samm\|casme2/.test(e.message)
      && /--dataset/.test(e.message) && !e.message.includes('\n'));
    assert.equal(read(text, { dataset: 'samm' }).detected?.dataset, 'samm');
  });

  it('a generic header whose ids match no database is refused, not read as CAS(ME)^3', () => {
    const text = `Subject,Filename,Onset,Apex,Offset,AU,emotion
P1,clipA,1,2,3,4,happiness`;
    assert.throws(() => read(text), (e: Error) => e instanceof MelabError && /--format|--dataset/.test(e.message) && !e.message.includes('\n'));
  });
});

describe('layouts: several files, encodings', () => {
  it('stats --labels a b reads both (stacked) instead of the first', () => {
    const a = path.join(tmp, 'a.csv');
    const b = path.join(tmp, 'b.csv');
    fs.writeFileSync(a, 'Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Action Units,Estimated Emotion\n01,EP02_01f,1,2,3,12,happiness\n');
    fs.writeFileSync(b, 'data,subject,clip,label\nsamm,006,006_1_2,0\nsmic,s1,s1_ne_01,0\n');
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    const out = JSON.parse(execFileSync('node', [path.join(__dirname, '..', '..', 'bin', 'melab.js'), 'stats', '--labels', a, b, '--json'], { encoding: 'utf8' }));
    assert.equal(out.rows, 3);
    assert.equal(out.dataset, 'casme2+samm+smic');
  });

  it('Latin-1 bytes are refused naming row, column and byte; --encoding latin1 reads them; UTF-16 with a BOM reads', () => {
    const head = 'Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Action Units,Estimated Emotion\n';
    const latin = path.join(tmp, 'latin1.csv');
    fs.writeFileSync(latin, Buffer.concat([Buffer.from(head + '01,EP02_01f,1,2,3,12,happiness\n02,EP0'), Buffer.from([0xe9]), Buffer.from('_01,1,2,3,4,disgust\n')]));
    assert.throws(() => readLabels(latin), (e: Error) => e instanceof MelabError
      && e.message.includes('row 3, column 2: byte 0xE9 is not UTF-8') && /--encoding latin1/.test(e.message));
    assert.equal(readLabels(latin, { encoding: 'latin1', dataset: 'casme2' }).table.array('clip')[1], 'EP0é_01');
    const utf16 = path.join(tmp, 'utf16.csv');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(head + '01,EP02_01f,1,2,3,12,happiness\n', 'utf16le')]));
    assert.deepEqual(emotions(readLabels(utf16)), ['happiness']);
    const bare16 = path.join(tmp, 'utf16-nobom.csv');
    fs.writeFileSync(bare16, Buffer.from(head + '01,EP02_01f,1,2,3,12,happiness\n', 'utf16le'));
    assert.throws(() => readLabels(bare16), /UTF-16LE text without a byte-order mark; read it with --encoding utf-16le/);
  });
});

describe('the AU grammar stays total (property test)', () => {
  it('arbitrary strings never throw; every non-empty piece is a code or listed as unreadable', () => {
    const pieces = fc.oneof(fc.string(), fc.constantFrom('4', 'L12', '12L', 'R6', 'AU38', 'AD38', 'M57', '13?', '(R6 or R12)', '14or23',
      'ref(43)', '1.2', 'soft focus', '?', 'A/L12', '10A/B', '，', ' ', '+', ',', 'none', '/'));
    fc.assert(fc.property(fc.array(pieces, { maxLength: 6 }), fc.constantFrom('+', ',', ' ', ''), (parts, sep) => {
      const cell = parts.join(sep);
      const p = parseAus(cell);
      for (const t of [...p.tokens, ...p.references]) assert.match(t.code, /^([LRTBA]-)?(AU|AD|M)\d{1,2}$/);
      const read = p.tokens.length + p.references.length + p.unreadable.length;
      // nothing vanishes: a cell with any letter or digit is read as something, or is one of the "no AU" words
      if (/[A-Za-z0-9?]/.test(cell) && !p.empty) assert.ok(read > 0, `nothing read from ${JSON.stringify(cell)}`);
    }), { seed: 7526, numRuns: 3000 });
  });

  it('summaries stay consistent on any odd sheet: every row counted once (property test on made-up CASME II sheets)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 26 }), fc.integer({ min: 1, max: 99 }), fc.string(), fc.string()), { minLength: 1, maxLength: 20 }), (rows) => {
      const lines = rows.map(([s, c, au, emo], i) => [`sub${String(s).padStart(2, '0')}`, `EP${String(c).padStart(2, '0')}_${String(i).padStart(2, '0')}f`, '1', '2', '3',
        `"${au.replace(/"/g, '""')}"`, `"${emo.replace(/"/g, '""')}"`].join(','));
      const t = read(['Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Action Units,Estimated Emotion', ...lines].join('\n'));
      const s = statsSummary(t);
      assert.equal(s.rows, rows.length);
      assert.ok(Object.values(s.emotions).reduce((a, n) => a + n, 0) <= rows.length);
    }), { seed: 11, numRuns: 200 });
  });
});

describe('the CSV fast path (column scan) reads exactly what the general path reads', () => {
  it('same rows, source rows and issues on random quote-free DFME and CASME II sheets (property test)', () => {
    const frame = fc.constantFrom('12', '007', '12.0', '/', '', ' 15 ', '-3', 'x', '99999999999999999');
    const word = fc.constantFrom('happiness', 'Disgust', 'sad', 'comtempt', 'fear?', '', 'happy ', 'joy');
    const au = fc.constantFrom('4+7', 'L12', '', '?', 'AD38', '1.2', 'soft focus', '12L');
    const line = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 30 }), frame, frame, frame, word, au,
      fc.constantFrom('500', '300', '200', '', '29.97'), fc.constantFrom('', ',', ',,', ',extra'));
    const headers = [
      'Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Emotion,AU,Fps',
      'Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Estimated Emotion,Action Units,Fps',
    ];
    let n = 0;
    fc.assert(fc.property(fc.constantFrom(...headers), fc.array(fc.oneof(line, fc.constant(null)), { minLength: 1, maxLength: 30 }),
      fc.constantFrom('\n', '\r\n'), (header, lines, eol) => {
        const body = lines.map((l) => (l === null ? '' : [`sub${String(l[0]).padStart(3, '0')}`, `sub${String(l[0]).padStart(3, '0')}_${l[1]}`,
          l[2], l[3], l[4], l[5], l[6], l[7]].join(',') + l[8]));
        const text = [header, ...body].join(eol) + eol;
        const file = path.join(tmp, `fast-${n++}.csv`);
        fs.writeFileSync(file, text);
        let general: ReturnType<typeof readLabels> | Error;
        let fast: ReturnType<typeof readLabels> | Error;
        try { general = parseLabelSheet(parseCsv(text, file), { file, format: header.includes('Fps') && header.includes('Estimated') ? 'casme2' : 'dfme' }); } catch (e) { general = e as Error; }
        try { fast = readLabels(file, { format: header.includes('Estimated') ? 'casme2' : 'dfme' }); } catch (e) { fast = e as Error; }
        if (general instanceof Error || fast instanceof Error) {
          assert.equal(String(fast instanceof Error ? fast.message : 'read'), String(general instanceof Error ? general.message : 'read'));
          return;
        }
        assert.deepEqual(fast.table.objects(), general.table.objects());
        assert.deepEqual(fast.sourceRows, general.sourceRows);
        assert.deepEqual(fast.issues, general.issues);
      }), { seed: 5, numRuns: 300 });
  });

  it('a 500-line sheet goes through the column scan and reads as the general path', () => {
    const lines = ['Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Emotion,EmotionId,Fps,AU'];
    for (let i = 0; i < 500; i++) lines.push(`sub${String(1 + (i % 50)).padStart(4, '0')},sub${String(1 + (i % 50)).padStart(4, '0')}_${i},${i},${i + 5},${i === 7 ? '/' : i + 9},disgust,2,500,${i % 3 ? 'AU4' : 'L12'}`);
    const file = path.join(tmp, 'big.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const fast = readLabels(file);
    const general = parseLabelSheet(parseCsv(fs.readFileSync(file, 'utf8'), file), { file });
    assert.equal(fast.table.numRows(), 500);
    assert.deepEqual(fast.table.objects(), general.table.objects());
    assert.deepEqual(fast.issues, general.issues);
    assert.equal(fast.issues.length, 1, 'row 9: offset "/" missing');
  });
});
