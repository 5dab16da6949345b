/** The three committed files of the synthetic DFME-like default data, as CSV text and on disk. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auCell } from './features';
import type { SyntheticDfme } from './generate';
import { toCsv } from '../util/csv-write';

/** File names in data/; they say "synthetic" so nobody mistakes them for the licensed DFME labels. */
export const SYNTHETIC_FILES = {
  labels: 'dfme-synthetic-labels.csv',
  votes: 'dfme-synthetic-emotion-votes.csv',
  coders: 'dfme-synthetic-au-coders.csv',
} as const;

/** Header of the label file: the DFME challenge-release columns, then Part and Gender. */
export const SYNTHETIC_LABEL_COLUMNS = ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Emotion', 'EmotionId', 'Fps', 'AU', 'Part', 'Gender'];
export const SYNTHETIC_VOTE_COLUMNS = ['Filename', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'SecondRound'];
export const SYNTHETIC_CODER_COLUMNS = ['Filename', 'CoderA', 'CoderB'];

const csv = (header: readonly string[], rows: readonly (readonly (string | number)[])[]): string => toCsv(header, rows);

/**
 * `data/dfme-synthetic-labels.csv`: one row per ME in the DFME release format plus Part and Gender.
 * @example
 * const csv = melab.synthetic.syntheticLabelsCsv(melab.synthetic.generateSyntheticDfme({ seed: 1 }));
 * csv.trimEnd().split('\n').length // 7527
 */
export function syntheticLabelsCsv(data: SyntheticDfme): string {
  return csv(SYNTHETIC_LABEL_COLUMNS, data.samples.map((s) => [
    s.subject, s.filename, s.onset, s.apex, s.offset, s.emotion, s.emotionId, s.fps, auCell(s.aus), s.part, s.gender,
  ]));
}

/**
 * `data/dfme-synthetic-emotion-votes.csv`: seven annotators' labels and the second-round decision.
 * @example
 * const csv = melab.synthetic.syntheticVotesCsv(melab.synthetic.generateSyntheticDfme({ seed: 1 }));
 * csv.trimEnd().split('\n').length // 7527
 */
export function syntheticVotesCsv(data: SyntheticDfme): string {
  return csv(SYNTHETIC_VOTE_COLUMNS, data.samples.map((s) => [s.filename, ...s.votes, s.secondRound ?? '']));
}

/**
 * `data/dfme-synthetic-au-coders.csv`: the two FACS coders' AU codes before reconciliation.
 * @example
 * const csv = melab.synthetic.syntheticAuCodersCsv(melab.synthetic.generateSyntheticDfme({ seed: 1 }));
 * console.assert(csv.split('\n').length > 1);
 */
export function syntheticAuCodersCsv(data: SyntheticDfme): string {
  return csv(SYNTHETIC_CODER_COLUMNS, data.samples.map((s) => [s.filename, auCell(s.coderA), auCell(s.coderB)]));
}

/**
 * The three files' contents keyed by file name.
 * @example
 * const files = melab.synthetic.syntheticFiles(melab.synthetic.generateSyntheticDfme({ seed: 1 }));
 * console.assert(Object.keys(files).includes(melab.synthetic.SYNTHETIC_FILES.labels));
 */
export function syntheticFiles(data: SyntheticDfme): Record<string, string> {
  return {
    [SYNTHETIC_FILES.labels]: syntheticLabelsCsv(data),
    [SYNTHETIC_FILES.votes]: syntheticVotesCsv(data),
    [SYNTHETIC_FILES.coders]: syntheticAuCodersCsv(data),
  };
}

/**
 * Writes the three files into `dir` (created if missing); returns their paths.
 * @example
 * const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'melab-synth-'));
 * const written = melab.synthetic.writeSyntheticDfme(melab.synthetic.generateSyntheticDfme({ seed: 1 }), dir);
 * console.assert(written.every((f) => fs.existsSync(f)));
 * fs.rmSync(dir, { recursive: true });
 */
export function writeSyntheticDfme(data: SyntheticDfme, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return Object.entries(syntheticFiles(data)).map(([name, text]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  });
}
