/**
 * Reading + validating + counting a 100,000-row label sheet (goal: at least 1.5× pandas), next to
 * pandas on the same CSV (read_csv + emotion value_counts + AU split/explode/value_counts), best of 5,
 * as wall time and as CPU time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLabels } from '../src/analysis/labels/read';
import { labelColumn } from '../src/analysis/labels/model';
import { countIssues } from '../src/analysis/labels/validate';
import { seededRandom } from '../src/analysis/util/random';
import { pythonReference, report, timeMs } from './util';

const ROWS = 100_000;
const EMOTIONS = ['happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise', 'others'];
const AU_POOL = ['AU4', 'AU4+AU7', 'AU6+AU12', 'AU12', 'L-AU12', 'AU1+AU2+AU5', 'AU14', 'AU4+AU7+AU10', 'AU24',
  'AU14+AU24', 'AU1+AU4', 'R-AU2+AU5', 'AU17', 'AU4+AU5', 'AU23', 'AU15+AU17', 'AU6+L-AU12', 'AD38', 'AU4+M57', 'AU10'];
const FPS = [[500, 'A'], [300, 'B'], [200, 'C']] as const;

/** A DFME-format sheet with Part and Gender, as the synthetic default is written, seeded. */
function writeSheet(file: string): void {
  const rng = seededRandom(2);
  const lines = ['Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Emotion,EmotionId,Fps,AU,Part,Gender'];
  for (let i = 0; i < ROWS; i++) {
    const subject = String(1 + Math.floor(i / 12)).padStart(5, '0');
    const [fps, part] = FPS[Math.floor(i / 12) % 3];
    const onset = 1 + rng.int(2000);
    const apex = onset + 5 + rng.int(60);
    const offset = apex + 5 + rng.int(80);
    const e = rng.int(8);
    lines.push([subject, `${subject}_${i % 12}`, onset, apex, offset, EMOTIONS[e], e + 1, fps,
      AU_POOL[rng.int(AU_POOL.length)], part, rng.int(2) ? 'male' : 'female'].join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

const PANDAS = `
import sys, time, json
import pandas as pd
best = float('inf')
best_cpu = float('inf')
for _ in range(5):
    t0 = time.perf_counter()
    c0 = time.process_time()
    df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
    emotions = df['Emotion'].str.lower().value_counts()
    aus = df['AU'].str.split('+').explode().value_counts()
    best = min(best, (time.perf_counter() - t0) * 1000)
    best_cpu = min(best_cpu, (time.process_time() - c0) * 1000)
print(json.dumps({'ms': best, 'cpu_ms': best_cpu, 'rows': len(df), 'aus': int(aus.sum())}))
`;

export default async function labelsBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-bench-labels-'));
  const file = path.join(dir, 'dfme-100k.csv');
  try {
    writeSheet(file);
    let summary = '';
    let cpuMs = Infinity;
    const ms = await timeMs(() => {
      const c0 = process.cpuUsage();
      const labels = readLabels(file);
      const emotions = new Map<string, number>();
      for (const e of labelColumn(labels, 'emotion')) emotions.set(String(e), (emotions.get(String(e)) ?? 0) + 1);
      const aus = new Map<string, number>();
      let total = 0;
      for (const tokens of labelColumn(labels, 'aus')) {
        for (const t of tokens) {
          aus.set(t.code, (aus.get(t.code) ?? 0) + 1);
          total++;
        }
      }
      const { errors, warnings } = countIssues(labels.issues);
      summary = `${labels.table.numRows()} rows, ${emotions.size} emotions, ${aus.size} AU codes (${total} tokens), ${errors} errors, ${warnings} warnings`;
      const c = process.cpuUsage(c0);
      cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
    }, 5);
    console.log(`labels: ${summary}`);
    const ref = pythonReference(PANDAS, [file]);
    report(`read + validate + count ${ROWS.toLocaleString('en')} DFME rows, wall (goal ≥ 1.5× pandas)`, ms, 'pandas', ref.ms);
    // CPU time (all threads, best of 5) is steadier than wall time on a shared machine
    report(`read + validate + count ${ROWS.toLocaleString('en')} DFME rows, CPU time`, cpuMs, 'pandas', ref.cpu_ms);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
