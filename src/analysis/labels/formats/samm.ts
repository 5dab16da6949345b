/**
 * SAMM v2 (SAMM_Micro_FACS_Codes_v2.xlsx): about 13 rows of free-text preamble, then the header
 * `Subject, Filename, Inducement Code, Onset Frame, Apex Frame, Offset Frame, Duration, Micro,
 * Action Units, Estimated Emotion, Objective Classes, Notes` (CSV conversions drop the preamble and
 * may rename columns as CASME II's: `Onset, Apex, Offset, Label`). Ids: subject 006, clip 006_1_2.
 *
 * Objective classes (Davison et al., "Objective classes for micro-facial expression recognition",
 * 2018): classes I–VII written 1–7, read as objective-I … objective-VII into `objective_class`;
 * `label: 'objective'` makes them the label. The paper's Table 1 row for SAMM counts these classes.
 */
import { columnFormat } from './format';

export const sammFormat = columnFormat({
  name: 'samm',
  description: 'SAMM v2 FACS codes (preamble rows, Onset Frame … Estimated Emotion, Objective Classes 1–7; ids 006 / 006_1_2)',
  dataset: 'samm',
  fields: { subject: true, clip: true, onset: true, apex: true, offset: true, aus: true, emotion: true },
  required: ['subject', 'clip', 'onset', 'offset'],
  labelRequired: true,
  objective: true,
  cues: ['inducementcode', 'micro', 'duration', 'notes'],
  extraNames: { inducementcode: 'inducement_code', duration: 'duration', micro: 'micro', notes: 'notes' },
  headers: ['Subject', 'Filename', 'Inducement Code', 'Onset Frame', 'Apex Frame', 'Offset Frame', 'Duration', 'Micro',
    'Action Units', 'Estimated Emotion', 'Objective Classes', 'Notes'],
  quirks: [
    'free-text preamble before the header row (row numbers count it)',
    'ids: subject 006, clip 006_1_2',
    'Objective Classes 1..7 → objective_class (objective-I … objective-VII)',
    'label: objective puts the objective class in emotion (Estimated Emotion then kept as estimated_emotion)',
  ],
});
