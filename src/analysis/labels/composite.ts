/**
 * Composite label sets (MEGC2019's 3-class CASME II + SAMM + SMIC, MEGC2022's, a user's own): a
 * scheme (data/composites/<name>.json, or any JSON file) maps each database's emotions to the
 * composite's classes and says which are left out and how the composite writes ids; buildComposite
 * rebuilds the composite from the source sheets, compositeCsv writes it in the official header-less
 * layout `dataset,subject,clip,label`, and compareComposite audits it against an official file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MelabError, fail } from './issues';
import { labelRows, type LabelTable } from './model';
import { databaseId } from './databases';
import { matchSubject } from './diff';
import { parseCsv } from './sheet';
import { readTextFile } from '../util/text-file';
import { packageRoot } from '../util/package-root';
import type { TableSpec } from '../util/table-spec';

/** How a composite writes an id: a regular expression on the source id and a template of its groups (`{1}`, `{1:2}` = group 1 zero-padded to 2 digits). */
export interface IdRewrite { pattern: string; template: string }

export interface CompositeDatabase {
  /** The dataset name the composite writes in its first column. */
  dataset: string;
  /** Only these parts (SMIC: HS); absent = every part. */
  parts?: string[];
  /** Composite class → the source emotions (canonical names) it takes. */
  classes: Record<string, string[]>;
  /** Source emotions not in the composite. */
  left_out: string[];
  subject?: IdRewrite;
  clip?: IdRewrite;
  note?: string;
}

export interface CompositeScheme {
  name: string;
  title: string;
  /** The publication (and file) the mapping follows. */
  source: string;
  description: string;
  /** The composite's classes in order, with the id the official file writes. */
  classes: { name: string; id: string }[];
  /** Keyed by dataset id (casme2, samm, smic, ...). */
  databases: Record<string, CompositeDatabase>;
  /** The file the scheme was read from. */
  file: string;
}

/** Folder of the schemes shipped with melab. */
export const COMPOSITES_DIR: string = path.join(packageRoot(), 'data', 'composites');

/**
 * The names of the shipped schemes (megc2019, ...).
 * @example console.assert(compositeSchemeNames().includes('megc2019'));
 */
