/**
 * Dataset profile — the paper's Table 1 ("Statistical Information of Current Spontaneous ME
 * Databases") computed from loaded label tables: participants, gender split, samples, frame rates,
 * resolution, emotion counts and whether the sheet is AU-coded, per dataset and per part.
 */
import { databaseInfo, type DatabasePart } from '../labels/databases';
import type { Issue } from '../labels/issues';
import type { AuToken } from '../labels/au-types';
import type { LabelTable } from '../labels/model';
import type { TableSpec } from '../util/table-spec';
import { columnValues, encodeValues } from './columns';
import { emotionAbbreviation, TABLE1_EMOTION_ORDER } from '../labels/vocabulary';
import { plural, withSummary } from '../util/inspect-summary';

export { TABLE1_EMOTION_ORDER };

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

// The one typed fast path of Table 1 (grouping by dataset/part codes and counting in typed arrays, one
// pass per grouping), kept instead of Arquero verbs because the stats bench shows the need: on its
// 1,000,000 rows (2-core machine) the same counts with Arquero's groupby/rollup/window verbs took 7–15 s
// against 0.4–0.8 s here, and Arquero's groupby on (dataset, part) alone 230–270 ms. The Arquero version
// lives on as the oracle of test/stats/profile-arquero.test.ts, which checks every count of this path.

/** A row of Table 1 before counting: a dataset's part, or (total) the whole dataset. */
interface Group {
  dataset: string;
  part: string | null;
  total: boolean;
}

function partRank(dataset: string, part: string | null): number {
  const info = databaseInfo(dataset);
  const i = info?.parts.findIndex((p) => p.part !== null && part !== null && p.part.toLowerCase() === part.toLowerCase()) ?? -1;
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/** Per-group counts of one pass over the rows (groups given as a group id per row). */
interface Tally {
  samples: Int32Array;
  participants: Int32Array;
  /** [group × 4]: male, female, other, missing participants. */
  gender: Int32Array;
  emotions: Int32Array;
  unlabelled: Int32Array;
  fpsSeen: Uint8Array;
  missingFps: Int32Array;
  auSamples: Int32Array;
  resolutionSeen: Uint8Array;
}

const GENDER_CLASSES = ['male', 'female', 'other', 'missing'] as const;

/** The columns Table 1 counts, each encoded once: counting is then array indexing. */
interface ProfileColumns {
  n: number;
  subject: ReturnType<typeof encodeValues>;
  emotion: ReturnType<typeof encodeValues>;
  fps: { levels: number[]; codes: Int32Array };
  /** Gender class (index into GENDER_CLASSES) per row; null without a gender column. */
  gender: Int8Array | null;
  genderRaw: ArrayLike<unknown> | null;
  hasAus: Uint8Array;
  resolution: ReturnType<typeof encodeValues> | null;
}

function profileColumns(labels: LabelTable, genderColumn: string | null): ProfileColumns {
  const subject = encodeValues(columnValues(labels, 'subject'));
  const n = subject.codes.length;
  const fpsValues = columnValues<number | null>(labels, 'fps');
  const fpsIds = new Map<number, number>();
  const fpsLevels: number[] = [];
  const fpsCodes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const f = fpsValues[i];
    if (typeof f !== 'number' || !Number.isFinite(f)) {
      fpsCodes[i] = -1;
      continue;
    }
    let id = fpsIds.get(f);
    if (id === undefined) {
      id = fpsLevels.length;
      fpsLevels.push(f);
      fpsIds.set(f, id);
    }
    fpsCodes[i] = id;
  }
  let gender: Int8Array | null = null;
  let genderRaw: ArrayLike<unknown> | null = null;
  if (genderColumn) {
    genderRaw = columnValues(labels, genderColumn);
    const enc = encodeValues(genderRaw);
    const cls = enc.levels.map((l) => GENDER_CLASSES.indexOf(genderOf(l)));
    gender = new Int8Array(n);
    for (let i = 0; i < n; i++) gender[i] = enc.codes[i] < 0 ? 3 : cls[enc.codes[i]];
  }
  const aus = columnValues<AuToken[] | null>(labels, 'aus');
  const hasAus = new Uint8Array(n);
  for (let i = 0; i < n; i++) hasAus[i] = (aus[i]?.length ?? 0) > 0 ? 1 : 0;
  const resolution = labels.table.columnNames().includes('resolution') ? encodeValues(columnValues(labels, 'resolution')) : null;
  return { n, subject, emotion: encodeValues(columnValues(labels, 'emotion')), fps: { levels: fpsLevels, codes: fpsCodes }, gender, genderRaw, hasAus, resolution };
}

