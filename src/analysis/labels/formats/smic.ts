/**
 * SMIC (HS, VIS, NIR) label sheets: `Subject, Filename, OnsetF, OffsetF, Emotion` as in the
 * SMIC-E annotation workbooks (sheets HS / VIS / NIR, adding `FirstF, LastF, TotalMF1, Onset2F,
 * Offset2F, … TotalVL`), and their CSV conversions (`Subject, Filename, OnsetFrame, OffsetFrame,
 * Estimated Emotion`). SMIC has no apex frame and no AUs (Table 1: FACS AU "No"). Ids: s20_ne_01.
 *
 * The part is not a column: it comes from a `Part` column when present, else from the sheet or file
 * name (HS, VIS or NIR in it); it sets fps (Table 1: HS 100, VIS/NIR 25). The emotion is the
 * Emotion column; where that is empty, the file-name code of the clip (s3_po_08: po positive, ne
 * negative, sur surprise). Second and third ME intervals of a clip (Onset2F …) stay in extras.
 */
import type { Emotion } from '../emotions';
import { columnFormat } from './format';

const NAME_EMOTION: Record<string, Emotion> = { po: 'positive', ne: 'negative', sur: 'surprise' };

/** The SMIC part named in a file or sheet name ("SMIC-HS-E_annotation.xlsx" → HS), or null. */
export function smicPartOf(name: string): string | null {
  const m = /(?:^|[^A-Za-z])(HS|VIS|NIR)(?:$|[^A-Za-z])/i.exec(name);
  return m ? m[1].toUpperCase() : null;
}

export const smicFormat = columnFormat({
  name: 'smic',
  description: 'SMIC HS/VIS/NIR labels (Subject, Filename, OnsetF, OffsetF, Emotion; no apex, no AUs; ids s20_ne_01)',
  dataset: 'smic',
  fields: { subject: true, clip: true, onset: true, offset: true, emotion: true, part: true },
  required: ['subject', 'clip', 'onset', 'offset'],
  absent: ['apex', 'apexframe', 'actionunits', 'au'],
  cues: ['onsetf', 'offsetf', 'firstf', 'lastf', 'totalmf1', 'totalvl'],
  headers: ['Subject', 'Filename', 'OnsetF', 'OffsetF', 'Emotion', '(FirstF, LastF, TotalMF1, Onset2F, Offset2F, …, TotalVL kept)'],
  quirks: [
    'ids: subject 20 or s20, clip s20_ne_01',
    'no apex column, no AU column',
    'part from a Part column, else HS/VIS/NIR in the sheet or file name; fps from the part',
    'empty Emotion → the clip name code (po/ne/sur)',
  ],
  finish(rec, ctx, issues) {
    if (!rec.cells.part) {
      const part = smicPartOf(ctx.sheet) ?? smicPartOf(ctx.file.split(/[\\/]/).pop() ?? '');
      if (part) rec.cells.part = part;
      else if (!issues.some((i) => i.problem.startsWith('SMIC part unknown'))) {
        issues.push({ file: ctx.file, row: 0, column: 'Part', value: '', severity: 'warning',
          problem: 'SMIC part unknown (no Part column, no HS/VIS/NIR in the sheet or file name): fps left empty' });
      }
    }
    if (!rec.cells.emotion) {
      const m = /_(po|ne|sur)_/i.exec(rec.cells.clip ?? '');
      if (m) rec.emotion = NAME_EMOTION[m[1].toLowerCase()];
    }
  },
});
