/**
 * CAS(ME)^3 Part A, as released by its authors: the ME label sheet (cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx,
 * sheet "label": `Subject, Filename, Onset, Apex, Offset, AU, Objective class, emotion`; v1 wrote
 * `Action Units`) and the full coding (CAS(ME)3_part_A_v2.xls, sheet "AU+Emotion": `Subject, Filename,
 * Onset, Apex, Offset, AU, Expression type, Objective class`, macro- and micro-expressions, objective
 * classes I–VII and no emotion column, so the classes are the label). Subjects are "spNO.1"…;
 * Filename is the video letter (a…m) and one video holds several MEs, so the clip id is
 * `Filename_Onset` — the name of the clip folders the database ships (e.g. spNO.10_a_116) — and the
 * letter stays in the `video` column. The part is A (Table 1: 30 fps).
 */
import { columnFormat } from './format';

export const casme3Format = columnFormat({
  name: 'casme3',
  description: 'CAS(ME)^3 Part A (Subject spNO.1, Filename a…m, Onset, Apex, Offset, AU, [Expression type], Objective class I–VII, [emotion])',
  dataset: 'casme3',
  fields: { subject: true, clip: true, onset: true, apex: true, offset: true, aus: true, emotion: true },
  required: ['subject', 'clip', 'onset', 'offset'],
  labelRequired: true,
  objective: true,
  expressionType: true,
  cues: ['expressiontype'],
  derivedExtras: ['video'],
  headers: ['Subject', 'Filename', 'Onset', 'Apex', 'Offset', 'AU', '(Expression type)', 'Objective class', '(emotion)'],
  quirks: [
    'ids: subject spNO.1, video letter a…m',
    'several MEs per video: clip = Filename_Onset, the video letter kept in video',
    'part A, 30 fps (Table 1)',
    'Objective class I–VII kept in objective_class; the label when the sheet has no emotion column',
    'Expression type Macro/Micro: micro-expressions by default (--expressions)',
  ],
  finish(rec) {
    const video = rec.cells.clip ?? '';
    rec.extras.video = video;
    rec.cells.clip = rec.cells.onset ? `${video}_${rec.cells.onset}` : video;
    rec.cells.part = 'A';
  },
});

/**
 * CAS(ME)^3 Part C (mock crime), as released: the ME list (CAS(ME)3_part_C_ME.xlsx, sheet
 * "mockCrimeME": `sub, count, onset, offset, au, emotion`, count = the ME's number within the
 * subject, 4 classes negative/positive/surprise/others) and the interval list (`Subject, Onset,
 * Offset, diff, Exp_type, risk`, no emotion). Part C, 30 fps (Table 1). AU cells are comma lists
 * ("R4,5", full-width "4，11", trailing commas, "13?"): the grammar reads them.
 */
export const casme3PartCFormat = columnFormat({
  name: 'casme3-c',
  description: 'CAS(ME)^3 Part C ME list (sub, count, onset, offset, au, emotion) or intervals (Subject, Onset, Offset, diff, Exp_type, risk)',
  dataset: 'casme3',
  fields: { subject: true, clip: ['count'], onset: true, offset: true, aus: true, emotion: true },
  required: ['subject', 'onset', 'offset'],
  expressionType: true,
  cues: ['count', 'diff', 'risk', 'exptype'],
  absent: ['filename', 'apex', 'apexframe'],
  matchContent(rows, headerIndex, col) {
    // subjects are plain numbers: only the layout's own columns tell it apart
    const norm = rows[headerIndex].map((h) => h.toLowerCase().replace(/[^a-z0-9]/g, ''));
    const own = ['count', 'diff', 'risk', 'exptype'].filter((h) => norm.includes(h)).length;
    const numeric = rows.slice(headerIndex + 1, headerIndex + 200).filter((r) => /^\d{1,3}$/.test((r[col('subject')] ?? '').trim())).length;
    return { fit: own > 0 && numeric > 0 ? 0.6 : 0, dataset: 'casme3', evidence: `Part C columns (${own}) and numeric subjects` };
  },
  headers: ['sub', 'count', 'onset', 'offset', 'au', 'emotion', '| Subject, Onset, Offset, diff, Exp_type, risk'],
  quirks: [
    'part C, 30 fps (Table 1)',
    'clip = count (the ME number within the subject); interval lists without count: clip = onset',
    'AU comma lists ("R4,5", "4，11", trailing commas, "13?")',
    'intervals: Exp_type subsets micro/macro; no emotion column (listed)',
  ],
  finish(rec) {
    rec.cells.part = 'C';
    if (rec.cells.clip === undefined) rec.cells.clip = rec.cells.onset ?? '';
  },
});