/**
 * Counts every group in one pass. A participant counts once per group, with the first non-empty
 * gender the sheet gives; a later different one is reported (file, row, column) unless already reported.
 */
function tally(labels: LabelTable, cols: ProfileColumns, groupOf: Int32Array, G: number, genderColumn: string | null,
  issues: Issue[], reported: Set<number>): Tally {
  const S = cols.subject.levels.length;
  const E = cols.emotion.levels.length;
  const F = cols.fps.levels.length;
  const R = cols.resolution?.levels.length ?? 0;
  const t: Tally = {
    samples: new Int32Array(G), participants: new Int32Array(G), gender: new Int32Array(G * 4),
    emotions: new Int32Array(G * E), unlabelled: new Int32Array(G), fpsSeen: new Uint8Array(G * F),
    missingFps: new Int32Array(G), auSamples: new Int32Array(G), resolutionSeen: new Uint8Array(G * R),
  };
  // per (group, participant): 0 = not seen, else 1 + gender class
  const dense = G * S <= 1 << 27;
  const pairArray = dense ? new Int8Array(G * S) : null;
  const pairMap = dense ? null : new Map<number, number>();
  const subj = cols.subject.codes;
  const emo = cols.emotion.codes;
  const fps = cols.fps.codes;
  const gender = cols.gender;
  for (let i = 0; i < cols.n; i++) {
    const g = groupOf[i];
    if (g < 0) continue;
    t.samples[g]++;
    const pair = g * S + subj[i];
    const seen = pairArray ? pairArray[pair] : pairMap!.get(pair) ?? 0;
    const gd = gender ? gender[i] : 3;
    if (seen === 0) {
      if (pairArray) pairArray[pair] = gd + 1; else pairMap!.set(pair, gd + 1);
      t.participants[g]++;
    } else if (gender && gd !== 3 && gd + 1 !== seen) {
      if (seen === 4) {
        if (pairArray) pairArray[pair] = gd + 1; else pairMap!.set(pair, gd + 1);
      } else if (!reported.has(i)) {
        reported.add(i);
        issues.push({
          file: labels.file, row: labels.sourceRows[i] ?? i + 2, column: genderColumn as string, value: String(cols.genderRaw![i]),
          problem: `participant ${cols.subject.levels[subj[i]]} was given gender ${GENDER_CLASSES[seen - 1]} in an earlier row; counted as ${GENDER_CLASSES[seen - 1]}`,
          severity: 'warning',
        });
      }
    }
    const e = emo[i];
    if (e < 0) t.unlabelled[g]++; else t.emotions[g * E + e]++;
    const f = fps[i];
    if (f < 0) t.missingFps[g]++; else t.fpsSeen[g * F + f] = 1;
    t.auSamples[g] += cols.hasAus[i];
    if (cols.resolution && cols.resolution.codes[i] >= 0) t.resolutionSeen[g * R + cols.resolution.codes[i]] = 1;
  }
  // the gender split of each group's participants
  if (gender) {
    if (pairArray) {
      for (let g = 0; g < G; g++) for (let s = 0; s < S; s++) { const v = pairArray[g * S + s]; if (v > 0) t.gender[g * 4 + v - 1]++; }
    } else {
      for (const [pair, v] of pairMap!) t.gender[Math.floor(pair / S) * 4 + v - 1]++;
    }
  }
  return t;
}

function profileRow(group: Group, g: number, t: Tally, cols: ProfileColumns): ProfileRow {
  const E = cols.emotion.levels.length;
  const F = cols.fps.levels.length;
  const R = cols.resolution?.levels.length ?? 0;
  const resolutions = new Set<string>();
  for (let r = 0; r < R; r++) if (t.resolutionSeen[g * R + r]) resolutions.add(cols.resolution!.levels[r].replace(/\s*[x×*]\s*/i, '×'));
  const info = databaseInfo(group.dataset);
  const published = group.total
    ? null
    : info?.parts.find((p) => (p.part === null ? group.part === null : group.part !== null && p.part.toLowerCase() === group.part.toLowerCase())) ?? null;
  if (resolutions.size === 0) {
    // a total row, or a part the metadata does not know (no part column): every resolution of the database
    const metaParts = published ? [published] : info?.parts ?? [];
    for (const p of metaParts) for (const r of p.resolutions) resolutions.add(`${r.width}×${r.height}`);
  }
  const frameRates: number[] = [];
  for (let f = 0; f < F; f++) if (t.fpsSeen[g * F + f]) frameRates.push(cols.fps.levels[f]);
  const emotions: ProfileEmotion[] = [];
  for (let e = 0; e < E; e++) {
    const count = t.emotions[g * E + e];
    const label = cols.emotion.levels[e];
    if (count > 0) emotions.push({ label, abbreviation: emotionAbbreviation(label) ?? label, count });
  }
  emotions.sort((a, b) => emotionRank(a.label) - emotionRank(b.label) || (a.label < b.label ? -1 : 1));
  const gender: GenderSplit | null = cols.gender
    ? { male: t.gender[g * 4], female: t.gender[g * 4 + 1], other: t.gender[g * 4 + 2], missing: t.gender[g * 4 + 3] }
    : null;
  return {
    dataset: group.dataset,
    name: info?.name ?? group.dataset,
    part: group.part,
    total: group.total,
    participants: t.participants[g],
    gender,
    samples: t.samples[g],
    frameRates: frameRates.sort((a, b) => a - b),
    missingFps: t.missingFps[g],
    resolutions: [...resolutions],
    emotions,
    unlabelled: t.unlabelled[g],
    auSamples: t.auSamples[g],
    auLabelled: t.auSamples[g] > 0,
    published,
  };
}

