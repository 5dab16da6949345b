/**
 * Generating the synthetic DFME-like default data (7,526 samples, AU repair to Tables 5–6, kappa and R
 * calibration) and writing its three CSV files: the brief's goal is under 3 s. No reference tool
 * generates this data set, so the line compares with the goal instead of a Python run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSyntheticDfme, writeSyntheticDfme } from '../src/analysis/synthetic';
import { timeMs } from './util';

const GOAL_MS = 3000;

export default async function (): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-synth-bench-'));
  try {
    const generate = await timeMs(() => generateSyntheticDfme());
    const both = await timeMs(() => writeSyntheticDfme(generateSyntheticDfme(), dir));
    console.log(`synthetic DFME generation: melab ${generate.toFixed(0)} ms | goal ${GOAL_MS} ms | goal/melab = ${(GOAL_MS / generate).toFixed(2)}×`);
    console.log(`synthetic DFME generation + writing 3 files: melab ${both.toFixed(0)} ms | goal ${GOAL_MS} ms | goal/melab = ${(GOAL_MS / both).toFixed(2)}×`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
