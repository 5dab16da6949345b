/**
 * Issue 11, item 11 for ratings and coder files (reliability/files.ts readGrid): a CSV is streamed through
 * util/csv-stream.ts, keeping only the trimmed cells. The reference is the whole-file reader it replaced
 * (commit 14f7ed0: labels/sheet.ts parseCsv of the whole text, then the grid checks), frozen below: the
 * streamed grid, or its first error, must be the same on random CSVs. A grid too large for the heap is
 * the one-line error, never V8's crash (exit 134).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fail, MelabError } from '../../src/analysis/labels/issues';
import { parseCsv } from '../../src/analysis/labels/sheet';
import { readGrid, readRatingsFile, type GridFile } from '../../src/analysis/reliability/files';
import { seededRandom } from '../../src/analysis/util/random';

const norm = (h: string): string => h.trim().toLowerCase().replace(/[\s_-]+/g, '');
const isBlankRow = (row: readonly string[]): boolean => row.every((v) => v.trim() === '');

/** The former readGrid (commit 14f7ed0) over the rows of the whole text, as it was. */
function wholeFileGrid(file: string): GridFile {
  const all = parseCsv(fs.readFileSync(file, 'utf8'), file);
  let h = 0;
  while (h < all.length && isBlankRow(all[h])) h++;
  if (h >= all.length) fail(file, 0, '', '', 'the file is empty (no header row)');
  const lead = all[h].find((c) => c.trim() !== '') ?? '';
  if (/^\s*[{[]/.test(lead)) fail(file, h + 1, '', lead.trim().slice(0, 20), 'this looks like a JSON file (a prediction manifest?), not a table (CSV or xlsx)');
  const header = all[h].map((c) => c.trim());
  while (header.length > 1 && header[header.length - 1] === '') header.pop();
  header.forEach((name, c) => {
    if (name === '') fail(file, h + 1, `column ${c + 1}`, '', 'empty column name in the header row');
    const first = header.findIndex((other) => norm(other) === norm(name));
    if (first < c) fail(file, h + 1, name, name, `column name given twice (columns ${first + 1} and ${c + 1}): which one is meant is unclear`);
  });
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const blankRows: number[] = [];
  for (let r = h + 1; r < all.length; r++) {
    const row = all[r];
    if (isBlankRow(row)) { blankRows.push(r + 1); continue; }
    if (row.length < header.length) fail(file, r + 1, header[row.length], '', `ragged row: ${row.length} cells, the header has ${header.length} columns`);
    const extra = row.slice(header.length).findIndex((v) => v.trim() !== '');
    if (extra >= 0) fail(file, r + 1, `column ${header.length + extra + 1}`, row[header.length + extra], `ragged row: more cells than the header's ${header.length} columns`);
    rows.push(row.slice(0, header.length).map((v) => v.trim()));
    rowNumbers.push(r + 1);
  }
  while (blankRows.length && blankRows[blankRows.length - 1] > (rowNumbers[rowNumbers.length - 1] ?? 0)) blankRows.pop();
  if (rows.length === 0) fail(file, h + 1, '', '', 'no data rows below the header');
  return { file, header, headerRow: h + 1, rows, rowNumbers, blankRows };
}

/** The grid as JSON, or the MelabError's message. */
function outcome(fn: () => GridFile): string {
  try {
    return JSON.stringify(fn());
  } catch (err) {
    assert.ok(err instanceof MelabError, String((err as Error).stack));
    return `error: ${(err as Error).message}`;
  }
}

describe('reliability: ratings files are streamed (issue 11, item 11)', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-grid-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('readGrid equals the whole-file reader on 500 random CSVs (blank rows, quotes, CRLF/CR, ragged rows, odd headers), error for error', () => {
    const rng = seededRandom(11);
    const headers = ['Filename,R1,R2', ' Item , A , B ,', 'id,r_1,R-1', 'x,,y', '{"model": 1}', '', ' , ', 'Subject,Filename,Emotion,R1'];
    const cells = ['fear', ' anger ', '"a,b"', '"two\nlines"', '"x""y"', '', ' ', 'NA', 'é', '"t"tail', '1.0'];
    const ends = ['\n', '\r\n', '\r'];
    const f = path.join(tmp, 'r.csv');
    let errors = 0;
    for (let trial = 0; trial < 500; trial++) {
      const end = ends[rng.int(ends.length)];
      const lines: string[] = [];
      for (let b = rng.int(3); b > 0; b--) lines.push(rng.next() < 0.5 ? '' : ' ,');
      lines.push(headers[rng.int(headers.length)]);
      for (let r = rng.int(8); r > 0; r--) {
        if (rng.next() < 0.15) { lines.push(rng.next() < 0.5 ? '' : ',,'); continue; }
        const width = rng.next() < 0.8 ? 3 : rng.int(6);
        lines.push(Array.from({ length: width }, () => cells[rng.int(cells.length)]).join(','));
      }
      const text = lines.join(end) + (rng.next() < 0.7 ? end : '');
      fs.writeFileSync(f, text);
      const expected = outcome(() => wholeFileGrid(f));
      if (expected.startsWith('error')) errors++;
      assert.equal(outcome(() => readGrid(f)), expected, JSON.stringify(text));
    }
    assert.ok(errors > 50 && errors < 450, `${errors} of 500 inputs were errors: both kinds of outcome are exercised`);
  });

  it('duplicated item names are listed in order of first appearance (hand count: "a" rows 2, 5; "b" rows 3, 4, 6)', () => {
    const f = path.join(tmp, 'dup.csv');
    fs.writeFileSync(f, 'Filename,R1,R2\na,x,y\nb,x,y\nb,x,x\na,y,y\nb,y,x\nc,x,x\n');
    assert.throws(() => readRatingsFile(f), (err: Error) => {
      assert.equal(err.message, `${f}, row 5, column Filename, value "a": item listed twice (also row 2); 2 duplicated items in all: "a" (rows 2, 5), "b" (rows 3, 4, 6). Each item must be one row`);
      return true;
    });
  });

  it('the ratings rows keep the rater columns only, in order, whatever the position of the item and outcome columns', () => {
    const f = path.join(tmp, 'cols.csv');
    fs.writeFileSync(f, 'R1,Filename,R2,Final,R3\nfear,s1,anger,fear,fear\nanger,s2,anger,anger,sadness\n');
    const rf = readRatingsFile(f);
    assert.deepEqual(rf.columns, ['R1', 'R2', 'R3']);
    assert.deepEqual(rf.ratings, [['fear', 'anger', 'fear'], ['anger', 'anger', 'sadness']]);
    assert.deepEqual(rf.items, ['s1', 's2']);
    assert.deepEqual(rf.extra, { filename: ['s1', 's2'], final: ['fear', 'anger'] });
  });

  it('melab kappa on a ratings file larger than the heap: the one-line error while reading or before scoring, exit 2, never a V8 crash', () => {
    const f = path.join(tmp, 'big.csv');
    const labels = ['happiness', 'anger', 'surprise', 'disgust', 'fear'];
    const rng = seededRandom(3);
    const out = ['Filename,A1,A2,A3,A4,A5,A6,A7'];
    for (let i = 0; i < 400_000; i++) out.push(`clip${i},${Array.from({ length: 7 }, () => labels[rng.int(5)]).join(',')}`);
    fs.writeFileSync(f, out.join('\n') + '\n');
    // 40 MiB: refused while the rows are read; 96 and 120 MiB: the grid fits, the checks and kappa would not
    // (before the guard on the old generation and the room check: exit 134 and V8's stack at 88-100 MiB)
    for (const heap of [40, 96, 120]) {
      const r = spawnSync(process.execPath, ['bin/melab.js', 'kappa', '--ratings', f], {
        encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heap}` },
      });
      assert.equal(r.status, 2, `heap ${heap} MiB: exit ${r.status} ${r.stderr.slice(0, 300)}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr.slice(0, 500));
      assert.match(r.stderr, /big\.csv: (the table does not fit in memory \([\d,]+ rows read|checking and scoring 400,000 rows needs about \d+ MiB)/);
    }
  });
});
