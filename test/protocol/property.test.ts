/**
 * Issue 11, Done-when property test for the protocol commands: `melab metrics`, `melab tables` (a folder
 * of exports: what `melab report` reads for its model review) and `melab compare`. Random bytes and
 * random well-formed-but-odd CSV and JSON Lines exports (fast-check, fixed seeds) go through the CLI
 * entry (`main`, in-process) with random options. Contract: exit 0, 1 or 2 only; on failure exactly
 * one line on stderr naming the command, never "internal error" or a stack trace; on success --json
 * output is one JSON object (metrics: finite acc or an AU average).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { melab } from '../cli-in-process';


const outcomes = { ok: 0, refused: 0 };
async function violates(args: string[]): Promise<string | null> {
  const r = await melab(args);
  outcomes[r.status === 0 ? 'ok' : 'refused']++;
  const cmd = args[0];
  if (![0, 1, 2].includes(r.status)) return `exit ${r.status}`;
  if (/internal error|\n\s+at |\.ts:\d+:\d+/.test(r.stderr)) return `internal error / stack: ${r.stderr.slice(0, 500)}`;
  if (r.status !== 0) {
    const lines = r.stderr.trimEnd().split('\n');
    if (lines.length !== 1) return `not one line: ${JSON.stringify(r.stderr.slice(0, 500))}`;
    if (!lines[0].startsWith(`melab ${cmd}: `)) return `message does not name the command: ${lines[0]}`;
    return null;
  }
  if (!args.includes('--json')) return r.stdout.length > 0 ? null : 'exit 0 and no output';
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(r.stdout);
  } catch {
    return `--json output is not one JSON object: ${r.stdout.slice(0, 200)}`;
  }
  if (cmd === 'metrics' && !(Number.isFinite(j.acc) || Number.isFinite(j.au_average))) return `exit 0 with acc ${j.acc}, au_average ${j.au_average}`;
  return null;
}

const COLUMNS = ['model', 'dataset', 'subject', 'sample_id', 'fold', 'y_true', 'y_pred', 'p_anger', 'p_fear', 'p_happiness', 'p_surprise',
  'au_true_AU4', 'au_score_AU4', 'au_true_AU12', 'au_score_AU12', 'x_site', 'epoch', '', 'fold', 'Emotion'];
const CELLS = ['anger', 'fear', 'happiness', 'surprise', 'Anger', 'FEAR', 'others', '0', '1', '2', '10', '-1', '1.5', '0.5', '0.25', '1e-3', '1e308',
  'NaN', 'NA', '', ' ', 's1', 's2', 's1/a', 's1/b', 's2/a', 'casme2/s1/a', 'm', 'ststnet', 'dfme', '"a,b"', '"q""uote"', 'é', '😀', 'x'.repeat(200)];

/** Exports that are mostly well formed (so the success path runs) with odd cells mixed in. */
const exportCsv = fc.record({
  cols: fc.oneof(
    fc.constant(['sample_id', 'fold', 'y_true', 'y_pred']),
    fc.constant(['sample_id', 'y_true', 'y_pred']),
    fc.constant(['model', 'subject', 'sample_id', 'fold', 'y_true', 'y_pred', 'p_anger', 'p_fear']),
    fc.constant(['sample_id', 'fold', 'au_true_AU4', 'au_score_AU4']),
    fc.array(fc.constantFrom(...COLUMNS), { minLength: 0, maxLength: 8 }),
  ),
  n: fc.integer({ min: 0, max: 20 }),
  odd: fc.double({ min: 0, max: 0.4, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1 << 20 }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
}).map(({ cols, n, odd, seed, eol, bom }) => {
  let s = seed;
  const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const good = (c: string, i: number): string => {
    if (c === 'sample_id') return `s${i % 4}/c${i}`;
    if (c === 'subject') return `s${i % 4}`;
    if (c === 'fold') return String(i % 3);
    if (c === 'model') return 'm';
    if (c === 'y_true' || c === 'y_pred') return rnd() < 0.5 ? 'anger' : 'fear';
    if (c === 'p_anger') return '0.5';
    if (c === 'p_fear') return '0.5';
    if (c.startsWith('au_true_')) return rnd() < 0.5 ? '0' : '1';
    if (c.startsWith('au_score_')) return rnd().toFixed(3);
    return CELLS[Math.floor(rnd() * CELLS.length)];
  };
  const rows = Array.from({ length: n }, (_, i) => cols.map((c) => (rnd() < odd ? CELLS[Math.floor(rnd() * CELLS.length)] : good(c, i))));
  return (bom ? '\ufeff' : '') + [cols.join(','), ...rows.map((r) => r.join(','))].join(eol) + eol;
});

const options = fc.record({
  json: fc.boolean(),
  foldBy: fc.option(fc.constantFrom('subject', 'fold', 'model', 'nope'), { nil: undefined }),
  by: fc.option(fc.constantFrom('dataset', 'subject', 'x_site', 'nope'), { nil: undefined }),
  classes: fc.option(fc.constantFrom('anger,fear', 'a,b,c', ',', 'anger,anger'), { nil: undefined }),
  rule: fc.option(fc.constantFrom('present', 'all', 'bad'), { nil: undefined }),
  bootstrap: fc.option(fc.constantFrom('0', '20', '-5', 'x'), { nil: undefined }),
});
const flags = (o: { json: boolean; foldBy?: string; by?: string; classes?: string; rule?: string; bootstrap?: string }): string[] => [
  ...(o.json ? ['--json'] : []), ...(o.foldBy ? ['--fold-by', o.foldBy] : []), ...(o.by ? ['--by', o.by] : []),
  ...(o.classes ? ['--classes', o.classes] : []), ...(o.rule ? ['--rule', o.rule] : []), ...(o.bootstrap ? ['--bootstrap', o.bootstrap] : []),
];

describe('protocol: property test of melab metrics, tables and compare (issue 11)', function () {
  this.timeout(300000);
  let tmp: string;
  let counter = 0;
  const file = (name: string, content: string | Uint8Array): string => {
    const dir = path.join(tmp, String(++counter));
    fs.mkdirSync(dir);
    const f = path.join(dir, name);
    fs.writeFileSync(f, content);
    return f;
  };
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-protocol-prop-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('random bytes as an export (.csv, .jsonl) and as a manifest: no stack trace, exit 0/1/2, one line', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('m-emotion.csv', 'm-emotion.jsonl'), fc.boolean(), async (bytes, name, asManifest) => {
      const f = asManifest ? file('m-emotion.csv', 'sample_id,fold,y_true,y_pred\ns/a,0,anger,anger\n') : file(name, bytes);
      if (asManifest) fs.writeFileSync(f.replace(/\.csv$/, '.manifest.json'), bytes);
      const v = await violates(['metrics', '--predictions', f, '--json']);
      assert.equal(v, null);
    }), { seed: 21, numRuns: 150 });
  });

  it('odd but well-formed CSV exports through metrics with random options', async () => {
    await fc.assert(fc.asyncProperty(exportCsv, options, async (csv, o) => {
      const v = await violates(['metrics', '--predictions', file('m-emotion.csv', csv), ...flags(o)]);
      assert.equal(v, null);
    }), { seed: 22, numRuns: 300 });
  });

  it('folders of odd exports through tables (Table 8 and 9), and pairs through compare', async () => {
    await fc.assert(fc.asyncProperty(exportCsv, exportCsv, fc.constantFrom('8', '9', '7'), fc.constantFrom('md', 'latex', 'csv', 'html'), async (a, b, table, format) => {
      const fa = file('a-emotion.csv', a);
      const fb = path.join(path.dirname(fa), 'b-au.csv');
      fs.writeFileSync(fb, b);
      assert.equal(await violates(['tables', '--predictions', path.dirname(fa), '--table', table, '--format', format]), null);
      const fc2 = path.join(path.dirname(fa), 'c-emotion.csv');
      fs.writeFileSync(fc2, b);
      assert.equal(await violates(['compare', '--a', fa, '--b', fc2, '--bootstrap', '20', '--json']), null);
    }), { seed: 23, numRuns: 120 });
  });

  it('the generators reach both outcomes (the properties are not vacuous)', () => {
    assert.ok(outcomes.ok > 30, `only ${outcomes.ok} successful runs`);
    assert.ok(outcomes.refused > 100, `only ${outcomes.refused} refusals`);
  });
});
