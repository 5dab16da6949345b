import type { AuToken } from '../labels/au-types';
import type { LabelTable } from '../labels/model';

export { lateralKey, parseAuKey, compareAuKeys, type LateralFold } from '../labels/au';
import { lateralKey, type LateralFold } from '../labels/au';

/**
 * The AU cells of a label table as integer code ids in a compressed-row layout: the codes of row i are
 * `ids[offsets[i] .. offsets[i+1])`, each an index into `codes`. A code written twice in one cell
 * ("4+4") is kept once: a sample shows an AU or it does not. Counting by precomputed ids in typed
 * arrays keeps Tables 5–7 linear in the number of AU tokens.
 */
export interface AuIndex {
  readonly codes: readonly string[];
  readonly offsets: Int32Array;
  readonly ids: Int32Array;
  /** Number of rows. */
  readonly rows: number;
}

/** Encodes the `aus` column of a label table (canonical codes, side kept). */
export function indexAus(labels: LabelTable): AuIndex {
  return indexAuCells(labels.table.array('aus') as ArrayLike<AuToken[] | null>);
}

/**
 * Encodes AU cells given as arrays of tokens (null or [] for a cell without AUs). Readers share one
 * frozen token array between all cells with the same text (parseAus caches them), so the ids of a
 * cell are remembered by the array's identity: a million rows cost a few hundred encodings.
 */
export function indexAuCells(cells: ArrayLike<readonly AuToken[] | null>): AuIndex {
  const n = cells.length;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) total += cells[i]?.length ?? 0;
  let ids = new Int32Array(total);
  const idOf = new Map<string, number>();
  const codes: string[] = [];
  const known = new Map<readonly AuToken[], Int32Array>();
  let k = 0;
  for (let i = 0; i < n; i++) {
    const cell = cells[i];
    if (cell && cell.length > 0) {
      const hit = known.get(cell);
      if (hit) {
        ids.set(hit, k);
        k += hit.length;
      } else {
        const start = k;
        for (let t = 0; t < cell.length; t++) {
          const code = cell[t].code;
          let id = idOf.get(code);
          if (id === undefined) {
            id = codes.length;
            codes.push(code);
            idOf.set(code, id);
          }
          let seen = false;
          for (let j = start; j < k; j++) if (ids[j] === id) { seen = true; break; }
          if (!seen) ids[k++] = id;
        }
        if (known.size < MAX_REMEMBERED_CELLS) known.set(cell, ids.slice(start, k));
      }
    }
    offsets[i + 1] = k;
  }
  if (k < total) ids = ids.slice(0, k);
  return { codes, offsets, ids, rows: n };
}

/** Cells remembered by identity (tables built without shared token arrays stop paying for it here). */
const MAX_REMEMBERED_CELLS = 1 << 16;

/**
 * Re-keys an index under a folding mode; a folded key present twice in one row (L-AU12 and R-AU12)
 * is kept once, so the result answers "does the sample show L/R-AU12".
 */
export function foldAuIndex(index: AuIndex, mode: LateralFold): AuIndex {
  if (mode === 'keep') return index;
  const { codes: folded, map } = foldCodes(index.codes, mode);
  const n = index.rows;
  const offsets = new Int32Array(n + 1);
  const ids = new Int32Array(index.ids.length);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const start = k;
    for (let j = index.offsets[i]; j < index.offsets[i + 1]; j++) {
      const id = map[index.ids[j]];
      let seen = false;
      for (let q = start; q < k; q++) if (ids[q] === id) { seen = true; break; }
      if (!seen) ids[k++] = id;
    }
    offsets[i + 1] = k;
  }
  return { codes: folded, offsets, ids: ids.slice(0, k), rows: n };
}

/** Maps each code to its folded key: `map[codeId]` is the id of the folded key in `codes`. */
export function foldCodes(codes: readonly string[], mode: LateralFold): { codes: string[]; map: Int32Array } {
  const keys: string[] = [];
  const idOf = new Map<string, number>();
  const map = new Int32Array(codes.length);
  codes.forEach((c, i) => {
    const key = lateralKey(c, mode);
    let id = idOf.get(key);
    if (id === undefined) {
      id = keys.length;
      keys.push(key);
      idOf.set(key, id);
    }
    map[i] = id;
  });
  return { codes: keys, map };
}

/** Codes of one row (for drill-downs and small computations). */
export function rowCodes(index: AuIndex, row: number): string[] {
  const out: string[] = [];
  for (let j = index.offsets[row]; j < index.offsets[row + 1]; j++) out.push(index.codes[index.ids[j]]);
  return out;
}
