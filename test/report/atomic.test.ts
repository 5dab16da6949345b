/**
 * `melab report` is atomic (issue 11, item 9): the report is built in a new folder beside --out and
 * swapped in at the end, so a finished run leaves only its own files (no stale Table 8 from an earlier
 * run), a failed run leaves the previous report exactly as it was, and nothing is left beside it. A
 * folder holding files melab did not write is refused, --out at a file or at a place that cannot be
 * written gets the one-line error naming it, and the default output folder holds no tracked file.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildReport, REPORT_MARKER } from '../../src/analysis/report/build';
import { writtenSection } from '../../src/analysis/report/section';
import type { TableSpec } from '../../src/analysis/report/table';
import { baseLayout } from '../../src/analysis/figures/style';

const ROOT = path.resolve(__dirname, '..', '..');
const table = (id: string): TableSpec => ({ id, title: id, columns: [{ key: 'a', label: 'A' }], rows: [{ a: 1 }] });

/** Every file under dir (relative paths) with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const f of fs.readdirSync(d)) {
      const abs = path.join(d, f);
      if (fs.statSync(abs).isDirectory()) walk(abs);
      else out[path.relative(dir, abs)] = fs.readFileSync(abs, 'latin1');
    }
  };
  walk(dir);
  return out;
}

describe('melab report is atomic', function () {
  this.timeout(120000);
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-atomic-'));
  const out = path.join(parent, 'reports');
  const run = (...ids: string[]) => buildReport({ out, progress: false, sections: [() => writtenSection('s', 'S', { tables: ids.map(table) })] });

  it('a second run replaces the first: only its own files, none left from the earlier run, nothing beside the folder', async () => {
    await run('table8-old', 'shared');
    assert.ok(fs.existsSync(path.join(out, 'tables', 'table8-old.tex')));
    const summary = await run('shared', 'new-only');
    const files = Object.keys(snapshot(out)).sort();
    assert.deepEqual(files, [REPORT_MARKER, 'index.html', ...['new-only', 'shared'].flatMap((id) => ['csv', 'md', 'tex'].map((x) => `tables/${id}.${x}`))].sort());
    assert.deepEqual([...summary.files].sort(), files.filter((f) => f !== REPORT_MARKER));
    assert.deepEqual(fs.readdirSync(parent), ['reports']);
  });

  it('a run that fails half-way leaves the previous report byte for byte, and no staging folder', async () => {
    const before = snapshot(out);
    const broken = { id: 'broken', title: 'Broken', width: -5, height: 100, data: [{ type: 'bar', x: [1], y: [1] }], layout: baseLayout('Broken') };
    await assert.rejects(buildReport({
      out, progress: false,
      sections: [() => writtenSection('s', 'S', { tables: [table('would-be-new')], figures: [broken] })],
    }), /figure broken/);
    assert.deepEqual(snapshot(out), before);
    assert.deepEqual(fs.readdirSync(parent), ['reports']);
  });

  it('a folder with files melab did not write is refused, and left untouched', async () => {
    const mine = path.join(parent, 'paper');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'draft.tex'), 'my paper');
    await assert.rejects(buildReport({ out: mine, progress: false, sections: [() => writtenSection('s', 'S', { tables: [table('t')] })] }),
      /paper: --out holds files melab did not write \(draft\.tex\)/);
    assert.deepEqual(fs.readdirSync(mine), ['draft.tex']);
    assert.deepEqual(fs.readdirSync(parent).sort(), ['paper', 'reports']);
  });

  it('--out at a file, or where nothing can be written: exit 2, one line naming it (CLI)', () => {
    const file = path.join(parent, 'a-file');
    fs.writeFileSync(file, 'x');
    for (const [target, why] of [[file, /--out must be a folder, and this is a file/], ['/proc/melab-no-such/report', /cannot write the report here \(/]] as const) {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), 'report', '--out', target, '--quiet'], { encoding: 'utf8', cwd: ROOT });
      assert.equal(r.status, 2, r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0].startsWith(`melab report: ${target}: `), lines[0]);
      assert.match(lines[0], why);
    }
  });

  it('the default output folder (reports/) holds no tracked file, so running the report changes nothing git tracks', () => {
    const r = spawnSync('git', ['ls-files', 'reports'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(spawnSync('git', ['check-ignore', '-q', 'reports/index.html'], { cwd: ROOT }).status, 0, 'reports/ is ignored');
  });
});
