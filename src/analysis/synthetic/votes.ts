/**
 * Seven annotators' emotion votes for every synthetic sample (Sec. 3.3.2) whose voting procedure yields
 * exactly the sample's emotion and whose Fleiss' kappa (Eqs. 2–7, eight categories) is the paper's 0.72.
 */
import { DFME_CATEGORIES, type Emotion } from '../labels/emotions';
import type { Random } from '../util/random';
import { EMOTION_ANNOTATORS, MAJORITY_VOTES } from './paper-targets';
import { stageRandom, weightedPick } from './sampling';

export interface EmotionVotes {
  /** The seven annotators' first-round labels. */
  votes: Emotion[];
  /** The second round's collective decision; null when the first round decided or the second round failed (→ others). */
  secondRound: Emotion | null;
}

/** Which wrong labels an annotator gives instead of each category (the negative emotions confuse each other most). */
const CONFUSIONS: Readonly<Partial<Record<Emotion, readonly (readonly [Emotion, number])[]>>> = {
  happiness: [['contempt', 35], ['surprise', 20], ['others', 30], ['disgust', 15]],
  anger: [['disgust', 40], ['contempt', 15], ['sadness', 15], ['fear', 10], ['others', 20]],
  contempt: [['happiness', 30], ['disgust', 35], ['anger', 15], ['others', 20]],
  disgust: [['anger', 30], ['contempt', 15], ['fear', 20], ['sadness', 20], ['others', 15]],
  fear: [['surprise', 30], ['sadness', 25], ['disgust', 25], ['others', 20]],
  sadness: [['disgust', 30], ['fear', 25], ['anger', 15], ['others', 30]],
  surprise: [['fear', 40], ['happiness', 20], ['others', 40]],
  others: [['disgust', 30], ['surprise', 15], ['fear', 15], ['happiness', 15], ['sadness', 10], ['anger', 10], ['contempt', 5]],
};

/** Annotators differ in how often they depart from the consensus (relative propensities). */
const ANNOTATOR_ERROR_PROPENSITY = [0.7, 0.85, 1, 1, 1.15, 1.3, 1.5];
/** Share of the seven-emotion samples that no label won in the first round (settled by the second round). */
const SECOND_ROUND_SHARE = 0.05;
/** Share of 'others' samples that are 'others' because the second round failed too. */
const FAILED_SHARE = 0.4;
/** Correct votes of a second-round sample: 3, 2 or 1 with these probabilities. */
const SECOND_ROUND_VOTES: [number, number][] = [[3, 0.6], [2, 0.35], [1, 0.05]];

type Mode = 'majority' | 'second-round' | 'failed';

/** Every random draw of one sample, made once so that calibration varies the accuracy alone. */
interface Draws {
  mode: Mode;
  uVotes: number;
  /** Annotators in the order they would depart from the consensus. */
  departOrder: number[];
  wrong: Emotion[];
}

const CONFUSION_WEIGHTS = new Map(Object.entries(CONFUSIONS).map(([e, options]) => [e, options!.map((o) => o[1])]));

function confusedLabel(rng: Random, emotion: Emotion): Emotion {
  return CONFUSIONS[emotion]![weightedPick(rng, CONFUSION_WEIGHTS.get(emotion)!)][0];
}

function drawSample(rng: Random, emotion: Emotion): Draws {
  const u = rng.next();
  const mode: Mode = emotion === 'others' ? (u < FAILED_SHARE ? 'failed' : 'majority') : u < SECOND_ROUND_SHARE ? 'second-round' : 'majority';
  const keys = ANNOTATOR_ERROR_PROPENSITY.map((w, a) => [Math.log(1 - rng.next()) / w, a]);
  const departOrder = keys.sort((x, y) => y[0] - x[0] || x[1] - y[1]).map((k) => k[1]);
  // A failed sample's votes scatter around one emotion: that emotion, its usual confusions, and 'others'
  // (breakMajorities then keeps every label below four votes).
  const near = DFME_CATEGORIES[rng.int(7)];
  const wrong = departOrder.map(() => {
    if (mode !== 'failed') return confusedLabel(rng, emotion);
    const u = rng.next();
    return u < 0.35 ? near : u < 0.55 ? 'others' : confusedLabel(rng, near);
  });
  return { mode, uVotes: rng.next(), departOrder, wrong };
}

/** Cumulative distribution of Binomial(7, p) conditioned on at least four successes, over k = 4..7. */
function majorityCdf(p: number): number[] {
  const n = EMOTION_ANNOTATORS;
  const pmf: number[] = [];
  let c = 1;
  for (let k = 0; k <= n; k++) {
    pmf.push(c * p ** k * (1 - p) ** (n - k));
    c = (c * (n - k)) / (k + 1);
  }
  const tail = pmf.slice(MAJORITY_VOTES).reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (let k = MAJORITY_VOTES; k <= n; k++) cdf.push((acc += pmf[k] / tail));
  return cdf;
}

/** The consensus votes of a majority sample: the conditional binomial inverted at u. */
function majorityVotes(u: number, cdf: readonly number[]): number {
  for (let i = 0; i < cdf.length - 1; i++) if (u < cdf[i]) return MAJORITY_VOTES + i;
  return EMOTION_ANNOTATORS;
}

