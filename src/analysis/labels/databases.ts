/**
 * Metadata of the spontaneous ME databases: the paper's Table 1 ("Statistical Information of Current
 * Spontaneous ME Databases"), row by row, checked against each database's own paper.
 *
 * Used by the Table 1 profile (the published numbers next to what a loaded sheet shows) and by the
 * readers, which fill `fps` from here when a sheet has no frame-rate column.
 *
 * Where Table 1 merges a cell over a database's parts (SMIC's gender, DFME's age, 4DME's
 * participants), the value sits on the database, not on a part.
 */

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

const r = (width: number, height: number): Resolution => ({ width, height });

const ABBREVIATIONS: Record<string, string> = {
  Pos: 'positive', Neg: 'negative', Sur: 'surprise', Amu: 'amusement', Hap: 'happiness', Dis: 'disgust',
  Rep: 'repression', Ang: 'anger', Sad: 'sadness', Con: 'contempt', Unc: 'unclear', Oth: 'others',
  Fear: 'fear', Tense: 'tense', PosSur: 'positive_surprise', NegSur: 'negative_surprise',
  RepSur: 'repression_surprise', PosRep: 'positive_repression', NegRep: 'negative_repression',
};

/** Reads Table 1's emotion cell, e.g. "Hap (33) Dis (60) Sur (25)". */
function emotions(cell: string): EmotionCount[] {
  return [...cell.matchAll(/([A-Za-z]+)\s*\((\d+)\)/g)].map(([, abbreviation, n]) => {
    const label = ABBREVIATIONS[abbreviation];
    if (!label) throw new Error(`databases.ts: unknown Table 1 abbreviation ${abbreviation}`);
    return { label, abbreviation, count: Number(n) };
  });
}

const part = (
  name: string | null, participants: number | null, gender: [number, number] | null,
  samples: number, fps: number, resolutions: Resolution[], emotionCell: string,
): DatabasePart => ({
  part: name, participants, gender: gender ? { male: gender[0], female: gender[1] } : null,
  samples, fps, resolutions, emotions: emotions(emotionCell),
});

