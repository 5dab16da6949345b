/**
 * Exact-count repair of AU feature sets: removes, swaps and adds features until every targeted
 * feature occurs in exactly its target number of samples, keeping every sample's set non-empty and
 * at most one feature per facial action.
 */
import type { Random } from '../util/random';
import { featureSlot } from './features';
import { weightedOrder, weightedPick } from './sampling';

export interface RepairRules {
  /** May feature f be added to sample i (slot conflicts are checked separately)? */
  mayAdd(i: number, f: string): boolean;
  /** May feature f be taken away from sample i? */
  mayRemove(i: number, f: string): boolean;
  /** Relative preference for adding f to sample i. */
  addWeight(i: number, f: string): number;
  /** How readily sample i's set may be changed at all (default 1); lower keeps it as drawn more often. */
  changeWeight?(i: number): number;
  /** Called after every change (for counters that mayAdd reads). */
  changed?(i: number, f: string, delta: 1 | -1): void;
}

/** Smaller sets are preferred when a feature is added (keeps the AU count per sample realistic). */
const SIZE_FACTOR = [1, 1, 0.7, 0.3, 0.1];
const sizeFactor = (n: number) => SIZE_FACTOR[Math.min(n, SIZE_FACTOR.length - 1)];

function hasSlot(set: Set<string>, f: string): boolean {
  const slot = featureSlot(f);
  for (const g of set) if (featureSlot(g) === slot) return true;
  return false;
}

/**
 * Brings the counts of the targeted features over the samples `members` to their targets, in place.
 * Throws when the rules leave no way to do so (a generator invariant, not a user error).
 */
export function repairToTargets(
  sets: Set<string>[], members: readonly number[], targets: ReadonlyMap<string, number>, rules: RepairRules, rng: Random,
): void {
  const count = new Map<string, number>();
  for (const i of members) for (const f of sets[i]) count.set(f, (count.get(f) ?? 0) + 1);
  const delta = (f: string) => (targets.get(f) ?? 0) - (count.get(f) ?? 0);
  const apply = (i: number, f: string, d: 1 | -1) => {
    if (d > 0) sets[i].add(f); else sets[i].delete(f);
    count.set(f, (count.get(f) ?? 0) + d);
    rules.changed?.(i, f, d);
  };
  const features = [...targets.keys()];
  const touch = (i: number) => rules.changeWeight?.(i) ?? 1;

  // 1. Surplus: drop the feature from samples that keep at least one other feature (larger sets first).
  for (const f of features) {
    if (delta(f) >= 0) continue;
    const holders = members.filter((i) => sets[i].has(f) && sets[i].size > 1 && rules.mayRemove(i, f));
    for (const k of weightedOrder(rng, holders.map((i) => (sets[i].size - 1) * touch(i)))) {
      if (delta(f) >= 0) break;
      const i = holders[k];
      if (sets[i].size > 1) apply(i, f, -1);
    }
  }
  // 2. Surplus left only in single-feature samples: swap it for a feature in deficit.
  for (const f of features) {
    if (delta(f) >= 0) continue;
    const holders = rng.shuffle(members.filter((i) => sets[i].has(f) && sets[i].size === 1 && rules.mayRemove(i, f)));
    for (const i of holders) {
      if (delta(f) >= 0) break;
      const options = features.filter((g) => g !== f && delta(g) > 0 && featureSlot(g) !== featureSlot(f) && rules.mayAdd(i, g));
      if (options.length === 0) continue;
      const g = options[weightedPick(rng, options.map((o) => rules.addWeight(i, o) * delta(o)))];
      apply(i, f, -1);
      apply(i, g, 1);
    }
    if (delta(f) < 0) throw new Error(`synthetic AU repair: cannot remove ${-delta(f)} more ${f}`);
  }
  // 3. Deficit: add the feature to samples that may take it, weighted by affinity and set size.
  for (const f of features) {
    if (delta(f) <= 0) continue;
    const open = members.filter((i) => !hasSlot(sets[i], f) && rules.mayAdd(i, f));
    for (const k of weightedOrder(rng, open.map((i) => rules.addWeight(i, f) * sizeFactor(sets[i].size) * touch(i)))) {
      if (delta(f) <= 0) break;
      const i = open[k];
      if (rules.mayAdd(i, f)) apply(i, f, 1);
    }
    if (delta(f) > 0) throw new Error(`synthetic AU repair: cannot place ${delta(f)} more ${f}`);
  }
}
