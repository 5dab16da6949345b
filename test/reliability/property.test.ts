/**
 * Issue 11, Done-when property test for `melab kappa` and `melab agreement`: random bytes and random
 * well-formed-but-odd CSVs (fast-check, fixed seeds) go through the CLI entry (`main`, in-process) with
 * random options. Contract (DEVELOPERS.md): exit 0, 1 or 2 only; on failure exactly one line on stderr
 * naming the command, never "internal error" or a stack trace; on success, --json output is one JSON
 * object whose headline number (kappa, alpha or R) is a finite number.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { melab } from './helpers';

let tmp: string;
let counter = 0;
const write = (ext: string, content: string | Uint8Array): string => {
  const file = path.join(tmp, `in${++counter}${ext}`);
  fs.writeFileSync(file, content);
  return file;
};

/** Checks one CLI run against the contract; returns a description of the violation, or null. */
const outcomes = { ok: 0, refused: 0 };
async function violates(args: string[], headline: 'kappa' | 'alpha' | 'R'): Promise<string | null> {
  const r = await melab(args);
  outcomes[r.status === 0 ? 'ok' : 'refused']++;
  const cmd = args[0];
  if (![0, 1, 2].includes(r.status)) return `exit ${r.status}`;
  if (r.status !== 0) {
    const lines = r.stderr.trimEnd().split('\n');
    const last = lines[lines.length - 1];
    if (lines.filter((l) => !l.startsWith(`melab ${cmd}: warning: `)).length !== 1) return `not one line: ${JSON.stringify(r.stderr.slice(0, 500))}`;
    if (!last.startsWith(`melab ${cmd}: `)) return `message does not name the command: ${last}`;
    if (/internal error|\n\s+at |\.ts:\d+:\d+/.test(r.stderr)) return `internal error / stack: ${r.stderr.slice(0, 500)}`;
    return null;
  }
  if (/internal error|\n\s+at /.test(r.stderr)) return `stack on stderr with exit 0: ${r.stderr.slice(0, 300)}`;
  if (!args.includes('--json')) return r.stdout.length > 0 ? null : 'exit 0 and no output';
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(r.stdout);
  } catch {
    return `--json output is not JSON: ${r.stdout.slice(0, 200)}`;
  }
  return typeof j[headline] === 'number' && Number.isFinite(j[headline]) ? null : `exit 0 with ${headline} = ${JSON.stringify(j[headline])}`;
}

// Cells a ratings or coders file may hold: labels, numbers written several ways, missing markers, AU codes,
// quoting and delimiter trouble, odd Unicode, huge and negative numbers.
const CELLS = [
  'fear', 'Fear', 'FEAR', 'anger', 'happiness', 'others', 'none', '1', '1.0', '01', '2', '-1', '1e308', '0x10', 'Infinity', '46341',
  'NA', 'NaN', 'N/A', 'null', '', ' ', '#N/A', '"a,b"', '"q""uote"', 'AU12', '4+L12', 'au4', '12?', 'A1', 'Filename', 'y_true',
  'é', 'Jose\u0301', '\u00a0', '😀', 'x'.repeat(300), '0', '3', '7',
];
const HEADERS = ['Filename', 'Item', 'id', 'Subject', 'A1', 'A2', 'A3', 'a1', 'R1', 'CoderA', 'CoderB', 'sample', 'aus', 'SecondRound', 'c1', 'c2', 'y_true', 'y_pred', 'sample_id', 'fold', 'OnsetFrame', 'Emotion', '', 'A1'];

