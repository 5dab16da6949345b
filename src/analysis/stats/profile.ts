/**
 * Dataset profile — the paper's Table 1 ("Statistical Information of Current Spontaneous ME
 * Databases") computed from loaded label tables: participants, gender split, samples, frame rates,
 * resolution, emotion counts and whether the sheet is AU-coded, per dataset and per part.
 */
import { databaseInfo, type DatabasePart } from '../labels/databases';
import type { Issue } from '../labels/issues';
import type { AuToken } from '../labels/au-types';
import type { LabelTable } from '../labels/model';
import type { TableSpec } from '../report/table';
import { columnValues, encodeValues } from './columns';

/** Table 1 footnote 3: the paper's emotion abbreviations. */
export const TABLE1_ABBREVIATIONS: Readonly<Record<string, string>> = {
  positive: 'Pos', negative: 'Neg', surprise: 'Sur', amusement: 'Amu', happiness: 'Hap', disgust: 'Dis',
  repression: 'Rep', anger: 'Ang', sadness: 'Sad', contempt: 'Con', unclear: 'Unc', others: 'Oth', fear: 'Fear',
  tense: 'Tense',
};

/**
 * The order Table 1 lists emotions in (its DFME, SAMM, MMEW, CASME II, SMIC and CAS(ME)^2 rows all
 * follow it): Hap Dis Fear Ang Con Sur Sad ... Oth.
 */
export const TABLE1_EMOTION_ORDER: readonly string[] = [
  'happiness', 'amusement', 'positive', 'disgust', 'negative', 'fear', 'anger', 'contempt', 'surprise',
  'sadness', 'repression', 'tense', 'unclear', 'others',
];

export interface ProfileEmotion {
  label: string;
  /** Table 1's abbreviation ("Hap"); the label itself where Table 1 has none. */
  abbreviation: string;
  count: number;
}

export interface GenderSplit {
  /** Distinct participants per gender (a participant counts once, by the first gender the sheet gives). */
  male: number;
  female: number;
  /** Participants whose gender cell is something else. */
  other: number;
  /** Participants with an empty gender cell. */
  missing: number;
}

/** One row of Table 1: a dataset, or one of its parts. */
export interface ProfileRow {
  dataset: string;
  /** Display name (databases.ts: "CASME II"), the dataset id when unknown. */
  name: string;
  /** Part (A/B/C, HS/VIS/NIR); null for a database without parts or for a dataset total row. */
  part: string | null;
  /** True for the total over all parts of a dataset (option `totals`). */
  total: boolean;
  participants: number;
  /** Null when the sheet has no gender column. */
  gender: GenderSplit | null;
  samples: number;
  /** Distinct frame rates of the rows, ascending. */
  frameRates: number[];
  /** Rows without a frame rate. */
  missingFps: number;
  /** "1024×768": the sheet's `resolution` column when it has one, else databases.ts (Table 1). */
  resolutions: string[];
  /** Emotion counts in Table 1's order; rows without an emotion are counted in `unlabelled`. */
  emotions: ProfileEmotion[];
  unlabelled: number;
  /** Rows with at least one AU token; `auLabelled` is "FACS AU: Yes". */
  auSamples: number;
  auLabelled: boolean;
  /** The published Table 1 row of this dataset/part (databases.ts), for comparison; null when unknown. */
  published: DatabasePart | null;
}

export interface ProfileOptions {
  /** Adds a total row per dataset that has more than one part. Default false (Table 1 has none). */
  totals?: boolean;
  /** Extra column holding the participant's gender; default: the first of `gender`, `sex`. */
  genderColumn?: string;
}

export interface DatasetProfile {
  rows: ProfileRow[];
  table: TableSpec;
  /** Participants given conflicting genders, and the like; file, row and column named. */
  issues: Issue[];
}

/** "Hap (111) Dis (321) ..." as Table 1 prints an emotion cell. */
export function emotionCell(emotions: readonly ProfileEmotion[], unlabelled = 0): string {
  const parts = emotions.filter((e) => e.count > 0).map((e) => `${e.abbreviation} (${e.count})`);
  if (unlabelled > 0) parts.push(`Unlabelled (${unlabelled})`);
  return parts.join(' ');
}

const MALE = new Set(['m', 'male', 'man', 'men', 'boy', '男']);
const FEMALE = new Set(['f', 'female', 'woman', 'women', 'girl', '女']);

function genderOf(v: unknown): 'male' | 'female' | 'other' | 'missing' {
  if (v === null || v === undefined) return 'missing';
  const s = String(v).trim().toLowerCase();
  if (s === '') return 'missing';
  return MALE.has(s) ? 'male' : FEMALE.has(s) ? 'female' : 'other';
}

