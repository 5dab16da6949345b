/**
 * Tables of stats that combine several results (a statistic's own table is its `result.table`, built
 * beside it): the ME/MaE duration rule (Sec. 3.3.2) of one or more datasets side by side and the clips it
 * cannot judge; the databases side by side (stats/databases.ts): emotion shares per database, the
 * characteristic AUs of each emotion per database, and the χ² homogeneity tests with their small-count
 * caveats. Every number is the results' own.
 */
import type { DurationResult } from './duration';
import type { DatabaseComparison, HomogeneityTest } from './databases';
import { displayLabel } from '../figures/style';
import type { TableSpec } from '../util/table-spec';

const dbKey = (j: number): string => `db${j}`;
const testText = (t: HomogeneityTest): string =>
  `χ²(${t.dof}) = ${t.statistic.toFixed(2)}, p = ${t.p < 1e-4 ? t.p.toExponential(1) : t.p.toFixed(4)}${t.corrected ? ' (Yates)' : ''}`;

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

/**
 * Clips per emotion and database with the share of the database's clips, one normalised scale.
 * @example
 * const row = (dataset, emotion, aus) => ({ dataset, part: null, subject: '1', clip: `${emotion}-${aus}`, onset: 1, apex: 2, offset: 3, fps: 200, emotion, emotion_raw: emotion, aus: melab.labels.parseAus(aus).tokens, aus_raw: aus });
 * const casme2 = melab.fromArquero(require('arquero').from([row('casme2', 'happiness', '12'), row('casme2', 'happiness', '6+12'), row('casme2', 'surprise', '1+2')]));
 * const samm = melab.fromArquero(require('arquero').from([row('samm', 'happiness', '12'), row('samm', 'surprise', '5')]));
 * emotionShareTable(compareDatabases([casme2, samm])).rows[0] // { emotion: 'Happiness', 'db0:n': 2, 'db0:pct': 66.7, 'db1:n': 1, 'db1:pct': 50 }
 */
export function emotionShareTable(c: DatabaseComparison): TableSpec {
  const columns: TableSpec['columns'] = [{ key: 'emotion', label: 'Emotion' }];
  c.databases.forEach((d, j) => columns.push({ key: `${dbKey(j)}:n`, label: `${d} n`, align: 'r' }, { key: `${dbKey(j)}:pct`, label: '%', align: 'r', digits: 1 }));
  const rows: Record<string, unknown>[] = c.emotions.map((e, i) => {
    const row: Record<string, unknown> = { emotion: displayLabel(e) };
    c.databases.forEach((_, j) => { row[`${dbKey(j)}:n`] = c.counts[i][j]; row[`${dbKey(j)}:pct`] = c.counts[i][j] ? c.shares[i][j] : null; });
    return row;
  });
  const total: Record<string, unknown> = { emotion: 'Total' };
  c.databases.forEach((_, j) => { total[`${dbKey(j)}:n`] = c.totals[j]; total[`${dbKey(j)}:pct`] = 100; });
  rows.push(total);
  const notes = ['%: share of the database\'s clips with an emotion label (each database sums to 100).'];
  const t = c.emotionTest;
  if (t) {
    notes.push(`Homogeneity of the distribution over the emotions every database has (${t.emotions.join(', ')}): ${testText(t)}.` +
      (t.caveat ? ` Caveat: ${t.caveat}.` : ''));
  } else {
    notes.push('No homogeneity test of the emotion distribution: the databases share fewer than two emotions.');
  }
  return { id: 'cross-database-emotion-shares', title: 'Emotion distribution per database (share of clips)', columns, rows, notes };
}

/**
 * Per emotion, the AUs that characterise it in each database, and whether the most frequent AU agrees.
 * @example
 * const row = (dataset, emotion, aus) => ({ dataset, part: null, subject: '1', clip: `${emotion}-${aus}`, onset: 1, apex: 2, offset: 3, fps: 200, emotion, emotion_raw: emotion, aus: melab.labels.parseAus(aus).tokens, aus_raw: aus });
 * const casme2 = melab.fromArquero(require('arquero').from([row('casme2', 'happiness', '12'), row('casme2', 'happiness', '6+12'), row('casme2', 'surprise', '1+2')]));
 * const samm = melab.fromArquero(require('arquero').from([row('samm', 'happiness', '12'), row('samm', 'surprise', '5')]));
 * characteristicAuTable(compareDatabases([casme2, samm])).rows[0] // { emotion: 'Happiness', db0: 'AU12 100%, AU6 50% (n=2)', db1: 'AU12 100% (n=1)', agree: 'yes' }
 */
