/**
 * Writes a synthetic emotion prediction export of N rows (7 classes with probabilities, 5,000 subjects,
 * 10 folds), for bench/prediction-read.bench.ts and for measuring memory by hand:
 *
 *   npx tsx bench/make-prediction-export.ts /tmp/big-emotion.csv 10000000   # ~1 GB
 *   /usr/bin/time -v node bin/melab.js metrics --predictions /tmp/big-emotion.csv
 *
 * Keep big files in /tmp (never in the repository).
 */
import * as fs from 'node:fs';
import { seededRandom } from '../src/analysis/util/random';

export const BENCH_CLASSES = ['happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise'];

/** Writes `n` rows to `file` (seeded: the same file every time); returns its size in bytes. */
export function writeBigExport(file: string, n: number): number {
  const rng = seededRandom(0);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `model,dataset,subject,sample_id,fold,y_true,y_pred,${BENCH_CLASSES.map((c) => `p_${c}`).join(',')}\n`);
    let chunk = '';
    for (let i = 0; i < n; i++) {
      const s = `sub${String(i % 5000).padStart(4, '0')}`;
      const t = rng.int(7);
      const p = rng.next() < 0.5 ? t : rng.int(7);
      const probs = BENCH_CLASSES.map((_, c) => (c === p ? 0.4 : 0.1).toFixed(6));
      chunk += `m,dfme,${s},${s}/clip${i},${(i % 5000) % 10},${BENCH_CLASSES[t]},${BENCH_CLASSES[p]},${probs.join(',')}\n`;
      if (chunk.length > 1 << 22) { fs.writeSync(fd, chunk); chunk = ''; }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

if (require.main === module) {
  const [file, rows] = process.argv.slice(2);
  if (!file || !/^\d+$/.test(rows ?? '')) {
    console.error('usage: npx tsx bench/make-prediction-export.ts FILE ROWS');
    process.exit(2);
  }
  const bytes = writeBigExport(file, Number(rows));
  console.log(`${file}: ${Number(rows).toLocaleString('en')} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB`);
}