function emotionRank(label: string): number {
  const i = TABLE1_EMOTION_ORDER.indexOf(label);
  return i < 0 ? TABLE1_EMOTION_ORDER.length - 1 : i; // unknown labels before 'others'
}

/** Where a group's rows start: the label table and the positions of its rows. */
interface Group {
  dataset: string;
  part: string | null;
  total: boolean;
  rows: number[];
}

function groupsOf(labels: LabelTable, totals: boolean): Group[] {
  const ds = encodeValues(columnValues(labels, 'dataset'));
  const pt = encodeValues(columnValues(labels, 'part'));
  const np = pt.levels.length + 1;
  const byKey = new Map<number, Group>();
  const order: Group[] = [];
  const n = ds.codes.length;
  for (let i = 0; i < n; i++) {
    const d = ds.codes[i];
    const p = pt.codes[i];
    const key = (d + 1) * np + (p + 1);
    let g = byKey.get(key);
    if (!g) {
      g = { dataset: d < 0 ? '' : ds.levels[d], part: p < 0 ? null : pt.levels[p], total: false, rows: [] };
      byKey.set(key, g);
      order.push(g);
    }
    g.rows.push(i);
  }
  const out: Group[] = [];
  const datasets = [...new Set(order.map((g) => g.dataset))];
  for (const d of datasets) {
    const parts = order.filter((g) => g.dataset === d).sort((a, b) => partRank(d, a.part) - partRank(d, b.part) || String(a.part).localeCompare(String(b.part)));
    out.push(...parts);
    if (totals && parts.length > 1) {
      out.push({ dataset: d, part: null, total: true, rows: parts.flatMap((g) => g.rows).sort((a, b) => a - b) });
    }
  }
  return out;
}