export function characteristicAuTable(c: DatabaseComparison): TableSpec {
  const columns: TableSpec['columns'] = [{ key: 'emotion', label: 'Emotion' },
    ...c.databases.map((d, j) => ({ key: dbKey(j), label: d })), { key: 'agree', label: 'Same top AU' }];
  const rows = c.characteristic.map((ch) => {
    const row: Record<string, unknown> = { emotion: displayLabel(ch.emotion), agree: ch.byDatabase.length < 2 ? null : ch.sameTopAu ? 'yes' : 'no' };
    for (const b of ch.byDatabase) {
      row[dbKey(c.databases.indexOf(b.database))] = `${b.aus.map((a) => `${a.code} ${a.percent.toFixed(0)}%`).join(', ') || '(none)'} (n=${b.n})`;
    }
    return row;
  });
  return {
    id: 'cross-database-characteristic-aus', title: 'AUs that characterise each emotion, per database',
    columns, rows,
    notes: [`Up to ${c.options.top} AUs per emotion shown by at least ${c.options.minPercent}% of its clips, most frequent first; sides folded (L-AU10 counts as AU10). Empty: the database has no clip of that emotion or no AU labels.`],
  };
}

/**
 * The χ² tests of homogeneity across databases: is the share of an emotion's clips showing an AU the same everywhere?
 * @example
 * const row = (dataset, emotion, aus) => ({ dataset, part: null, subject: '1', clip: `${emotion}-${aus}`, onset: 1, apex: 2, offset: 3, fps: 200, emotion, emotion_raw: emotion, aus: melab.labels.parseAus(aus).tokens, aus_raw: aus });
 * const casme2 = melab.fromArquero(require('arquero').from([row('casme2', 'happiness', '12'), row('casme2', 'happiness', '6+12'), row('casme2', 'surprise', '1+2')]));
 * const samm = melab.fromArquero(require('arquero').from([row('samm', 'happiness', '12'), row('samm', 'surprise', '5')]));
 * homogeneityTable(compareDatabases([casme2, samm])).rows[0] // { emotion: 'Happiness', au: 'AU12', db0: 100, db1: 100 }
 */
export function homogeneityTable(c: DatabaseComparison): TableSpec {
  const columns: TableSpec['columns'] = [{ key: 'emotion', label: 'Emotion' }, { key: 'au', label: 'AU' },
    ...c.databases.map((d, j) => ({ key: dbKey(j), label: `${d} %`, align: 'r' as const, digits: 1 })),
    { key: 'chi2', label: 'χ²', align: 'r', digits: 2 }, { key: 'dof', label: 'df', align: 'r' },
    { key: 'p', label: 'p', align: 'r', format: 'p' }, { key: 'q', label: 'q (BH)', align: 'r', format: 'p' },
    { key: 'differs', label: 'Differs' }, { key: 'caveat', label: 'Expected < 5' }];
  const rows = c.auTests.map((t) => {
    const row: Record<string, unknown> = { emotion: displayLabel(t.emotion), au: t.au, chi2: t.statistic, dof: t.dof, p: t.p, q: t.q,
      differs: t.differs ? 'yes' : 'no', caveat: t.cellsBelow5 ? `${t.cellsBelow5} cell(s), min ${t.minExpected.toFixed(2)}` : null };
    t.databases.forEach((d, k) => { row[dbKey(c.databases.indexOf(d))] = t.percent[k]; });
    return row;
  });
  const small = c.auTests.filter((t) => t.cellsBelow5 > 0).length;
  return {
    id: 'cross-database-au-homogeneity', title: 'Do the databases agree? χ² homogeneity of AU shares per emotion',
    columns, rows,
    notes: [
      'Per emotion and AU: the clips showing / not showing the AU in each database, Pearson\'s χ² test of homogeneity (scipy.stats.chi2_contingency; Yates\' correction for two databases). q: Benjamini–Hochberg over the tests of this table; Differs: q < ' + c.options.alpha + '.',
      small
        ? `Caveat: ${small} of ${c.auTests.length} tests have expected counts below 5; their χ² p-values are approximate and may be unreliable (an exact test is the safer choice there).`
        : 'Every expected count is at least 5.',
    ],
  };
}
