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
import { readEmotion, type Emotion } from '../emotions';
import type { Issue } from '../issues';
import { isBlankRow } from '../sheet';
import { objectiveClassKey } from '../vocabulary';
import type { LabelFormat, SheetRecord } from './format';
import { columnFormat, columnLetter, expressionKind, idFit, sampleRows } from './format';

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

const INT = /^\s*\d+(\.0+)?\s*$/;
const ROMAN_CLASS = /^(I|II|III|IV|V|VI|VII)$/i;

/**
 * Header-less CAS(ME)^3 clip lists (e.g. the authors' list of Part A clips wrongly labelled as MEs in
 * release v1): `spNO.N, video letter, onset, apex, offset`, then any of an AU cell, an expression type
 * (Macro-/Micro-expression), an objective class (I–VII) or an emotion, each told by its content.
 */
export const casme3ListFormat: LabelFormat = {
  name: 'casme3-list',
  description: 'header-less CAS(ME)^3 clip list (spNO.N, video letter, onset, apex, offset, then AU / type / objective class / emotion by content)',
  dataset: 'casme3',
  headers: ['(none) subject spNO.N', 'video letter', 'onset', 'apex', 'offset', '(AU, expression type, objective class, emotion)'],
  quirks: ['no header row: detected by spNO.N and a video letter in the first two columns', 'trailing columns typed by content', 'part A, 30 fps'],
  matchRow(row) {
    const v = (i: number) => (row[i] ?? '').trim();
    const ok = /^spNO\.\d+$/i.test(v(0)) && /^[a-m]$/i.test(v(1)) && [2, 3, 4].every((i) => INT.test(v(i)));
    return ok ? { fit: 1, cues: ['spNO.N and a video letter in columns A–B'], hasEmotion: false } : null;
  },
  matchContent(rows, headerIndex) {
    return idFit(rows, headerIndex, 0, 1, 'casme3');
  },
  parse(rows, headerIndex, ctx) {
    const sample = sampleRows(rows, headerIndex);
    const width = Math.max(...sample.map((r) => r.length));
    const roleOf = (c: number): 'expression' | 'objective' | 'emotion' | 'aus' | null => {
      const vals = sample.map((r) => (r[c] ?? '').trim()).filter(Boolean);
      if (vals.length === 0) return null;
      if (vals.every((x) => expressionKind(x) !== null)) return 'expression';
      if (vals.every((x) => ROMAN_CLASS.test(x))) return 'objective';
      if (vals.filter((x) => readEmotion(x).emotion !== null).length > vals.length / 2) return 'emotion';
      return 'aus';
    };
    const roles = new Map<string, number>();
    for (let c = 5; c < width; c++) {
      const role = roleOf(c);
      if (role && !roles.has(role)) roles.set(role, c);
    }
    const issues: Issue[] = [];
    if (!roles.has('emotion') && !roles.has('objective')) {
      issues.push({ file: ctx.file, row: 0, column: '', value: '', severity: 'warning',
        problem: `no emotion column was read (${width} columns: subject, video, onset, apex, offset${[...roles.keys()].map((r) => `, ${r}`).join('')}); emotions are empty` });
    }
    const records: SheetRecord[] = [];
    for (let r = headerIndex + 1; r < rows.length; r++) {
      const row = rows[r];
      if (isBlankRow(row)) continue;
      const v = (i: number | undefined) => (i === undefined ? '' : (row[i] ?? '').trim());
      const video = v(0) === '' ? '' : v(1);
      const objective = roles.has('objective') ? objectiveClassKey(v(roles.get('objective'))) : null;
      const cells = { subject: v(0), clip: `${video}_${v(2)}`, onset: v(2), apex: v(3), offset: v(4), part: 'A',
        aus: v(roles.get('aus')), emotion: roles.has('emotion') ? v(roles.get('emotion')) : v(roles.get('objective')) };
      const rec: SheetRecord = { row: r + 1, cells, extras: { video, objective_class: objective ?? '', expression_type: v(roles.get('expression')) } };
      if (!roles.has('emotion') && roles.has('objective')) rec.emotion = objective as Emotion | null;
      if (roles.has('expression')) rec.expression = expressionKind(v(roles.get('expression')));
      records.push(rec);
    }
    const name = (role: string, fallback: string) => (roles.has(role) ? `column ${columnLetter(roles.get(role) as number)}` : fallback);
    return {
      format: 'casme3-list', dataset: 'casme3', records, issues, extras: ['video', 'objective_class', 'expression_type'],
      columns: { subject: 'column A', clip: 'column B', onset: 'column C', apex: 'column D', offset: 'column E',
        ...(roles.has('aus') ? { aus: name('aus', '') } : {}),
        ...(roles.has('emotion') || roles.has('objective') ? { emotion: name(roles.has('emotion') ? 'emotion' : 'objective', '') } : {}) },
      expressionColumn: roles.has('expression') ? name('expression', '') : undefined,
    };
  },
};
