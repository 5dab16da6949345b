/**
 * MMEW label sheet: `Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame, Action Units,
 * Estimated Emotion, remarks` (CASME II's layout plus a free-text `remarks` column, kept as an extra).
 */
import { columnFormat } from './format';

export const mmewFormat = columnFormat({
  name: 'mmew',
  description: 'MMEW label sheet (CASME II layout + remarks)',
  dataset: 'mmew',
  fields: {
    subject: ['subject'],
    clip: ['filename'],
    onset: ['onsetframe'],
    apex: ['apexframe'],
    offset: ['offsetframe'],
    aus: ['actionunits'],
    emotion: ['estimatedemotion'],
  },
  required: ['subject', 'filename', 'onsetframe', 'offsetframe', 'actionunits', 'estimatedemotion', 'remarks'],
  extraNames: { remarks: 'remarks' },
  headers: ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion', 'remarks'],
  quirks: ['remarks kept as an extra column'],
});