const oddCsv = fc.record({
  header: fc.array(fc.constantFrom(...HEADERS), { minLength: 0, maxLength: 6 }),
  rows: fc.array(fc.array(fc.constantFrom(...CELLS), { minLength: 0, maxLength: 7 }), { minLength: 0, maxLength: 12 }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  blankLines: fc.boolean(),
}).map(({ header, rows, eol, bom, blankLines }) =>
  (bom ? '\ufeff' : '') + [header.join(','), ...rows.map((r) => r.join(','))].join(blankLines ? eol + eol : eol) + eol);

/** Rectangular ratings-like files (more often valid, so the success path is exercised too). */
const ratingsCsv = fc.record({
  raters: fc.integer({ min: 1, max: 5 }),
  items: fc.integer({ min: 2, max: 25 }),
  pool: fc.array(fc.oneof({ arbitrary: fc.constantFrom('fear', 'anger', 'happiness', '1', '2', '3', '1.0'), weight: 6 }, { arbitrary: fc.constantFrom(...CELLS), weight: 1 }), { minLength: 1, maxLength: 5 }),
  seed: fc.integer({ min: 0, max: 1 << 20 }),
  id: fc.boolean(),
  duplicateIds: fc.boolean(),
}).map(({ raters, items, pool, seed, id, duplicateIds }) => {
  let s = seed;
  const pick = () => { s = (s * 1103515245 + 12345) % 2147483648; return pool[s % pool.length]; };
  const header = [...(id ? ['Filename'] : []), ...Array.from({ length: raters }, (_, r) => `R${r + 1}`)];
  const rows = Array.from({ length: items }, (_, i) => [...(id ? [`s${duplicateIds ? i % 11 : i}`] : []), ...Array.from({ length: raters }, pick)]);
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
});

const kappaOptions = fc.record({
  counts: fc.boolean(),
  listwise: fc.boolean(),
  foldCase: fc.boolean(),
  alpha: fc.option(fc.constantFrom('nominal', 'ordinal', 'interval', 'ratio', 'bogus'), { nil: undefined }),
  bootstrap: fc.option(fc.constantFrom('0', '5', '-5', 'x', '1e3'), { nil: undefined }),
  se: fc.option(fc.constantFrom('fleiss-1971', 'nope'), { nil: undefined }),
  json: fc.boolean(),
}).map((o) => [
  ...(o.counts ? ['--counts'] : []), ...(o.listwise ? ['--listwise'] : []), ...(o.foldCase ? ['--fold-case'] : []),
  ...(o.alpha ? ['--alpha', o.alpha] : []), ...(o.bootstrap ? ['--bootstrap', o.bootstrap] : []), ...(o.se ? ['--se', o.se] : []),
  ...(o.json ? ['--json'] : []),
]);

/** Options a user would pass (valid values), so that valid ratings files reach a result. */
const validKappaOptions = fc.record({
  listwise: fc.boolean(),
  foldCase: fc.boolean(),
  alpha: fc.option(fc.constantFrom('nominal', 'ordinal', 'interval', 'ratio'), { nil: undefined }),
  bootstrap: fc.boolean(),
}).map((o) => [
  ...(o.alpha ? ['--alpha', o.alpha] : [...(o.listwise ? ['--listwise'] : []), ...(o.bootstrap ? ['--bootstrap', '20'] : [])]),
  ...(o.foldCase ? ['--fold-case'] : []), '--json',
]);

const agreementOptions = fc.subarray(['--fold-sides', '--keep-intensity', '--drop-uncertain', '--per-sample', '--json']);

describe('reliability: property test of melab kappa and melab agreement (issue 11)', () => {
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-prop-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const check = async (args: string[], headline: 'kappa' | 'alpha' | 'R') => {
    const problem = await violates(args, headline);
    assert.equal(problem, null, `melab ${args.join(' ')}`);
  };
  const kappaHeadline = (opts: string[]) => (opts.includes('--alpha') ? 'alpha' : 'kappa');

  it('random bytes (as .csv and as .xlsx) never give a stack trace or another exit code', async () => {
    await fc.assert(fc.asyncProperty(
      fc.uint8Array({ maxLength: 600 }), fc.constantFrom('.csv', '.xlsx', '.txt'), kappaOptions, agreementOptions,
      async (bytes, ext, kOpts, aOpts) => {
        const file = write(ext, bytes);
        await check(['kappa', '--ratings', file, ...kOpts], kappaHeadline(kOpts));
        await check(['agreement', '--coders', file, ...aOpts], 'R');
        await check(['agreement', '--coder-a', file, '--coder-b', file, ...aOpts], 'R');
      }), { seed: 11, numRuns: 120 });
  });

  it('odd but well-formed CSVs (BOM, CR/CRLF, blank lines, quotes, missing markers, duplicates, Unicode)', async () => {
    await fc.assert(fc.asyncProperty(oddCsv, oddCsv, kappaOptions, agreementOptions, async (one, two, kOpts, aOpts) => {
      const a = write('.csv', one);
      const b = write('.csv', two);
      await check(['kappa', '--ratings', a, ...kOpts], kappaHeadline(kOpts));
      await check(['agreement', '--coders', a, ...aOpts], 'R');
      await check(['agreement', '--coder-a', a, '--coder-b', b, ...aOpts], 'R');
    }), { seed: 12, numRuns: 250 });
  });

  it('rectangular ratings files with assorted labels: a finite kappa/alpha or a one-line refusal', async () => {
    await fc.assert(fc.asyncProperty(ratingsCsv, validKappaOptions, async (csv, kOpts) => {
      await check(['kappa', '--ratings', write('.csv', csv), ...kOpts], kappaHeadline(kOpts));
    }), { seed: 13, numRuns: 250 });
  });

  it('the generators reach both outcomes (the properties above are not vacuous)', () => {
    // with the seeds above: many refusals (bad files) and many results (valid ratings)
    assert.ok(outcomes.ok >= 50 && outcomes.refused >= 200, JSON.stringify(outcomes));
  });
});
