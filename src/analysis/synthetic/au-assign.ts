/**
 * AU labels of the synthetic samples: Table 6's percentages exactly (to the nearest sample) for the
 * first 300 participants, Table 5's counts exactly overall, Table 7's combinations among the most frequent.
 */
import type { Random } from '../util/random';
import { repairToTargets } from './au-repair';
import { emotionAuModel, OTHERS_AU_MODEL, table7CombinationsOf, type AuTemplate } from './au-model';
import { codeOfFeature, combinationKey, isLateralFeature, sortCodes } from './features';
import { TABLE5_AU_COUNTS, TABLE6_AU_PERCENT } from './paper-targets';
import { apportion, stageRandom } from './sampling';

export interface AuAssignable {
  emotion: string;
  firstParticipants: boolean;
}

/**
 * How likely an AU is to be added to an emotion's sample when Table 5 needs more of it: its Table 6
 * rate where Table 6 lists it, otherwise a small base rate raised where FACS-based emotion tables
 * (e.g. the CASME II / SAMM conventions) associate the AU with the emotion. 'others' takes anything.
 */
const BASE_AFFINITY = 0.02;
const OTHERS_AFFINITY = 0.15;
const ASSOCIATED: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AU9: { disgust: 5, anger: 2 },
  AU16: { disgust: 2, sadness: 2, fear: 2 },
  AU18: { contempt: 2, sadness: 2, anger: 2 },
  AU20: { fear: 5, sadness: 1.5 },
  AU25: { surprise: 3, fear: 2, happiness: 2 },
  AU28: { sadness: 2, fear: 2 },
  AD31: { anger: 3, fear: 2 },
  AD38: { anger: 2, disgust: 2, fear: 1.5 },
  AD39: { disgust: 2 },
  M57: { surprise: 3, anger: 1.5 },
  M58: { surprise: 3, fear: 3, disgust: 2 },
  'L/R-AU4': { anger: 2, disgust: 2, fear: 2, sadness: 2 },
  'L/R-AU6': { happiness: 4, contempt: 4 },
  'L/R-AU7': { anger: 2, disgust: 2, fear: 2, sadness: 2 },
  'L/R-AU10': { disgust: 3 },
  'L/R-AU14': { contempt: 4, sadness: 2 },
  'L/R-AU15': { sadness: 4, contempt: 2 },
  'L/R-AU20': { fear: 4 },
};

const TABLE6 = TABLE6_AU_PERCENT;

export function auAffinity(emotion: string, feature: string): number {
  if (emotion === 'others') return OTHERS_AFFINITY;
  const pct = TABLE6[emotion]?.[feature];
  if (pct !== undefined) return pct / 100;
  return BASE_AFFINITY * (ASSOCIATED[feature]?.[emotion] ?? 1);
}

/** The lowest percentage Table 6 lists for an emotion; AUs it leaves out stay a point below it (first 300 participants). */
function unlistedCap(emotion: string, samples: number): number {
  const lowest = Math.min(...Object.values(TABLE6_AU_PERCENT[emotion]));
  return Math.floor(((lowest - 1) / 100) * samples);
}

/** How readily the Table 5 repair changes a sample that shows a Table 7 combination of its emotion. */
const TABLE7_CHANGE_WEIGHT = 0.25;

function assignTemplates(sets: Set<string>[], members: number[], model: readonly AuTemplate[], rng: Random): void {
  const counts = apportion(model.map((t) => t.probability), members.length);
  const order = rng.shuffle(members);
  let k = 0;
  model.forEach((t, ti) => {
    for (let c = 0; c < counts[ti]; c++) sets[order[k++]] = new Set(t.features);
  });
}

