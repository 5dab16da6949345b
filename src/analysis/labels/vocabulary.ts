/**
 * melab's domain vocabulary, read from data/vocabulary.json (shared with the Python evaluation
 * module): emotion order and spellings, Davison et al.'s objective classes, the FACS kinds of code
 * numbers, the lateral (side) rules of AU keys, the paper's 12-AU subset, Table 1's database metadata
 * (fps, resolution, emotions), subject/clip id patterns per database and the class-id tables of derived
 * sheets. Each fact's source is in the JSON beside it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../util/package-root';

/** One row of Table 1 as vocabulary.json stores it (emotion cells as printed: "Hap (33) Dis (60)"). */
interface DatabaseRowJson {
  id: string; name: string; reference: string; participants: number | null;
  gender: { male: number; female: number } | null; age: string | null; facs: boolean;
  parts: {
    part: string | null; participants: number | null; gender: { male: number; female: number } | null;
    samples: number; fps: number; resolutions: [number, number][]; emotions: string;
  }[];
}

interface VocabularyJson {
  emotions: {
    order: string[]; dfme: string[]; aliases: Record<string, string[]>; typos: Record<string, string[]>;
    table1_order: string[]; abbreviations: Record<string, string>;
  };
  objective_classes: { keys: string[] };
  facs: {
    descriptor_numbers: number[]; head_movement_numbers: number[]; paper_au_subset: string[]; lateral_sides: string[];
    sided_prefixes: string[]; paper_lateral_key: { prefixes: string[]; as: string };
  };
  dfme: { table6_first_participants: number };
  databases: { rows: DatabaseRowJson[]; name_aliases: Record<string, string> };
  id_patterns: Record<string, { subject: string; clip: string } | string>;
  class_ids: Record<string, Record<string, string> | string>;
}

/** The parsed data/vocabulary.json (read once). */
export const VOCABULARY: VocabularyJson = JSON.parse(
  fs.readFileSync(path.join(packageRoot(), 'data', 'vocabulary.json'), 'utf8'),
) as VocabularyJson;

/** Subject and clip id patterns of a database (dataset id), or undefined when the vocabulary has none. */
export function idPatterns(dataset: string): { subject: RegExp; clip: RegExp } | undefined {
  const p = VOCABULARY.id_patterns[dataset];
  if (!p || typeof p === 'string') return undefined;
  return { subject: new RegExp(p.subject, 'i'), clip: new RegExp(p.clip, 'i') };
}

/** A class-id table ("benchmark-casme2": {"1": "happiness", ...}); throws for an unknown name (a bug, not input). */
export function classIdTable(name: string): Readonly<Record<string, string>> {
  const t = VOCABULARY.class_ids[name];
  if (!t || typeof t === 'string') throw new Error(`vocabulary.json: no class-id table "${name}"`);
  return t;
}

/** Davison et al.'s objective classes as melab's keys: objective-I … objective-VII. */
export const OBJECTIVE_CLASS_KEYS: readonly string[] = VOCABULARY.objective_classes.keys;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];

/**
 * An objective-class cell ("1".."7", "1.0", "I".."VII", "Class III") as its key, or null.
 * @example objectiveClassKey('III') // 'objective-III'
 */
export function objectiveClassKey(raw: string): string | null {
  const t = raw.trim().replace(/^(objective[\s_-]*)?(class[\s_-]*)?/i, '').trim();
  const num = /^([1-7])(?:\.0+)?$/.exec(t);
  if (num) return OBJECTIVE_CLASS_KEYS[Number(num[1]) - 1];
  const i = ROMAN.indexOf(t.toUpperCase());
  return i >= 0 ? OBJECTIVE_CLASS_KEYS[i] : null;
}

/** DFME's Table 6 statistics cover the MEs of the first 300 participants (Table 6 footnote 1, Sec. 3.4). */
export const TABLE6_FIRST_PARTICIPANTS: number = VOCABULARY.dfme.table6_first_participants;

/** The 12 AUs of the paper's AU task and Table 9 (Sec. 4.6.2), in its order. */
export const PAPER_AU_SUBSET: readonly string[] = VOCABULARY.facs.paper_au_subset;

/** Emotion names in melab's display order (DFME's seven in the paper's order, others, then other databases'). */
export const EMOTION_ORDER: readonly string[] = VOCABULARY.emotions.order;

/** The order Table 1 lists emotions in (its DFME, SAMM, MMEW, CASME II, SMIC, CAS(ME)^2 rows), then objective classes. */
export const TABLE1_EMOTION_ORDER: readonly string[] = [...VOCABULARY.emotions.table1_order, ...OBJECTIVE_CLASS_KEYS];

/**
 * Table 1 footnote 3's abbreviation of an emotion ("Hap"); an objective class by its numeral ("III"); or
 * undefined.
 * @example emotionAbbreviation('objective-III') // 'III'
 */
export function emotionAbbreviation(label: string): string | undefined {
  if (OBJECTIVE_CLASS_KEYS.includes(label)) return label.slice('objective-'.length);
  return VOCABULARY.emotions.abbreviations[label];
}
