/**
 * CAS(ME)^2 (CAS(ME)^2code_final.xlsx, first sheet): header-less, nine columns —
 * participant, clip (expression name and number, e.g. anger1_1), onset, apex, offset, AUs,
 * emotion (positive / negative / surprise / others), expression type (micro-expression /
 * macro-expression), self-reported emotion. Detected by its expression-type column. The 300
 * macro-expressions are excluded by default (--expressions): Table 1 counts the 57 MEs.
 *
 * Quirks: an offset of 0 means the offset was not annotated; the expression ends at its apex, which
 * is what the CAS(ME)^2 spotting protocol uses (MEGC code: "take apex if offset is 0"). The reader
 * does the same and lists every such row as a warning. Some copies carry a pasted side table
 * (columns K–M: Subject, Filename, Action Units) after a blank column: listed, not read.
 */
import type { LabelFormat, SheetRecord } from './format';
import { checkRectangular, expressionKind, idFit, sideTableIssue } from './format';
import { isBlankRow } from '../sheet';
import type { Issue } from '../issues';

const TYPE_RE = /^(micro|macro)[\s-]*expression$/i;
const WIDTH = 9;

export const casme2CasFormat: LabelFormat = {
  name: 'casme2-cas',
  description: 'CAS(ME)^2 code_final sheet (header-less: participant, clip, onset, apex, offset, AUs, emotion, type, self-report)',
  dataset: 'casme2-cas',
  headers: ['(none) participant', 'clip', 'onset', 'apex', 'offset', 'AUs', 'emotion', 'expression type', 'self-reported emotion'],
  quirks: [
    'no header row: detected by "micro-expression"/"macro-expression" in the 8th column',
    'micro-expressions by default; --expressions all|macro',
    'offset 0 (not annotated) → offset = apex, listed as a warning',
    'expression type and self-reported emotion kept as extras',
    'a side table after a blank column (K–M) is listed, not read',
  ],
  matchRow(row) {
    return row.length >= 8 && TYPE_RE.test((row[7] ?? '').trim()) ? { fit: 1, cues: ['expression type in column H'], hasEmotion: true } : null;
  },
  matchContent(rows, headerIndex) {
    return idFit(rows, headerIndex, 0, 1, 'casme2-cas');
  },
  parse(rows, headerIndex, ctx) {
    const issues: Issue[] = [];
    const records: SheetRecord[] = [];
    if (rows.some((r) => r.slice(WIDTH).some((c) => c.trim() !== ''))) issues.push(sideTableIssue(rows, headerIndex + 1, WIDTH + 1, ctx));
    for (let r = headerIndex + 1; r < rows.length; r++) {
      const row = rows[r].slice(0, WIDTH);
      if (isBlankRow(row)) continue;
      checkRectangular(row.length === 8 ? [...row, ''] : row, WIDTH, r + 1, ctx); // the self-report column may be absent
      const v = (i: number) => (row[i] ?? '').trim();
      const cells = { subject: v(0), clip: v(1), onset: v(2), apex: v(3), offset: v(4), aus: v(5), emotion: v(6) };
      const expression = expressionKind(v(7));
      if (cells.offset === '0') {
        issues.push({ file: ctx.file, row: r + 1, column: 'offset', value: '0', severity: 'warning',
          problem: `offset 0 means not annotated in CAS(ME)^2; the apex frame ${cells.apex} is used as the offset` });
        cells.offset = cells.apex;
      }
      records.push({ row: r + 1, cells, extras: { expression_type: v(7), self_reported_emotion: v(8) }, expression });
    }
    return {
      format: 'casme2-cas', dataset: 'casme2-cas', records, issues, expressionColumn: 'expression type (column H)',
      columns: { subject: 'participant', clip: 'clip', onset: 'onset', apex: 'apex', offset: 'offset', aus: 'AUs', emotion: 'emotion' },
      extras: ['expression_type', 'self_reported_emotion'],
    };
  },
};
