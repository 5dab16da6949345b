/**
 * Reliability speed, next to statsmodels (Debian's python3-statsmodels) on the same data in the same run.
 * 1. Fleiss' kappa with its SE (Fleiss–Nee–Landis) and per-category kappas on 1,000,000 items × 7 raters
 *    (a count table, 8 categories, seeded). statsmodels' fleiss_kappa has no SE: the Python side is
 *    fleiss_kappa plus the same SE formula in numpy. Both sides get one contiguous int32 table (numpy's
 *    array; melab's FlatCountTable over an Int32Array); melab's timing from number[][] rows is printed too.
 * 2. A 1,000-resample percentile bootstrap over items on 7,526 × 7 (DFME's size). Python side: the idiomatic
 *    numpy loop, fleiss_kappa on each resampled table (rng.integers + fancy indexing), then np.percentile.
 *    melab also computes the 8 per-category intervals in the same pass; statsmodels only the overall one.
 * Both sides time only the computation (best of 7 runs for kappa, 5 for the bootstrap), not generating or reading the data: the table is
 * written once to a temporary int32 file that numpy reads before its clock starts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fleissKappaFromCounts } from '../src/analysis/reliability/fleiss';
import { seededRandom } from '../src/analysis/util/random';
import { pythonReference, report, timeMs } from './util';

const K = 8;
const RATERS = 7;
const PREVALENCE = [0.3, 0.2, 0.15, 0.1, 0.1, 0.07, 0.05, 0.03];

/** items × 8 count rows: each item has a true category that each of 7 raters picks with probability 0.75. */
function makeCounts(items: number, seed: number): number[][] {
  const rng = seededRandom(seed);
  const cum = PREVALENCE.map((_, j) => PREVALENCE.slice(0, j + 1).reduce((s, p) => s + p, 0));
  const pick = () => { const u = rng.next(); const j = cum.findIndex((c) => u < c); return j < 0 ? K - 1 : j; };
  const rows: number[][] = [];
  for (let i = 0; i < items; i++) {
    const row = new Array<number>(K).fill(0);
    const truth = pick();
    for (let r = 0; r < RATERS; r++) row[rng.next() < 0.75 ? truth : pick()]++;
    rows.push(row);
  }
  return rows;
}

function writeInt32(file: string, rows: number[][]): void {
  const flat = new Int32Array(rows.length * K);
  rows.forEach((row, i) => flat.set(row, i * K));
  fs.writeFileSync(file, Buffer.from(flat.buffer));
}

const PYTHON = `
import json, sys, time
import numpy as np
from statsmodels.stats.inter_rater import fleiss_kappa

def best(fn, repeats=3):
    t = float('inf'); out = None
    for _ in range(repeats):
        t0 = time.perf_counter(); out = fn(); t = min(t, (time.perf_counter() - t0) * 1000)
    return t, out

big = np.fromfile(sys.argv[1], dtype=np.int32).reshape(-1, ${K})
small = np.fromfile(sys.argv[2], dtype=np.int32).reshape(-1, ${K})

def kappa_with_se(table):
    kappa = fleiss_kappa(table, method='fleiss')
    N, n = table.shape[0], table[0].sum()
    p = table.sum(0) / (N * n); q = 1 - p; pq = (p * q).sum()
    se = np.sqrt(2 / (pq ** 2 * N * n * (n - 1)) * (pq ** 2 - (p * q * (q - p)).sum()))
    return kappa, se

def bootstrap(table, resamples=1000, seed=0):
    rng = np.random.default_rng(seed)
    N = table.shape[0]
    stats = np.array([fleiss_kappa(table[rng.integers(0, N, N)]) for _ in range(resamples)])
    return np.percentile(stats, [2.5, 97.5])

ms_kappa, (kappa, se) = best(lambda: kappa_with_se(big), 7)
ms_boot, ci = best(lambda: bootstrap(small), 5)
print(json.dumps({'ms_kappa': ms_kappa, 'kappa': kappa, 'se': se, 'ms_boot': ms_boot, 'lower': ci[0], 'upper': ci[1]}))
`;

export default async function bench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-bench-rel-'));
  try {
    const big = makeCounts(1_000_000, 1);
    const small = makeCounts(7526, 2);
    const bigFile = path.join(dir, 'big.int32');
    const smallFile = path.join(dir, 'small.int32');
    writeInt32(bigFile, big);
    writeInt32(smallFile, small);

    const bigFlat = { data: new Int32Array(fs.readFileSync(bigFile).buffer.slice(0)), items: big.length, categories: K };
    let res = fleissKappaFromCounts(bigFlat);
    const melabKappa = await timeMs(() => { res = fleissKappaFromCounts(bigFlat); }, 7);
    const melabRows = await timeMs(() => fleissKappaFromCounts(big), 7);
    let boot = fleissKappaFromCounts(small, undefined, { bootstrap: { resamples: 1000, seed: 0 } });
    const melabBoot = await timeMs(() => { boot = fleissKappaFromCounts(small, undefined, { bootstrap: { resamples: 1000, seed: 0 } }); }, 5);
    const py = pythonReference(PYTHON, [bigFile, smallFile]);

    report("Fleiss' kappa + SE + per-category, 1,000,000 × 7 (8 categories), int32 table both sides", melabKappa, 'statsmodels', py.ms_kappa);
    report('  the same from a JS array of 1,000,000 row arrays (number[][])', melabRows, 'statsmodels', py.ms_kappa);
    console.log(`  same numbers: kappa melab ${res.kappa.toFixed(10)} / statsmodels ${py.kappa.toFixed(10)}, SE ${res.se.toExponential(6)} / ${py.se.toExponential(6)}`);
    report("Fleiss' kappa bootstrap, 1,000 resamples of 7,526 × 7", melabBoot, 'statsmodels', py.ms_boot);
    const b = boot.bootstrap as NonNullable<typeof boot.bootstrap>;
    console.log(`  95% intervals (different random draws): melab ${b.lower.toFixed(4)}–${b.upper.toFixed(4)}, statsmodels ${py.lower.toFixed(4)}–${py.upper.toFixed(4)}`);
    console.log('  (computation only on both sides, best of 7 (kappa) and 5 (bootstrap) runs; data generated once and handed to numpy as an int32 file)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
