/**
 * The inputs of `melab report`, loaded once: label sheets (or the embedded synthetic default), the
 * prediction exports folder, the emotion votes and AU coders files. Defaults come from data/ and are
 * used only where they belong (the votes and coders files describe the default labels, not a user's).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MelabError } from '../labels/issues';
import { DEFAULT_LABELS_FILE, loadDefaultLabels, readLabels } from '../labels/read';
import { SYNTHETIC_FILES } from '../synthetic/write';
import type { ReportContext } from './section';

export interface ReportInputOptions {
  /** Label sheets; none: the embedded synthetic DFME-like default data. */
  labels?: string[];
  /** Sheet format name when auto-detection is not wanted. */
  format?: string;
  /** Folder of prediction exports; default data/predictions when it exists. */
  predictions?: string;
  /** Emotion votes CSV; default the synthetic votes, with the default labels only. */
  votes?: string;
  /** AU coders CSV; default the synthetic coders file, with the default labels only. */
  auCoders?: string;
}

/**
 * melab's data/ folder (beside package.json, from src/ and dist/ alike).
 * @example
 * const dir = melab.report.melabDataDir();
 * console.assert(fs.existsSync(path.join(dir, melab.synthetic.SYNTHETIC_FILES.labels)));
 */
export function melabDataDir(): string {
  return path.dirname(DEFAULT_LABELS_FILE);
}

export { packageVersion } from '../util/package-root';

function existingFile(file: string, what: string): string {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new MelabError(`${file}: ${what} file not found`, file);
  return file;
}

/** Loads what the sections need; a path the user named that does not exist is an error, never skipped. */
export function loadReportContext(opts: ReportInputOptions): ReportContext {
  const files = opts.labels ?? [];
  const defaultData = files.length === 0;
  const labels = defaultData
    ? [loadDefaultLabels()]
    : files.map((f) => readLabels(existingFile(f, 'label'), opts.format ? { format: opts.format } : {}));

  let predictionsDir: string | null = null;
  if (opts.predictions !== undefined) {
    if (!fs.existsSync(opts.predictions) || !fs.statSync(opts.predictions).isDirectory()) {
      throw new MelabError(`${opts.predictions}: predictions folder not found`, opts.predictions);
    }
    predictionsDir = opts.predictions;
  } else if (defaultData) {
    // the demo exports describe the default labels, so they are used with them only
    const dflt = path.join(melabDataDir(), 'predictions');
    if (fs.existsSync(dflt) && fs.statSync(dflt).isDirectory()) predictionsDir = dflt;
  }

  const fromData = (name: string): string | null => {
    const f = path.join(melabDataDir(), name);
    return defaultData && fs.existsSync(f) ? f : null;
  };
  return {
    labels,
    defaultData,
    predictionsDir,
    votesFile: opts.votes !== undefined ? existingFile(opts.votes, 'votes') : fromData(SYNTHETIC_FILES.votes),
    auCodersFile: opts.auCoders !== undefined ? existingFile(opts.auCoders, 'AU coders') : fromData(SYNTHETIC_FILES.coders),
  };
}