/** Moves votes off any label that reached the majority onto labels with room, so that no label wins the first round. */
function breakMajorities(votes: Emotion[], emotion: Emotion): void {
  for (;;) {
    const tally = new Map<Emotion, number>();
    for (const v of votes) tally.set(v, (tally.get(v) ?? 0) + 1);
    const over = [...tally].find(([, n]) => n >= MAJORITY_VOTES);
    if (!over) return;
    const alternative = [...CONFUSIONS[emotion]!.map((o) => o[0]), ...DFME_CATEGORIES]
      .find((e) => e !== over[0] && e !== emotion && (tally.get(e) ?? 0) < MAJORITY_VOTES - 1) as Emotion;
    votes[votes.lastIndexOf(over[0])] = alternative;
  }
}

/** Votes the sample's own label keeps: a majority sample's draw depends on the accuracy, the others' do not. */
function consensusVotes(d: Draws, cdf: readonly number[]): number {
  if (d.mode === 'majority') return majorityVotes(d.uVotes, cdf);
  if (d.mode === 'failed') return 0;
  let acc = 0;
  for (const [votes, share] of SECOND_ROUND_VOTES) {
    acc += share;
    if (d.uVotes < acc) return votes;
  }
  return SECOND_ROUND_VOTES[SECOND_ROUND_VOTES.length - 1][0];
}

/**
 * One sample's votes at a given accuracy: the annotators most prone to depart do so first, each with the
 * wrong label drawn for them. Confusion lists never hold the sample's own label, so a majority sample's
 * label keeps exactly its consensus votes (at least four) and wins the first round.
 */
function votesOf(d: Draws, emotion: Emotion, cdf: readonly number[]): EmotionVotes {
  const consensus = consensusVotes(d, cdf);
  const votes: Emotion[] = new Array(EMOTION_ANNOTATORS).fill(emotion);
  for (let k = 0; k < EMOTION_ANNOTATORS - consensus; k++) votes[d.departOrder[k]] = d.wrong[k];
  if (d.mode !== 'majority') breakMajorities(votes, emotion);
  return { votes, secondRound: d.mode === 'second-round' ? emotion : null };
}

/**
 * Votes for every sample, the per-vote accuracy found by bisection so that kappa hits `targetKappa`
 * (to 0.001 or better). Only majority samples depend on the accuracy, through their consensus votes
 * k = 4..7, so each sample's category counts are tabulated once per k and the bisection sums them.
 */
export function drawEmotionVotes(emotions: readonly Emotion[], seed: number, targetKappa: number): { rows: EmotionVotes[]; accuracy: number; kappa: number } {
  const rng = stageRandom(seed, 'votes');
  const draws = emotions.map((e) => drawSample(rng, e));
  const K = DFME_CATEGORIES.length;
  const n = EMOTION_ANNOTATORS;
  const index = new Map(DFME_CATEGORIES.map((e, j) => [e, j]));
  const fixedTotals = new Array(K).fill(0);
  let fixedAgreement = 0;
  const majority: { u: number; own: number; wrong: number[]; agreement: number[] }[] = [];
  draws.forEach((d, i) => {
    if (d.mode === 'majority') {
      const wrong = d.wrong.map((e) => index.get(e)!);
      const agreement = [];
      for (let k = MAJORITY_VOTES; k <= n; k++) {
        const counts = new Array(K).fill(0);
        counts[index.get(emotions[i])!] += k;
        for (let j = 0; j < n - k; j++) counts[wrong[j]]++;
        agreement.push((counts.reduce((a, c) => a + c * c, 0) - n) / (n * (n - 1)));
      }
      majority.push({ u: d.uVotes, own: index.get(emotions[i])!, wrong, agreement });
    } else {
      const counts = new Array(K).fill(0);
      for (const v of votesOf(d, emotions[i], []).votes) counts[index.get(v)!]++;
      counts.forEach((c, j) => (fixedTotals[j] += c));
      fixedAgreement += (counts.reduce((a, c) => a + c * c, 0) - n) / (n * (n - 1));
    }
  });
  const kappaAt = (p: number): number => {
    const cdf = majorityCdf(p);
    const totals = fixedTotals.slice();
    let agreement = fixedAgreement;
    for (const m of majority) {
      const k = majorityVotes(m.u, cdf);
      totals[m.own] += k;
      for (let j = 0; j < n - k; j++) totals[m.wrong[j]]++;
      agreement += m.agreement[k - MAJORITY_VOTES];
    }
    const pBar = agreement / draws.length;
    const pE = totals.reduce((a, t) => a + (t / (draws.length * n)) ** 2, 0);
    return (pBar - pE) / (1 - pE);
  };
  let lo = 0.05;
  let hi = 0.999;
  let best = { accuracy: hi, kappa: kappaAt(hi) };
  for (let iter = 0; iter < 30; iter++) {
    const mid = (lo + hi) / 2;
    const kappa = kappaAt(mid);
    if (Math.abs(kappa - targetKappa) < Math.abs(best.kappa - targetKappa)) best = { accuracy: mid, kappa };
    if (kappa < targetKappa) lo = mid; else hi = mid;
  }
  const cdf = majorityCdf(best.accuracy);
  return { rows: draws.map((d, i) => votesOf(d, emotions[i], cdf)), ...best };
}
