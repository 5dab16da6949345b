/**
 * The DFME paper's published figures that the synthetic default data reproduces, in one place.
 * Every constant names the table, section or equation of `shared/paper/dfme-paper.md` it comes from.
 *
 * AU feature keys: a bilateral code is its canonical key (`AU4`, `AD38`, `M57`); `L/R-AUx` is the
 * paper's lateral column (Table 5 footnote 1: "the Left/Right half part of an AU") and stands for a
 * sample carrying `L-AUx` or `R-AUx`. Table 5 prints the miscellaneous actions 31/38/39 as "AU31",
 * "AU38", "AU39"; melab's canonical keys for them are the action descriptors `AD31`, `AD38`, `AD39`
 * (labels/au-types.ts), so `label` keeps the printed name and `key` the canonical one.
 */
import { DFME_CATEGORIES, type Emotion } from '../labels/emotions';
import { TABLE6_FIRST_PARTICIPANTS } from '../labels/vocabulary';
import { databaseInfo } from '../labels/databases';

/** The seven discrete emotions plus others, numbered as in Sec. 3.3.3 ({1: happiness, ..., 8: others}). */
export const DFME_EMOTION_IDS: Readonly<Record<string, number>> = Object.fromEntries(DFME_CATEGORIES.map((e, i) => [e, i + 1]));

export interface PaperPart {
  part: 'A' | 'B' | 'C';
  participants: number;
  male: number;
  female: number;
  samples: number;
  fps: number;
  width: number;
  height: number;
  /** ME samples per emotion category. */
  emotions: Readonly<Record<string, number>>;
}

/** Table 1, DFME rows (and Sec. 3.4: 1,118 / 969 / 5,439 samples at 500 / 300 / 200 fps), from labels/databases.ts. */
export const TABLE1_DFME_PARTS: readonly PaperPart[] = (databaseInfo('dfme')?.parts ?? []).map((p) => ({
  part: p.part as PaperPart['part'], participants: Number(p.participants), male: Number(p.gender?.male), female: Number(p.gender?.female),
  samples: p.samples, fps: p.fps, width: p.resolutions[0].width, height: p.resolutions[0].height,
  emotions: Object.fromEntries(p.emotions.map((e) => [e.label, e.count])),
}));

/** Sec. 3.4: 7,526 ME samples from 656 participants. */
export const PAPER_TOTAL_SAMPLES = 7526;
export const PAPER_PARTICIPANTS = 656;
/** Samples labelled with one of the seven discrete emotions (7,526 minus 251 others; Table 1). */
export const PAPER_SEVEN_EMOTION_SAMPLES = 7275;

/** Table 2: the 15 elicitation video clips (id, duration in seconds, emotion). */
export const TABLE2_VIDEOS: readonly { id: string; seconds: number; emotion: Emotion }[] = [
  { id: '02sa', seconds: 224, emotion: 'sadness' },
  { id: '03sa', seconds: 258, emotion: 'sadness' },
  { id: '06c', seconds: 121, emotion: 'contempt' },
  { id: '07a', seconds: 86, emotion: 'anger' },
  { id: '08su', seconds: 86, emotion: 'surprise' },
  { id: '09f', seconds: 142, emotion: 'fear' },
  { id: '10a', seconds: 178, emotion: 'anger' },
  { id: '11d', seconds: 84, emotion: 'disgust' },
  { id: '13f', seconds: 134, emotion: 'fear' },
  { id: '14d', seconds: 82, emotion: 'disgust' },
  { id: '17h', seconds: 77, emotion: 'happiness' },
  { id: '18h', seconds: 118, emotion: 'happiness' },
  { id: '20d', seconds: 46, emotion: 'disgust' },
  { id: '21c', seconds: 104, emotion: 'contempt' },
  { id: '23sa', seconds: 104, emotion: 'sadness' },
];
/** Sec. 3.2.2: each participant watched ten elicitation videos covering all seven emotions. */
export const VIDEOS_PER_PARTICIPANT = 10;

/** Sec. 3.3.2: an ME lasts at most 0.5 s from onset to offset, or at most 0.25 s from onset to apex. */
export const ME_MAX_TOTAL_SECONDS = 0.5;
export const ME_MAX_ONSET_APEX_SECONDS = 0.25;

/** Sec. 3.3.2: seven emotion annotators; a label wins in the first round with at least four votes. */
export const EMOTION_ANNOTATORS = 7;
export const MAJORITY_VOTES = 4;
/** Sec. 3.3.3 (Eqs. 2–7): Fleiss' kappa of the seven annotators over the eight categories. */
export const PAPER_FLEISS_KAPPA = 0.72;
/** Sec. 3.3.2 (Eq. 1): agreement R of the two FACS coders. */
export const PAPER_AU_AGREEMENT_R = 0.83;

export interface Table5Entry {
  /** The AU as Table 5 prints it (`AU38`, `L/R-AU12`). */
  label: string;
  /** melab's feature key: canonical code, or `L/R-AUx` for the lateral column. */
  key: string;
  count: number;
}

