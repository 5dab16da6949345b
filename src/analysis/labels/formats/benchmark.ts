/**
 * The header-less 6-column benchmark lists of derived MER code (e.g. the "benchmark_db" CSVs):
 * `subject, filename, onset, apex, offset, class`, one per database, whose class ids differ per
 * database (data/vocabulary.json, class_ids): CASME II 5-class 1 happiness, 2 surprise, 3 disgust,
 * 4 repression, 5 others; SAMM 5-class 1 anger, 2 contempt, 3 happiness, 4 surprise, 5 others; SMIC
 * 3-class 1 positive, 2 negative, 3 surprise. The database comes from the ids (sub01 / EP02_01f,
 * 006 / 006_1_2, s01 / s01_ne_01) or from --dataset; the original id stays in emotion_raw.
 */
import { MelabError } from '../issues';
import { classIdTable } from '../vocabulary';
import type { ContentFit, LabelFormat, SheetRecord } from './format';
import { checkRectangular, classIdEmotion, idFit } from './format';
import { isBlankRow } from '../sheet';

const DATABASES = ['casme2', 'samm', 'smic'] as const;
const INT = /^\s*-?\d+(\.0+)?\s*$/;

function bestDatabase(rows: readonly string[][], headerIndex: number): ContentFit {
  return DATABASES.map((d) => idFit(rows, headerIndex, 0, 1, d)).sort((a, b) => b.fit - a.fit)[0];
}

export const benchmarkFormat: LabelFormat = {
  name: 'benchmark',
  description: 'header-less benchmark list: subject, filename, onset, apex, offset, class id (ids per database)',
  dataset: null,
  headers: ['(none) subject', 'filename', 'onset', 'apex', 'offset', 'class'],
  quirks: [
    'no header row: six columns, frames and a class id',
    'database from the ids (CASME II, SAMM, SMIC) or --dataset',
    'class ids per database: CASME II 1 happiness 2 surprise 3 disgust 4 repression 5 others; SAMM 1 anger 2 contempt 3 happiness 4 surprise 5 others; SMIC 1 positive 2 negative 3 surprise',
  ],
  matchRow(row) {
    const cells = row.map((c) => c.trim());
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    const ok = cells.length === 6 && cells[0] !== '' && cells[1] !== '' && [2, 3, 4, 5].every((i) => INT.test(cells[i]));
    return ok ? { fit: 1, cues: ['six columns: ids, three frames, a class id'], hasEmotion: true } : null;
  },
  matchContent: bestDatabase,
  parse(rows, headerIndex, ctx) {
    const dataset = ctx.dataset ?? bestDatabase(rows, headerIndex).dataset;
    const fit = bestDatabase(rows, headerIndex);
    if (!ctx.dataset && fit.fit < 0.5) {
      throw new MelabError(`${ctx.file || '<input>'}: a benchmark class list whose ids match no database (${fit.evidence}); class ids differ per database: choose one with --dataset casme2|samm|smic`, ctx.file);
    }
    if (!dataset || !(DATABASES as readonly string[]).includes(dataset)) {
      throw new MelabError(`${ctx.file || '<input>'}: --dataset ${dataset}: benchmark class ids are known for ${DATABASES.join(', ')}`, ctx.file);
    }
    const table = classIdTable(`benchmark-${dataset}`);
    const records: SheetRecord[] = [];
    for (let r = headerIndex + 1; r < rows.length; r++) {
      const row = rows[r];
      if (isBlankRow(row)) continue;
      checkRectangular(row, 6, r + 1, ctx);
      const v = (i: number) => (row[i] ?? '').trim();
      const cells = { subject: v(0), clip: v(1), onset: v(2), apex: v(3) === '-1' ? '' : v(3), offset: v(4), emotion: v(5) };
      records.push({ row: r + 1, cells, emotion: classIdEmotion(table, v(5)), extras: { class_id: v(5) } });
    }
    return {
      format: 'benchmark', dataset, records, issues: [], extras: ['class_id'],
      columns: { subject: 'subject (A)', clip: 'filename (B)', onset: 'onset (C)', apex: 'apex (D)', offset: 'offset (E)', emotion: 'class (F)' },
      labelNote: `class ids read with the ${dataset} table (${Object.entries(table).map(([k, e]) => `${k} ${e}`).join(', ')})`,
    };
  },
};
