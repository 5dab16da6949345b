/**
 * The column scan of quote-free CSV text (labels/csv-columns.ts) against the obvious reference: split
 * each line on commas, trim spaces and tabs, number each column's distinct values in order of
 * appearance with a Map, parse frames with parseFrame. Random texts mix short and long, ASCII and
 * non-ASCII cells (the scan compares short ASCII cells by an exact number key, others character by
 * character), blank lines, CRLF, and are cut into pieces at random line breaks.
 */
import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { fastScannable, NotScannable, scanCsvColumns, type CellKind } from '../../src/analysis/labels/csv-columns';
import { parseFrame } from '../../src/analysis/labels/validate';

const KINDS: (CellKind | undefined)[] = ['category', 'text', 'frame', undefined, 'category'];

/** The reference reading of the lines (first data row = row 2). */
function reference(lines: string[]): { rows: number[]; cols: unknown[][]; distinct: string[][] } {
  const rows: number[] = [];
  const cols: unknown[][] = KINDS.map(() => []);
  const maps = KINDS.map(() => new Map<string, number>());
  lines.forEach((line, k) => {
    if (/^[,\t ]*$/.test(line)) return;
    rows.push(k + 2);
    line.split(',').slice(0, KINDS.length).forEach((cell, c) => {
      const v = cell.replace(/^[ \t]+|[ \t]+$/g, '');
      if (KINDS[c] === 'category') {
        if (!maps[c].has(v)) maps[c].set(v, maps[c].size);
        cols[c].push(maps[c].get(v));
      } else if (KINDS[c] === 'frame') cols[c].push(parseFrame(v));
      else if (KINDS[c] === 'text') cols[c].push(v);
    });
  });
  return { rows, cols, distinct: maps.map((m) => [...m.keys()]) };
}

/** Cuts text into pieces that each end at a line break (as util/text-chunks.ts hands them over). */
function cut(text: string, at: number[]): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const a of [...at].sort((x, y) => x - y)) {
    const nl = text.indexOf('\n', Math.max(start, Math.floor(a * text.length)));
    if (nl < 0) break;
    pieces.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

describe('labels/csv-columns: the column scan', () => {
  const cell = fc.oneof(
    fc.constantFrom('happiness', 'disgust', 'AU4+AU7', 'AU4+AU7+AU10', '1234567', '12345678', 'ab', 'ba', 'A', '', 'é', 'sürprise', '高兴', '\u0001x'),
    fc.string({ unit: fc.constantFrom('a', 'b', 'A', '1', '+', ' ', '\t', 'é', '惊'), maxLength: 10 }),
  );
  const frame = fc.constantFrom('12', '007', '12.0', '/', '', ' 15 ', '-3', 'x', '99999999999999999', '\t8');
  const line = fc.oneof(
    fc.tuple(cell, cell, frame, cell, cell).map((c) => c.join(',')),
    fc.constantFrom('', ',,,,', ' , ,\t', ',,,,,'),
  );

  it('reads as the reference: rows, codes, distinct values and frames, whatever the pieces (property test)', () => {
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 60 }), fc.constantFrom('\n', '\r\n'),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), (lines, eol, at) => {
        const text = lines.join(eol) + eol;
        const scan = scanCsvColumns(cut(text, at), 2, KINDS.length, KINDS, 'f.csv');
        const ref = reference(lines);
        assert.equal(scan.n, ref.rows.length);
        assert.deepEqual(scan.rows, ref.rows);
        KINDS.forEach((kind, c) => {
          if (kind === 'category') {
            assert.deepEqual(Array.from(scan.coded[c]?.codes ?? []), ref.cols[c]);
            assert.deepEqual(scan.coded[c]?.values, ref.distinct[c]);
            assert.deepEqual(scan.text[c], (ref.cols[c] as number[]).map((k) => ref.distinct[c][k]));
          } else if (kind === 'frame') assert.deepEqual(scan.frames[c], ref.cols[c]);
          else if (kind === 'text') assert.deepEqual(scan.text[c], ref.cols[c]);
        });
      }), { seed: 16, numRuns: 400 });
  });

  it('finds each of 5,000 distinct values again (the table grows; values of 7 and 8 characters)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = (i * 7919) % 5000;
      lines.push(`${String(v).padStart(7, '0')},c${i},${i},x,${String(v).padStart(8, 'é')}`);
    }
    const scan = scanCsvColumns([lines.join('\n')], 2, KINDS.length, KINDS, 'f.csv');
    const ref = reference(lines);
    assert.deepEqual(Array.from(scan.coded[0]?.codes ?? []), ref.cols[0]);
    assert.deepEqual(Array.from(scan.coded[4]?.codes ?? []), ref.cols[4]);
    assert.equal(scan.coded[0]?.values.length, 5000);
  });

  it('leaves to the general parser a quote, a lone carriage return, a vertical tab and odd whitespace, wherever they are', () => {
    const ok = 'a,b,1,c,d\n'.repeat(50);
    for (const bad of ['a,"b",1,c,d\n', 'a,b\r,1,c,d\n', 'a,b,1,c,d\r', 'a,\u000bb,1,c,d\n', 'a,b,1,\u00a0c,d\n', 'a,b,1,c,\u3000\n', 'x,y,z,\ufeff,d\n']) {
      assert.throws(() => scanCsvColumns([ok, bad], 2, KINDS.length, KINDS, 'f.csv'), NotScannable, JSON.stringify(bad));
    }
    // a carriage return before a line feed ends the line; other control characters are cell text
    assert.equal(scanCsvColumns([ok.replace(/\n/g, '\r\n') + 'a,\u0001,1,c,d\r\n'], 2, KINDS.length, KINDS, 'f.csv').n, 51);
  });

  it('fastScannable (one character list with the scan) says what the former regular expression said (property test)', () => {
    const former = (t: string): boolean => t.indexOf('"') < 0 && !/\r(?!\n)|[\u000b\u000c\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(t);
    const unit = fc.constantFrom('a', ',', ' ', '\t', '\n', '\r', '"', '\u000b', '\u000c', '\u0001', '\u00a0', '\u00e9', '\u2005', '\u200b', '\u3000', '\ufeff', '\u9ad8');
    fc.assert(fc.property(fc.string({ unit, maxLength: 12 }), (t) => fastScannable(t) === former(t)), { seed: 3, numRuns: 3000 });
  });

  it('refuses a ragged line in one line naming its row (trailing empty fields aside)', () => {
    assert.equal(scanCsvColumns(['a,b,1,c,d,,\n'], 2, KINDS.length, KINDS, 'f.csv').n, 1);
    assert.throws(() => scanCsvColumns(['a,b,1,c,d\na,b,1,c\n'], 2, KINDS.length, KINDS, 'f.csv'),
      (e: Error) => e.message === 'f.csv, row 3: ragged file: this row has 4 fields, the header has 5');
  });
});
