/**
 * Reading a large prediction export (issue 11, item 11): a CSV of N rows (default 1,000,000; set
 * MELAB_BENCH_READ_ROWS) with 7 probability columns, read and fully validated by readPredictions
 * (schema included) in a fresh node process, its wall time and peak RSS, next to pandas' read_csv of the
 * same file (reading only, no validation) in the same run. Then what happens to an export too large to
 * hold as one string (a sparse 1 GiB file, ~10 million rows on paper): the one-line refusal, timed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom } from '../src/analysis/util/random';
import { pythonReference, report } from './util';

const ROOT = path.resolve(__dirname, '..');
const N = Number(process.env.MELAB_BENCH_READ_ROWS ?? 1_000_000);
const CLASSES = ['happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise'];

const NODE_READ = `
require('tsx/cjs');
const { readPredictions } = require(${JSON.stringify(path.join(ROOT, 'src', 'analysis', 'protocol', 'predictions.ts'))});
const t0 = process.hrtime.bigint();
const e = readPredictions(process.argv[1]);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(JSON.stringify({ ms, rows: e.sampleIds.length, max_rss_mb: process.resourceUsage().maxRSS / 1024 }));
`;

const PANDAS_READ = `
import json, resource, sys, time
import pandas as pd
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "rows": len(df), "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

export default async function bench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-bench-read-'));
  try {
    const file = path.join(dir, 'big-emotion.csv');
    const rng = seededRandom(0);
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, `model,dataset,subject,sample_id,fold,y_true,y_pred,${CLASSES.map((c) => `p_${c}`).join(',')}\n`);
    let chunk = '';
    for (let i = 0; i < N; i++) {
      const s = `sub${String(i % 5000).padStart(4, '0')}`;
      const t = rng.int(7);
      const p = rng.next() < 0.5 ? t : rng.int(7);
      const probs = CLASSES.map((_, c) => (c === p ? 0.4 : 0.1).toFixed(6));
      chunk += `m,dfme,${s},${s}/clip${i},${(i % 5000) % 10},${CLASSES[t]},${CLASSES[p]},${probs.join(',')}\n`;
      if (chunk.length > 1 << 22) { fs.writeSync(fd, chunk); chunk = ''; }
    }
    fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const mb = fs.statSync(file).size / 2 ** 20;

    const node = JSON.parse(execFileSync(process.execPath, ['-e', NODE_READ, file], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 }).trim().split('\n').pop() as string);
    const py = pythonReference(PANDAS_READ, [file]);
    console.log(`${N.toLocaleString('en')} rows, ${mb.toFixed(0)} MiB CSV, 7 classes with probabilities; each side in its own process`);
    report('read + validate the export (melab) vs read_csv only (pandas)', node.ms, 'pandas', py.ms);
    console.log(`peak RSS: melab ${node.max_rss_mb.toFixed(0)} MiB | pandas ${py.max_rss_mb.toFixed(0)} MiB | melab/pandas = ${(node.max_rss_mb / py.max_rss_mb).toFixed(2)}×`);

    // ~10 million rows (1 GiB): more than V8 holds as one string; today it is refused in one line, not streamed
    const huge = path.join(dir, 'huge-emotion.csv');
    fs.writeFileSync(huge, 'sample_id,fold,y_true,y_pred\n');
    fs.truncateSync(huge, 2 ** 30);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), 'metrics', '--predictions', huge], { encoding: 'utf8', cwd: ROOT });
    const refusedMs = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(`1 GiB export (~10 million rows): exit ${r.status} in ${refusedMs.toFixed(0)} ms (process start included): ${r.stderr.trim()}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
