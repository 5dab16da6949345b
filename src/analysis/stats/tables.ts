/**
 * Tables of stats that combine several results: the ME/MaE duration rule (Sec. 3.3.2) of one or more
 * datasets side by side, and the clips it cannot judge. Every number is the results' own.
 */
import type { DurationResult } from './duration';
import type { TableSpec } from '../util/table-spec';

/**
 * The ME/MaE duration rule (Sec. 3.3.2) per dataset: MEs, MaEs, and clips that cannot be judged.
 * @example
 * const labels = melab.loadDefaultLabels();
 * const t = melab.stats.durationRuleTable([{ dataset: 'DFME', result: melab.stats.classifyDurations(labels) }]);
 * console.assert(t.rows.length >= 1);
 */
export function durationRuleTable(results: readonly { dataset: string; result: DurationResult }[]): TableSpec {
  const o = results[0]?.result.options ?? { maxTotalSeconds: 0.5, maxOnsetApexSeconds: 0.25 };
  return {
    id: 'duration-rule',
    title: 'ME / MaE duration rule (Sec. 3.3.2)',
    caption: `ME when offset − onset + 1 ≤ ${o.maxTotalSeconds} s × fps or apex − onset + 1 ≤ ${o.maxOnsetApexSeconds} s × fps, at each clip's own frame rate.`,
    columns: [
      { key: 'dataset', label: 'Dataset' },
      { key: 'clips', label: 'Clips', align: 'r' },
      { key: 'me', label: 'ME', align: 'r' },
      { key: 'mae', label: 'MaE', align: 'r' },
      { key: 'undecided', label: 'Cannot be judged', align: 'r' },
    ],
    rows: results.map(({ dataset, result: r }) => ({ dataset, clips: r.classes.length, me: r.me, mae: r.mae, undecided: r.undecided })),
  };
}

/**
 * Every clip the duration rule cannot judge, with the missing column and the reason (nothing dropped silently).
 * @example
 * const labels = melab.loadDefaultLabels();
 * const t = melab.stats.undecidedClipsTable([{ dataset: 'DFME', result: melab.stats.classifyDurations(labels) }]);
 * console.assert(Array.isArray(t.rows));
 */
export function undecidedClipsTable(results: readonly { dataset: string; result: DurationResult }[]): TableSpec {
  return {
    id: 'duration-rule-undecided',
    title: 'Clips the duration rule cannot judge',
    columns: [
      { key: 'dataset', label: 'Dataset' },
      { key: 'sample', label: 'Sample' },
      { key: 'row', label: 'Row', align: 'r' },
      { key: 'column', label: 'Column' },
      { key: 'reason', label: 'Reason' },
    ],
    rows: results.flatMap(({ dataset, result }) => result.undecidedClips.map((u) => ({ dataset, sample: u.sampleId, row: u.row, column: u.column, reason: u.reason }))),
  };
}
