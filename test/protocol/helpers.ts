/** Shared helpers of the protocol tests: seeded random predictions and the Python reference runner. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom } from '../../src/analysis/util/random';
import { makeLabelTable, type LabelRow, type LabelTable } from '../../src/analysis/labels/model';
import { parseAus } from '../../src/analysis/labels/au';
import { canonicalEmotion } from '../../src/analysis/labels/emotions';

export interface RandomPredictions {
  classes: string[];
  yTrue: number[];
  yPred: number[];
  fold: number[];
}

/**
 * Random predictions with skewed class frequencies and a chosen accuracy, plus deliberate gaps:
 * `absentBoth` folds have class 2 neither true nor predicted, `absentTrue` folds never have class
 * k−1 as truth (but may predict it), `absentPred` folds never predict class 1.
 */
export function randomPredictions(seed: number, opts: { n: number; k: number; folds: number; hit?: number; absentBoth?: number[]; absentTrue?: number[]; absentPred?: number[] }): RandomPredictions {
  const rng = seededRandom(seed);
  const { n, k, folds } = opts;
  const weights = Array.from({ length: k }, (_, c) => 1 / (c + 1));
  const total = weights.reduce((s, w) => s + w, 0);
  const draw = (): number => {
    let u = rng.next() * total;
    for (let c = 0; c < k; c++) { u -= weights[c]; if (u < 0) return c; }
    return k - 1;
  };
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const fold: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = i % folds;
    const banned = new Set<number>();
    const bannedPred = new Set<number>();
    if (opts.absentBoth?.includes(f)) { banned.add(2); bannedPred.add(2); }
    if (opts.absentTrue?.includes(f)) banned.add(k - 1);
    if (opts.absentPred?.includes(f)) bannedPred.add(1);
    let t = draw();
    while (banned.has(t)) t = draw();
    let p = rng.next() < (opts.hit ?? 0.5) ? t : rng.int(k);
    while (bannedPred.has(p)) p = rng.int(k);
    yTrue.push(t);
    yPred.push(p);
    fold.push(f);
  }
  return { classes: Array.from({ length: k }, (_, c) => `c${c}`), yTrue, yPred, fold };
}

/** Runs a Python script with Debian's /usr/bin/python3 on a JSON input file; returns its JSON output. */
export function runPython(script: string, input: unknown): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-protocol-'));
  const file = path.join(dir, 'input.json');
  fs.writeFileSync(file, JSON.stringify(input));
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop() as string);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'melab-protocol-'));
}

/** A small label table from [subject, clip, emotion, aus] tuples (dataset "dfme" unless given). */
export function labelsOf(rows: [string, string, string, string, string?][], file = 'labels.csv'): LabelTable {
  const canon: LabelRow[] = rows.map(([subject, clip, emotion, aus, dataset]) => ({
    dataset: dataset ?? 'dfme', part: null, subject, clip, onset: null, apex: null, offset: null, fps: null,
    emotion: canonicalEmotion(emotion), emotion_raw: emotion, aus: [...parseAus(aus).tokens], aus_raw: aus,
  }));
  return makeLabelTable(canon, { format: 'canonical', file });
}
