/**
 * Reading a large prediction export (issue 11, item 11): a CSV of N rows (default 1,000,000; set
 * MELAB_BENCH_READ_ROWS, e.g. 10000000 for the ~1 GB export of the goal) with 7 probability columns
 * (bench/make-prediction-export.ts), read, fully validated (schema included) and scored (what
 * `melab metrics` does) in a fresh node process: wall time and peak RSS, next to pandas' read_csv of the
 * same file (reading only, no validation) in its own process, in the same run. Then the same export under
 * a heap too small for it: the one-line refusal (never V8's crash), timed.
 * Goal: 10 million rows scored in < 2 GiB peak RSS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeBigExport } from './make-prediction-export';
import { pythonReference, report } from './util';

const ROOT = path.resolve(__dirname, '..');
const N = Number(process.env.MELAB_BENCH_READ_ROWS ?? 1_000_000);
/** The goal of issue 11, item 11 (at 10 million rows). */
const GOAL_MIB = 2048;

const NODE_READ = `
require('tsx/cjs');
const { readPredictions } = require(${JSON.stringify(path.join(ROOT, 'src', 'analysis', 'protocol', 'predictions.ts'))});
const { exportMetrics } = require(${JSON.stringify(path.join(ROOT, 'src', 'analysis', 'protocol', 'tables.ts'))});
const t0 = process.hrtime.bigint();
const e = readPredictions(process.argv[1]);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const m = exportMetrics(e, 'present');
const scoreMs = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(JSON.stringify({ ms, scoreMs, rows: e.sampleIds.length, uf1: m.pooled.uf1, max_rss_mb: process.resourceUsage().maxRSS / 1024 }));
`;

const PANDAS_READ = `
import json, resource, sys, time
import pandas as pd
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "rows": len(df), "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

/** One line in report()'s style for peak memory: melab, the reference, and reference / melab (> 1: melab holds less). */
function reportMemory(what: string, melabMiB: number, refName: string, refMiB: number): void {
  console.log(`${what}: melab ${melabMiB.toFixed(0)} MiB | ${refName} ${refMiB.toFixed(0)} MiB | ${refName}/melab = ${(refMiB / melabMiB).toFixed(2)}×`);
}

export default async function bench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-bench-read-'));
  try {
    const file = path.join(dir, 'big-emotion.csv');
    const mb = writeBigExport(file, N) / 2 ** 20;

    const node = JSON.parse(execFileSync(process.execPath, ['-e', NODE_READ, file], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 }).trim().split('\n').pop() as string);
    const py = pythonReference(PANDAS_READ, [file]);
    if (node.rows !== N || py.rows !== N) throw new Error(`rows read: melab ${node.rows}, pandas ${py.rows}, expected ${N}`);
    console.log(`${N.toLocaleString('en')} rows, ${mb.toFixed(0)} MiB CSV, 7 classes with probabilities; each side in its own process`);
    report('read + validate the export (melab) vs read_csv only (pandas)', node.ms, 'pandas', py.ms);
    reportMemory('peak RSS, read + validate + score (melab) vs read_csv only (pandas)', node.max_rss_mb, 'pandas', py.max_rss_mb);
    console.log(N >= 10_000_000
      ? `goal (issue 11): 10 million rows scored in < ${GOAL_MIB} MiB peak RSS: ${node.max_rss_mb < GOAL_MIB ? 'met' : 'NOT met'} (${node.max_rss_mb.toFixed(0)} MiB)`
      : `goal (issue 11): 10 million rows scored in < ${GOAL_MIB} MiB peak RSS: measured with MELAB_BENCH_READ_ROWS=10000000`);

    // the same export when the heap cannot hold it: refused in one line, not V8's abort (exit 134)
    const heap = Math.max(24, Math.round((N / 1e6) * 40));
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), 'metrics', '--predictions', file], {
      encoding: 'utf8', cwd: ROOT, env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heap}` },
    });
    const refusedMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const lines = r.stderr.trim().split('\n').length;
    console.log(`under --max-old-space-size=${heap}: exit ${r.status} in ${refusedMs.toFixed(0)} ms (process start included), ${lines} line${lines === 1 ? '' : 's'}: ${r.stderr.trim().split('\n')[0].replace(dir, '<tmp>')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
