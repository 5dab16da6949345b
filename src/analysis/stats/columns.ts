/**
 * Column access and integer encoding shared by the statistics: a label table's column as an array
 * (without a copy where Arquero holds it as one), and categorical values as small integer codes so that
 * counting is array indexing.
 */
import { MelabError } from '../labels/issues';
import type { LabelTable } from '../labels/model';
import { EMOTION_ORDER } from '../labels/vocabulary';

/** The values of one column in row order; the table's own array when it is neither filtered nor ordered. */
export function columnValues<T = unknown>(labels: LabelTable, name: string): ArrayLike<T> {
  const t = labels.table;
  if (!t.columnNames().includes(name)) {
    throw new MelabError(`${labels.file || '<input>'}: column ${name}: the label table has no such column`, labels.file, 0, name);
  }
  if (!t.isFiltered() && !t.isOrdered()) {
    const col = t.column(name) as unknown;
    if (Array.isArray(col)) return col as T[];
  }
  return t.array(name) as unknown as T[];
}

/** Categorical values as codes: `codes[i]` indexes `levels`, −1 for null/undefined/''. */
export interface Encoded {
  levels: string[];
  codes: Int32Array;
}

/** Encodes values by first appearance (null, undefined and '' become −1). */
export function encodeValues(values: ArrayLike<unknown>): Encoded {
  const n = values.length;
  const codes = new Int32Array(n);
  const levels: string[] = [];
  const idOf = new Map<unknown, number>();
  let last: unknown = undefined;
  let lastId = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') {
      codes[i] = -1;
      continue;
    }
    // sheets hold runs of one value (dataset, part, subject): skip the hash lookup within a run
    if (v === last) {
      codes[i] = lastId;
      continue;
    }
    let id = idOf.get(v);
    if (id === undefined) {
      id = levels.length;
      levels.push(String(v));
      idOf.set(v, id);
    }
    codes[i] = id;
    last = v;
    lastId = id;
  }
  return { levels, codes };
}

/**
 * Display order of emotion labels: DFME's seven emotions in the paper's order (Sec. 3.3.3), others,
 * then the labels of the other databases; anything else alphabetically after.
 */
export const EMOTION_DISPLAY_ORDER: readonly string[] = EMOTION_ORDER;

/** Sorts emotion labels by `order` (EMOTION_DISPLAY_ORDER by default), unknown ones alphabetically last. */
export function sortEmotions(labels: Iterable<string>, order: readonly string[] = EMOTION_DISPLAY_ORDER): string[] {
  const rank = (e: string): number => {
    const i = order.indexOf(e);
    return i < 0 ? order.length : i;
  };
  return [...labels].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Distinct participants: subjects, qualified by dataset when the table mixes databases (as subjectsOf). */
export function countParticipants(labels: LabelTable): number {
  const ds = columnValues<string>(labels, 'dataset');
  const subj = columnValues<string>(labels, 'subject');
  let mixed = false;
  for (let i = 1; i < ds.length && !mixed; i++) mixed = ds[i] !== ds[0];
  const seen = new Set<unknown>();
  for (let i = 0; i < subj.length; i++) {
    if (i > 0 && subj[i] === subj[i - 1] && ds[i] === ds[i - 1]) continue; // within a run of one participant
    seen.add(mixed ? `${ds[i]}/${subj[i]}` : subj[i]);
  }
  return seen.size;
}
