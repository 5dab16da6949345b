import { labelRows, type LabelRow, type LabelTable } from './model';
import type { TableSpec } from '../util/table-spec';

/** One changed field of a clip present in both sheets; a and b are the values (raw fields end in _raw). */
export interface FieldChange { sample_id: string; field: string; a: unknown; b: unknown }
export interface LabelDiff {
  /** Clips only in B. */
  added: string[];
  /** Clips only in A. */
  removed: string[];
  changed: FieldChange[];
  summary: Record<string, number>;
}

/**
 * Subject ids normalised for matching only: a leading "sub"/"s" prefix and leading zeros are dropped
 * ("sub01", "01", "1" → "1"; SMIC "s3" → "3"). Output keeps the raw ids of sheet A (B for added clips).
 * @example matchSubject('sub01') // '1'
 */
export function matchSubject(subject: string): string {
  const s = String(subject).trim().toLowerCase().replace(/^(sub|s)(?=\d)/, '');
  return /^\d+$/.test(s) ? String(Number(s)) : s;
}

function sampleId(r: LabelRow): string { return `${r.dataset}/${r.subject}/${r.clip}`; }
function matchKey(r: LabelRow): string {
  return `${String(r.dataset).toLowerCase()}\u0000${matchSubject(r.subject)}\u0000${String(r.clip).trim().toLowerCase()}`;
}
const auSet = (r: LabelRow): string => [...new Set((r.aus ?? []).map((t) => t.code))].sort().join('+');

/** Fields compared, in output order: [name, value of a row]. */
const FIELDS: [string, (r: LabelRow) => unknown][] = [
  ['emotion', (r) => r.emotion ?? null],
  ['emotion_raw', (r) => r.emotion_raw ?? ''],
  ['aus', auSet],
  ['aus_raw', (r) => r.aus_raw ?? ''],
  ['onset', (r) => r.onset ?? null],
  ['apex', (r) => r.apex ?? null],
  ['offset', (r) => r.offset ?? null],
  ['objective_class', (r) => r.objective_class ?? null],
];

/**
 * Compares two label tables clip by clip, matched on (dataset, subject, clip): clips only in B
 * (`added`), only in A (`removed`), and every changed field with both values (docs/composites.md).
 * @example
 * const a = melab.fromArquero(require('arquero').from([{ dataset: 'casme2', part: null, subject: '24', clip: 'EP07_01', onset: 1, apex: 5, offset: 9, fps: 200, emotion: 'sadness', emotion_raw: 'sadness', aus: parseAus('1').tokens, aus_raw: '1' }]));
 * const b = melab.fromArquero(require('arquero').from([{ ...labelRows(a)[0], subject: 'sub24', emotion: 'surprise', emotion_raw: 'surprise', aus: parseAus('1+2').tokens, aus_raw: '1+2' }]));
 * diffLabels(a, b).summary // { emotion: 1, emotion_raw: 1, aus: 1, aus_raw: 1 }
 * diffLabels(a, b).changed[0] // { sample_id: 'casme2/24/EP07_01', field: 'emotion', a: 'sadness', b: 'surprise' }
 */
export function diffLabels(a: LabelTable, b: LabelTable): LabelDiff {
  const rowsA = labelRows(a);
  const byKeyB = new Map(labelRows(b).map((r) => [matchKey(r), r]));
  const keysA = new Set(rowsA.map(matchKey));
  const fields = FIELDS.filter(([f]) => f !== 'objective_class'
    || (a.extras.includes(f) && b.extras.includes(f)));
  const out: LabelDiff = { added: [], removed: [], changed: [], summary: {} };
  for (const ra of rowsA) {
    const rb = byKeyB.get(matchKey(ra));
    if (!rb) { out.removed.push(sampleId(ra)); continue; }
    for (const [field, get] of fields) {
      const va = get(ra); const vb = get(rb);
      if (va !== vb) {
        out.changed.push({ sample_id: sampleId(ra), field, a: va, b: vb });
        out.summary[field] = (out.summary[field] ?? 0) + 1;
      }
    }
  }
  for (const [k, rb] of byKeyB) if (!keysA.has(k)) out.added.push(sampleId(rb));
  return out;
}

/**
 * The diff as a table: one row per clip only in A or B and per changed field (a report table, notebook 05).
 * @example
 * const a = melab.fromArquero(require('arquero').from([{ dataset: 'casme2', part: null, subject: '24', clip: 'EP07_01', onset: 1, apex: 5, offset: 9, fps: 200, emotion: 'sadness', emotion_raw: 'sadness', aus: parseAus('1').tokens, aus_raw: '1' }]));
 * const b = melab.fromArquero(require('arquero').from([{ ...labelRows(a)[0], offset: 12 }]));
 * diffTable(diffLabels(a, b), { a: '2014', b: '2019' }).rows // [{ sample_id: 'casme2/24/EP07_01', field: 'offset', a: '9', b: '12' }]
 */
export function diffTable(d: LabelDiff, names: { a?: string; b?: string } = {}): TableSpec {
  const a = names.a ?? 'A';
  const b = names.b ?? 'B';
  const show = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const rows = [
    ...d.removed.map((s) => ({ sample_id: s, field: `only in ${a}`, a: null, b: null })),
    ...d.added.map((s) => ({ sample_id: s, field: `only in ${b}`, a: null, b: null })),
    ...d.changed.map((c) => ({ sample_id: c.sample_id, field: c.field, a: show(c.a), b: show(c.b) })),
  ];
  return {
    id: 'labels-diff', title: `Label changes: ${a} → ${b}`,
    columns: [{ key: 'sample_id', label: 'Clip' }, { key: 'field', label: 'Field' }, { key: 'a', label: a }, { key: 'b', label: b }],
    rows,
    notes: [`${d.removed.length} clip(s) only in ${a}, ${d.added.length} only in ${b}; changes by field: ` +
      (Object.entries(d.summary).map(([f, n]) => `${f} ${n}`).join(', ') || 'none') + '. Fields ending in _raw compare the cells as written.'],
  };
}

/**
 * Tables that are two sheets of one database (each of a single dataset), in load order: each with the previous one of its database.
 * @example
 * const a = melab.fromArquero(require('arquero').from([{ dataset: 'casme2', part: null, subject: '24', clip: 'EP07_01', onset: 1, apex: 5, offset: 9, fps: 200, emotion: 'sadness', emotion_raw: 'sadness', aus: parseAus('1').tokens, aus_raw: '1' }]));
 * releasePairs([a, labels, a]).length // 1
 */
export function releasePairs(tables: readonly LabelTable[]): [LabelTable, LabelTable][] {
  const last = new Map<string, LabelTable>();
  const pairs: [LabelTable, LabelTable][] = [];
  for (const t of tables) {
    const ds = [...new Set(labelRows(t).map((r) => String(r.dataset)))];
    if (ds.length !== 1) continue;
    const prev = last.get(ds[0]);
    if (prev) pairs.push([prev, t]);
    last.set(ds[0], t);
  }
  return pairs;
}
