import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parseCsv, readSheets } from '../../src/analysis/labels/sheet';
import { readLabels } from '../../src/analysis/labels/read';
import { MelabError } from '../../src/analysis/labels/issues';

describe('labels/sheet: CSV', () => {
  it('RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes, CRLF, BOM', () => {
    const text = '\ufeffa,b,c\r\n"x,1","say ""hi""","two\nlines"\r\n1,,3\r\n';
    assert.deepEqual(parseCsv(text), [['a', 'b', 'c'], ['x,1', 'say "hi"', 'two\nlines'], ['1', '', '3']]);
  });

  it('blank lines stay as rows so that row numbers match a spreadsheet', () => {
    assert.deepEqual(parseCsv('a\n\n\nb\n'), [['a'], [], [], ['b']]);
    assert.deepEqual(parseCsv('a,b,'), [['a', 'b', '']]);
  });

  it('an unterminated quote is a one-line error naming the row', () => {
    assert.throws(() => parseCsv('a,b\n1,"oops\n2,3\n', 'f.csv'), (e: Error) => e instanceof MelabError && e.message === 'f.csv: row 2: a quoted field is never closed');
  });
});

describe('labels/sheet: workbooks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-sheet-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a sheet whose used range starts below row 1 keeps spreadsheet row numbers', () => {
    const ws: XLSX.WorkSheet = {};
    XLSX.utils.sheet_add_aoa(ws, [
      ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion'],
      [1, 'EP02_01f', 46, 59, 86, '12', 'happiness'],
    ], { origin: 'B3' });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
    const file = path.join(dir, 'offset.xlsx');
    XLSX.writeFile(wb, file);
    const { kind, sheets } = readSheets(file);
    assert.equal(kind, 'workbook');
    assert.deepEqual(sheets[0].rows[2].slice(0, 3), ['', 'Subject', 'Filename']);
    const labels = readLabels(file);
    assert.equal(labels.format, 'casme2');
    assert.deepEqual(labels.sourceRows, [4]);
    assert.equal(labels.table.array('onset')[0], 46);
  });

  it('the first sheet with a recognised header is read (a notes sheet before it is passed over)', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['naming rule'], ['s15', '15']]), 'notes');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([
      ['Subject', 'Filename', 'Onset', 'Apex', 'Offset', 'AU', 'Objective class', 'emotion'],
      ['spNO.1', 'a', 116, 131, 140, 'L12', 'happy', 'happy'],
    ]), 'label');
    const file = path.join(dir, 'casme3.xlsx');
    XLSX.writeFile(wb, file);
    const labels = readLabels(file);
    assert.equal(labels.format, 'casme3');
    assert.equal(labels.table.array('clip')[0], 'a_116');
  });

  it('a file that is not a workbook but named .xlsx is a one-line error', () => {
    const file = path.join(dir, 'fake.xlsx');
    fs.writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]));
    assert.throws(() => readLabels(file), (e: Error) => e instanceof MelabError && e.message.startsWith(`${file}: not a readable spreadsheet`));
  });
});

describe('labels/sheet: a sheet too large for the heap', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-heap-labels-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is refused in one line on the general (quoted) path under small heaps, and read under a large one', function () {
    // 100,000 quoted DFME rows: without the guards in the parse, build and check loops V8 aborted (exit 134) at 40–72 MiB
    this.timeout(180_000);
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const file = path.join(dir, 'quoted.csv');
    const lines = ['Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Emotion,AU'];
    for (let i = 0; i < 100_000; i++) {
      const s = String(1 + Math.floor(i / 12)).padStart(5, '0');
      lines.push(`"${s}","${s}_${i % 12}",10,20,30,"happiness","AU6+AU12"`);
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const run = (heap: number) => spawnSync(process.execPath, ['bin/melab.js', 'validate', '--format', 'dfme', '--labels', file], {
      encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heap}` },
    });
    for (const heap of [40, 56, 72, 88]) {
      const r = run(heap);
      assert.equal(r.status, 2, `heap ${heap} MiB: exit ${r.status} ${r.stderr.slice(0, 300)}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr.slice(0, 500));
      assert.match(r.stderr, /quoted\.csv: (the table does not fit in memory|building the label table of 100,000 rows needs about \d+ MiB)/);
    }
    const ok = run(512);
    assert.equal(ok.status, 0, ok.stderr.slice(0, 300));
    assert.match(ok.stdout, /100000 rows, 0 errors, 0 warnings/);
  });
});
