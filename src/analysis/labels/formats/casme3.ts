/**
 * CAS(ME)^3 Part A, as released by its authors (cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx, sheet
 * "label"): `Subject, Filename, Onset, Apex, Offset, AU, Objective class, emotion` (v1 wrote
 * `Action Units`). Subjects are "spNO.1"…; Filename is the video letter (a…m) and one video holds
 * several MEs, so the clip id is `Filename_Onset` — the name of the clip folders the database ships
 * (e.g. spNO.10_a_116) — and the letter stays in the `video` column. The part is A (Table 1: 30 fps).
 */
import { canonicalEmotion } from '../emotions';
import { columnFormat } from './format';

export const casme3Format = columnFormat({
  name: 'casme3',
  description: 'CAS(ME)^3 Part A ME labels (Subject, Filename, Onset, Apex, Offset, AU, Objective class, emotion)',
  dataset: 'casme3',
  fields: {
    subject: ['subject'],
    clip: ['filename'],
    onset: ['onset', 'onsetframe'],
    apex: ['apex', 'apexframe'],
    offset: ['offset', 'offsetframe'],
    aus: ['au', 'actionunits'],
    emotion: ['emotion', 'estimatedemotion'],
  },
  required: ['subject', 'filename', 'onset', 'offset'],
  anyOf: ['au', 'actionunits'],
  objective: {
    headers: ['objectiveclass', 'objectiveclasses'],
    map: (raw) => canonicalEmotion(raw),
    meaning: 'an emotion name',
  },
  derivedExtras: ['video'],
  headers: ['Subject', 'Filename', 'Onset', 'Apex', 'Offset', 'AU', 'Objective class', 'emotion'],
  quirks: [
    'several MEs per video: clip = Filename_Onset, the video letter kept in video',
    'part A, 30 fps (Table 1)',
    'Objective class kept in objective_class; label: objective puts it in emotion',
  ],
  finish(rec) {
    const video = rec.cells.clip ?? '';
    rec.extras.video = video;
    rec.cells.clip = rec.cells.onset ? `${video}_${rec.cells.onset}` : video;
    rec.cells.part = 'A';
  },
});
