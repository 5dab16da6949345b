/**
 * A failing cell on the melab kernel: nbclient's (and nbconvert's) message names the error. tslab's
 * own reply carries no ename / evalue, so the message was "<Error>: "; scripts/melab-kernel.js,
 * preloaded into the kernel (kernel.json env NODE_OPTIONS, scripts/register-kernel.sh), adds them.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MelabError } from '../../src/analysis';
import { readLabels } from '../../src/analysis/labels';
import { checkoutKernel, executeNotebooks, readNotebook } from '../../src/analysis/report/notebooks';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { errorFields } = require(path.join(ROOT, 'scripts', 'melab-kernel.js')) as {
  errorFields: (lists: unknown[][]) => { ename: string; evalue: string; traceback: string[] };
};

function notebook(file: string, cells: string[]): string {
  fs.writeFileSync(file, JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'melab', display_name: 'melab', language: 'typescript' } },
    cells: cells.map((source, i) => ({ id: `c${i}`, cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: [source] })),
  }));
  return file;
}

/** nbclient's CellExecutionError text: the lines after the cell's source. */
function errorMessage(stderr: string): string {
  const parts = stderr.split('------------------');
  return (parts[parts.length - 1] ?? '').trim();
}

describe('a failing notebook cell names its error (scripts/melab-kernel.js)', function () {
  this.timeout(300000);
  let tmp = '';
  after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it('the kernel preloads the hook through kernel.json env', () => {
    const spec = JSON.parse(fs.readFileSync(checkoutKernel(ROOT).file, 'utf8')) as { env?: Record<string, string> };
    assert.equal(spec.env?.NODE_OPTIONS, `--require ${JSON.stringify(path.join(ROOT, 'scripts', 'melab-kernel.js'))}`);
  });

  it('MelabError, TypeScript and other errors: ename and evalue in nbclient\'s message; the cell\'s child processes do not load the hook', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-kernel-errors-'));
    const missing = path.join(tmp, 'no-such-sheet.csv');
    // the message melab gives for this file outside Jupyter
    let expected = '';
    try { readLabels(missing); } catch (e) { assert.ok(e instanceof MelabError); expected = `MelabError: ${e.message}`; }
    assert.ok(expected.includes(missing));
    const nbs = [
      notebook(path.join(tmp, 'melab.ipynb'), [
        "console.log(process.env.NODE_OPTIONS ?? 'unset');",
        `import * as melab from '..';\nmelab.readLabels(${JSON.stringify(missing)});`,
      ]),
      notebook(path.join(tmp, 'typescript.ipynb'), ["const x: number = 'a';"]),
      notebook(path.join(tmp, 'range.ipynb'), ["throw new RangeError('boom');"]),
    ];
    const [melab, typescript, range] = await executeNotebooks(nbs, path.join(tmp, 'out'), 3);
    for (const r of [melab, typescript, range]) {
      assert.notEqual(r.exitCode, 0, `${r.notebook} did not fail`);
      assert.doesNotMatch(errorMessage(r.stderr), /^<Error>:/, r.stderr);
    }
    // MelabError: its one line, once
    assert.equal(errorMessage(melab.stderr), expected);
    // TypeScript: the compiler's diagnostic (TS2322), with line and column
    assert.equal(errorMessage(typescript.stderr), "TypeScript: 1:7 - Type 'string' is not assignable to type 'number'.");
    // any other error: its stack, then "RangeError: boom"
    const rangeMessage = errorMessage(range.stderr);
    assert.ok(rangeMessage.endsWith('RangeError: boom') && rangeMessage.split('\n').length > 1, rangeMessage);
    // the hook took itself out of NODE_OPTIONS: a node process a cell starts does not load tslab
    const first = readNotebook(melab.output).cells[0].outputs ?? [];
    assert.equal([first[0]?.text].flat().join('').trim(), 'unset');
  });

  it('errorFields: a thrown value, diagnostics, nothing printed', () => {
    assert.deepEqual(errorFields([[new MelabError('x.csv, row 3: bad')]]), { ename: 'MelabError', evalue: 'x.csv, row 3: bad', traceback: [] });
    const range = errorFields([[new RangeError('boom')]]);
    assert.equal(range.ename, 'RangeError');
    assert.equal(range.traceback[0], 'RangeError: boom');
    assert.deepEqual(errorFields([['oops']]), { ename: 'Error', evalue: "'oops'", traceback: ["'oops'"] });
    assert.deepEqual(errorFields([['%s%d:%d - %s', '', 1, 7, 'a'], ['%s%d:%d - %s', '', 2, 1, 'b']]), { ename: 'TypeScript', evalue: '1:7 - a\n2:1 - b', traceback: [] });
    assert.equal(errorFields([]).ename, 'Error');
  });
});
