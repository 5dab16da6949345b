/**
 * MMEW label sheet (MMEW_Micro_Exp): `Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame, Action Units,
 * Estimated Emotion, remarks`: the same column names as CASME II's sheet plus a free-text `remarks` column,
 * kept as an extra. Nothing is taken from casme2.ts: as in every header format, `true` reads a field under
 * the shared header spellings (FIELD_ALIASES in format.ts). The sheet is told from CASME II's by the
 * `remarks` cue and by its ids (subject 1, clip S01-01-001: the mmew id patterns in data/vocabulary.json);
 * the frame rate (90 fps, the paper's Table 1) comes from the database metadata there too. AU sides
 * appear as prefix (R12) and suffix (12L): the AU grammar reads both.
 */
import { columnFormat } from './format';

export const mmewFormat = columnFormat({
  name: 'mmew',
  description: 'MMEW label sheet (CASME II layout + remarks; clips S01-01-001)',
  dataset: 'mmew',
  fields: { subject: true, clip: true, onset: true, apex: true, offset: true, aus: true, emotion: true },
  required: ['subject', 'clip', 'onset', 'offset'],
  labelRequired: true,
  cues: ['remarks'],
  extraNames: { remarks: 'remarks' },
  headers: ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion', 'remarks'],
  quirks: ['ids: subject 1, clip S01-01-001', 'remarks kept as an extra column', 'AU side as suffix (12L) or prefix (R12)'],
});
