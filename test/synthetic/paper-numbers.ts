/**
 * The DFME paper's numbers the synthetic data must reproduce, transcribed for the tests straight from
 * shared/paper/dfme-paper.md (independently of src/analysis/synthetic/paper-targets.ts, which a test
 * compares with this transcription).
 */

/** Table 1, DFME rows: participants, gender (M/F), frame rate, ME samples and emotion counts per part. */
export const PAPER_TABLE1 = {
  A: { participants: 72, male: 31, female: 41, fps: 500, samples: 1118,
    emotions: { happiness: 111, disgust: 321, fear: 143, anger: 97, contempt: 77, surprise: 187, sadness: 142, others: 40 } },
  B: { participants: 92, male: 61, female: 31, fps: 300, samples: 969,
    emotions: { happiness: 78, disgust: 406, fear: 115, anger: 56, contempt: 45, surprise: 143, sadness: 119, others: 7 } },
  C: { participants: 492, male: 282, female: 210, fps: 200, samples: 5439,
    emotions: { happiness: 803, disgust: 1801, fear: 634, anger: 466, contempt: 279, surprise: 878, sadness: 374, others: 204 } },
} as const;

/**
 * Table 5 (AU31/38/39 printed as "AU31", "AU38", "AU39" are melab's action descriptors AD31/AD38/AD39;
 * "L/R-AUx" = samples carrying L-AUx or R-AUx). Total 12,928.
 */
export const PAPER_TABLE5: Record<string, number> = {
  AU1: 876, AU2: 708, AU4: 2617, AU5: 973, AU6: 649, AU7: 1624,
  AU9: 49, AU10: 283, AU12: 712, AU14: 470, AU15: 116, AU16: 35,
  AU17: 408, AU18: 24, AU20: 77, AU23: 235, AU24: 757, AU25: 60,
  AU28: 18, AD31: 28, AD38: 173, AD39: 35, M57: 4, M58: 26,
  'L/R-AU1': 280, 'L/R-AU2': 367, 'L/R-AU4': 190, 'L/R-AU5': 156, 'L/R-AU6': 93, 'L/R-AU7': 173,
  'L/R-AU10': 154, 'L/R-AU12': 460, 'L/R-AU14': 50, 'L/R-AU15': 31, 'L/R-AU20': 17,
};

/** Table 6 (first 300 participants): percent of each emotion's MEs showing the AU. */
export const PAPER_TABLE6: Record<string, Record<string, number>> = {
  happiness: { AU12: 79.8, AU6: 61.6, AU24: 12.1, 'L/R-AU12': 10.1, AU10: 6.2 },
  anger: { AU4: 72.5, AU7: 29.1, AU24: 16.3, AU5: 7.6, AU23: 5.6, AU14: 5.6, AU10: 5.2, AU17: 4.8 },
  contempt: { 'L/R-AU12': 78.7, AU6: 19.2, 'L/R-AU10': 10.6, AU7: 7.8, 'L/R-AU2': 5.7, AU14: 5.7 },
  disgust: { AU4: 73.6, AU7: 40.4, AU10: 11.8, AU24: 8.4, AU14: 6.7 },
  fear: { AU4: 54.1, AU7: 35.3, AU5: 16.2, AU24: 14.5, AU1: 11.1, AU14: 8.8, AU17: 6.0, AU10: 4.8 },
  sadness: { AU4: 42.2, AU14: 26.1, AU24: 19.2, AU7: 16.5, AU17: 10.8, AU15: 6.9, AU23: 5.1, AU1: 4.8 },
  surprise: { AU1: 65.6, AU5: 60.2, AU2: 60.0, 'L/R-AU2': 25.6, 'L/R-AU1': 17.8, 'L/R-AU5': 10.7 },
};

/** Table 7: matching emotion and AU combinations; "Shared" holds for anger, disgust, fear and sadness. */
export const PAPER_TABLE7: Record<string, string[]> = {
  happiness: ['AU6+AU12', 'AU12'],
  anger: ['AU4+AU5', 'AU23'],
  contempt: ['L/R-AU12', 'AU6+L/R-AU12'],
  disgust: ['AU4+AU7+AU10', 'AU14'],
  fear: ['AU14+AU24', 'AU1+AU4', 'AU4+AU5'],
  sadness: ['AU14', 'AU17', 'AU15', 'AU14+AU24'],
  surprise: ['AU1+AU2+AU5', 'AU1+AU2', 'AU5'],
};
export const PAPER_TABLE7_SHARED = ['AU4', 'AU4+AU7', 'AU7', 'AU24'];
export const SHARED_NEGATIVE_EMOTIONS = ['anger', 'disgust', 'fear', 'sadness'];

/** Sec. 3.3.3: {1: happiness, 2: anger, 3: contempt, 4: disgust, 5: fear, 6: sadness, 7: surprise, 8: others}. */
export const PAPER_EMOTION_IDS: Record<string, number> = {
  happiness: 1, anger: 2, contempt: 3, disgust: 4, fear: 5, sadness: 6, surprise: 7, others: 8,
};