/** Table 1 rows of one label table: its (dataset, part) groups in Table 1 order, then per-dataset totals. */
function profileOne(labels: LabelTable, genderColumn: string | null, totals: boolean, issues: Issue[]): ProfileRow[] {
  const ds = encodeValues(columnValues(labels, 'dataset'));
  const pt = encodeValues(columnValues(labels, 'part'));
  const n = ds.codes.length;
  const np = pt.levels.length + 1;
  const lut = new Int32Array((ds.levels.length + 1) * np).fill(-1);
  const groups: Group[] = [];
  const datasetOfGroup: number[] = [];
  const rowGroup = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = (ds.codes[i] + 1) * np + (pt.codes[i] + 1);
    let g = lut[key];
    if (g < 0) {
      g = lut[key] = groups.length;
      const d = ds.codes[i];
      const p = pt.codes[i];
      groups.push({ dataset: d < 0 ? '' : ds.levels[d], part: p < 0 ? null : pt.levels[p], total: false });
      datasetOfGroup.push(d);
    }
    rowGroup[i] = g;
  }
  const cols = profileColumns(labels, genderColumn);
  const reported = new Set<number>();
  const parts = tally(labels, cols, rowGroup, groups.length, genderColumn, issues, reported);
  const datasetRows = new Map<number, ProfileRow[]>();
  const datasetOrder: number[] = [];
  groups.forEach((grp, g) => {
    const d = datasetOfGroup[g];
    if (!datasetRows.has(d)) { datasetRows.set(d, []); datasetOrder.push(d); }
    (datasetRows.get(d) as ProfileRow[]).push(profileRow(grp, g, parts, cols));
  });
  let whole: Tally | null = null;
  if (totals && [...datasetRows.values()].some((r) => r.length > 1)) {
    const byDataset = new Int32Array(n);
    for (let i = 0; i < n; i++) byDataset[i] = ds.codes[i] + 1;
    whole = tally(labels, cols, byDataset, ds.levels.length + 1, genderColumn, issues, reported);
  }
  const out: ProfileRow[] = [];
  for (const d of datasetOrder) {
    const rows = (datasetRows.get(d) as ProfileRow[]).sort((a, b) => partRank(a.dataset, a.part) - partRank(b.dataset, b.part) || String(a.part).localeCompare(String(b.part)));
    out.push(...rows);
    if (whole && rows.length > 1) out.push(profileRow({ dataset: rows[0].dataset, part: null, total: true }, d + 1, whole, cols));
  }
  return out;
}

function findGenderColumn(labels: LabelTable, requested?: string): string | null {
  const names = labels.table.columnNames();
  if (requested) return requested; // a missing column fails in columnValues with file and column named
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
  for (const labels of tables) rows.push(...profileOne(labels, findGenderColumn(labels, opts.genderColumn), opts.totals ?? false, issues));
  return withSummary({ rows, table: profileTable(rows), issues }, summarizeProfile);
}

/** A cell's value: what the profile covers (Table 1). */
function summarizeProfile(p: DatasetProfile): string {
  const parts = p.rows.filter((r) => !r.total);
  const samples = parts.reduce((s, r) => s + r.samples, 0);
  const datasets = [...new Set(parts.map((r) => r.name))];
  return `Dataset profile (Table 1): ${plural(datasets.length, 'database')} (${datasets.join(', ')}), ${plural(p.rows.length, 'row')}, ${plural(samples, 'sample')}, ${plural(p.issues.length, 'issue')}`;
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
