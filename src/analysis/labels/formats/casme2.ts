/**
 * CASME II coding sheet (CASME2-coding-*.xlsx): `Subject, Filename, OnsetFrame, ApexFrame,
 * OffsetFrame, Action Units, Estimated Emotion`. One apex is "/" (not annotated): it is read as a
 * missing apex and listed. Some releases carry blank unnamed columns; they are skipped when empty.
 */
import { columnFormat } from './format';

/** CASME II's columns, shared by the sheets that copy its layout (MMEW). */
export const CASME2_FIELDS = {
  subject: ['subject'],
  clip: ['filename'],
  onset: ['onsetframe'],
  apex: ['apexframe'],
  offset: ['offsetframe'],
  aus: ['actionunits'],
  emotion: ['estimatedemotion'],
};
export const CASME2_REQUIRED = ['subject', 'filename', 'onsetframe', 'offsetframe', 'actionunits', 'estimatedemotion'];
export const CASME2_HEADERS = ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion'];

export const casme2Format = columnFormat({
  name: 'casme2',
  description: 'CASME II coding sheet (Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame, Action Units, Estimated Emotion)',
  dataset: 'casme2',
  fields: CASME2_FIELDS,
  required: CASME2_REQUIRED,
  headers: CASME2_HEADERS,
  quirks: ['apex "/" (not annotated) → apex empty, listed as a warning', 'blank unnamed columns skipped'],
});
