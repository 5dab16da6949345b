/**
 * Issue 11, item 11: the prediction export is read streamed (util/csv-stream.ts, prediction-columns.ts).
 * The streamed reader must give what the whole-file path gives (parseCsv of the whole text +
 * validateRecords) on a large-ish generated export with CSV quirks, the same metrics as scikit-learn
 * run live on the same file, the same records as parseCsv at any chunk size, and the same first error.
 * Memory goals live in bench/prediction-read.bench.ts, not here.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MelabError } from '../../src/analysis/labels/issues';
import { parseCsv as parseCsvRows } from '../../src/analysis/labels/sheet';
import { checkRoom, lineEndBound, readCsvColumns } from '../../src/analysis/protocol/prediction-columns';
import { readPredictions, validateRecords } from '../../src/analysis/protocol/predictions';
import { parseCsv } from '../../src/analysis/protocol/records';
import { exportMetrics } from '../../src/analysis/protocol/tables';
import { streamCsv } from '../../src/analysis/util/csv-stream';
import { seededRandom } from '../../src/analysis/util/random';
import { runPython, tmpDir } from './helpers';
import { spawnSync } from 'node:child_process';
import { assertClose } from '../helpers/close';

const CLASSES = ['happiness', 'anger', 'disgust', 'surprise'];

/** A 200,000-row export: quoted ids, CRLF line ends, padded cells, blank lines, exponents. */
function writeExport(file: string, n: number): void {
  const rng = seededRandom(11);
  const out: string[] = [`model,dataset,subject,sample_id,fold,y_true,y_pred,${CLASSES.map((c) => `p_${c}`).join(',')}`];
  for (let i = 0; i < n; i++) {
    const s = `s${i % 97}`;
    const t = rng.int(4);
    const p = rng.next() < 0.6 ? t : rng.int(4);
    const probs = CLASSES.map((_, c) => (c === p ? 0.7 : 0.1));
    const cells = probs.map((x, c) => (i % 13 === 0 && c === 0 ? `${x * 10}e-1` : i % 17 === 0 ? ` ${x.toFixed(3)} ` : x.toFixed(6)));
    const id = i % 11 === 0 ? `"${s}/c,${i}"` : i % 19 === 0 ? `"${s}/c""${i}"""` : `${s}/c${i}`;
    out.push(`m,dfme,${s},${id},${(i % 97) % 5},${CLASSES[t]},${i % 23 === 0 ? ' ' + CLASSES[p] : CLASSES[p]},${cells.join(',')}`);
    if (i % 5000 === 0) out.push('');
  }
  fs.writeFileSync(file, out.join('\r\n') + '\r\n');
}

function errorOf(fn: () => unknown): string {
  try { fn(); return ''; } catch (err) { assert.ok(err instanceof MelabError, String((err as Error).stack)); return (err as Error).message; }
}

