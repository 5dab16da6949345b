/**
 * Metadata of the spontaneous ME databases: the paper's Table 1 ("Statistical Information of Current
 * Spontaneous ME Databases"), row by row, read from data/vocabulary.json (`databases`, shared with the
 * Python evaluation module; the sources and notes on merged cells are there).
 *
 * Used by the Table 1 profile (the published numbers next to what a loaded sheet shows) and by the
 * readers, which fill `fps` from here when a sheet has no frame-rate column.
 */
import { VOCABULARY } from './vocabulary';

/** Width × height in pixels. */
export interface Resolution {
  width: number;
  height: number;
}

/** One emotion cell of Table 1: "Hap (33)" → {label: 'happiness', abbreviation: 'Hap', count: 33}. */
export interface EmotionCount {
  /** Canonical lower-case name (emotions.ts); Table 1's compound 4DME labels as e.g. 'positive_surprise'. */
  label: string;
  /** As Table 1 writes it (footnote 3 spells them out). */
  abbreviation: string;
  count: number;
}

/** One row of Table 1 (a database, or one part of it). */
export interface DatabasePart {
  /** Part name as the readers write it in the `part` column (A/B/C, HS/VIS/NIR, ...); null: no parts. */
  part: string | null;
  /** Participants of this part; null where Table 1 gives the number for the whole database only. */
  participants: number | null;
  gender: { male: number; female: number } | null;
  /** ME samples (Table 1 counts MEs only, footnote 1). */
  samples: number;
  fps: number;
  resolutions: Resolution[];
  emotions: EmotionCount[];
}

export interface DatabaseInfo {
  /** Dataset id, as the readers write it in the `dataset` column. */
  id: string;
  /** Display name as in Table 1. */
  name: string;
  /** The database's own paper (the paper's reference number in brackets). */
  reference: string;
  /** Participants over the whole database where Table 1 merges the cell over parts (or has no parts). */
  participants: number | null;
  gender: { male: number; female: number } | null;
  /** Age column of Table 1 as printed ("Mean=22.03", "Range: 19-57 Mean=33.24"); null where "/" or blank. */
  age: string | null;
  /** Table 1's "FACS AU" column: whether the database is AU-coded. */
  facs: boolean;
  parts: DatabasePart[];
}

/** Table 1 footnote 3's abbreviations, "Hap" → 'happiness'. */
const LABEL_OF_ABBREVIATION = new Map(Object.entries(VOCABULARY.emotions.abbreviations).map(([label, abbr]) => [abbr, label]));

/** Reads Table 1's emotion cell, e.g. "Hap (33) Dis (60) Sur (25)". */
function emotions(cell: string): EmotionCount[] {
  return [...cell.matchAll(/([A-Za-z]+)\s*\((\d+)\)/g)].map(([, abbreviation, n]) => {
    const label = LABEL_OF_ABBREVIATION.get(abbreviation);
    if (!label) throw new Error(`vocabulary.json: unknown Table 1 abbreviation ${abbreviation}`);
    return { label, abbreviation, count: Number(n) };
  });
}

/** Every row of the paper's Table 1, in its order. */
export const DATABASES: readonly DatabaseInfo[] = VOCABULARY.databases.rows.map((d) => ({
  id: d.id, name: d.name, reference: d.reference, participants: d.participants, gender: d.gender, age: d.age, facs: d.facs,
  parts: d.parts.map((p) => ({
    part: p.part, participants: p.participants, gender: p.gender, samples: p.samples, fps: p.fps,
    resolutions: p.resolutions.map(([width, height]) => ({ width, height })), emotions: emotions(p.emotions),
  })),
}));

const BY_ID = new Map(DATABASES.map((d) => [d.id, d]));

/** Spellings of database names in sheets and MEGC2019's composite file, mapped to dataset ids. */
const ALIASES: Readonly<Record<string, string>> = VOCABULARY.databases.name_aliases;

/** Dataset id of a database name as sheets write it ("CASME II", "casme2", "SMIC"), or null. */
export function databaseId(name: string): string | null {
  const key = name.trim().toLowerCase();
  return ALIASES[key] ?? ALIASES[key.replace(/[\s_\-]+/g, '')] ?? null;
}

/**
 * Table 1 metadata of a dataset id (or of a name databaseId understands); undefined when unknown.
 * @example
 * const casme2 = melab.labels.databaseInfo('casme2');
 * console.assert(casme2 !== undefined && casme2.name === 'CASME II');
 */
export function databaseInfo(idOrName: string): DatabaseInfo | undefined {
  return BY_ID.get(idOrName) ?? BY_ID.get(databaseId(idOrName) ?? '');
}

/**
 * Frame rate of a dataset's part from Table 1; the database's only frame rate when it has one part
 * (or all parts share it); null when the part is needed and unknown.
 * @example partFps('dfme', 'B') // 300
 */
export function partFps(dataset: string, partName: string | null): number | null {
  const info = databaseInfo(dataset);
  if (!info) return null;
  if (partName !== null) {
    const p = info.parts.find((x) => x.part !== null && x.part.toLowerCase() === partName.toLowerCase());
    if (p) return p.fps;
  }
  const rates = new Set(info.parts.map((p) => p.fps));
  return rates.size === 1 ? [...rates][0] : null;
}

/** The part whose frame rate is fps (DFME: 500 → A, 300 → B, 200 → C); null when none or several. */
export function partOfFps(dataset: string, fps: number): string | null {
  const info = databaseInfo(dataset);
  const hits = info?.parts.filter((p) => p.fps === fps) ?? [];
  return hits.length === 1 ? hits[0].part : null;
}

/**
 * A database's emotion categories as Table 1 lists them (over all its parts, first-seen order).
 * @example databaseEmotionSet('casme2') // ['happiness', 'disgust', 'surprise', 'repression', 'others']
 */
export function databaseEmotionSet(idOrName: string): string[] {
  const info = databaseInfo(idOrName);
  return [...new Set(info?.parts.flatMap((p) => p.emotions.map((e) => e.label)) ?? [])];
}
