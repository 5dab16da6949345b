/**
 * Canonical emotion names: lower-case English, as in DESIGN.md's CLI contract.
 * The spellings below are the ones the released sheets use (DFME, CASME II, SAMM, MMEW,
 * CAS(ME)^2/^3, SMIC, MEGC2019) and the abbreviations of the paper's Table 1.
 */
export const CANONICAL_EMOTIONS = [
  'happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise', 'others',
  'repression', 'tense', 'positive', 'negative', 'amusement',
] as const;
export type Emotion = (typeof CANONICAL_EMOTIONS)[number];

/** DFME's seven discrete emotions in the paper's order (Sec. 3.3.3: 1 happiness ... 7 surprise). */
export const DFME_EMOTIONS: readonly Emotion[] = ['happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise'];
/** DFME's eight annotation categories (Sec. 3.3.3), 'others' last. */
export const DFME_CATEGORIES: readonly Emotion[] = [...DFME_EMOTIONS, 'others'];
/** The negative emotions of the paper's Table 7 "Shared" row. */
export const SHARED_NEGATIVE: readonly Emotion[] = ['anger', 'disgust', 'fear', 'sadness'];

const ALIASES: Record<string, Emotion> = {
  happiness: 'happiness', happy: 'happiness', hap: 'happiness', joy: 'happiness',
  anger: 'anger', angry: 'anger', ang: 'anger',
  contempt: 'contempt', con: 'contempt',
  disgust: 'disgust', disgusted: 'disgust', dis: 'disgust',
  fear: 'fear', afraid: 'fear', scared: 'fear',
  sadness: 'sadness', sad: 'sadness', sadnes: 'sadness',
  surprise: 'surprise', surprised: 'surprise', sur: 'surprise',
  others: 'others', other: 'others', oth: 'others',
  repression: 'repression', rep: 'repression',
  tense: 'tense',
  positive: 'positive', pos: 'positive',
  negative: 'negative', neg: 'negative',
  amusement: 'amusement', amu: 'amusement',
};

/** Maps a sheet's emotion string to its canonical name, or null when it is not a known emotion. */
export function canonicalEmotion(raw: unknown): Emotion | null {
  if (raw === null || raw === undefined) return null;
  const key = String(raw).trim().toLowerCase().replace(/[\s_-]+/g, '');
  return ALIASES[key] ?? null;
}