/** Table 5: distribution of AU labels in DFME (L/R = samples carrying the left or right half of an AU). */
export const TABLE5_AU_COUNTS: readonly Table5Entry[] = [
  { label: 'AU1', key: 'AU1', count: 876 },
  { label: 'AU2', key: 'AU2', count: 708 },
  { label: 'AU4', key: 'AU4', count: 2617 },
  { label: 'AU5', key: 'AU5', count: 973 },
  { label: 'AU6', key: 'AU6', count: 649 },
  { label: 'AU7', key: 'AU7', count: 1624 },
  { label: 'AU9', key: 'AU9', count: 49 },
  { label: 'AU10', key: 'AU10', count: 283 },
  { label: 'AU12', key: 'AU12', count: 712 },
  { label: 'AU14', key: 'AU14', count: 470 },
  { label: 'AU15', key: 'AU15', count: 116 },
  { label: 'AU16', key: 'AU16', count: 35 },
  { label: 'AU17', key: 'AU17', count: 408 },
  { label: 'AU18', key: 'AU18', count: 24 },
  { label: 'AU20', key: 'AU20', count: 77 },
  { label: 'AU23', key: 'AU23', count: 235 },
  { label: 'AU24', key: 'AU24', count: 757 },
  { label: 'AU25', key: 'AU25', count: 60 },
  { label: 'AU28', key: 'AU28', count: 18 },
  { label: 'AU31', key: 'AD31', count: 28 },
  { label: 'AU38', key: 'AD38', count: 173 },
  { label: 'AU39', key: 'AD39', count: 35 },
  { label: 'M57', key: 'M57', count: 4 },
  { label: 'M58', key: 'M58', count: 26 },
  { label: 'L/R-AU1', key: 'L/R-AU1', count: 280 },
  { label: 'L/R-AU2', key: 'L/R-AU2', count: 367 },
  { label: 'L/R-AU4', key: 'L/R-AU4', count: 190 },
  { label: 'L/R-AU5', key: 'L/R-AU5', count: 156 },
  { label: 'L/R-AU6', key: 'L/R-AU6', count: 93 },
  { label: 'L/R-AU7', key: 'L/R-AU7', count: 173 },
  { label: 'L/R-AU10', key: 'L/R-AU10', count: 154 },
  { label: 'L/R-AU12', key: 'L/R-AU12', count: 460 },
  { label: 'L/R-AU14', key: 'L/R-AU14', count: 50 },
  { label: 'L/R-AU15', key: 'L/R-AU15', count: 31 },
  { label: 'L/R-AU20', key: 'L/R-AU20', count: 17 },
];
/** Table 5's "Total", and Sec. 3.4's 12928 / 7526 = 1.718 AUs per sample. */
export const TABLE5_TOTAL = 12928;

/** Table 6 footnote 1: percentages are over all MEs of the first 300 participants. */
export const TABLE6_PARTICIPANTS: number = TABLE6_FIRST_PARTICIPANTS;
/** Table 6: AUs of high occurrence per emotion, percent of that emotion's samples showing the AU. */
export const TABLE6_AU_PERCENT: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  happiness: { AU12: 79.8, AU6: 61.6, AU24: 12.1, 'L/R-AU12': 10.1, AU10: 6.2 },
  anger: { AU4: 72.5, AU7: 29.1, AU24: 16.3, AU5: 7.6, AU23: 5.6, AU14: 5.6, AU10: 5.2, AU17: 4.8 },
  contempt: { 'L/R-AU12': 78.7, AU6: 19.2, 'L/R-AU10': 10.6, AU7: 7.8, 'L/R-AU2': 5.7, AU14: 5.7 },
  disgust: { AU4: 73.6, AU7: 40.4, AU10: 11.8, AU24: 8.4, AU14: 6.7 },
  fear: { AU4: 54.1, AU7: 35.3, AU5: 16.2, AU24: 14.5, AU1: 11.1, AU14: 8.8, AU17: 6.0, AU10: 4.8 },
  sadness: { AU4: 42.2, AU14: 26.1, AU24: 19.2, AU7: 16.5, AU17: 10.8, AU15: 6.9, AU23: 5.1, AU1: 4.8 },
  surprise: { AU1: 65.6, AU5: 60.2, AU2: 60.0, 'L/R-AU2': 25.6, 'L/R-AU1': 17.8, 'L/R-AU5': 10.7 },
};
/** The brief's tolerance for Table 6 (percentage points). */
export const TABLE6_TOLERANCE_POINTS = 2;

/** Table 7: matching emotion and AU combinations (features joined by '+'). */
export const TABLE7_COMBINATIONS: Readonly<Record<string, readonly string[]>> = {
  happiness: ['AU6+AU12', 'AU12'],
  anger: ['AU4+AU5', 'AU23'],
  contempt: ['L/R-AU12', 'AU6+L/R-AU12'],
  disgust: ['AU4+AU7+AU10', 'AU14'],
  fear: ['AU14+AU24', 'AU1+AU4', 'AU4+AU5'],
  sadness: ['AU14', 'AU17', 'AU15', 'AU14+AU24'],
  surprise: ['AU1+AU2+AU5', 'AU1+AU2', 'AU5'],
};
/** Table 7 "Shared": combinations common in anger, disgust, fear and sadness alike. */
export const TABLE7_SHARED_COMBINATIONS: readonly string[] = ['AU4', 'AU4+AU7', 'AU7', 'AU24'];
export const TABLE7_SHARED_EMOTIONS: readonly Emotion[] = ['anger', 'disgust', 'fear', 'sadness'];