function partRank(dataset: string, part: string | null): number {
  const info = databaseInfo(dataset);
  const i = info?.parts.findIndex((p) => p.part !== null && part !== null && p.part.toLowerCase() === part.toLowerCase()) ?? -1;
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

function profileGroup(labels: LabelTable, g: Group, genderColumn: string | null, issues: Issue[]): ProfileRow {
  const subject = columnValues<string>(labels, 'subject');
  const fps = columnValues<number | null>(labels, 'fps');
  const emotion = columnValues<string | null>(labels, 'emotion');
  const aus = columnValues<AuToken[] | null>(labels, 'aus');
  const gender = genderColumn ? columnValues(labels, genderColumn) : null;
  const resolutionCol = labels.table.columnNames().includes('resolution') ? columnValues(labels, 'resolution') : null;

  const subjects = new Map<string, ReturnType<typeof genderOf>>();
  const rates = new Set<number>();
  const emotions = new Map<string, number>();
  const resolutions = new Set<string>();
  let missingFps = 0;
  let unlabelled = 0;
  let auSamples = 0;
  for (const i of g.rows) {
    const s = String(subject[i]);
    const gd = gender ? genderOf(gender[i]) : 'missing';
    const seen = subjects.get(s);
    if (seen === undefined) subjects.set(s, gd);
    else if (gender && gd !== seen && gd !== 'missing') {
      if (seen === 'missing') subjects.set(s, gd);
      else {
        issues.push({
          file: labels.file, row: labels.sourceRows[i] ?? i + 2, column: genderColumn as string, value: String(gender[i]),
          problem: `participant ${s} was given gender ${seen} in an earlier row; counted as ${seen}`, severity: 'warning',
        });
      }
    }
    const f = fps[i];
    if (typeof f === 'number' && Number.isFinite(f)) rates.add(f);
    else missingFps++;
    const e = emotion[i];
    if (e === null || e === undefined || e === '') unlabelled++;
    else emotions.set(e, (emotions.get(e) ?? 0) + 1);
    if ((aus[i]?.length ?? 0) > 0) auSamples++;
    if (resolutionCol) {
      const r = resolutionCol[i];
      if (r !== null && r !== undefined && r !== '') resolutions.add(String(r).replace(/\s*[x×*]\s*/i, '×'));
    }
  }
  const info = databaseInfo(g.dataset);
  const published = g.total ? null : info?.parts.find((p) => (p.part === null ? g.part === null : g.part !== null && p.part.toLowerCase() === g.part.toLowerCase())) ?? null;
  if (resolutions.size === 0) {
    // a total row, or a part the metadata does not know (no part column): every resolution of the database
    const metaParts = published ? [published] : info?.parts ?? [];
    for (const p of metaParts) for (const r of p.resolutions) resolutions.add(`${r.width}×${r.height}`);
  }
  let split: GenderSplit | null = null;
  if (gender) {
    split = { male: 0, female: 0, other: 0, missing: 0 };
    for (const v of subjects.values()) split[v]++;
  }
  const emotionList = [...emotions.entries()]
    .sort(([a], [b]) => emotionRank(a) - emotionRank(b) || (a < b ? -1 : 1))
    .map(([label, count]) => ({ label, abbreviation: TABLE1_ABBREVIATIONS[label] ?? label, count }));
  return {
    dataset: g.dataset,
    name: info?.name ?? g.dataset,
    part: g.part,
    total: g.total,
    participants: subjects.size,
    gender: split,
    samples: g.rows.length,
    frameRates: [...rates].sort((a, b) => a - b),
    missingFps,
    resolutions: [...resolutions],
    emotions: emotionList,
    unlabelled,
    auSamples,
    auLabelled: auSamples > 0,
    published,
  };
}

function findGenderColumn(labels: LabelTable, requested?: string): string | null {
  const names = labels.table.columnNames();
  if (requested) return names.includes(requested) ? requested : null;
  return ['gender', 'sex'].find((c) => names.includes(c)) ?? null;
}

/** "PART A" as Table 1 writes DFME's and CAS(ME)^3's single-letter parts; other part names as they are. */
export function partDisplayName(part: string | null, total = false): string {
  if (total) return 'all';
  if (part === null) return '';
  return /^[A-Z]$/i.test(part) ? `PART ${part.toUpperCase()}` : part;
}

/**
 * Table 1 for one or several label tables: one row per dataset and part (plus per-dataset totals with
 * `totals`). Participants are distinct subjects; the gender split counts participants, not samples.
 * @example datasetProfile(loadDefaultLabels()).rows[0] // {name: 'DFME', part: 'A', participants: 72, samples: 1118, ...}
 */
export function datasetProfile(input: LabelTable | readonly LabelTable[], opts: ProfileOptions = {}): DatasetProfile {
  const tables = Array.isArray(input) ? (input as readonly LabelTable[]) : [input as LabelTable];
  const rows: ProfileRow[] = [];
  const issues: Issue[] = [];
  for (const labels of tables) {
    const genderColumn = findGenderColumn(labels, opts.genderColumn);
    for (const g of groupsOf(labels, opts.totals ?? false)) rows.push(profileGroup(labels, g, genderColumn, issues));
  }
  return { rows, table: profileTable(rows), issues };
}

/** The TableSpec of Table 1 (renders as HTML, Markdown, LaTeX, CSV). */
export function profileTable(rows: readonly ProfileRow[]): TableSpec {
  const anyGender = rows.some((r) => r.gender !== null);
  const columns: TableSpec['columns'] = [
    { key: 'database', label: 'ME Database' },
    { key: 'part', label: 'Part' },
    { key: 'participants', label: 'Participants', align: 'r' },
    ...(anyGender ? [{ key: 'gender', label: 'Gender (Male/Female)', align: 'c' as const }] : []),
    { key: 'samples', label: 'Samples', align: 'r' },
    { key: 'fps', label: 'Frame Rate', align: 'r' },
    { key: 'resolution', label: 'Resolution', align: 'c' },
    { key: 'emotion', label: 'Emotion' },
    { key: 'facs', label: 'FACS AU', align: 'c' },
  ];
  const notes = ['Participants are distinct subjects in the sheet; gender counts participants.'];
  if (rows.some((r) => r.gender && (r.gender.other > 0 || r.gender.missing > 0))) {
    notes.push('Gender: participants with another or an empty gender value are not in Male/Female.');
  }
  if (rows.some((r) => r.missingFps > 0)) notes.push('Some rows have no frame rate; Frame Rate lists the rates present.');
  if (rows.some((r) => r.unlabelled > 0)) notes.push('Unlabelled: rows without a recognised emotion label.');
  notes.push('Pos: Positive; Neg: Negative; Sur: Surprise; Amu: Amusement; Hap: Happiness; Dis: Disgust; Rep: Repression; Ang: Anger; Sad: Sadness; Con: Contempt; Oth: Others (Table 1 footnote 3).');
  return {
    id: 'table1-dataset-profile',
    title: 'Table 1: Statistical information of the loaded ME databases',
    caption: 'Computed from the label sheets (MEs as labelled; per part where the database has parts).',
    columns,
    rows: rows.map((r) => ({
      database: r.name,
      part: partDisplayName(r.part, r.total),
      participants: r.participants,
      gender: r.gender ? `${r.gender.male}/${r.gender.female}` : '',
      samples: r.samples,
      fps: r.frameRates.join('/'),
      resolution: r.resolutions.join(' '),
      emotion: emotionCell(r.emotions, r.unlabelled),
      facs: r.auLabelled ? 'Yes' : 'No',
    })),
    notes,
  };
}
