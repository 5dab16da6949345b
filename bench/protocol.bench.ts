/**
 * Protocol speed on 10,000,000 prediction rows (7 classes, 10 folds): metrics (ACC/UAR/UF1 per fold,
 * fold mean and pooled, per-class scores, confusion matrix) and a 1,000-resample bootstrap of both
 * conventions, next to Python on the same data in the same run.
 *
 * Same data: melab writes y_true, y_pred and fold as uint8 to a binary file; Python loads it with
 * numpy.fromfile. Only the computation is timed on both sides (generation and loading are not).
 * Python side: scikit-learn for the metrics (accuracy_score, f1_score and recall_score macro per fold
 * and pooled, precision_recall_fscore_support, confusion_matrix), numpy for the bootstrap, which
 * scikit-learn does not provide: Multinomial counts of each fold's confusion cells (numpy's
 * Generator.multinomial) and vectorised metrics — the same, statistically exact method melab uses
 * (see src/analysis/protocol/bootstrap.ts). For scale, one replicate of the naive bootstrap (resample
 * 10M indices, call scikit-learn's metrics) is also timed and multiplied by 1,000, labelled as an estimate.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bootstrapMetrics } from '../src/analysis/protocol/bootstrap';
import { emotionMetrics } from '../src/analysis/protocol/metrics';
import { seededRandom } from '../src/analysis/util/random';
import { pythonReference, report, timeMs } from './util';

const N = 10_000_000;
const K = 7;
const FOLDS = 10;
const RESAMPLES = 1000;

const PYTHON = `
import json, sys, time
import numpy as np
from sklearn.metrics import accuracy_score, f1_score, recall_score, precision_recall_fscore_support, confusion_matrix
n, k, folds, R = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
raw = np.fromfile(sys.argv[1], dtype=np.uint8)
yt, yp, fold = raw[:n], raw[n:2 * n], raw[2 * n:3 * n]

def metrics():
    out = []
    for f in range(folds):
        m = fold == f
        t, p = yt[m], yp[m]
        out.append((accuracy_score(t, p), f1_score(t, p, average='macro', zero_division=0), recall_score(t, p, average='macro', zero_division=0)))
    pooled = (accuracy_score(yt, yp), f1_score(yt, yp, average='macro', zero_division=0), recall_score(yt, yp, average='macro', zero_division=0))
    prfs = precision_recall_fscore_support(yt, yp, labels=list(range(k)), zero_division=0)
    cm = confusion_matrix(yt, yp, labels=list(range(k)))
    return np.mean(out, axis=0), pooled, prfs, cm

def triple(c):
    # c: (..., k, k) counts -> acc, uar, uf1 with the 'present' class rule
    row = c.sum(-1); col = c.sum(-2); tp = np.diagonal(c, axis1=-2, axis2=-1)
    present = (row + col) > 0
    kp = present.sum(-1)
    acc = tp.sum(-1) / row.sum(-1)
    with np.errstate(invalid='ignore', divide='ignore'):
        rec = np.where(row > 0, tp / np.where(row > 0, row, 1), 0.0)
        f1 = np.where(row + col > 0, 2 * tp / np.where(row + col > 0, row + col, 1), 0.0)
    return acc, rec.sum(-1) / kp, f1.sum(-1) / kp

def bootstrap():
    rng = np.random.default_rng(0)
    blocks = np.stack([np.bincount(yt[fold == f].astype(np.int64) * k + yp[fold == f], minlength=k * k) for f in range(folds)])
    reps = np.empty((R, folds, k * k))
    for f in range(folds):
        nf = blocks[f].sum()
        reps[:, f, :] = rng.multinomial(nf, blocks[f] / nf, size=R)
    reps = reps.reshape(R, folds, k, k)
    per_fold = triple(reps)                      # each (R, folds)
    pooled = triple(reps.sum(1))                 # each (R,)
    stats = [x.mean(1) for x in per_fold] + list(pooled)
    return [np.percentile(s, [2.5, 97.5]) for s in stats]

def best(fn, repeats):
    t = float('inf')
    for _ in range(repeats):
        t0 = time.perf_counter(); fn(); t = min(t, time.perf_counter() - t0)
    return 1000 * t

metrics_ms = best(metrics, 1)
bootstrap_ms = best(bootstrap, 2)
ci = bootstrap()
rng = np.random.default_rng(1)
def naive_replicate():
    idx = rng.integers(0, n, n)
    t, p = yt[idx], yp[idx]
    accuracy_score(t, p); f1_score(t, p, average='macro', zero_division=0); recall_score(t, p, average='macro', zero_division=0)
naive_ms = best(naive_replicate, 1)
print(json.dumps({'metrics_ms': metrics_ms, 'bootstrap_ms': bootstrap_ms, 'naive_replicate_ms': naive_ms,
                  'uf1_lo': float(ci[2][0]), 'uf1_hi': float(ci[2][1])}))
`;

export default async function (): Promise<void> {
  const rng = seededRandom(2024);
  const yTrue = new Uint8Array(N);
  const yPred = new Uint8Array(N);
  const fold = new Uint8Array(N);
  const weights = [0.17, 0.06, 0.05, 0.34, 0.13, 0.1, 0.15]; // roughly DFME's class shares
  const cum = weights.map((_, i) => weights.slice(0, i + 1).reduce((s, w) => s + w, 0));
  for (let i = 0; i < N; i++) {
    const u = rng.next();
    let t = 0;
    while (t < K - 1 && u > cum[t]) t++;
    yTrue[i] = t;
    yPred[i] = rng.next() < 0.5 ? t : rng.int(K);
    fold[i] = i % FOLDS;
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'melab-bench-')), 'predictions.u8');
  fs.writeFileSync(file, Buffer.concat([yTrue, yPred, fold]));
  const classes = ['happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise'];
  const data = { classes, yTrue, yPred, fold };

  const metricsMs = await timeMs(() => emotionMetrics(data), 3);
  let boot = bootstrapMetrics(data, { resamples: RESAMPLES, seed: 0 });
  const bootstrapMs = await timeMs(() => { boot = bootstrapMetrics(data, { resamples: RESAMPLES, seed: 0 }); }, 3);
  const py = pythonReference(PYTHON, [file, String(N), String(K), String(FOLDS), String(RESAMPLES)]);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });

  console.log(`${N.toLocaleString('en')} rows, ${K} classes, ${FOLDS} folds; computation only on both sides (melab best of 3; Python: metrics one run (minutes), bootstrap best of 2)`);
  report('metrics + confusion (per fold, fold mean, pooled, per class)', metricsMs, 'scikit-learn', py.metrics_ms);
  report(`bootstrap, ${RESAMPLES} resamples, multinomial cell counts`, bootstrapMs, 'numpy', py.bootstrap_ms);
  report('total: metrics + confusion + bootstrap', metricsMs + bootstrapMs, 'scikit-learn + numpy', py.metrics_ms + py.bootstrap_ms);
  const f = (x: number) => x.toFixed(5);
  console.log(`same answer: fold-mean UF1 95% interval melab [${f(boot.fold_mean.uf1.lower)}, ${f(boot.fold_mean.uf1.upper)}] | numpy [${f(py.uf1_lo)}, ${f(py.uf1_hi)}] (different random streams)`);
  console.log(`(for scale: one naive bootstrap replicate — resample 10M indices, scikit-learn metrics — takes ${py.naive_replicate_ms.toFixed(0)} ms; ×${RESAMPLES} ≈ ${(py.naive_replicate_ms * RESAMPLES / 60000).toFixed(0)} min, an estimate, not run)`);
}
