/**
 * Every reader on a fixture in its real format (test/fixtures/labels, written by hand after the
 * released sheets' layouts; the xlsx twins come from scripts/make-label-fixtures.ts). Expected rows
 * are worked out by hand from the fixture lines; fps values come from Table 1 of the paper.
 */
import { strict as assert } from 'node:assert';
import { detectFormat, LABEL_FORMATS, parseLabelSheet, readLabels } from '../../src/analysis/labels/read';
import { MelabError } from '../../src/analysis/labels/issues';
import { parseCsv } from '../../src/analysis/labels/sheet';
import { fixture, issueTuples, plainRows } from './helpers';

describe('labels/read: detection', () => {
  const cases: [string, string[]][] = [
    ['dfme', ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Emotion', 'EmotionId', 'Fps', 'AU']],
    ['casme2', ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion']],
    ['samm', ['Subject', 'Filename', 'Inducement Code', 'Onset Frame', 'Apex Frame', 'Offset Frame', 'Duration', 'Micro',
      'Action Units', 'Estimated Emotion', 'Objective Classes', 'Notes']],
    ['mmew', ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion', 'remarks']],
    ['casme3', ['Subject', 'Filename', 'Onset', 'Apex', 'Offset', 'AU', 'Objective class', 'emotion']],
    ['smic', ['Subject', 'Filename', 'OnsetF', 'OffsetF', 'Emotion']],
    ['canonical', ['dataset', 'part', 'subject', 'clip', 'onset', 'apex', 'offset', 'fps', 'emotion', 'aus']],
    ['megc2019', ['samm', '006', '006_1_2', '0']],
    ['casme2-cas', ['1', 'anger1_2', '2854', '2862', '2871', '4', 'negative', 'micro-expression', 'anger']],
  ];
  for (const [name, header] of cases.filter(([n]) => n !== 'casme3')) {
    it(`${name} from its header (or first row)`, () => assert.equal(detectFormat(header), name));
  }
  it('casme3 from its header and a data row (its header alone is CASME II\'s spelled the short way)', () => {
    const header = cases.find(([n]) => n === 'casme3')?.[1] ?? [];
    assert.equal(detectFormat(header, [['spNO.1', 'a', '116', '131', '140', 'L12', 'I', 'happy']]), 'casme3');
  });

  it('an unknown header is not detected', () => {
    assert.equal(detectFormat(['Name', 'Start', 'End', 'Label']), null);
  });

  it('LABEL_FORMATS lists every reader with a description, headers and quirks', () => {
    assert.deepEqual(LABEL_FORMATS.map((f) => f.name).sort(),
      ['benchmark', 'canonical', 'casme2', 'casme2-cas', 'casme3', 'casme3-c', 'casme3-list', 'dfme', 'megc2019', 'meview', 'mmew', 'samm', 'smic']);
    for (const f of LABEL_FORMATS) assert.ok(f.description && f.headers.length > 0 && f.quirks.length > 0, f.name);
  });
});

describe('labels/formats/dfme', () => {
  const labels = readLabels(fixture('dfme.csv'));

  it('reads the challenge release: 6 rows, part from Fps (500/300/200 → A/B/C), EmotionId kept', () => {
    assert.equal(labels.format, 'dfme');
    assert.equal(labels.table.numRows(), 6);
    assert.deepEqual(labels.extras, ['emotion_id']);
    assert.deepEqual(labels.sourceRows, [2, 3, 4, 5, 6, 7]);
    const rows = plainRows(labels);
    // fixture line 4: 0102,0102_01,15,41,98,Contempt,3,300,L-AU12
    assert.deepEqual(rows[2], {
      dataset: 'dfme', part: 'B', subject: '0102', clip: '0102_01', onset: 15, apex: 41, offset: 98, fps: 300,
      emotion: 'contempt', emotion_raw: 'Contempt', aus: ['L-AU12'], aus_raw: 'L-AU12', emotion_id: '3',
    });
    // fixture line 6: 0417,0417_05,8,30,61,fear,5,200,AU4+AU5+M57
    assert.deepEqual(rows[4], {
      dataset: 'dfme', part: 'C', subject: '0417', clip: '0417_05', onset: 8, apex: 30, offset: 61, fps: 200,
      emotion: 'fear', emotion_raw: 'fear', aus: ['AU4', 'AU5', 'M57'], aus_raw: 'AU4+AU5+M57', emotion_id: '5',
    });
    assert.deepEqual(rows.map((r) => r.part), ['A', 'A', 'B', 'B', 'C', 'C']);
    assert.deepEqual(rows.map((r) => r.emotion), ['happiness', 'disgust', 'contempt', 'surprise', 'fear', 'others']);
    assert.deepEqual(labels.issues, []);
  });

  it('the xlsx twin (numbers stored as numbers) reads exactly like the csv', () => {
    const x = readLabels(fixture('dfme.xlsx'));
    assert.equal(x.format, 'dfme');
    assert.deepEqual(plainRows(x), plainRows(labels));
    assert.deepEqual(x.sourceRows, labels.sourceRows);
  });

  it('Part and Gender columns (the synthetic default layout): Part read ("Part B" → B), Gender kept, empty Fps from the part', () => {
    const p = readLabels(fixture('dfme-parts.csv'));
    assert.deepEqual(p.extras, ['gender', 'emotion_id']);
    const rows = plainRows(p);
    assert.deepEqual(rows.map((r) => [r.part, r.fps, r.gender]), [['A', 500, 'female'], ['B', 300, 'male'], ['C', 200, 'male']]);
    assert.deepEqual(rows[1].aus, ['L-AU12', 'AU6']);
    assert.deepEqual(p.issues, []);
  });
});

describe('labels/formats/casme2', () => {
  const labels = readLabels(fixture('casme2.csv'));

  it('reads 7 rows; the blank unnamed column is skipped; "/" apex is null and listed', () => {
    assert.equal(labels.format, 'casme2');
    assert.equal(labels.table.numRows(), 7);
    assert.deepEqual(labels.extras, []);
    const rows = plainRows(labels);
    // line 4: 02,EP09_01,,61,/,91,"4，11",repression
    assert.deepEqual(rows[2], {
      dataset: 'casme2', part: null, subject: '02', clip: 'EP09_01', onset: 61, apex: null, offset: 91, fps: 200,
      emotion: 'repression', emotion_raw: 'repression', aus: ['AU4', 'AU11'], aus_raw: '4\uff0c11',
    });
    assert.deepEqual(issueTuples(labels), [[4, 'ApexFrame', '/', 'warning']]);
    assert.match(labels.issues[0].problem, /missing apex/);
  });

  it('odd AU strings and mixed-case emotions', () => {
    const rows = plainRows(labels);
    assert.deepEqual(rows.map((r) => r.aus), [
      ['AU12'], ['L-AU10'], ['AU4', 'AU11'], ['R-AU4', 'AU15'], ['AU4', 'AU7', 'L-AU10'],
      ['R-AU6', 'R-AU12', 'R-AU15'], ['AU1', 'AU2', 'AU5'],
    ]);
    assert.deepEqual(rows.map((r) => r.emotion),
      ['happiness', 'others', 'repression', 'disgust', 'disgust', 'happiness', 'surprise']);
    assert.deepEqual(rows.map((r) => r.emotion_raw),
      ['happiness', 'Others', 'repression', 'Disgust', 'disgust', 'HAPPINESS', 'Surprise']);
  });
});

describe('labels/formats/samm', () => {
  const labels = readLabels(fixture('samm.csv'));

  it('finds the header below the 13-row preamble; row numbers count the preamble', () => {
    assert.equal(labels.format, 'samm');
    assert.equal(labels.table.numRows(), 6);
    assert.deepEqual(labels.sourceRows, [15, 16, 17, 18, 19, 20]);
    assert.deepEqual(labels.extras, ['objective_class', 'inducement_code', 'duration', 'micro', 'notes']);
  });

  it('emotion = Estimated Emotion; objective classes 1..7 read as objective-I..VII (Davison et al. 2018) into objective_class', () => {
    const rows = plainRows(labels);
    // line 18: 011,011_2_3,2,3650,3671,3701,52,Micro - 1/2,A9+ref(43),disgust,4,"Notes, with a comma"
    assert.deepEqual(rows[3], {
      dataset: 'samm', part: null, subject: '011', clip: '011_2_3', onset: 3650, apex: 3671, offset: 3701, fps: 200,
      emotion: 'disgust', emotion_raw: 'disgust', aus: ['A-AU9'], aus_raw: 'A9+ref(43)',
      objective_class: 'objective-IV', inducement_code: '2', duration: '52', micro: 'Micro - 1/2', notes: 'Notes, with a comma',
    });
    // Estimated Emotion vs objective class (the fixture's classes 3, 7, 1, 4, 7, 2)
    assert.deepEqual(rows.map((r) => [r.emotion, r.objective_class]), [
      ['anger', 'objective-III'], ['contempt', 'objective-VII'], ['happiness', 'objective-I'], ['disgust', 'objective-IV'],
      ['others', 'objective-VII'], ['surprise', 'objective-II'],
    ]);
    assert.deepEqual(rows.map((r) => r.aus), [['AU4', 'AU7', 'AU43'], ['R-AU14', 'AU17'], ['L-AU12'], ['A-AU9'], ['R-AU4', 'AU5'], ['AU13']]);
    assert.deepEqual(issueTuples(labels), [[16, 'Action Units', 'R14+17+soft focus', 'warning']]);
  });

  it("label: 'objective' puts the objective class in emotion and keeps Estimated Emotion as an extra", () => {
    const o = readLabels(fixture('samm.csv'), { label: 'objective' });
    const rows = plainRows(o);
    assert.deepEqual(rows.map((r) => [r.emotion, r.emotion_raw, r.estimated_emotion]), [
      ['objective-III', '3', 'Anger'], ['objective-VII', '7', 'Contempt'], ['objective-I', '1', 'Happiness'], ['objective-IV', '4', 'disgust'],
      ['objective-VII', '7', 'Other'], ['objective-II', '2', 'surprise'],
    ]);
    assert.ok(o.extras.includes('estimated_emotion'));
  });

  it('the xlsx twin reads exactly like the csv (text ids keep their zeros)', () => {
    const x = readLabels(fixture('samm.xlsx'));
    assert.deepEqual(plainRows(x), plainRows(labels));
    assert.deepEqual(x.sourceRows, labels.sourceRows);
    assert.deepEqual(issueTuples(x), issueTuples(labels));
  });

  it("an objective class outside 1..7 is listed with its row, column and value", () => {
    const rows = [
      ['Subject', 'Filename', 'Inducement Code', 'Onset Frame', 'Apex Frame', 'Offset Frame', 'Action Units', 'Estimated Emotion', 'Objective Classes'],
      ['006', '006_1_2', '1', '10', '12', '20', '4', 'Anger', '9'],
    ];
    const t = parseLabelSheet(rows, { file: 'samm-bad.csv' });
    assert.deepEqual(issueTuples(t), [[2, 'Objective Classes', '9', 'error']]);
  });
});

describe('labels/formats/mmew', () => {
  it('reads 4 rows with remarks kept; 14or23 read as alternatives', () => {
    const labels = readLabels(fixture('mmew.csv'));
    assert.equal(labels.format, 'mmew');
    assert.deepEqual(labels.extras, ['remarks']);
    const rows = plainRows(labels);
    assert.deepEqual(rows[1], {
      dataset: 'mmew', part: null, subject: 'S01', clip: 'S01_surprise_2', onset: 40, apex: 47, offset: 66, fps: 90,
      emotion: 'surprise', emotion_raw: 'Surprise', aus: ['AU1', 'AU2', 'AU5'], aus_raw: '1+2+5', remarks: 'head moves',
    });
    assert.deepEqual(rows.map((r) => r.emotion), ['happiness', 'surprise', 'disgust', 'others']);
    assert.deepEqual(labels.table.array('aus')[3].map((t: { code: string; alternative: number | null }) => [t.code, t.alternative]),
      [['AU14', 1], ['AU23', 1]]);
    assert.deepEqual(labels.issues, []);
  });
});

describe('labels/formats/casme3', () => {
  it('reads Part A: clip = Filename_Onset, the video letter kept, part A at 30 fps', () => {
    const labels = readLabels(fixture('casme3.csv'));
    assert.equal(labels.format, 'casme3');
    assert.deepEqual(labels.extras, ['objective_class', 'video']);
    const rows = plainRows(labels);
    assert.deepEqual(rows[0], {
      dataset: 'casme3', part: 'A', subject: 'spNO.1', clip: 'a_116', onset: 116, apex: 131, offset: 140, fps: 30,
      emotion: 'happiness', emotion_raw: 'happy', aus: ['L-AU12'], aus_raw: 'L12', objective_class: 'objective-I', video: 'a',
    });
    // spNO.1 and spNO.10 both have an ME at frame 116 of video a: different subjects, no duplicate
    assert.deepEqual(rows.map((r) => `${r.subject}/${r.clip}`), ['spNO.1/a_116', 'spNO.1/a_320', 'spNO.1/b_55', 'spNO.10/a_116']);
    assert.deepEqual(labels.issues, []);
  });
});

describe('labels/formats/smic', () => {
  it('reads SMIC-HS: part from the file name, fps 100, no apex or AU checks, emotion from the clip name when empty', () => {
    const labels = readLabels(fixture('smic-hs.csv'));
    assert.equal(labels.format, 'smic');
    assert.deepEqual(labels.extras, ['first_f', 'last_f', 'total_mf1']);
    const rows = plainRows(labels);
    assert.deepEqual(rows[3], {
      dataset: 'smic', part: 'HS', subject: '3', clip: 's3_po_08', onset: 2, apex: null, offset: 26, fps: 100,
      emotion: 'positive', emotion_raw: '', aus: [], aus_raw: '', first_f: '1', last_f: '30', total_mf1: '25',
    });
    assert.deepEqual(rows.map((r) => r.emotion), ['positive', 'negative', 'surprise', 'positive']);
    assert.deepEqual(labels.issues, []);
  });

  it('without a part anywhere, fps stays empty and one file-level warning says why', () => {
    const t = parseLabelSheet([['Subject', 'Filename', 'OnsetF', 'OffsetF', 'Emotion'], ['1', 's1_po_01', '1', '11', 'positive']], { file: 'smic.csv' });
    assert.equal(t.table.array('fps')[0], null);
    assert.deepEqual(issueTuples(t), [[0, 'Part', '', 'warning']]);
  });
});

describe('labels/formats/casme2-cas', () => {
  it('reads the header-less sheet; macro-expressions excluded by default and listed; offset 0 becomes the apex, listed as a warning', () => {
    const labels = readLabels(fixture('casme2-cas.csv'), { expressions: 'all' });
    assert.equal(labels.format, 'casme2-cas');
    assert.deepEqual(labels.sourceRows, [1, 2, 3, 4]);
    const micro = readLabels(fixture('casme2-cas.csv'));
    assert.deepEqual(micro.sourceRows, [2, 3, 4], 'row 1 says macro-expression');
    assert.deepEqual(micro.excluded, [{ reason: 'macro-expression (expression type (column H)); --expressions all or macro keeps them', rows: 1, first_rows: [1] }]);
    assert.deepEqual(labels.extras, ['expression_type', 'self_reported_emotion']);
    const rows = plainRows(labels);
    assert.deepEqual(rows[2], {
      dataset: 'casme2-cas', part: null, subject: '1', clip: 'happy1_4', onset: 4001, apex: 4010, offset: 4010, fps: 30,
      emotion: 'positive', emotion_raw: 'positive', aus: ['R-AU12'], aus_raw: 'R12',
      expression_type: 'micro-expression', self_reported_emotion: 'happy',
    });
    assert.deepEqual(rows[3].aus, ['AU9', 'AU10']);
    assert.deepEqual(issueTuples(labels), [[3, 'offset', '0', 'warning']]);
  });
});

describe('labels/formats/megc2019', () => {
  it('reads the header-less composite: 0/1/2 → negative/positive/surprise, dataset per row, SMIC as HS', () => {
    const labels = readLabels(fixture('megc2019.csv'));
    assert.equal(labels.format, 'megc2019');
    assert.equal(labels.table.numRows(), 6);
    const rows = plainRows(labels);
    assert.deepEqual(rows[0], {
      dataset: 'smic', part: 'HS', subject: 's1', clip: 's1_ne_01', onset: null, apex: null, offset: null, fps: 100,
      emotion: 'negative', emotion_raw: '0', aus: [], aus_raw: '',
    });
    assert.deepEqual(rows.map((r) => [r.dataset, r.emotion, r.fps]), [
      ['smic', 'negative', 100], ['smic', 'positive', 100], ['casme2', 'positive', 200], ['casme2', 'surprise', 200],
      ['samm', 'negative', 200], ['samm', 'negative', 200],
    ]);
    assert.deepEqual(labels.issues, [], 'no frame columns, so no frame checks');
  });

  it('a label outside 0/1/2 is an unknown emotion with its row and value', () => {
    const t = parseLabelSheet([['samm', '006', '006_1_2', '0'], ['casme2', 'sub01', 'EP02_01f', '3']], { file: 'm.csv', format: 'megc2019' });
    assert.deepEqual(issueTuples(t), [[2, 'label', '3', 'error']]);
  });
});

describe('labels/formats/canonical', () => {
  it('reads the canonical columns; other columns are extras', () => {
    const labels = readLabels(fixture('canonical.csv'));
    assert.equal(labels.format, 'canonical');
    assert.deepEqual(labels.extras, ['rater']);
    assert.deepEqual(plainRows(labels)[1], {
      dataset: '4dme', part: 'Grayscale', subject: 'p01', clip: 'clip2', onset: 5, apex: 9, offset: 14, fps: 60,
      emotion: 'negative', emotion_raw: 'negative', aus: ['AU4', 'AU7'], aus_raw: '4+7', rater: 'ann2',
    });
    assert.deepEqual(labels.issues, []);
  });

  it('--dataset names the dataset of a canonical sheet without a dataset column', () => {
    const t = parseLabelSheet([['subject', 'clip', 'emotion'], ['p1', 'c1', 'happiness']], { file: 'x.csv', dataset: 'meview' });
    assert.equal(t.table.array('dataset')[0], 'meview');
    assert.equal(t.table.array('fps')[0], 30, 'MEVIEW: 30 fps in Table 1');
  });
});

describe('labels/read: forced formats and unreadable files', () => {
  it('--format overrides detection (an MMEW sheet read as CASME II; SMIC, which has no apex, refuses a sheet with one)', () => {
    const t = readLabels(fixture('mmew.csv'), { format: 'casme2' });
    assert.equal(t.format, 'casme2');
    assert.deepEqual(t.extras, ['remarks']);
    assert.throws(() => readLabels(fixture('casme2.csv'), { format: 'smic' }),
      (e: Error) => e instanceof MelabError && /casme2\.csv: no smic header \(expected Subject, Filename/.test(e.message));
  });

  it('an unknown format name is a one-line error listing the formats', () => {
    assert.throws(() => readLabels(fixture('dfme.csv'), { format: 'nope' }),
      (e: Error) => e instanceof MelabError && /unknown format "nope" \(formats: casme2, dfme/.test(e.message) && !e.message.includes('\n'));
  });

  it('an unknown header is a one-line error naming the file and the header it saw', () => {
    assert.throws(() => readLabels(fixture('unknown-header.csv')), (e: Error) =>
      e instanceof MelabError && e.message.includes('unknown-header.csv: no recognisable label header; first row: Name, Start, End, Label')
      && !e.message.includes('\n'));
  });

  it('an empty file and a missing file are one-line errors', () => {
    assert.throws(() => readLabels(fixture('empty.csv')), /empty\.csv: the file is empty/);
    assert.throws(() => readLabels(fixture('no-such-file.csv')), /no-such-file\.csv: cannot read the file \(no such file\)/);
  });

  it('a ragged csv names the row and the field counts', () => {
    assert.throws(() => readLabels(fixture('ragged.csv')), (e: Error) =>
      e instanceof MelabError && e.message === `${fixture('ragged.csv')}, row 3: ragged file: this row has 10 fields, the header has 9`);
  });
});

describe('labels/read: sheet shapes', () => {
  it('a CSV header ending in empty cells is not ragged against shorter rows', () => {
    const t = parseLabelSheet(parseCsv('Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Action Units,Estimated Emotion,\n01,EP02_01f,1,2,3,12,happiness\n'), { file: 'h.csv' });
    assert.equal(t.table.numRows(), 1);
    assert.deepEqual(t.extras, []);
  });

  it('a workbook value right of the header is kept as a column_x extra, not dropped', () => {
    const rows = [
      ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion'],
      ['01', 'EP02_01f', '1', '2', '3', '12', 'happiness', '', 'a note'],
    ];
    const t = parseLabelSheet(rows, { file: 'w.xlsx', kind: 'workbook' });
    assert.deepEqual(t.extras, ['column_i']);
    assert.equal(t.table.array('column_i')[0], 'a note');
  });
});
