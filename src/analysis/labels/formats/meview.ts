/**
 * MEVIEW (Husák et al. 2017; MEVIEW.xls, sheet "List 1"): `Subject, Filename, OnsetFrame,
 * OffsetFrame, VideoFile, StartFrameVideo, EndFrameVideo, Length, Action Units, Emotion, Note`.
 * Poker and TV-interview videos at 30 fps (Table 1), no apex. Quirks of the release: AU cells
 * written with a dot ("1.2" = AU1+AU2), one AU cell stored by Excel as a date (listed, not guessed),
 * blank emotions where the note says the clip is not an ME, "fear?" and the typo "comtempt"
 * (read, listed), "contempt/disgust" (two emotions: not read, listed).
 */
import { columnFormat } from './format';

export const meviewFormat = columnFormat({
  name: 'meview',
  description: 'MEVIEW (Subject, Filename, OnsetFrame, OffsetFrame, VideoFile, StartFrameVideo, EndFrameVideo, Length, Action Units, Emotion, Note)',
  dataset: 'meview',
  fields: { subject: true, clip: true, onset: true, offset: true, aus: true, emotion: true },
  required: ['subject', 'clip', 'onset', 'offset'],
  labelRequired: true,
  cues: ['videofile', 'startframevideo', 'endframevideo', 'length', 'note'],
  extraNames: { videofile: 'video_file', startframevideo: 'start_frame_video', endframevideo: 'end_frame_video', length: 'length', note: 'note' },
  headers: ['Subject', 'Filename', 'OnsetFrame', 'OffsetFrame', 'VideoFile', 'StartFrameVideo', 'EndFrameVideo', 'Length', 'Action Units', 'Emotion', 'Note'],
  quirks: [
    'ids: subject 1, clip sub01-1',
    'no apex; 30 fps (Table 1)',
    'AU "1.2" = AU1+AU2; an AU cell stored as a date is listed, not read',
    'typos and "?" labels read and listed; "contempt/disgust" not read, listed',
  ],
});