/** Feature sets (Table 5 keys, `L/R-AUx` for one-sided AUs) and final canonical codes of every sample. */
export function assignAus(samples: readonly AuAssignable[], seed: number): { features: string[][]; codes: string[][] } {
  const rng = stageRandom(seed, 'aus');
  const sets: Set<string>[] = samples.map(() => new Set<string>());
  const buckets = new Map<string, number[]>();
  samples.forEach((s, i) => {
    const key = `${s.firstParticipants ? 1 : 2}:${s.emotion}`;
    if (!buckets.has(key)) buckets.set(key, []);
    buckets.get(key)!.push(i);
  });

  // 1. Draw every sample's combination from its emotion's fitted model (apportioned, then shuffled).
  for (const [key, members] of [...buckets].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const emotion = key.slice(2);
    assignTemplates(sets, members, emotion === 'others' ? OTHERS_AU_MODEL : emotionAuModel(emotion), rng);
  }

  // 2. First 300 participants: each Table 6 AU exactly round(pct × n) samples of its emotion.
  for (const [emotion, percents] of Object.entries(TABLE6_AU_PERCENT)) {
    const members = buckets.get(`1:${emotion}`) ?? [];
    const targets = new Map(Object.entries(percents).map(([f, pct]) => [f, Math.round((pct / 100) * members.length)]));
    repairToTargets(sets, members, targets, {
      mayAdd: () => true, mayRemove: () => true, addWeight: () => 1,
    }, rng);
  }

  // 3. All samples: every Table 5 count exactly. Table 6's AUs of the first 300 participants stay as
  //    fixed in step 2; the AUs Table 6 leaves out stay below its lowest listed percentage there.
  const locked = (i: number, f: string) =>
    samples[i].firstParticipants && TABLE6[samples[i].emotion]?.[f] !== undefined;
  // Per emotion: how many of its first-300 samples carry each AU, and the cap for the AUs Table 6 leaves out.
  const capped = new Map<string, Map<string, number>>();
  const caps = new Map<string, number>();
  for (const emotion of Object.keys(TABLE6_AU_PERCENT)) {
    capped.set(emotion, new Map());
    caps.set(emotion, unlistedCap(emotion, buckets.get(`1:${emotion}`)?.length ?? 0));
  }
  const bump = (i: number, f: string, d: number) => {
    const counts = samples[i].firstParticipants ? capped.get(samples[i].emotion) : undefined;
    if (counts) counts.set(f, (counts.get(f) ?? 0) + d);
  };
  samples.forEach((_, i) => sets[i].forEach((f) => bump(i, f, 1)));
  const underCap = (i: number, f: string) => {
    const counts = samples[i].firstParticipants ? capped.get(samples[i].emotion) : undefined;
    return !counts || (counts.get(f) ?? 0) < caps.get(samples[i].emotion)!;
  };
  // Samples showing one of their emotion's Table 7 combinations are changed less readily.
  const table7: Record<string, Set<string>> = Object.fromEntries(
    Object.keys(TABLE6_AU_PERCENT).map((e) => [e, new Set(table7CombinationsOf(e))]));
  const changeWeightOf = (i: number) => (table7[samples[i].emotion]?.has(combinationKey(sets[i])) ? TABLE7_CHANGE_WEIGHT : 1);
  const changeWeight = samples.map((_, i) => changeWeightOf(i));
  repairToTargets(sets, samples.map((_, i) => i), new Map(TABLE5_AU_COUNTS.map((e) => [e.key, e.count])), {
    mayAdd: (i, f) => !locked(i, f) && underCap(i, f),
    mayRemove: (i, f) => !locked(i, f),
    addWeight: (i, f) => auAffinity(samples[i].emotion, f),
    changeWeight: (i) => changeWeight[i],
    changed: (i, f, d) => {
      bump(i, f, d);
      changeWeight[i] = changeWeightOf(i);
    },
  }, rng);

  // 4. One-sided AUs become L- or R- codes, either side equally likely.
  const sides = stageRandom(seed, 'sides');
  const features = sets.map((s) => sortCodes([...s]));
  const codes = features.map((fs) => sortCodes(fs.map((f) => (isLateralFeature(f) ? codeOfFeature(f, sides.next() < 0.5 ? 'L' : 'R') : f))));
  return { features, codes };
}