export function compositeSchemeNames(): string[] {
  return fs.existsSync(COMPOSITES_DIR)
    ? fs.readdirSync(COMPOSITES_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort()
    : [];
}

/**
 * A shipped scheme by name, or a scheme file by path; a malformed scheme is a one-line error naming file and field.
 * @example loadCompositeScheme('megc2019').databases.samm.classes.negative // ['anger', 'contempt', 'disgust', 'fear', 'sadness']
 */
export function loadCompositeScheme(nameOrFile: string): CompositeScheme {
  const shipped = path.join(COMPOSITES_DIR, `${nameOrFile}.json`);
  const file = /^[a-z0-9_-]+$/i.test(nameOrFile) && fs.existsSync(shipped) ? shipped : nameOrFile;
  if (file === nameOrFile && !fs.existsSync(file)) {
    throw new MelabError(`${nameOrFile}: no such composite scheme (shipped: ${compositeSchemeNames().join(', ')}; or give a JSON file)`, nameOrFile);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readTextFile(file));
  } catch (err) {
    if (err instanceof MelabError) throw err;
    throw new MelabError(`${file}: not valid JSON (${(err as Error).message})`, file);
  }
  return validateCompositeScheme(raw, file);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * Checks a parsed scheme; every problem is one line naming the file and the field (`databases.samm.classes`).
 * @example
 * let message = '';
 * try { validateCompositeScheme({ name: 'x', title: 'x', source: 'x', description: 'x', classes: [] }, 'mine.json'); } catch (e) { message = e.message; }
 * console.assert(message.startsWith('mine.json, column classes'), message);
 */
export function validateCompositeScheme(raw: unknown, file: string): CompositeScheme {
  const bad = (field: string, value: unknown, problem: string): never =>
    fail(file, 0, field, value === undefined ? '' : JSON.stringify(value), problem);
  if (!isObject(raw)) bad('', raw, 'a composite scheme is a JSON object');
  const o = raw as Record<string, unknown>;
  for (const f of ['name', 'title', 'source', 'description']) {
    if (typeof o[f] !== 'string' || !(o[f] as string).trim()) bad(f, o[f], 'a non-empty string is required');
  }
  if (!Array.isArray(o.classes) || o.classes.length === 0) bad('classes', o.classes, 'a non-empty list of {name, id}');
  const classes = (o.classes as unknown[]).map((c, i) => {
    if (!isObject(c) || typeof c.name !== 'string' || !c.name || (typeof c.id !== 'string' && typeof c.id !== 'number')) {
      return bad(`classes[${i}]`, c, 'expected {"name": string, "id": string}');
    }
    return { name: c.name, id: String(c.id) };
  });
  for (const key of ['name', 'id'] as const) {
    const seen = new Set<string>();
    classes.forEach((c, i) => { if (seen.has(c[key])) bad(`classes[${i}].${key}`, c[key], 'used twice'); seen.add(c[key]); });
  }
  const classNames = new Set(classes.map((c) => c.name));
  if (!isObject(o.databases) || Object.keys(o.databases).length === 0) bad('databases', o.databases, 'an object keyed by dataset id is required');
  const databases: Record<string, CompositeDatabase> = {};
  for (const [key, d] of Object.entries(o.databases as Record<string, unknown>)) {
    const at = `databases.${key}`;
    const id = databaseId(key) ?? key.toLowerCase();
    if (!isObject(d)) bad(at, d, 'expected an object');
    const db = d as Record<string, unknown>;
    if (typeof db.dataset !== 'string' || !db.dataset) bad(`${at}.dataset`, db.dataset, 'the dataset name the composite writes is required');
    if (db.parts !== undefined && !isStringArray(db.parts)) bad(`${at}.parts`, db.parts, 'a list of part names');
    if (!isObject(db.classes)) bad(`${at}.classes`, db.classes, 'an object {class: [source emotions]}');
    const taken = new Map<string, string>();
    for (const [cls, emotions] of Object.entries(db.classes as Record<string, unknown>)) {
      if (!classNames.has(cls)) bad(`${at}.classes.${cls}`, cls, `not one of the scheme's classes (${[...classNames].join(', ')})`);
      if (!isStringArray(emotions)) bad(`${at}.classes.${cls}`, emotions, 'a list of emotion names');
      for (const e of emotions as string[]) {
        if (taken.has(e)) bad(`${at}.classes.${cls}`, e, `already mapped to ${taken.get(e)}`);
        taken.set(e, cls);
      }
    }
    if (!isStringArray(db.left_out)) bad(`${at}.left_out`, db.left_out, 'a list of emotion names (may be empty)');
    for (const e of db.left_out as string[]) if (taken.has(e)) bad(`${at}.left_out`, e, `also mapped to ${taken.get(e)}`);
    for (const f of ['subject', 'clip'] as const) {
      const r = db[f];
      if (r === undefined) continue;
      if (!isObject(r) || typeof r.pattern !== 'string' || typeof r.template !== 'string') bad(`${at}.${f}`, r, 'expected {"pattern": regex, "template": "...{1}..."}');
      const rw = r as unknown as IdRewrite;
      try { new RegExp(rw.pattern); } catch { bad(`${at}.${f}.pattern`, rw.pattern, 'not a regular expression'); }
    }
    databases[id] = {
      dataset: db.dataset as string, parts: db.parts as string[] | undefined,
      classes: db.classes as Record<string, string[]>, left_out: db.left_out as string[],
      subject: db.subject as IdRewrite | undefined, clip: db.clip as IdRewrite | undefined,
      note: typeof db.note === 'string' ? db.note : undefined,
    };
  }
  return { name: o.name as string, title: o.title as string, source: o.source as string, description: o.description as string, classes, databases, file };
}

/**
 * Applies an id rewrite; null when the id does not match the pattern.
 * @example rewriteId('s1_ne_01', { pattern: '^s0*(\\d+)_(.+)$', template: 's{1:2}_{2}' }) // 's01_ne_01'
 */
export function rewriteId(id: string, rw: IdRewrite | undefined): string | null {
  if (!rw) return id;
  const m = new RegExp(rw.pattern).exec(id.trim());
  if (!m) return null;
  return rw.template.replace(/\{(\d+)(?::(\d+))?\}/g, (_, g: string, width?: string) => {
    const v = m[Number(g)] ?? '';
    return width && /^\d+$/.test(v) ? v.padStart(Number(width), '0') : v;
  });
}

/** One clip of a composite. */
export interface CompositeRow {
  dataset: string;
  subject: string;
  clip: string;
  /** Class name (negative, positive, surprise). */
  label: string;
  /** Class id as the official file writes it. */
  id: string;
  /** The source emotion it came from (empty when read from a composite file). */
  source: string;
}

export interface Composite {
  scheme: string;
  rows: CompositeRow[];
  /** Per composite dataset, clips per class (every class listed, 0 included). */
  counts: Record<string, Record<string, number>>;
  /** Per composite dataset, source clips left out, by reason (`sadness`, `no emotion`, `part VIS`). */
  left_out: Record<string, Record<string, number>>;
}

const sampleId = (r: Pick<CompositeRow, 'dataset' | 'subject' | 'clip'>): string => `${r.dataset}/${r.subject}/${r.clip}`;
const matchKey = (r: Pick<CompositeRow, 'dataset' | 'subject' | 'clip'>): string =>
  `${r.dataset.toLowerCase()}\u0000${matchSubject(r.subject)}\u0000${r.clip.trim().toLowerCase()}`;

function emptyCounts(scheme: CompositeScheme, datasets: string[]): Record<string, Record<string, number>> {
  return Object.fromEntries(datasets.map((d) => [d, Object.fromEntries(scheme.classes.map((c) => [c.name, 0]))]));
}

/**
 * Rebuilds a composite from source label tables by the scheme's per-database mapping. A table of a
 * database the scheme does not name, an emotion the scheme neither maps nor leaves out, an id the
 * scheme cannot rewrite and a clip given twice are errors naming file, row, column and value.
 * @example buildComposite(loadCompositeScheme('megc2019'), [melab.fromArquero(require('arquero').from([{ dataset: 'samm', part: null, subject: '006', clip: '006_1_2', onset: 1, apex: 2, offset: 3, fps: 200, emotion: 'anger', emotion_raw: 'Anger', aus: [], aus_raw: '' }]))]).counts // { samm: { negative: 1, positive: 0, surprise: 0 } }
 */
export function buildComposite(scheme: CompositeScheme, tables: readonly LabelTable[]): Composite {
  const rows: CompositeRow[] = [];
  const leftOut: Record<string, Record<string, number>> = {};
  const seen = new Map<string, string>();
  const idOf = new Map(scheme.classes.map((c) => [c.name, c.id]));
  for (const t of tables) {
    const src = labelRows(t);
    src.forEach((r, i) => {
      const row = t.sourceRows[i] ?? i + 2;
      const key = databaseId(String(r.dataset)) ?? String(r.dataset);
      const db = scheme.databases[key];
      if (!db) fail(t.file, row, 'dataset', r.dataset, `not in composite scheme ${scheme.name} (databases: ${Object.keys(scheme.databases).join(', ')})`);
      const skip = (reason: string): void => {
        const m = (leftOut[db.dataset] ??= {});
        m[reason] = (m[reason] ?? 0) + 1;
      };
      if (db.parts && !db.parts.includes(String(r.part))) return skip(`part ${r.part ?? 'none'}`);
      if (!r.emotion) return skip('no emotion');
      if (db.left_out.includes(r.emotion)) return skip(r.emotion);
      const cls = Object.keys(db.classes).find((c) => db.classes[c].includes(r.emotion as string));
      if (!cls) {
        fail(t.file, row, 'emotion', r.emotion_raw || r.emotion,
          `emotion ${r.emotion} is neither mapped nor left out by scheme ${scheme.name} for ${key} (${scheme.file}); add it to the scheme`);
      }
      const subject = rewriteId(String(r.subject), db.subject);
      if (subject === null) fail(t.file, row, 'subject', r.subject, `does not match the scheme's subject pattern ${db.subject?.pattern}`);
      const clip = rewriteId(String(r.clip), db.clip);
      if (clip === null) fail(t.file, row, 'clip', r.clip, `does not match the scheme's clip pattern ${db.clip?.pattern}`);
      const out: CompositeRow = { dataset: db.dataset, subject, clip, label: cls, id: idOf.get(cls) as string, source: r.emotion };
      const k = matchKey(out);
      if (seen.has(k)) fail(t.file, row, 'clip', r.clip, `clip ${sampleId(out)} given twice (also ${seen.get(k)})`);
      seen.set(k, `${t.file || '<table>'} row ${row}`);
      rows.push(out);
    });
  }
  const datasets = [...new Set(rows.map((r) => r.dataset).concat(Object.keys(leftOut)))];
  const counts = emptyCounts(scheme, datasets);
  for (const r of rows) counts[r.dataset][r.label]++;
  return { scheme: scheme.name, rows, counts, left_out: leftOut };
}

/**
 * The official layout: header-less `dataset,subject,clip,label` with class ids, CRLF line ends (as combined_3class_gt.csv).
 * @example compositeCsv(buildComposite(loadCompositeScheme('megc2019'), [melab.fromArquero(require('arquero').from([{ dataset: 'samm', part: null, subject: '006', clip: '006_1_2', onset: 1, apex: 2, offset: 3, fps: 200, emotion: 'anger', emotion_raw: 'Anger', aus: [], aus_raw: '' }]))])) // 'samm,6,006_1_2,0\r\n'
 */
export function compositeCsv(c: Pick<Composite, 'rows'>): string {
  const cell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return c.rows.map((r) => [r.dataset, r.subject, r.clip, r.id].map(cell).join(',') + '\r\n').join('');
}

/**
 * Reads a composite file in the official layout (`dataset,subject,clip,label`; label = a class id or
 * name; an optional header row). Ids of the scheme's databases are rewritten as the scheme writes
 * them, so that `s1_ne_01` and `s01_ne_01` match. Bad cells are one-line errors naming row and column.
 * @example
 * const file = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'melab-')), 'official.csv');
 * fs.writeFileSync(file, 'smic,s1,s1_po_01,1\r\n');
 * readCompositeFile(file, loadCompositeScheme('megc2019')).rows[0] // { dataset: 'smic', subject: 's01', clip: 's01_po_01', label: 'positive', id: '1' }
 */
export function readCompositeFile(file: string, scheme: CompositeScheme): Composite {
  const lines = parseCsv(readTextFile(file), file);
  const byId = new Map(scheme.classes.map((c) => [c.id, c.name]));
  const byName = new Map(scheme.classes.map((c) => [c.name.toLowerCase(), c.name]));
  const byDataset = new Map(Object.values(scheme.databases).map((d) => [d.dataset.toLowerCase(), d]));
  const rows: CompositeRow[] = [];
  lines.forEach((cells, i) => {
    if (cells.every((c) => !c.trim())) return;
    const row = i + 1;
    if (i === 0 && cells.length >= 4 && /^label$/i.test(cells[3].trim())) return; // a header row
    if (cells.length < 4) fail(file, row, '', cells.join(','), 'expected 4 columns: dataset, subject, clip, label');
    const [dataset, subjectRaw, clipRaw, labelRaw] = cells.map((c) => c.trim());
    const label = byId.get(labelRaw) ?? byName.get(labelRaw.toLowerCase());
    if (!label) fail(file, row, 'label (column 4)', labelRaw, `not a class of scheme ${scheme.name} (${scheme.classes.map((c) => `${c.id} ${c.name}`).join(', ')})`);
    const db = byDataset.get(dataset.toLowerCase());
    const subject = (db && rewriteId(subjectRaw, db.subject)) ?? subjectRaw;
    const clip = (db && rewriteId(clipRaw, db.clip)) ?? clipRaw;
    rows.push({ dataset: db?.dataset ?? dataset, subject, clip, label, id: scheme.classes.find((c) => c.name === label)!.id, source: '' });
  });
  const counts = emptyCounts(scheme, [...new Set(rows.map((r) => r.dataset))]);
  for (const r of rows) counts[r.dataset][r.label]++;
  return { scheme: scheme.name, rows, counts, left_out: {} };
}

export interface CompositeAudit {
  /** Sample ids (`dataset/subject/clip`) only in the rebuilt composite. */
  only_rebuilt: string[];
  /** Sample ids only in the official composite. */
  only_official: string[];
  /** Clips in both whose class differs. */
  label_differs: { sample_id: string; rebuilt: string; official: string }[];
  /** Clips per class and dataset in the official file. */
  official_counts: Record<string, Record<string, number>>;
}

/**
 * Set differences between a rebuilt and an official composite, matched on (dataset, subject, clip).
 * @example
 * const rebuilt = buildComposite(loadCompositeScheme('megc2019'), [melab.fromArquero(require('arquero').from([{ dataset: 'samm', part: null, subject: '006', clip: '006_1_2', onset: 1, apex: 2, offset: 3, fps: 200, emotion: 'anger', emotion_raw: 'Anger', aus: [], aus_raw: '' }]))]);
 * compareComposite(rebuilt, { rows: [], counts: {} }).only_rebuilt // ['samm/6/006_1_2']
 */
export function compareComposite(rebuilt: Pick<Composite, 'rows'>, official: Pick<Composite, 'rows' | 'counts'>): CompositeAudit {
  const off = new Map(official.rows.map((r) => [matchKey(r), r]));
  const reb = new Set(rebuilt.rows.map(matchKey));
  const audit: CompositeAudit = { only_rebuilt: [], only_official: [], label_differs: [], official_counts: official.counts };
  for (const r of rebuilt.rows) {
    const o = off.get(matchKey(r));
    if (!o) audit.only_rebuilt.push(sampleId(r));
    else if (o.label !== r.label) audit.label_differs.push({ sample_id: sampleId(r), rebuilt: r.label, official: o.label });
  }
  for (const [k, o] of off) if (!reb.has(k)) audit.only_official.push(sampleId(o));
  return audit;
}

/**
 * Clips per class and database, rebuilt beside official when an audit is given.
 * @example
 * const scheme = loadCompositeScheme('megc2019');
 * compositeCountsTable(scheme, buildComposite(scheme, [melab.fromArquero(require('arquero').from([{ dataset: 'samm', part: null, subject: '006', clip: '006_1_2', onset: 1, apex: 2, offset: 3, fps: 200, emotion: 'anger', emotion_raw: 'Anger', aus: [], aus_raw: '' }]))])).rows // [{ dataset: 'samm', negative: 1, positive: 0, surprise: 0 }]
 */
export function compositeCountsTable(scheme: CompositeScheme, c: Composite, audit?: CompositeAudit): TableSpec {
  const datasets = [...new Set([...Object.keys(c.counts), ...Object.keys(audit?.official_counts ?? {})])];
  const columns: TableSpec['columns'] = [{ key: 'dataset', label: 'Database' }];
  for (const k of scheme.classes) {
    columns.push({ key: `${k.name}`, label: `${k.name} (${k.id})`, align: 'r' });
    if (audit) columns.push({ key: `${k.name}:official`, label: 'official', align: 'r' });
  }
  const rows = datasets.map((d) => {
    const row: Record<string, unknown> = { dataset: d };
    for (const k of scheme.classes) {
      row[k.name] = c.counts[d]?.[k.name] ?? 0;
      if (audit) row[`${k.name}:official`] = audit.official_counts[d]?.[k.name] ?? 0;
    }
    return row;
  });
  const notes = [`Scheme ${scheme.name}: ${scheme.source}.`,
    ...Object.entries(c.left_out).map(([d, m]) => `${d} clips left out: ${Object.entries(m).map(([r, n]) => `${r} ${n}`).join(', ')}.`)];
  if (audit) notes.push(`Against the official file: ${audit.only_rebuilt.length} clip(s) only rebuilt, ${audit.only_official.length} only official, ${audit.label_differs.length} with another class.`);
  return { id: `composite-${scheme.name}-counts`, title: `${scheme.title}: clips per class`, columns, rows, notes };
}

/**
 * Every clip where the rebuilt and the official composite disagree, one row each.
 * @example
 * const scheme = loadCompositeScheme('megc2019');
 * const audit = compareComposite(buildComposite(scheme, [melab.fromArquero(require('arquero').from([{ dataset: 'samm', part: null, subject: '006', clip: '006_1_2', onset: 1, apex: 2, offset: 3, fps: 200, emotion: 'anger', emotion_raw: 'Anger', aus: [], aus_raw: '' }]))]), { rows: [], counts: {} });
 * compositeAuditTable(scheme, audit).rows // [{ sample_id: 'samm/6/006_1_2', where: 'only rebuilt' }]
 */
export function compositeAuditTable(scheme: CompositeScheme, audit: CompositeAudit): TableSpec {
  const rows = [
    ...audit.only_rebuilt.map((s) => ({ sample_id: s, where: 'only rebuilt', rebuilt: null, official: null })),
    ...audit.only_official.map((s) => ({ sample_id: s, where: 'only official', rebuilt: null, official: null })),
    ...audit.label_differs.map((d) => ({ sample_id: d.sample_id, where: 'class differs', rebuilt: d.rebuilt, official: d.official })),
  ];
  return {
    id: `composite-${scheme.name}-audit`, title: `${scheme.title}: rebuilt vs official`,
    columns: [{ key: 'sample_id', label: 'Clip' }, { key: 'where', label: 'Difference' }, { key: 'rebuilt', label: 'Rebuilt' }, { key: 'official', label: 'Official' }],
    rows,
  };
}

/** A composite file among loaded tables, rebuilt from the other tables and audited against it. */
export interface LoadedCompositeAudit {
  official: LabelTable;
  scheme: CompositeScheme;
  rebuilt: Composite;
  audit: CompositeAudit;
}

/**
 * Among loaded label tables (`melab report --labels ...`), the composite files read by the `megc2019`
 * reader are audited against the composite rebuilt, by `scheme`, from the other tables whose databases
 * the scheme names, one sheet per database (the later of two releases; nothing to audit when none is
 * loaded). Returns the audits and the source tables.
 * @example auditLoadedComposites([labels]).audits // []
 */
export function auditLoadedComposites(tables: readonly LabelTable[], scheme = 'megc2019'): { audits: LoadedCompositeAudit[]; sources: LabelTable[] } {
  const composites = tables.filter((t) => t.format === 'megc2019' && t.file);
  const sources = tables.filter((t) => !composites.includes(t));
  if (composites.length === 0) return { audits: [], sources };
  const s = loadCompositeScheme(scheme);
  // one sheet per database: of two releases loaded, the later one
  const byDataset = new Map<string, LabelTable>();
  for (const t of sources) {
    const ds = [...new Set(labelRows(t).map((r) => databaseId(String(r.dataset)) ?? String(r.dataset)))];
    if (ds.length === 1 && ds[0] in s.databases) byDataset.set(ds[0], t);
  }
  const usable = [...byDataset.values()];
  if (usable.length === 0) return { audits: [], sources };
  const rebuilt = buildComposite(s, usable);
  return { audits: composites.map((official) => ({ official, scheme: s, rebuilt, audit: compareComposite(rebuilt, readCompositeFile(official.file, s)) })), sources };
}
