/**
 * Writes a LabelTable as melab's canonical CSV (docs/formats.md): the canonical columns with
 * `aus` as its canonical string (formatAus), the original strings in `emotion_raw` / `aus_raw`,
 * then the extras. Reading the file back (format `canonical`) gives the same rows.
 */
import { formatAus } from './au';
import type { AuToken } from './au-types';
import { CANONICAL_COLUMNS, type LabelTable } from './model';
import { csvField } from '../util/csv-write';


/**
 * The canonical CSV text of a label table.
 * @example
 * const csv = melab.labels.toCanonicalCsv(melab.loadDefaultLabels());
 * console.assert(csv.startsWith('dataset,part,subject,clip,onset,apex,offset,fps,emotion,emotion_raw,aus,aus_raw'));
 */
export function toCanonicalCsv(labels: LabelTable): string {
  const names = [...CANONICAL_COLUMNS, ...labels.extras];
  const cols = names.map((n) => labels.table.array(n) as unknown[]);
  const ausAt = names.indexOf('aus');
  const lines = [names.join(',')];
  const n = labels.table.numRows();
  for (let i = 0; i < n; i++) {
    lines.push(cols.map((c, j) => csvField(j === ausAt ? formatAus((c[i] as AuToken[]) ?? []) : c[i])).join(','));
  }
  return lines.join('\n') + '\n';
}
