/**
 * SAMM v2 (SAMM_Micro_FACS_Codes_v2.xlsx): about 13 rows of free-text preamble, then the header
 * `Subject, Filename, Inducement Code, Onset Frame, Apex Frame, Offset Frame, Duration, Micro,
 * Action Units, Estimated Emotion, Objective Classes, Notes` (some copies write `Type` for `Micro`).
 *
 * Objective classes (Davison et al., "Objective classes for micro-facial expression recognition",
 * 2018): 1 happiness, 2 surprise, 3 anger, 4 disgust, 5 sadness, 6 fear, 7 others. The paper's
 * Table 1 row for SAMM counts these classes. `emotion` holds the sheet's Estimated Emotion; the
 * class goes to the `objective_class` column, and `label: 'objective'` puts it in `emotion` instead.
 */
import type { Emotion } from '../emotions';
import { columnFormat } from './format';

/** SAMM's objective classes, 1-based. */
export const SAMM_OBJECTIVE_CLASSES: readonly Emotion[] = ['happiness', 'surprise', 'anger', 'disgust', 'sadness', 'fear', 'others'];

/** Maps an objective-class cell ("1".."7", also "1.0" as some exports write it) to its emotion, or null. */
export function sammObjectiveClass(raw: string): Emotion | null {
  const m = /^\s*([1-7])(?:\.0+)?\s*$/.exec(raw);
  return m ? SAMM_OBJECTIVE_CLASSES[Number(m[1]) - 1] : null;
}

export const sammFormat = columnFormat({
  name: 'samm',
  description: 'SAMM v2 FACS codes (preamble rows, Onset Frame … Estimated Emotion, Objective Classes 1–7)',
  dataset: 'samm',
  fields: {
    subject: ['subject'],
    clip: ['filename'],
    onset: ['onsetframe'],
    apex: ['apexframe'],
    offset: ['offsetframe'],
    aus: ['actionunits'],
    emotion: ['estimatedemotion'],
  },
  required: ['subject', 'filename', 'onsetframe', 'offsetframe', 'estimatedemotion'],
  anyOf: ['inducementcode', 'objectiveclasses', 'objectiveclass'],
  objective: {
    headers: ['objectiveclasses', 'objectiveclass'],
    map: sammObjectiveClass,
    meaning: '1 happiness, 2 surprise, 3 anger, 4 disgust, 5 sadness, 6 fear, 7 others',
  },
  extraNames: { inducementcode: 'inducement_code', duration: 'duration', micro: 'micro', type: 'type', notes: 'notes' },
  headers: ['Subject', 'Filename', 'Inducement Code', 'Onset Frame', 'Apex Frame', 'Offset Frame', 'Duration', 'Micro',
    'Action Units', 'Estimated Emotion', 'Objective Classes', 'Notes'],
  quirks: [
    'free-text preamble before the header row (row numbers count it)',
    'Objective Classes 1..7 → objective_class (happiness, surprise, anger, disgust, sadness, fear, others)',
    'label: objective puts the objective class in emotion (Estimated Emotion then kept as estimated_emotion)',
  ],
});
