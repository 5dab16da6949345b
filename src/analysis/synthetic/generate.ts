/**
 * The embedded default data of melab: a synthetic, DFME-like label set (the real DFME labels are licensed).
 * Deterministic for a seed. What it reproduces, each checked by test/synthetic/:
 * - Table 1 per part exactly (participants, gender, frame rate, every emotion count; 7,526 samples);
 * - Table 5 exactly (every AU count; `L/R-AUx` = samples carrying `L-AUx` or `R-AUx`; total 12,928);
 * - Table 6 to the nearest sample on the first 300 participants in file order. File order: part A, B, C,
 *   then participant `sub001` … `sub656` (numbered in that order), so the first 300 are `sub001`–`sub300`.
 *   A percentage is the share of the emotion's samples whose AU set contains that exact code, `L/R-AUx`
 *   meaning "has `L-AUx` or `R-AUx`". Participants 301–656 carry the rest of Table 5's counts;
 * - Table 7's combinations are each emotion's most frequent AU sets;
 * - the ME rule of Sec. 3.3.2 on every row; votes whose Sec. 3.3.2 procedure gives the Emotion column, with
 *   Fleiss' κ = 0.72 (Eqs. 2–7); two coders with R = 0.83 (Eq. 1) whose reconciled set is the AU column.
 */
import type { Emotion } from '../labels/emotions';
import { assignAus } from './au-assign';
import { drawAuCoders } from './coders';
import { DFME_EMOTION_IDS, PAPER_AU_AGREEMENT_R, PAPER_FLEISS_KAPPA, TABLE1_DFME_PARTS, type PaperPart } from './paper-targets';
import { buildSkeleton, type SyntheticSubject } from './skeleton';
import { drawEmotionVotes } from './votes';

/** The seed of the committed files in data/ (`melab synth` without --seed). */
export const DEFAULT_SYNTHETIC_SEED = 7526;

export interface SyntheticSample {
  subject: string;
  /** DFME part A, B or C (Table 1). */
  part: PaperPart['part'];
  gender: 'M' | 'F';
  filename: string;
  /** Table 2 id of the elicitation video the ME arose during. */
  video: string;
  onset: number;
  apex: number;
  offset: number;
  fps: number;
  emotion: Emotion;
  /** Sec. 3.3.3's numbering: 1 happiness … 7 surprise, 8 others. */
  emotionId: number;
  /** Final (reconciled) AU codes, canonical keys in cell order: `AU4`, `L-AU12`, `AD38`. */
  aus: string[];
  /** The seven annotators' first-round emotion labels (Sec. 3.3.2). */
  votes: Emotion[];
  /** The second round's decision; null when the first round decided, or the second failed (→ others). */
  secondRound: Emotion | null;
  /** The two FACS coders' AU codes before cross-checking (Sec. 3.3.2). */
  coderA: string[];
  coderB: string[];
  /** True for the first 300 participants in file order, Table 6's statistical range. */
  firstParticipants: boolean;
}

export interface SyntheticDfme {
  seed: number;
  /** Parts with participants, gender, frame rate and resolution (Table 1). */
  parts: readonly PaperPart[];
  subjects: SyntheticSubject[];
  /** One row per ME, in file order: part A, B, C; subjects ascending; viewing order; onset. */
  samples: SyntheticSample[];
  /** Calibration results: Fleiss' kappa of the votes and the per-vote accuracy that gives it. */
  votes: { kappa: number; accuracy: number };
  /** Calibration results: R of Eq. 1 and the share of final AUs both coders marked. */
  coders: { R: number; bothShare: number };
}

/**
 * Generates the synthetic DFME-like label set.
 * @example
 * const dfme = melab.synthetic.generateSyntheticDfme({ seed: 7526 });
 * dfme.samples.length // 7526
 */
export function generateSyntheticDfme(opts: { seed?: number } = {}): SyntheticDfme {
  const seed = opts.seed ?? DEFAULT_SYNTHETIC_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in 0..4294967295, got ${seed}`);
  const { subjects, samples: skeleton } = buildSkeleton(seed);
  const { codes } = assignAus(skeleton, seed);
  const votes = drawEmotionVotes(skeleton.map((s) => s.emotion), seed, PAPER_FLEISS_KAPPA);
  const coders = drawAuCoders(codes, seed, PAPER_AU_AGREEMENT_R);
  const samples = skeleton.map((s, i): SyntheticSample => ({
    subject: s.subject, part: s.part, gender: s.gender, filename: s.filename, video: s.video,
    onset: s.onset, apex: s.apex, offset: s.offset, fps: s.fps,
    emotion: s.emotion, emotionId: DFME_EMOTION_IDS[s.emotion],
    aus: codes[i],
    votes: votes.rows[i].votes, secondRound: votes.rows[i].secondRound,
    coderA: coders.rows[i].coderA, coderB: coders.rows[i].coderB,
    firstParticipants: s.firstParticipants,
  }));
  return {
    seed, parts: TABLE1_DFME_PARTS, subjects, samples,
    votes: { kappa: votes.kappa, accuracy: votes.accuracy },
    coders: { R: coders.R, bothShare: coders.bothShare },
  };
}
