/**
 * The summary of a label table in DESIGN.md's `melab stats --json` contract:
 * `{ dataset, rows, subjects, emotions: {label: n}, aus: {code: n}, me, mae, issues: [...] }`.
 * `aus` uses canonical codes with the side kept (L-AU12 and R-AU12 apart); `me`/`mae` follow the
 * Sec. 3.3.2 duration rule, and clips it cannot judge are listed in `issues` with the reason.
 */
import { databaseInfo } from '../labels/databases';
import type { Issue } from '../labels/issues';
import { subjectsOf, type Detection, type Exclusion, type LabelTable } from '../labels/model';
import { auDistribution } from './aus';
import { columnValues, sortEmotions } from './columns';
import { classifyDurations, type DurationRuleOptions } from './duration';

export interface StatsSummary {
  /** Dataset id ("dfme"); several joined by "+" when the table mixes databases. */
  dataset: string;
  rows: number;
  /** Distinct participants (qualified by dataset in mixed tables). */
  subjects: number;
  emotions: Record<string, number>;
  aus: Record<string, number>;
  me: number;
  mae: number;
  issues: Issue[];
  /** How the sheet was read (absent for in-memory tables such as the embedded default). */
  detected?: Detection;
  /** Rows left out on purpose, with the reason ([] when none). */
  excluded: Exclusion[];
}

/**
 * The `melab stats --json` object of a label table. Rows without an emotion are not in `emotions`;
 * a warning in `issues` says how many.
 * @example statsSummary(loadDefaultLabels()).rows // 7526
 */
export function statsSummary(labels: LabelTable, opts: DurationRuleOptions = {}): StatsSummary {
  const ds = columnValues<string>(labels, 'dataset');
  const emo = columnValues<string | null>(labels, 'emotion');
  const datasets = [...new Set(Array.from(ds))];
  const counts = new Map<string, number>();
  let unlabelled = 0;
  for (let i = 0; i < emo.length; i++) {
    const e = emo[i];
    if (e === null || e === undefined || e === '') unlabelled++;
    else counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  const emotions: Record<string, number> = {};
  for (const e of sortEmotions(counts.keys())) emotions[e] = counts.get(e) as number;
  const durations = classifyDurations(labels, opts);
  const issues: Issue[] = [...labels.issues, ...durations.issues];
  if (unlabelled > 0) {
    issues.push({
      file: labels.file, row: 0, column: 'emotion', value: '', severity: 'warning',
      problem: `${unlabelled} rows have no recognised emotion and are not counted in "emotions"`,
    });
  }
  return {
    dataset: datasets.map((d) => databaseInfo(d)?.id ?? d).join('+'),
    rows: emo.length,
    subjects: subjectsOf(labels).length,
    emotions,
    aus: auDistribution(labels, { lateral: 'keep' }).byCode,
    me: durations.me,
    mae: durations.mae,
    issues,
    ...(labels.detected ? { detected: labels.detected } : {}),
    excluded: [...(labels.excluded ?? [])],
  };
}
