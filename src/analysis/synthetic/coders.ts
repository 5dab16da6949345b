/**
 * Two FACS coders' AU codes for every synthetic sample (Sec. 3.3.2): each final AU was seen by one coder
 * or both, a missed AU is sometimes coded as a neighbouring action, and now and then a coder marks an AU
 * that the cross-check rejected. The final label is their reconciled set; the agreement R of Eq. 1 is
 * calibrated to the paper's 0.83.
 */
import type { Random } from '../util/random';
import { featureSlot, sortCodes } from './features';
import { stageRandom } from './sampling';

export interface CoderCodes {
  coderA: string[];
  coderB: string[];
}

/** What a coder who missed an AU may have written instead (the lateral/bilateral twin or a neighbouring action). */
const NEIGHBOUR: Readonly<Record<string, string>> = {
  AU1: 'AU2', AU2: 'AU1', AU4: 'AU7', AU5: 'AU7', AU6: 'AU7', AU7: 'AU6', AU9: 'AU10', AU10: 'AU9', AU12: 'AU6',
  AU14: 'AU24', AU15: 'AU17', AU16: 'AU25', AU17: 'AU15', AU18: 'AU23', AU20: 'AU14', AU23: 'AU24', AU24: 'AU23',
  AU25: 'AU16', AU28: 'AU24', AD31: 'AU24', AD38: 'AD39', AD39: 'AD38', M57: 'M58', M58: 'M57',
};
/** AUs a coder adds on their own now and then (the subtle ones Sec. 3.3.2 says are easily confused). */
const SPURIOUS = ['AU4', 'AU7', 'AU24', 'AU14', 'AU17', 'AU10', 'AU6', 'AU1', 'AU2', 'AU5', 'AU23', 'AD38'];
const SUBSTITUTE_SHARE = 0.35;
const SPURIOUS_SHARE = 0.06;

function substituteFor(code: string, u: number): string {
  const lateral = /^([LR])-(.*)$/.exec(code);
  if (lateral) return u < 0.5 ? lateral[2] : `${lateral[1] === 'L' ? 'R' : 'L'}-${lateral[2]}`;
  return NEIGHBOUR[code] ?? code;
}

/** Every random draw of one sample, made once so that calibration varies the share seen by both coders alone. */
interface Draws {
  seenBy: { uBoth: number; toA: boolean; uSubstitute: number; uWhich: number }[];
  spurious: (string | null)[];
}

function drawSample(rng: Random, codes: readonly string[]): Draws {
  return {
    seenBy: codes.map(() => ({ uBoth: rng.next(), toA: rng.next() < 0.5, uSubstitute: rng.next(), uWhich: rng.next() })),
    spurious: [0, 1].map(() => {
      const u = rng.next();
      const pick = SPURIOUS[rng.int(SPURIOUS.length)];
      return u < SPURIOUS_SHARE ? pick : null;
    }),
  };
}

function addCode(set: string[], code: string): void {
  if (!set.some((c) => featureSlot(c) === featureSlot(code))) set.push(code);
}

/** Both coders' codes (unsorted) when AUs whose draw falls below `both` were seen by both coders. */
function codersOf(d: Draws, codes: readonly string[], both: number): CoderCodes {
  const a: string[] = [];
  const b: string[] = [];
  const missed: [string[], string][] = [];
  codes.forEach((code, k) => {
    const s = d.seenBy[k];
    if (s.uBoth < both) {
      a.push(code);
      b.push(code);
      return;
    }
    const [seer, misser] = s.toA ? [a, b] : [b, a];
    seer.push(code);
    if (s.uSubstitute < SUBSTITUTE_SHARE) missed.push([misser, substituteFor(code, s.uWhich)]);
  });
  for (const [misser, code] of missed) addCode(misser, code);
  d.spurious.forEach((code, c) => code && addCode(c === 0 ? a : b, code));
  // A coder saw something in every clip: one who marked nothing gets the clip's first final AU.
  for (const set of [a, b]) if (set.length === 0) set.push(codes[0]);
  return { coderA: a, coderB: b };
}

function agreedAndCoded({ coderA, coderB }: CoderCodes): [number, number] {
  let agreed = 0;
  for (const c of coderA) if (coderB.includes(c)) agreed++;
  return [agreed, coderA.length + coderB.length];
}

/**
 * Both coders' codes for every sample, the share of AUs both saw found by bisection so that R hits `targetR`
 * (to 0.001 or better). A sample with m final AUs has m + 1 possible outcomes as the share grows (its AUs
 * turn "seen by both" one at a time), so each outcome's counts are tabulated once and the bisection sums them.
 */
export function drawAuCoders(finalCodes: readonly (readonly string[])[], seed: number, targetR: number): { rows: CoderCodes[]; bothShare: number; R: number } {
  const rng = stageRandom(seed, 'coders');
  const draws = finalCodes.map((codes) => drawSample(rng, codes));
  const outcomes = draws.map((d, i) => {
    const thresholds = d.seenBy.map((s) => s.uBoth).sort((x, y) => x - y);
    const counts = thresholds.map((t) => agreedAndCoded(codersOf(d, finalCodes[i], t)));
    counts.push(agreedAndCoded(codersOf(d, finalCodes[i], 1)));
    return { thresholds, counts };
  });
  const agreementAt = (both: number): number => {
    let agreed = 0;
    let coded = 0;
    for (const { thresholds, counts } of outcomes) {
      let state = 0;
      while (state < thresholds.length && thresholds[state] < both) state++;
      agreed += counts[state][0];
      coded += counts[state][1];
    }
    return (2 * agreed) / coded;
  };
  let lo = 0;
  let hi = 1;
  let best = { bothShare: hi, R: agreementAt(hi) };
  for (let iter = 0; iter < 30; iter++) {
    const mid = (lo + hi) / 2;
    const R = agreementAt(mid);
    if (Math.abs(R - targetR) < Math.abs(best.R - targetR)) best = { bothShare: mid, R };
    if (R < targetR) lo = mid; else hi = mid;
  }
  const rows = draws.map((d, i) => {
    const { coderA, coderB } = codersOf(d, finalCodes[i], best.bothShare);
    return { coderA: sortCodes(coderA), coderB: sortCodes(coderB) };
  });
  return { rows, ...best };
}
