/**
 * The model registry (models.json, data): the DFME paper's baselines in its row order (Sec. 4.4,
 * Tables 8 and 9), each with its printed name, group, reference and published results; and the
 * provenance of an export (what it was trained and evaluated on), read from its manifest. Every model
 * table, figure and notebook names and orders models through this module.
 */
import registry from './models.json';
import type { PredictionExport, PredictionManifest } from './predictions';

export interface ModelInfo {
  id: string;
  /** The name as the paper prints it (R3D, LBP-TOP, RCN-A, ...); a model not in the registry keeps its id. */
  name: string;
  group: string;
  reference: string;
  /** False for the paper's models melab cannot train (no public code); `absent` says why. */
  trainable: boolean;
  absent?: string;
  /** The paper's published values: Table 8 (acc in %, uar, uf1) and Table 9 (F1 per AU, average). */
  paper?: { table8?: { acc: number; uar: number; uf1: number }; table9?: Record<string, number> };
  /** Position in the paper's order (registry models first, in order; others after, by name). */
  rank: number;
}

/** Where the paper's values in models.json were transcribed from. */
export const PAPER_SOURCE: string = registry.source;
export const MODEL_GROUPS_ORDER: readonly string[] = registry.groups;
export const OTHER_GROUP = 'Other';

const MODELS: ModelInfo[] = registry.models.map((m, rank) => ({ ...m, rank }) as ModelInfo);
const BY_ID = new Map(MODELS.map((m) => [m.id, m]));

/** Registry key of a model name as exports write it: `lbp_top`, `LBP-TOP` and `lbp-top` are one model. */
const key = (model: string): string => model.trim().toLowerCase().replace(/[\s_-]+/g, '_');
const BY_KEY = new Map(MODELS.flatMap((m) => [[key(m.id), m], [key(m.name), m]] as [string, ModelInfo][]));

/**
 * Every model of the paper, in its order (Sec. 4.4, Table 8).
 * @example
 * const models = melab.protocol.paperModels();
 * console.assert(models.some((m) => m.id === 'ststnet'));
 */
export function paperModels(): ModelInfo[] {
  return MODELS.map((m) => ({ ...m }));
}

/**
 * A model's registry entry; a model the paper does not have gets group "Other" and its own name.
 * @example modelInfo('lbp-top').name // 'LBP-TOP'
 */
export function modelInfo(model: string): ModelInfo {
  const m = BY_ID.get(model) ?? BY_KEY.get(key(model));
  return m ? { ...m } : { id: model, name: model, group: OTHER_GROUP, reference: '', trainable: true, rank: MODELS.length };
}

/**
 * The name of a model as the paper prints it, for tables and figures.
 * @example
 * melab.protocol.modelName('ststnet') // 'STSTNet'
 */
export const modelName = (model: string): string => modelInfo(model).name;

/**
 * Sorts items by the paper's model order (registry rank, then name).
 * @example
 * const order = melab.protocol.byPaperOrder(melab.protocol.paperModels(), (m) => m.id).map((m) => m.id);
 * console.assert(order.join() === melab.protocol.paperModels().map((m) => m.id).join());
 */
export function byPaperOrder<T>(items: readonly T[], modelOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ma = modelInfo(modelOf(a));
    const mb = modelInfo(modelOf(b));
    return ma.rank - mb.rank || ma.name.localeCompare(mb.name, 'en', { numeric: true });
  });
}

/** What an export was trained and evaluated on, from its manifest (null fields: the manifest does not say). */
export interface Provenance {
  model: string;
  /** Label file the evaluation module read (manifest input.labels). */
  data: string | null;
  samples: number;
  subjects: number;
  epochs: number | null;
  /** Input size in pixels (config.input_size, else input.frame_size). */
  inputSize: number | null;
  /** True: synthetic faces (manifest input.synthetic); false: real video; null: the manifest does not say. */
  synthetic: boolean | null;
  /** Split scheme as the manifest states it (e.g. "kfold10 (seed 0)"). */
  splits: string | null;
  hasManifest: boolean;
  /** One line for table notes and figure captions. */
  summary: string;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The provenance of an export: from its manifest (input, epochs, config), with samples and subjects
 * counted from the rows themselves.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const p = melab.protocol.exportProvenance(ststnet);
 * console.assert(p.hasManifest === true);
 */
export function exportProvenance(e: PredictionExport): Provenance {
  const m: Partial<PredictionManifest> = e.manifest ?? {};
  const input = obj(m.input);
  const config = obj(m.config);
  const synthetic = 'synthetic' in input ? Boolean(input.synthetic) : null;
  const p = {
    model: e.model,
    data: str(input.labels),
    samples: e.sampleIds.length,
    subjects: new Set(e.subjects).size,
    epochs: num(m.epochs) ?? num(config.epochs),
    inputSize: num(config.input_size) ?? num(input.frame_size),
    synthetic,
    splits: str(m.splits),
    hasManifest: e.manifest !== null,
  };
  const parts = [
    p.synthetic === true ? 'synthetic faces' : p.synthetic === false ? 'real video' : 'video source not stated',
    `${p.samples} clips of ${p.subjects} subjects`,
    p.epochs !== null ? `${p.epochs} epoch${p.epochs === 1 ? '' : 's'}` : null,
    p.inputSize !== null ? `${p.inputSize} px input` : null,
    p.splits,
    p.data ? `labels ${p.data}` : null,
  ].filter(Boolean);
  const summary = `${modelInfo(e.model).name}: ${p.hasManifest ? parts.join(', ') : `no manifest (${p.samples} rows of ${p.subjects} subjects; training unknown)`}`;
  return { ...p, summary };
}

/**
 * A short provenance cell: "synthetic, 40 clips / 10 subjects, 1 epoch, 32 px".
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const cell = melab.protocol.provenanceCell(melab.protocol.exportProvenance(ststnet));
 * console.assert(typeof cell === 'string' && cell.length > 0);
 */
export function provenanceCell(p: Provenance): string {
  if (!p.hasManifest) return 'no manifest: training unknown';
  return [
    p.synthetic === true ? 'synthetic faces' : p.synthetic === false ? 'real video' : 'source not stated',
    `${p.samples} clips / ${p.subjects} subjects`,
    p.epochs !== null ? `${p.epochs} epoch${p.epochs === 1 ? '' : 's'}` : null,
    p.inputSize !== null ? `${p.inputSize} px` : null,
  ].filter(Boolean).join(', ');
}

/**
 * True when any export ran on synthetic faces, or its manifest does not say what it ran on.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * melab.protocol.isDemoRun([ststnet]) // true
 */
export function isDemoRun(exports: readonly PredictionExport[]): boolean {
  return exports.some((e) => exportProvenance(e).synthetic !== false);
}
