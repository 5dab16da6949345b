/**
 * `npm run report` on the default data (goal < 60 s once set up) and executing every notebook
 * headlessly (goal < 2 min). No reference tool does this work, so the times are printed next to
 * their goals rather than as a ratio.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebooks, notebookFiles } from '../src/analysis/report/notebooks';

const ROOT = path.resolve(__dirname, '..');

function line(what: string, ms: number, goalMs: number): void {
  console.log(`${what}: ${(ms / 1000).toFixed(1)} s (goal < ${goalMs / 1000} s: ${ms < goalMs ? 'met' : 'NOT met'})`);
}

export default async function bench(): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-bench-report-'));
  // exactly what `npm run report` runs after its set-up step: the CLI, in a fresh process
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), 'report', '--out', out, '--quiet', '--json'], { encoding: 'utf8', cwd: ROOT });
  const reportMs = Date.now() - t0;
  if (r.status !== 0) throw new Error(`melab report failed (exit ${r.status}): ${r.stderr.trim()}`);
  const summary = JSON.parse(r.stdout) as { files: string[]; sections: { status: string }[] };
  line(`melab report, default data (${summary.files.length} files, ${summary.sections.filter((s) => s.status === 'written').length} sections)`, reportMs, 60000);

  const notebooks = notebookFiles(path.join(ROOT, 'notebooks'));
  const t1 = Date.now();
  const results = await executeNotebooks(notebooks, fs.mkdtempSync(path.join(os.tmpdir(), 'melab-bench-nb-')));
  const nbMs = Date.now() - t1;
  const failed = results.filter((x) => x.exitCode !== 0);
  if (failed.length) throw new Error(`notebooks failed: ${failed.map((x) => path.basename(x.notebook)).join(', ')}`);
  for (const x of results) console.log(`  ${path.basename(x.notebook)}: ${(x.ms / 1000).toFixed(1)} s`);
  line(`all ${notebooks.length} notebooks executed (${os.cpus().length} at a time)`, nbMs, 120000);
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(path.dirname(results[0].output), { recursive: true, force: true });
}
