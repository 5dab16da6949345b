/**
 * Canonical emotion names: lower-case English, as in DESIGN.md's CLI contract, plus Davison et al.'s
 * objective classes (objective-I … objective-VII) for sheets whose only class column is one. The
 * spellings come from data/vocabulary.json (the released sheets' spellings and the abbreviations of
 * the paper's Table 1).
 */
import { VOCABULARY } from './vocabulary';

export const CANONICAL_EMOTIONS = [
  'happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise', 'others',
  'repression', 'tense', 'positive', 'negative', 'amusement',
  'objective-I', 'objective-II', 'objective-III', 'objective-IV', 'objective-V', 'objective-VI', 'objective-VII',
] as const;
export type Emotion = (typeof CANONICAL_EMOTIONS)[number];
// The literal list above exists for the Emotion type; vocabulary.json is the one source of the names and order.
if (CANONICAL_EMOTIONS.join() !== [...VOCABULARY.emotions.order, ...VOCABULARY.objective_classes.keys].join()) {
  throw new Error('emotions.ts: CANONICAL_EMOTIONS disagrees with data/vocabulary.json (emotions.order + objective_classes.keys)');
}

/** DFME's seven discrete emotions in the paper's order (Sec. 3.3.3: 1 happiness ... 7 surprise). */
export const DFME_EMOTIONS: readonly Emotion[] = VOCABULARY.emotions.dfme as Emotion[];
/** DFME's eight annotation categories (Sec. 3.3.3), 'others' last. */
export const DFME_CATEGORIES: readonly Emotion[] = [...DFME_EMOTIONS, 'others'];
/** The negative emotions of the paper's Table 7 "Shared" row. */
export const SHARED_NEGATIVE: readonly Emotion[] = ['anger', 'disgust', 'fear', 'sadness'];

const key = (s: string): string => s.trim().toLowerCase().replace(/[\s_-]+/g, '');

const ALIASES = new Map<string, Emotion>();
const TYPOS = new Map<string, Emotion>();
for (const e of CANONICAL_EMOTIONS) ALIASES.set(key(e), e);
for (const [e, spellings] of Object.entries(VOCABULARY.emotions.aliases)) for (const s of spellings) ALIASES.set(key(s), e as Emotion);
for (const [e, spellings] of Object.entries(VOCABULARY.emotions.typos)) {
  for (const s of spellings) TYPOS.set(key(s), e as Emotion);
}

/** How an emotion cell was read: the canonical emotion, and why it needs a second look when it does. */
export interface EmotionReading {
  emotion: Emotion | null;
  /** Set when the cell was read with a caveat (a typo, a "?"), or could not be read for a stated reason (two emotions). */
  note: string | null;
}

/**
 * Reads an emotion cell: the standard spellings silently, typos ("comtempt") and uncertain marks
 * ("fear?") with a note, and two emotions in one cell ("contempt/disgust") as none, with a note.
 * @example readEmotion('fear?') // { emotion: 'fear', note: 'uncertain label "fear?" read as fear' }
 */
export function readEmotion(raw: unknown): EmotionReading {
  if (raw === null || raw === undefined) return { emotion: null, note: null };
  const text = String(raw).trim();
  const k = key(text);
  const plain = ALIASES.get(k);
  if (plain) return { emotion: plain, note: null };
  const typo = TYPOS.get(k);
  if (typo) return { emotion: typo, note: `misspelt label "${text}" read as ${typo}` };
  const q = /^(.*?)\s*\?+$/.exec(text);
  if (q && q[1] !== '') {
    const inner = readEmotion(q[1]);
    if (inner.emotion) return { emotion: inner.emotion, note: `uncertain label "${text}" read as ${inner.emotion}` };
  }
  const parts = text.split(/\s*(?:\/|\bor\b|,|&)\s*/i).filter(Boolean);
  if (parts.length > 1) {
    const read = [...new Set(parts.map((p) => readEmotion(p).emotion))];
    if (read.every((e) => e !== null)) {
      if (read.length === 1) return { emotion: read[0], note: `label "${text}" repeats ${read[0]}; read as ${read[0]}` };
      return { emotion: null, note: `label "${text}" names ${read.length} emotions (${read.join(', ')}); not read as either` };
    }
  }
  return { emotion: null, note: null };
}

/** Maps a sheet's emotion string to its canonical name, or null when it is not one known emotion. */
export function canonicalEmotion(raw: unknown): Emotion | null {
  return readEmotion(raw).emotion;
}
