/**
 * Prints, for each label sheet given, what the TypeScript label model holds: per row dataset, subject,
 * clip, frames, fps, emotion and the AU codes (au.ts tokens), plus the sheet's canonical CSV text
 * (toCanonicalCsv, the writer behind `melab convert --to canonical`). Used by test_labels_cross_language.py.
 * Run: npx tsx src/evaluation/tests/ts/label_rows.ts SHEET...
 */
import { readLabels, toCanonicalCsv } from '../../../analysis/labels';

const out: Record<string, unknown> = {};
for (const file of process.argv.slice(2)) {
  try {
    const t = readLabels(file);
    const col = (n: string) => t.table.array(n) as unknown[];
    const aus = col('aus') as { code: string }[][];
    const rows = col('subject').map((_, i) => ({
      dataset: col('dataset')[i], subject: col('subject')[i], clip: col('clip')[i],
      onset: col('onset')[i], apex: col('apex')[i], offset: col('offset')[i], fps: col('fps')[i],
      emotion: col('emotion')[i], aus: (aus[i] ?? []).map((a) => a.code), aus_raw: col('aus_raw')[i],
    }));
    out[file] = { rows, canonical: toCanonicalCsv(t) };
  } catch (e) {
    out[file] = { error: String(e) };
  }
}
process.stdout.write(JSON.stringify(out));
