/**
 * Issue 11, item 10 (and the "cannot fit" half of item 11) for the protocol commands: every input
 * that used to print "internal error" or a misleading message gets one line on stderr naming the file
 * (or the option) and what is wrong, with exit 2.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
function melab(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), ...args], { encoding: 'utf8' });
}
function oneLine(r: ReturnType<typeof melab>, pattern: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  assert.match(lines[0], pattern);
}

describe('protocol commands: one-line errors naming the file', function () {
  this.timeout(60000);
  const dir = tmpDir();

  it('metrics on a folder', () => {
    oneLine(melab('metrics', '--predictions', dir), new RegExp(`^melab metrics: ${dir}: is a folder, not a file`));
  });

  it('metrics on a file that cannot be read', () => {
    // /proc/self/mem exists and cannot be read as a stream (EIO): the same path as EACCES for a non-root user
    oneLine(melab('metrics', '--predictions', '/proc/self/mem'), /^melab metrics: \/proc\/self\/mem: cannot read the file \(/);
  });

  it('metrics on a 600 MiB file that is not CSV (one line of NUL bytes): streamed and refused in one line, no heap crash', () => {
    const big = path.join(dir, 'big-emotion.csv');
    fs.writeFileSync(big, 'sample_id,fold,y_true,y_pred\n');
    fs.truncateSync(big, 600 * 2 ** 20); // sparse: 600 MiB on paper, no disk used
    oneLine(melab('metrics', '--predictions', big), /big-emotion\.csv: row 2: a record of more than 64 MiB without a line end \(not a CSV file\?\)$/);
  });

  it('a label missing from the p_ columns names the missing column, not an "unknown class"', () => {
    const f = path.join(dir, 'm-emotion.csv');
    fs.writeFileSync(f, 'sample_id,fold,y_true,y_pred,p_anger,p_fear\ns/a,0,anger,anger,0.9,0.1\ns/b,0,surprise,fear,0.2,0.8\n');
    oneLine(melab('metrics', '--predictions', f), /m-emotion\.csv, row 3, column y_true, value "surprise": no probability column p_surprise for this class/);
  });

  it('an option out of range names the option and the value (not "argument is ambiguous")', () => {
    oneLine(melab('metrics', '--predictions', 'data/predictions/r3d-emotion.csv', '--bootstrap', '-5'), /^melab metrics: option --bootstrap "-5": must be a whole number ≥ 0$/);
    oneLine(melab('compare', '--a', 'data/predictions/ststnet-emotion.csv', '--b', 'data/predictions/offapexnet-emotion.csv', '--unit', 'clip'), /option --unit "clip": must be one of sample, subject/);
  });

  it('Latin-1 bytes: refused naming row and column, and read with --encoding latin1', () => {
    const f = path.join(dir, 'latin-emotion.csv');
    fs.writeFileSync(f, Buffer.concat([Buffer.from('sample_id,fold,y_true,y_pred\nJos'), Buffer.from([0xe9]), Buffer.from('/a,0,anger,anger\n')]));
    oneLine(melab('metrics', '--predictions', f), /latin-emotion\.csv: row 2, column 1: byte 0xE9 is not UTF-8 .*--encoding latin1/);
    const r = melab('metrics', '--predictions', f, '--encoding', 'latin1', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).acc, 1);
  });
});
