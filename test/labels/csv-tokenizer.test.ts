/**
 * Issue 17, item 5 (one CSV reader) and issue 11, item 11 (streamed records): melab's one CSV tokenizer
 * (util/csv-stream.ts) and its one chunk reader (util/text-chunks.ts) give what the readers they
 * replaced gave (test/labels/csv-previous.ts, copied from the code before), row for row and error for
 * error, on random CSVs with quotes, doubled quotes, line breaks inside quotes, CRLF/LF/CR, blank
 * lines, BOMs, non-ASCII text, other encodings and bad bytes, read at random chunk boundaries.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MelabError } from '../../src/analysis/labels/issues';
import { parseCsv, readSheets } from '../../src/analysis/labels/sheet';
import { readRecords } from '../../src/analysis/protocol/records';
import { csvRows, readCsvRows, streamCsv } from '../../src/analysis/util/csv-stream';
import { readTextPieces } from '../../src/analysis/util/text-chunks';
import { seededRandom, type Random } from '../../src/analysis/util/random';
import * as previous from './csv-previous';

/** Pieces a random CSV is made of: every construct the tokenizer distinguishes. */
const PIECES = ['a', 'Sub', '12', 'b c', ' ', '', 'é', '漢字', '😀', '\ufeff', '"q,1"', '"x""y"', '""', '"two\nlines"', '"cr\rin"',
  '"crlf\r\nin"', '"t"tail', '"a""', 'x"y', ',', ',', ',', ',', '\n', '\n', '\r\n', '\r\n', '\r', '\n\n'];

/** A random CSV text: 0-3 leading BOMs (what the old readers all dropped), then random pieces; sometimes an unclosed quote. */
function randomCsv(rng: Random): string {
  let text = '\ufeff'.repeat([0, 0, 1, 1, 2, 3][rng.int(6)]);
  const len = rng.int(60);
  for (let i = 0; i < len; i++) text += PIECES[rng.int(PIECES.length)];
  if (rng.int(12) === 0) text += `${rng.int(2) ? '\n' : ','}"open${rng.int(2) ? '\nmore' : ''}`;
  return text;
}

/** Blank rows compare equal ([] and [''] are both a blank line; the former split path and the stream gave [], the quoted branch [''] for a first blank line). */
const norm = (rows: string[][]): string[][] => rows.map((r) => (r.length === 1 && r[0] === '' ? [] : r));

/** The rows, or the one-line message of the MelabError thrown. */
function outcome(fn: () => string[][]): string[][] | string {
  try {
    return norm(fn());
  } catch (err) {
    assert.ok(err instanceof MelabError, String((err as Error).stack));
    assert.doesNotMatch(err.message, /\n/);
    return err.message;
  }
}

/** The value, or { error: the one-line message of the MelabError thrown }. */
function outcomeOf<T>(fn: () => T): T | { error: string } {
  try {
    return fn();
  } catch (err) {
    assert.ok(err instanceof MelabError, String((err as Error).stack));
    assert.doesNotMatch(err.message, /\n/);
    return { error: err.message };
  }
}

/** The bytes of a text as saved: UTF-8 (maybe with bad bytes), UTF-16LE with a BOM, or Windows-1252 read with --encoding latin1. */
function saved(text: string, rng: Random): { bytes: Buffer; encoding?: string } {
  const kind = rng.int(8);
  if (kind === 0) return { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) };
  if (kind === 1) {
    // Latin-1 bytes (characters outside Latin-1 dropped)
    const latin = text.replace(/[^\u0000-\u00ff]/g, '');
    return { bytes: Buffer.from(latin, 'latin1'), encoding: 'latin1' };
  }
  const bytes = Buffer.from(text, 'utf8');
  if (kind === 2 && bytes.length > 0) {
    // a byte that is not UTF-8 (a Latin-1 é, a lone continuation byte, a truncated sequence at the end)
    const at = rng.int(bytes.length + 1);
    const bad = [[0xe9], [0x80], [0xe6, 0xbc]][rng.int(3)];
    return { bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]) };
  }
  return { bytes };
}

