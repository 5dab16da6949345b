import { execFileSync } from 'node:child_process';
import { parseAus } from '../../src/analysis/labels/au';
import { canonicalEmotion } from '../../src/analysis/labels/emotions';
import { makeLabelTable, type LabelRow, type LabelTable } from '../../src/analysis/labels/model';

/** A fixture row: AUs and emotion written as a sheet would; everything else defaults to a DFME part-A ME. */
export interface FixtureRow {
  dataset?: string;
  part?: string | null;
  subject: string;
  clip?: string;
  onset?: number | null;
  apex?: number | null;
  offset?: number | null;
  fps?: number | null;
  emotion: string | null;
  aus?: string;
  [extra: string]: unknown;
}

let clipCounter = 0;

/** Builds a LabelTable from fixture rows (AU cells read by parseAus, emotions by canonicalEmotion). */
export function fixture(rows: FixtureRow[], opts: { extras?: string[]; format?: string; file?: string } = {}): LabelTable {
  const full: LabelRow[] = rows.map((r) => {
    const { dataset, part, subject, clip, onset, apex, offset, fps, emotion, aus, ...extra } = r;
    return {
      dataset: dataset ?? 'dfme',
      part: part === undefined ? 'A' : part,
      subject,
      clip: clip ?? `c${++clipCounter}`,
      onset: onset === undefined ? 1 : onset,
      apex: apex === undefined ? 50 : apex,
      offset: offset === undefined ? 100 : offset,
      fps: fps === undefined ? 500 : fps,
      emotion: emotion === null ? null : canonicalEmotion(emotion),
      emotion_raw: emotion ?? '',
      aus: [...parseAus(aus ?? '').tokens],
      aus_raw: aus ?? '',
      ...extra,
    };
  });
  return makeLabelTable(full, { format: opts.format ?? 'canonical', file: opts.file ?? 'fixture.csv', extras: opts.extras });
}

/** Runs a Python script with Debian's /usr/bin/python3 (scipy, statsmodels); stdin JSON in, last stdout line JSON out. */
export function python<T>(script: string, input: unknown): T {
  const out = execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop() as string) as T;
}
