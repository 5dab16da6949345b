/**
 * CASME II coding sheets and their re-saves: `Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame,
 * Action Units, Estimated Emotion` (2014 and 2019 releases; 2019 copies may add `Objective Classes`),
 * the renamed CSVs (`Onset, Apex, Offset, Label`; bob.db's lower-case `subject, filename, onset,
 * apex, offset, emotion, action_units`), and the objective-class table `Subject, Filename, Objective
 * Class` (no frames; its classes are then the label). Told from look-alike layouts by its ids:
 * subjects `01`/`sub01`, clips `EP02_01f`. One apex is "/" (not annotated): read as missing, listed.
 */
import { columnFormat } from './format';

export const casme2Format = columnFormat({
  name: 'casme2',
  description: 'CASME II coding sheet and re-saves (Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame, Action Units, Estimated Emotion)',
  dataset: 'casme2',
  fields: { subject: true, clip: true, onset: true, apex: true, offset: true, aus: true, emotion: true },
  required: ['subject', 'clip'],
  labelRequired: true,
  objective: true,
  headers: ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Action Units', 'Estimated Emotion', '(Objective Classes)'],
  quirks: [
    'ids: subject 01 or sub01, clip EP02_01f',
    'apex "/" (not annotated) → apex empty, listed as a warning',
    'blank unnamed columns skipped',
    'Objective Classes 1–7 (Davison et al.) kept in objective_class; the objective-class table (no emotion column) uses them as the label',
  ],
});
