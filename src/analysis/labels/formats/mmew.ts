/**
 * MMEW label sheet: `Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame, Action Units,
 * Estimated Emotion, remarks` (CASME II's layout plus a free-text `remarks` column, kept as an extra);
 * clips are named S01-01-001. AU sides appear as prefix (R12) and suffix (12L): the grammar reads both.
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
