/**
 * CASME II coding sheet (CASME2-coding-*.xlsx): `Subject, Filename, OnsetFrame, ApexFrame,
 * OffsetFrame, Action Units, Estimated Emotion`. One apex is "/" (not annotated): it is read as a
 * missing apex and listed. Some releases carry blank unnamed columns; they are skipped when empty.
 */
import { columnFormat } from './format';

export const casme2Format = columnFormat({
  name: 'casme2',
  description: 'CASME II coding sheet (Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame, Action Units, Estimated Emotion)',
  dataset: 'casme2',
  fields: {
    subject: ['subject'],
    clip: ['filename'],
    onset: ['onsetframe'],
    apex: ['apexframe'],
    offset: ['offsetframe'],
    aus: ['actionunits'],
    emotion: ['estimatedemotion'],
  },
  required: ['subject', 'filename', 'onsetframe', 'offsetframe', 'actionunits', 'estimatedemotion'],
  headers: ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion'],
  quirks: ['apex "/" (not annotated) → apex empty, listed as a warning', 'blank unnamed columns skipped'],
});
