import { canonicalEmotion, type Emotion } from '../labels/emotions';
import { failAt, failInput, isMissing, type RatingSource, type RatingValue } from './ratings';
import { num, plural, withSummary } from '../util/inspect-summary';

/** Which rule of Sec. 3.3.2 decided a sample's label. */
export type VoteRule = 'majority' | 'second-round' | 'others';

export interface VotingOptions {
  /** The second-round decision per sample (collective discussion); empty/null where none was reached. */
  secondRound?: readonly RatingValue[];
  /** Annotators per sample (default 7, as DFME). */
  annotators?: number;
  /** Votes a label needs to win the first round (default 4: "at least four annotators agreed"). */
  minVotes?: number;
  source?: RatingSource;
  /** Column name of the second-round decision, for error messages (default "SecondRound"). */
  secondRoundColumn?: string;
}

export interface VotingResult {
  /** The final emotion label of each sample. */
  labels: Emotion[];
  /** The rule that decided each sample. */
  rules: VoteRule[];
  /** The winning first-round label and its votes, per sample (label null when no label reached minVotes). */
  firstRound: { label: Emotion | null; votes: number }[];
  /** How many samples each rule decided. */
  decidedBy: Record<VoteRule, number>;
  /** Samples that had a first-round majority and also a second-round entry, which was not needed (listed, not used). */
  unusedSecondRound: number[];
}

/**
 * The emotion voting procedure of Sec. 3.3.2: seven annotators label each sample; a label wins with at
 * least four votes ("50% majority"); otherwise the second round's collective decision, when one was
 * reached; otherwise 'others'.
 * @param votes samples × annotators, emotion names in any spelling canonicalEmotion reads.
 * @example
 * resolveEmotionVotes([['fear','fear','fear','fear','sad','sad','sad']]).labels // ['fear'] (rule 'majority')
 */
export function resolveEmotionVotes(votes: readonly (readonly RatingValue[])[], opts: VotingOptions = {}): VotingResult {
  const source = opts.source;
  const annotators = opts.annotators ?? 7;
  const minVotes = opts.minVotes ?? 4;
  if (2 * minVotes <= annotators) failInput(source, `minVotes ${minVotes} of ${annotators} annotators allows two winners; it must be more than half`);
  if (votes.length === 0) failInput(source, 'no samples: the votes are empty');
  if (opts.secondRound && opts.secondRound.length !== votes.length) failInput(source, `${opts.secondRound.length} second-round entries for ${votes.length} samples`);

  const labels: Emotion[] = [];
  const rules: VoteRule[] = [];
  const firstRound: VotingResult['firstRound'] = [];
  const unusedSecondRound: number[] = [];
  const decidedBy: Record<VoteRule, number> = { majority: 0, 'second-round': 0, others: 0 };
  votes.forEach((row, i) => {
    if (row.length !== annotators) failAt(source, i, null, '', `has ${row.length} votes, expected ${annotators} annotators`);
    const tally = new Map<Emotion, number>();
    row.forEach((v, r) => {
      if (isMissing(v)) failAt(source, i, r, '', `no vote: every one of the ${annotators} annotators must label the sample`);
      const e = canonicalEmotion(v);
      if (!e) failAt(source, i, r, v, 'not an emotion label');
      tally.set(e, (tally.get(e) ?? 0) + 1);
    });
    let best: Emotion | null = null;
    let bestVotes = 0;
    for (const [e, c] of tally) if (c > bestVotes) [best, bestVotes] = [e, c];
    const second = opts.secondRound?.[i];
    let label: Emotion;
    let rule: VoteRule;
    if (best !== null && bestVotes >= minVotes) {
      label = best;
      rule = 'majority';
      if (!isMissing(second)) unusedSecondRound.push(i);
    } else if (!isMissing(second)) {
      const e = canonicalEmotion(second);
      if (!e) {
        const at = { ...source, columns: [...(source?.columns ?? []).slice(0, annotators)] };
        at.columns[annotators] = opts.secondRoundColumn ?? 'SecondRound';
        failAt(at, i, annotators, second, 'not an emotion label');
      }
      label = e;
      rule = 'second-round';
    } else {
      label = 'others';
      rule = 'others';
    }
    labels.push(label);
    rules.push(rule);
    decidedBy[rule]++;
    firstRound.push({ label: bestVotes >= minVotes ? best : null, votes: bestVotes });
  });
  return withSummary({ labels, rules, firstRound, decidedBy, unusedSecondRound }, summarizeVoting);
}

/** A cell's value: how many samples each rule of Sec. 3.3.2 decided. */
function summarizeVoting(r: VotingResult): string {
  const by = Object.entries(r.decidedBy).map(([rule, n]) => `${rule} ${num(n)}`).join(', ');
  return `Emotion voting (Sec. 3.3.2): ${plural(r.labels.length, 'sample')}, decided by ${by}`;
}
