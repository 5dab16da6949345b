/**
 * Per-emotion AU-combination models fitted to Table 6: a distribution over combinations ("templates")
 * of the emotion's high-occurrence AUs whose marginals equal Table 6's percentages exactly, with the
 * combinations of Table 7 made the most likely ones.
 */
import { combinationKey, featureSlot } from './features';
import { TABLE6_AU_PERCENT, TABLE7_COMBINATIONS, TABLE7_SHARED_COMBINATIONS, TABLE7_SHARED_EMOTIONS } from './paper-targets';

export interface AuTemplate {
  features: string[];
  probability: number;
}

/** Prior weights before fitting: Table 7's combinations are favoured over the other candidate combinations. */
const PRIOR_TABLE7 = 60;
const PRIOR_BY_SIZE = [0, 1, 1, 0.3];

/** Every combination of 1–3 of the features that uses each facial action at most once. */
function candidateCombinations(features: readonly string[]): string[][] {
  const out: string[][] = [];
  const grow = (start: number, current: string[]) => {
    if (current.length > 0) out.push(current);
    if (current.length === 3) return;
    for (let i = start; i < features.length; i++) {
      if (current.some((f) => featureSlot(f) === featureSlot(features[i]))) continue;
      grow(i + 1, [...current, features[i]]);
    }
  };
  grow(0, []);
  return out;
}

/** Table 7's combinations for an emotion, the shared ones included for anger, disgust, fear and sadness. */
export function table7CombinationsOf(emotion: string): string[] {
  const own = TABLE7_COMBINATIONS[emotion] ?? [];
  return TABLE7_SHARED_EMOTIONS.includes(emotion as never) ? [...own, ...TABLE7_SHARED_COMBINATIONS] : [...own];
}

/**
 * Iterative proportional fitting (raking) of template probabilities to marginal targets: after fitting,
 * the probability that a sample carries feature f equals targets[f] (to 1e-12).
 */
export function rakeTemplates(templates: AuTemplate[], targets: Readonly<Record<string, number>>): AuTemplate[] {
  const q = templates.map((t) => t.probability);
  const total = q.reduce((a, b) => a + b, 0);
  for (let i = 0; i < q.length; i++) q[i] /= total;
  const features = Object.keys(targets);
  for (let iter = 0; iter < 2000; iter++) {
    let worst = 0;
    for (const f of features) {
      let p = 0;
      for (let i = 0; i < q.length; i++) if (templates[i].features.includes(f)) p += q[i];
      worst = Math.max(worst, Math.abs(p - targets[f]));
      const up = targets[f] / p;
      const down = (1 - targets[f]) / (1 - p);
      for (let i = 0; i < q.length; i++) q[i] *= templates[i].features.includes(f) ? up : down;
    }
    if (worst < 1e-12) break;
  }
  return templates.map((t, i) => ({ features: t.features, probability: q[i] }));
}

/** The fitted template distribution of one of the seven emotions (Table 6 marginals, Table 7 favoured). */
export function emotionAuModel(emotion: string): AuTemplate[] {
  const percents = TABLE6_AU_PERCENT[emotion];
  if (!percents) throw new Error(`no Table 6 column for emotion "${emotion}"`);
  const favoured = new Set(table7CombinationsOf(emotion));
  const templates = candidateCombinations(Object.keys(percents)).map((features) => ({
    features,
    probability: favoured.has(combinationKey(features)) ? PRIOR_TABLE7 : PRIOR_BY_SIZE[features.length],
  }));
  const targets = Object.fromEntries(Object.entries(percents).map(([f, pct]) => [f, pct / 100]));
  return rakeTemplates(templates, targets);
}

/**
 * 'others' (Sec. 3.3.2: MEs hard to put in the seven categories) has no Table 6 column; its samples
 * draw from a broad mix of single AUs and a few pairs, the rare Table 5 codes included.
 */
export const OTHERS_AU_MODEL: readonly AuTemplate[] = [
  ['AU4', 10], ['AU7', 5], ['AU4+AU7', 4], ['AU24', 6], ['AU14', 4], ['AU17', 4], ['AU23', 3], ['AU15', 2],
  ['AU12', 4], ['L/R-AU12', 5], ['AU6', 2], ['AU10', 3], ['L/R-AU10', 2], ['AU1+AU2', 3], ['AU5', 3],
  ['L/R-AU1', 2], ['L/R-AU2', 2], ['AD38', 5], ['AD39', 2], ['AD31', 1], ['M58', 2], ['M57', 1], ['AU25', 3],
  ['AU9', 2], ['AU16', 2], ['AU18', 2], ['AU20', 2], ['AU28', 1], ['L/R-AU4', 3], ['L/R-AU7', 3], ['L/R-AU6', 2],
  ['L/R-AU14', 2], ['L/R-AU15', 1], ['L/R-AU20', 1],
].map(([combo, weight]) => ({ features: (combo as string).split('+'), probability: weight as number }));
