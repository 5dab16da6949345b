/**
 * The MEGC2019 composite database (CASME II + SAMM + SMIC-HS with three classes): a header-less CSV
 * `dataset, subject, clip, label` with label 0 negative, 1 positive, 2 surprise. A header row with
 * those names is accepted too. Subject ids repeat across databases, so analyses qualify them by
 * dataset (subjectsOf does). SMIC rows are SMIC-HS (100 fps); fps comes from Table 1 per dataset.
 */
import { canonicalEmotion, type Emotion } from '../emotions';
import { databaseId } from '../databases';
import type { LabelFormat, SheetRecord } from './format';
import { checkRectangular, normalizeHeader } from './format';
import { isBlankRow } from '../sheet';

/** MEGC2019's three classes by label number. */
export const MEGC2019_CLASSES: readonly Emotion[] = ['negative', 'positive', 'surprise'];

function megcEmotion(raw: string): Emotion | null {
  const m = /^\s*([0-2])(?:\.0+)?\s*$/.exec(raw);
  if (m) return MEGC2019_CLASSES[Number(m[1])];
  const e = canonicalEmotion(raw);
  return e && MEGC2019_CLASSES.includes(e) ? e : null;
}

export const megc2019Format: LabelFormat = {
  name: 'megc2019',
  description: 'MEGC2019 composite (header-less CSV: dataset, subject, clip, label 0 negative / 1 positive / 2 surprise)',
  headers: ['(none) dataset', 'subject', 'clip', 'label'],
  quirks: ['no header row (an optional dataset,subject,clip,label header is skipped)', 'labels 0/1/2 = negative/positive/surprise',
    'smic rows are SMIC-HS', 'dataset spellings (CASME II, casme2, SMIC…) mapped to dataset ids'],
  matchHeader(norm) {
    return norm.length === 4 && norm[0] === 'dataset' && norm[1] === 'subject' && ['clip', 'filename'].includes(norm[2])
      && ['label', 'emotion', 'class'].includes(norm[3]) ? 4 : 0;
  },
  matchRow(row) {
    const cells = row.filter((c) => c.trim() !== '');
    return row.length >= 4 && cells.length === 4 && databaseId(row[0]) !== null && megcEmotion(row[3]) !== null;
  },
  parse(rows, headerIndex, ctx) {
    const records: SheetRecord[] = [];
    const header = headerIndex >= 0 ? rows[headerIndex] : null;
    for (let r = headerIndex + 1; r < rows.length; r++) {
      const row = rows[r];
      if (isBlankRow(row)) continue;
      checkRectangular(row, 4, r + 1, ctx);
      const v = (i: number) => (row[i] ?? '').trim();
      const dataset = databaseId(v(0)) ?? v(0).toLowerCase();
      const rec: SheetRecord = {
        row: r + 1,
        cells: { dataset, subject: v(1), clip: v(2), emotion: v(3), ...(dataset === 'smic' ? { part: 'HS' } : {}) },
        emotion: megcEmotion(v(3)),
        extras: {},
      };
      records.push(rec);
    }
    const name = (i: number, d: string) => (header && normalizeHeader(header[i] ?? '') !== '' ? header[i].trim() : d);
    return {
      format: 'megc2019', dataset: null, records, issues: [], extras: [],
      columns: { dataset: name(0, 'dataset'), subject: name(1, 'subject'), clip: name(2, 'clip'), emotion: name(3, 'label') },
    };
  },
};