describe('one CSV tokenizer: the semantics of the readers it replaced (property test)', function () {
  this.timeout(120000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-csv-tokenizer-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('CSV text in memory: parseCsv and csvRows give the former parseCsv\'s rows and unclosed-quote errors (3,000 random texts)', () => {
    const rng = seededRandom(17);
    let errors = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const text = randomCsv(rng);
      const expected = outcome(() => previous.parseCsv(text, 'mem.csv'));
      if (typeof expected === 'string') errors++;
      assert.deepEqual(outcome(() => parseCsv(text, 'mem.csv')), expected, JSON.stringify(text));
      assert.deepEqual(outcome(() => csvRows(text, 'mem.csv')), expected, JSON.stringify(text));
    }
    // the generator reaches the error path, and mostly the rows
    assert.ok(errors > 100 && errors < 1500, `${errors} unclosed quotes`);
  });

  it('CSV files at random chunk sizes: rows, row numbers and the first error are the former decodeText + parseCsv\'s (1,500 random files)', () => {
    const rng = seededRandom(1117);
    const seen = new Set<string>();
    for (let trial = 0; trial < 1500; trial++) {
      const text = randomCsv(rng);
      const { bytes, encoding } = saved(text, rng);
      const file = path.join(dir, `t${trial % 7}.csv`);
      fs.writeFileSync(file, bytes);
      const expected = outcome(() => previous.parseCsv(previous.decodeText(bytes, file, { encoding }), file));
      seen.add(typeof expected !== 'string' ? 'rows' : /never closed/.test(expected) ? 'quote' : /is not UTF-8/.test(expected) ? 'byte' : expected);
      const chunkBytes = [1, 2, 3, 5, 16, 100, 4 << 20][rng.int(7)];
      const what = JSON.stringify({ text, encoding, chunkBytes, bytes: bytes.toString('hex').slice(0, 400) });
      assert.deepEqual(outcome(() => readCsvRows(file, { encoding, chunkBytes })), expected, what);
      if (chunkBytes === 1 << 22) assert.deepEqual(outcome(() => readSheets(file, { encoding }).sheets[0].rows), expected, what);
      // streamCsv numbers each record by its spreadsheet row
      if (typeof expected !== 'string') {
        const rows: number[] = [];
        streamCsv(file, (rec) => { rows.push(rec.row); }, { encoding, chunkBytes });
        assert.deepEqual(rows, expected.map((_, i) => i + 1), what);
      }
    }
    // rows, unclosed quotes, bad bytes all reached
    assert.deepEqual([...seen].sort(), ['byte', 'quote', 'rows']);
  });

  it('text pieces (the column scan\'s input) at random sizes join to the former decodeText, each ending at a line break (800 random files)', () => {
    const rng = seededRandom(2017);
    for (let trial = 0; trial < 800; trial++) {
      const { bytes, encoding } = saved(randomCsv(rng), rng);
      const file = path.join(dir, 'p.csv');
      fs.writeFileSync(file, bytes);
      const expected = outcomeOf(() => previous.decodeText(bytes, file, { encoding }));
      const pieceBytes = [16, 17, 40, 512 * 1024][rng.int(4)];
      const got = outcomeOf(() => [...readTextPieces(file, { encoding, pieceBytes })]);
      const what = JSON.stringify({ encoding, pieceBytes, bytes: bytes.toString('hex').slice(0, 400) });
      if (typeof expected !== 'string' || !Array.isArray(got)) {
        assert.deepEqual(got, expected, what);
        continue;
      }
      assert.equal(got.join(''), expected, what);
      got.slice(0, -1).forEach((p) => assert.ok(p.endsWith('\n'), what));
      assert.ok(got.every((p) => p.length > 0), what);
    }
  });

  it('record files, streamed: readRecords gives the former whole-file records (columns, values, line numbers, first error) (800 random files)', () => {
    const rng = seededRandom(3017);
    const header = ['id,fold,"y, true"', 'id,fold', 'a,a', ',b', ''];
    const cell = ['s1', ' 2 ', '', '"q,1"', '"x""y"', '"two\nlines"', 'é', ' ', '0.5'];
    const eol = ['\n', '\r\n', '\r'];
    let ok = 0;
    for (let trial = 0; trial < 800; trial++) {
      const e = eol[rng.int(3)];
      const h = header[rng.int(header.length)];
      const width = h === '' ? 1 : h.split(',').length - (h.includes('"y, true"') ? 1 : 0);
      const lines = [h];
      const n = rng.int(12);
      for (let i = 0; i < n; i++) {
        const w = rng.int(10) === 0 ? width + 1 : rng.int(8) === 0 ? 0 : width; // sometimes ragged, sometimes blank
        lines.push(Array.from({ length: w }, () => cell[rng.int(cell.length)]).join(','));
      }
      let text = '\ufeff'.repeat(rng.int(3)) + lines.join(e) + (rng.int(2) ? e : '');
      if (rng.int(15) === 0) text += '"open';
      const bytes = Buffer.from(text, 'utf8');
      const file = path.join(dir, `r${trial % 5}.csv`);
      fs.writeFileSync(file, bytes);
      const expected = outcomeOf(() => previous.previousRecords(file, previous.decodeText(bytes, file).replace(/^\uFEFF/, '')));
      const got = outcomeOf(() => {
        const r = readRecords(file);
        return { columns: r.columns, rows: r.rows, lines: r.lines };
      });
      assert.deepEqual(got, expected, JSON.stringify(text));
      if (!('error' in expected)) ok++;
    }
    assert.ok(ok > 100 && ok < 700, `${ok} files read without error`);
  });

  it('JSON Lines, streamed: readRecords numbers the lines as the whole-file split did, BOM and CRLF included', () => {
    const file = path.join(dir, 'm.jsonl');
    fs.writeFileSync(file, '\ufeff{"a":1}\r\n\n{"a":2,"b":"x"}\r\n   \n{"b":null}');
    const r = readRecords(file);
    assert.deepEqual(r.columns, ['a', 'b']);
    assert.deepEqual(r.rows, [{ a: 1 }, { a: 2, b: 'x' }, { b: null }]);
    assert.deepEqual(r.lines, [1, 3, 5]);
    fs.writeFileSync(file, '{"a":1}\n\n[1,2]\n');
    assert.throws(() => readRecords(file), (e: Error) => e instanceof MelabError && /m\.jsonl, row 3.*each line must be one JSON object/.test(e.message));
  });

  it('a record file over the former 512 MiB cap is streamed, not refused by size (sparse 600 MiB: the record-length limit speaks)', () => {
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, 'id,fold\ns1,0\n');
    fs.truncateSync(file, 600 * 2 ** 20); // NUL bytes after the two lines: one record of 600 MiB without a line end
    try {
      assert.throws(() => readRecords(file), (e: Error) => e instanceof MelabError &&
        /big\.csv: row 3: a record of more than 64 MiB without a line end \(not a CSV file\?\)$/.test(e.message));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