/** Every row of the paper's Table 1, in its order. */
export const DATABASES: readonly DatabaseInfo[] = [
  {
    id: 'smic', name: 'SMIC', reference: '[27] X. Li et al., "A spontaneous micro-expression database", FG 2013',
    // Table 1 prints the gender cell "10/6" once across SMIC's three rows (merged), so it is the database's.
    participants: null, gender: { male: 10, female: 6 }, age: null, facs: false,
    parts: [
      part('HS', 16, null, 164, 100, [r(640, 480)], 'Pos (51) Neg (70) Sur (43)'),
      part('VIS', 8, null, 71, 25, [r(640, 480)], 'Pos (28) Neg (23) Sur (20)'),
      part('NIR', 8, null, 71, 25, [r(640, 480)], 'Pos (28) Neg (23) Sur (20)'),
    ],
  },
  {
    id: 'casme', name: 'CASME', reference: '[36] W.-J. Yan et al., "CASME database", FG 2013',
    participants: 35, gender: { male: 22, female: 13 }, age: 'Mean=22.03', facs: true,
    parts: [part(null, 35, [22, 13], 195, 60, [r(640, 480), r(1280, 720)],
      'Amu (5) Dis (88) Fear (2) Con (3) Sad (6) Tense (28) Sur (20) Rep (40)')],
  },
  {
    // Table 1 prints 35 participants (CASME's recruitment); the text of Sec. 2.1 says the 247 samples
    // come from 26 of them. Kept as printed: this is Table 1.
    id: 'casme2', name: 'CASME II', reference: '[28] W.-J. Yan et al., "CASME II", PLoS ONE 9(1) e86041, 2014',
    participants: 35, gender: null, age: 'Mean=22.03', facs: true,
    parts: [part(null, 35, null, 247, 200, [r(640, 480)], 'Hap (33) Dis (60) Sur (25) Rep (27) Oth (102)')],
  },
  {
    id: 'casme2-cas', name: 'CAS(ME)^2', reference: '[37] F. Qu et al., "CAS(ME)^2", IEEE TAFFC 9(4), 2017',
    participants: 22, gender: { male: 9, female: 13 }, age: 'Range: 19-26 Mean=22.59', facs: true,
    parts: [part(null, 22, [9, 13], 57, 30, [r(640, 480)], 'Pos (8) Neg (21) Sur (9) Oth (19)')],
  },
  {
    id: 'samm', name: 'SAMM', reference: '[29] A. K. Davison et al., "SAMM", IEEE TAFFC 9(1), 2016',
    participants: 32, gender: { male: 16, female: 16 }, age: 'Range: 19-57 Mean=33.24', facs: true,
    parts: [part(null, 32, [16, 16], 159, 200, [r(2040, 1088)],
      'Hap (24) Dis (8) Fear (7) Ang (20) Sur (13) Sad (3) Oth (84)')],
  },
  {
    id: 'meview', name: 'MEVIEW', reference: '[39] P. Husák et al., "Spotting facial micro-expressions in the wild", CVWW 2017',
    participants: 16, gender: null, age: null, facs: true,
    parts: [part(null, 16, null, 29, 30, [r(1280, 720)], 'Hap (5) Dis (1) Fear (3) Ang (1) Sur (8) Con(4) Unc (7)')],
  },
  {
    id: 'mmew', name: 'MMEW', reference: '[24] X. Ben et al., "Video-based facial micro-expression analysis: a survey", IEEE TPAMI 2021',
    participants: 36, gender: null, age: 'Mean=22.35', facs: true,
    parts: [part(null, 36, null, 300, 90, [r(1920, 1080)],
      'Hap (36) Dis (72) Fear (16) Ang (8) Sur (89) Sad (13) Oth (66)')],
  },
  {
    id: 'casme3', name: 'CAS(ME)^3', reference: '[30] J. Li et al., "CAS(ME)^3", IEEE TPAMI',
    participants: null, gender: null, age: null, facs: true,
    parts: [
      part('A', 100, [50, 50], 943, 30, [r(1280, 720)], 'Hap (64) Dis (281) Fear (93) Ang (70) Sur (201) Sad (64) Oth (170)'),
      part('C', 31, [9, 22], 166, 30, [r(1280, 720)], 'Pos (16) Neg(99) Sur (30) Oth (20)'),
    ],
  },
  {
    id: '4dme', name: '4DME', reference: '[38] X. Li et al., "4DME", IEEE TAFFC 2022',
    participants: 65, gender: { male: 38, female: 27 }, age: 'Range: 22-57 Mean=27.8', facs: true,
    parts: [
      part('DI4D', null, null, 267, 60, [r(1200, 1600)], ''),
      part('Grayscale', null, null, 267, 60, [r(640, 480)],
        'Pos (34) Neg (127) Sur (30) Rep (6) PosSur (13) NegSur (8) RepSur (3) PosRep(8) NegRep(7) Oth(31)'),
      part('RGB', null, null, 267, 30, [r(640, 480)], ''),
      part('Depth', null, null, 267, 30, [r(640, 480)], ''),
    ],
  },
  {
    id: 'dfme', name: 'DFME', reference: 'this paper (Sec. 3.4)',
    participants: null, gender: null, age: 'Range: 17-40 Mean=22.43', facs: true,
    parts: [
      part('A', 72, [31, 41], 1118, 500, [r(1024, 768)], 'Hap (111) Dis (321) Fear (143) Ang (97) Con (77) Sur (187) Sad (142) Oth (40)'),
      part('B', 92, [61, 31], 969, 300, [r(1024, 768)], 'Hap (78) Dis (406) Fear (115) Ang (56) Con (45) Sur (143) Sad (119) Oth (7)'),
      part('C', 492, [282, 210], 5439, 200, [r(1024, 768)], 'Hap (803) Dis (1801) Fear (634) Ang (466) Con (279) Sur (878) Sad (374) Oth (204)'),
    ],
  },
];

const BY_ID = new Map(DATABASES.map((d) => [d.id, d]));

/** Spellings of database names in sheets and MEGC2019's composite file, mapped to dataset ids. */
const ALIASES: Record<string, string> = {
  smic: 'smic', smichs: 'smic', smice: 'smic', casme: 'casme', casme2: 'casme2', casmeii: 'casme2',
  casme2cas: 'casme2-cas', casmesq: 'casme2-cas', 'cas(me)2': 'casme2-cas', 'cas(me)^2': 'casme2-cas',
  samm: 'samm', meview: 'meview', mmew: 'mmew', casme3: 'casme3', 'cas(me)3': 'casme3', 'cas(me)^3': 'casme3',
  '4dme': '4dme', dfme: 'dfme',
};

/** Dataset id of a database name as sheets write it ("CASME II", "casme2", "SMIC"), or null. */
export function databaseId(name: string): string | null {
  const key = name.trim().toLowerCase();
  return ALIASES[key] ?? ALIASES[key.replace(/[\s_\-]+/g, '')] ?? null;
}

/** Table 1 metadata of a dataset id (or of a name databaseId understands); undefined when unknown. */
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
