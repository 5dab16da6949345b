import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { assertClose } from '../helpers/close';

const run = promisify(execFile);
type Result = { code: number; stdout: string; stderr: string };
async function melab(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/melab.js', 'stats', ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('melab stats (CLI)', () => {
  const results: Record<string, Result> = {};
  before(async () => {
    // the commands run side by side: each pays the start-up of node + tsx once
    const calls: Record<string, string[]> = {
      summary: ['--labels', 'test/fixtures/labels/casme2.csv', '--json'],
      table6: ['--table', '6', '--json', '--first-participants', '300', '--emotions', 'happiness,surprise'],
      table5md: ['--labels', 'test/fixtures/labels/dfme.csv', '--format', 'md', '--table', '5'],
      bad: ['--labels', 'test/fixtures/labels/dfme.csv', '--table', '9'],
    };
    await Promise.all(Object.entries(calls).map(async ([k, args]) => { results[k] = await melab(...args); }));
  });

  it('--json prints exactly the DESIGN.md contract object', () => {
    const r = results.summary;
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j), ['dataset', 'rows', 'subjects', 'emotions', 'aus', 'me', 'mae', 'issues', 'detected', 'excluded']);
    // casme2.csv by hand: 7 clips of subjects 01, 02, 04, 05; EP09_01 has apex "/" but 91−61+1 = 31 ≤ 100 frames → ME
    assert.deepEqual([j.dataset, j.rows, j.subjects, j.me, j.mae], ['casme2', 7, 4, 7, 0]);
    assert.deepEqual(j.emotions, { happiness: 2, disgust: 2, surprise: 1, others: 1, repression: 1 });
    assert.equal(j.aus['L-AU10'], 2);
    assert.ok(j.issues.some((i: { column: string; value: string }) => i.column === 'ApexFrame' && i.value === '/'));
  });

  it('--table 6 --json → {emotion: {code: percent}} on the default data', () => {
    const r = results.table6;
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j), ['happiness', 'surprise']);
    // Table 6: happiness AU12 79.8, surprise AU1 65.6, within the 0.3 points test/stats/paper.test.ts measured
    assertClose(j.happiness.AU12, 79.8, 0.3, 'happiness AU12 %');
    assertClose(j.surprise.AU1, 65.6, 0.3, 'surprise AU1 %');
    const values = Object.values(j.happiness) as number[];
    assert.deepEqual(values, [...values].sort((a, b) => b - a));
  });

  it('--format md is the output format (no label format has that name)', () => {
    const r = results.table5md;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\*\*Table 5: Distribution of AU labels\*\*/);
    // dfme.csv: 13 AU labels on 6 samples
    assert.match(r.stdout, /\| Total \| 13 \|/);
  });

  it('a bad option exits 2 with one line on stderr', () => {
    const r = results.bad;
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /--table.*"9".*one of 1, 5, 6, 7/);
  });
});
