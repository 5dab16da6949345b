/**
 * Composite databases (MEGC2019: CASME II + SAMM + SMIC-HS with three classes): the official
 * header-less CSV `dataset, subject, clip, label` with label 0 negative, 1 positive, 2 surprise, and
 * the headed re-saves of it (`data, subject, clip, label`; HTNet's `dataset, sub, filename_o, label,
 * apex, imagename, sub_filename`; SMIC lists `data, subject, clip, label, onset_frame, apex_frame,
 * offset_frame, …`). Class names instead of ids are read too. Subject ids repeat across databases,
 * so analyses qualify them by dataset (subjectsOf does). SMIC rows are SMIC-HS (100 fps).
 */
import { classIdTable } from '../vocabulary';
import { readEmotion } from '../emotions';
import { databaseId } from '../databases';
import type { LabelFormat, SheetRecord } from './format';
import { checkRectangular, classIdEmotion, columnFormat, datasetColumnFit } from './format';
import { isBlankRow } from '../sheet';

const CLASSES = classIdTable('megc2019');

const headed = columnFormat({
  name: 'megc2019',
  description: 'composite (MEGC2019): dataset, subject, clip, label 0 negative / 1 positive / 2 surprise; header-less or headed',
  dataset: null,
  fields: { dataset: true, subject: true, clip: true, emotion: true, onset: true, apex: true, offset: true },
  required: ['dataset', 'subject', 'clip', 'emotion'],
  classIds: 'megc2019',
  absent: ['part', 'fps', 'emotionraw', 'ausraw'],
  cues: ['dataset', 'data', 'imagename', 'subfilename'],
  matchContent: (rows, headerIndex, col) => datasetColumnFit(rows, headerIndex, col('dataset')),
  headers: ['(none) dataset', 'subject', 'clip', 'label', '| data, subject, clip, label', '| dataset, sub, filename_o, label, apex, imagename, sub_filename'],
  quirks: [
    'header-less (official) or headed (data/dataset, sub/subject, clip/filename_o, label)',
    'labels 0/1/2 = negative/positive/surprise (class names also read)',
    'smic rows are SMIC-HS', 'dataset spellings (CASME II, casme2, SMIC…) mapped to dataset ids',
  ],
  finish(rec) {
    if (databaseId(rec.cells.dataset ?? '') === 'smic' && !rec.cells.part) rec.cells.part = 'HS';
  },
});

function looksLabel(raw: string): boolean {
  return classIdEmotion(CLASSES, raw) !== null || ['negative', 'positive', 'surprise'].includes(readEmotion(raw).emotion ?? '');
}

export const megc2019Format: LabelFormat = {
  ...headed,
  matchRow(row) {
    const cells = row.filter((c) => c.trim() !== '');
    return row.length >= 4 && cells.length === 4 && databaseId(row[0]) !== null && looksLabel(row[3])
      ? { fit: 1, cues: ['database name in column A'], hasEmotion: true } : null;
  },
  matchContent(rows, headerIndex) {
    return headerIndex < 0 ? datasetColumnFit(rows, headerIndex, 0) : headed.matchContent(rows, headerIndex);
  },
  parse(rows, headerIndex, ctx) {
    if (headerIndex >= 0) return headed.parse(rows, headerIndex, ctx);
    const records: SheetRecord[] = [];
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (isBlankRow(row)) continue;
      checkRectangular(row, 4, r + 1, ctx);
      const v = (i: number) => (row[i] ?? '').trim();
      const dataset = databaseId(v(0)) ?? v(0).toLowerCase();
      const raw = v(3);
      const byId = classIdEmotion(CLASSES, raw);
      records.push({
        row: r + 1,
        cells: { dataset, subject: v(1), clip: v(2), emotion: raw, ...(dataset === 'smic' ? { part: 'HS' } : {}) },
        emotion: byId ?? (/^\s*\d+(\.0+)?\s*$/.test(raw) ? null : undefined),
        extras: {},
      });
    }
    return {
      format: 'megc2019', dataset: null, records, issues: [], extras: [],
      columns: { dataset: 'dataset', subject: 'subject', clip: 'clip', emotion: 'label' },
    };
  },
};