describe('prediction export: streamed reading (issue 11, item 11)', function () {
  this.timeout(120000);
  const dir = tmpDir();
  const file = path.join(dir, 'm-emotion.csv');
  before(() => writeExport(file, 200_000));

  it('200,000 rows streamed equal the whole-file path, row for row', () => {
    const streamed = readPredictions(file);
    const whole = validateRecords(parseCsv(file, fs.readFileSync(file, 'utf8')), null);
    assert.equal(streamed.sampleIds.length, 200_000);
    assert.deepEqual(streamed.sampleIds, whole.sampleIds);
    assert.deepEqual(streamed.subjects, whole.subjects);
    assert.deepEqual(Array.from(streamed.fold), Array.from(whole.fold));
    assert.deepEqual(Array.from(streamed.sourceRows), Array.from(whole.sourceRows));
    assert.deepEqual(Array.from(streamed.emotion!.yTrue), Array.from(whole.emotion!.yTrue));
    assert.deepEqual(Array.from(streamed.emotion!.yPred), Array.from(whole.emotion!.yPred));
    assert.deepEqual(Array.from(streamed.emotion!.probs!), Array.from(whole.emotion!.probs!));
    assert.deepEqual(streamed.notes, whole.notes);
    assert.deepEqual(exportMetrics(streamed, 'present'), exportMetrics(whole, 'present'));
  });

  it('pooled ACC, UAR, UF1 equal scikit-learn reading the same file with pandas', () => {
    const m = exportMetrics(readPredictions(file), 'present');
    const ref = runPython(`
import json, sys
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, recall_score
df = pd.read_csv(json.load(open(sys.argv[1]))['file'], skipinitialspace=True)
t = df['y_true'].str.strip(); p = df['y_pred'].str.strip()
print(json.dumps(dict(n=len(df), acc=accuracy_score(t, p), uar=recall_score(t, p, average='macro', zero_division=0), uf1=f1_score(t, p, average='macro', zero_division=0))))
`, { file });
    assert.equal(m.pooled.n, ref.n);
    for (const k of ['acc', 'uar', 'uf1'] as const) assertClose(m.pooled[k], ref[k], 1e-12, `pooled ${k} vs scikit-learn`);
  });

  it('streamCsv gives parseCsv\'s records at any chunk size (quotes, CRLF, CR, blank lines, a last line without end)', () => {
    const rng = seededRandom(5);
    const pieces = ['a', 'b c', '"q,1"', '"x""y"', '"two\nlines"', '', ' ', 'é', '"t"tail', '\r\n', '\n', '\r', ',', ',', ','];
    for (let trial = 0; trial < 300; trial++) {
      let text = '';
      const len = 1 + rng.int(40);
      for (let i = 0; i < len; i++) text += pieces[rng.int(pieces.length)];
      const f = path.join(dir, 'r.csv');
      fs.writeFileSync(f, text);
      const expected = parseCsvRows(text).map((r) => (r.length === 1 && r[0] === '' ? [] : r));
      for (const chunkBytes of [1, 3, 7, 1 << 16]) {
        const got: string[][] = [];
        const rows: number[] = [];
        streamCsv(f, (rec) => { got.push(Array.from({ length: rec.length }, (_, j) => rec.text(j))); rows.push(rec.row); }, { chunkBytes });
        assert.deepEqual(got.map((r) => (r.length === 1 && r[0] === '' ? [] : r)), expected, JSON.stringify({ text, chunkBytes }));
        assert.deepEqual(rows, expected.map((_, i) => i + 1));
      }
    }
  });

  it('the first error is the whole-file path\'s: a bad byte late beats a ragged row early; an open quote beats a bad cell', () => {
    const f = path.join(dir, 'bad-emotion.csv');
    const head = 'sample_id,fold,y_true,y_pred\n';
    const body = Array.from({ length: 3000 }, (_, i) => `s/${i},0,anger,anger\n`).join('');
    fs.writeFileSync(f, Buffer.concat([Buffer.from(head + 's/x,0,anger\n' + body), Buffer.from([0xe9]), Buffer.from('\n')]));
    assert.match(errorOf(() => readPredictions(f)), /bad-emotion\.csv: row 3003, column 1: byte 0xE9 is not UTF-8/);
    fs.writeFileSync(f, head + 's/x,0,anger,nope\n' + body + '"open,0,anger,anger\n');
    assert.match(errorOf(() => readPredictions(f)), /bad-emotion\.csv: row 3003: a quoted field is never closed/);
    fs.writeFileSync(f, head + body + 's/5,1,anger,anger\n');
    const text = fs.readFileSync(f, 'utf8');
    assert.equal(errorOf(() => readPredictions(f)), errorOf(() => validateRecords(parseCsv(f, text), null)));
    assert.match(errorOf(() => readPredictions(f)), /row 3002, column fold, value "1": sample "s\/5" in two folds \(fold 0 at row 7\)/);
  });

  it('the line-end count that sizes the columns bounds the records: LF, CRLF, CR, quoted line breaks, a CRLF across two reads, UTF-16', () => {
    const rng = seededRandom(8);
    const pieces = ['a', 'b,c', '"q\nr"', '"s\r\nt"', '\r\n', '\n', '\r', ',', 'é'];
    const f = path.join(dir, 'bound.csv');
    for (let trial = 0; trial < 300; trial++) {
      let text = '';
      for (let i = 0, len = 1 + rng.int(30); i < len; i++) text += pieces[rng.int(pieces.length)];
      fs.writeFileSync(f, text);
      const records = parseCsvRows(text).length;
      // hand count: one more than the line ends (LF, CRLF, CR; each counted once)
      const ends = (text.match(/\r\n|\n|\r/g) ?? []).length;
      assert.equal(lineEndBound(f), ends + 1, JSON.stringify(text));
      assert.ok(lineEndBound(f) >= records, JSON.stringify(text));
      fs.writeFileSync(f, Buffer.from(`\ufeff${text}`, 'utf16le'));
      assert.ok(lineEndBound(f) >= records, `UTF-16: ${JSON.stringify(text)}`);
    }
    // the reader's 4 MiB reads: a CRLF split between two of them is one line end
    fs.writeFileSync(f, 'x'.repeat((4 << 20) - 1) + '\r\ny\r');
    assert.equal(lineEndBound(f), 3);
  });

  it('text columns take the narrowest codes that hold them (Uint8, Uint16, Int32) and read as the whole-file path', () => {
    const f = path.join(dir, 'wide-emotion.csv');
    const n = 70_000;
    const out = ['model,dataset,subject,sample_id,fold,y_true,y_pred'];
    for (let i = 0; i < n; i++) out.push(`m,d${i % 300},s${i},s${i}/c,${i % 5},${CLASSES[i % 4]},${CLASSES[(i * 7) % 4]}`);
    fs.writeFileSync(f, out.join('\n') + '\n');
    const cols = readCsvColumns(f, {});
    assert.ok(cols.text.get('model')!.codes instanceof Uint8Array);
    assert.ok(cols.text.get('dataset')!.codes instanceof Uint16Array); // 300 datasets
    assert.ok(cols.text.get('subject')!.codes instanceof Int32Array); // 70,000 subjects
    const streamed = readPredictions(f, { foldBy: 'dataset' });
    const whole = validateRecords(parseCsv(f, fs.readFileSync(f, 'utf8')), null, undefined, { foldBy: 'dataset' });
    assert.deepEqual(streamed.subjects, whole.subjects);
    assert.deepEqual(streamed.datasets, whole.datasets);
    assert.deepEqual(Array.from(streamed.fold), Array.from(whole.fold));
    assert.deepEqual(streamed.foldNames, whole.foldNames);
    assert.deepEqual(streamed.subjects.slice(65_535, 65_538), ['s65535', 's65536', 's65537']); // past the Uint16 codes
  });

  it('an export too large for memory is refused in one line, never a V8 crash (item 11)', function () {
    // the columns against the machine's memory, before reading: 10,000,000 lines × (7 × 8 + 7 + 4 + 6) bytes = 0.68 GiB
    assert.throws(() => checkRoom('big.csv', 10_000_000, 7, 7, true, 2 ** 29), /big\.csv: too large to read: 10,000,000 lines need about 0\.7 GiB for their columns, more than this machine's 0\.5 GiB/);
    checkRoom('big.csv', 10_000_000, 7, 7, true, 2 ** 36); // 64 GiB: room
    // the JavaScript heap: 600,000 rows under a 56 MiB old generation (without the guard: V8's abort, exit 134)
    this.timeout(120_000);
    const big = path.join(dir, 'heap-emotion.csv');
    const rows = ['model,dataset,subject,sample_id,fold,y_true,y_pred'];
    for (let i = 0; i < 600_000; i++) rows.push(`m,dfme,sub${i % 500},sub${i % 500}/clip-${i},${i % 5},${CLASSES[i % 4]},${CLASSES[(i * 3) % 4]}`);
    fs.writeFileSync(big, rows.join('\n') + '\n');
    for (const heap of [24, 40, 56]) {
      const r = spawnSync(process.execPath, ['bin/melab.js', 'metrics', '--predictions', big], {
        encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heap}` },
      });
      assert.equal(r.status, 2, `heap ${heap} MiB: exit ${r.status} ${r.stderr.slice(0, 300)}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr.slice(0, 500));
      assert.match(r.stderr, /heap-emotion\.csv: (the table does not fit in memory|.* needs about \d+ MiB, more than the \d+ MiB JavaScript heap holds)/);
    }
  });
});
