/**
 * DFME, as released for the challenge: `Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame,
 * Emotion, EmotionId, Fps, AU` (xlsx or csv); ids sub0003 / sub0003_01. The part (A/B/C) is not a
 * column of the release: it follows from the frame rate (Table 1: PART A 500 fps, PART B 300 fps,
 * PART C 200 fps). A `Part` column, where a sheet has one (melab's synthetic default does), is read
 * and checked against Fps. EmotionId (0 anger … 6 surprise) is kept as an extra.
 */
import { columnFormat } from './format';

export const dfmeFormat = columnFormat({
  name: 'dfme',
  description: 'DFME challenge release (Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame, Emotion, EmotionId, Fps, AU)',
  dataset: 'dfme',
  fields: { subject: true, clip: true, onset: true, apex: true, offset: true, emotion: true, aus: true, fps: true, part: true },
  required: ['subject', 'clip', 'onset', 'offset'],
  labelRequired: true,
  cues: ['fps', 'emotionid'],
  extraNames: { emotionid: 'emotion_id', gender: 'gender' },
  headers: ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Emotion', 'EmotionId', 'Fps', 'AU', '(Part, Gender, ... kept)'],
  quirks: [
    'ids: subject sub0003, clip sub0003_01',
    'part derived from Fps (500/300/200 → A/B/C) when there is no Part column',
    'a Part column is checked against Fps',
    'EmotionId, Gender and any other column kept as extras',
  ],
});
