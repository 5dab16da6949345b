/**
 * Tables and figure specs of the databases-side-by-side comparison (stats/databases.ts): emotion
 * shares per database, the AU × emotion heatmaps on one colour scale, the characteristic AUs of each
 * emotion per database, and the χ² homogeneity tests with their small-count caveats.
 */
import type { TableSpec } from '../util/table-spec';
import { axis, baseLayout, COLORS, DEFAULT_SIZE, displayLabel, SEQUENTIAL, type FigureSpec } from '../figures/style';
import { compareAuKeys } from './au-index';
import type { DatabaseComparison, HomogeneityTest } from './databases';

const dbKey = (j: number): string => `db${j}`;
const testText = (t: HomogeneityTest): string =>
  `χ²(${t.dof}) = ${t.statistic.toFixed(2)}, p = ${t.p < 1e-4 ? t.p.toExponential(1) : t.p.toFixed(4)}${t.corrected ? ' (Yates)' : ''}`;

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
 * Grouped bars: % of each database's clips per emotion (databases of very different sizes on one
 * scale), titled with the databases and their n. Keeps the id of the section's earlier figure.
 * @example
 * const row = (dataset, emotion, aus) => ({ dataset, part: null, subject: '1', clip: `${emotion}-${aus}`, onset: 1, apex: 2, offset: 3, fps: 200, emotion, emotion_raw: emotion, aus: melab.labels.parseAus(aus).tokens, aus_raw: aus });
 * const casme2 = melab.fromArquero(require('arquero').from([row('casme2', 'happiness', '12'), row('casme2', 'happiness', '6+12'), row('casme2', 'surprise', '1+2')]));
 * const samm = melab.fromArquero(require('arquero').from([row('samm', 'happiness', '12'), row('samm', 'surprise', '5')]));
 * emotionShareFigure(compareDatabases([casme2, samm])).data.map((t) => t.name) // ['CASME II', 'SAMM']
 */
export function emotionShareFigure(c: DatabaseComparison): FigureSpec {
  const title = `Emotion distribution, % of each database's clips: ${c.databases.map((d, j) => `${d} (n=${c.totals[j]})`).join(', ')}`;
  return {
    id: 'fig-emotion-by-dataset',
    title,
    data: c.databases.map((d, j) => ({
      type: 'bar', name: d,
      x: c.emotions.map(displayLabel), y: c.emotions.map((_, i) => c.shares[i][j]), customdata: c.emotions.map((_, i) => c.counts[i][j]),
      marker: { color: COLORS[j % COLORS.length] },
      hovertemplate: `%{x}: %{y:.1f}% (%{customdata} of ${c.totals[j]} clips)<extra>%{fullData.name}</extra>`,
    })),
    layout: baseLayout(title, { barmode: 'group', xaxis: axis('Emotion', { type: 'category', showgrid: false }), yaxis: axis('% of the database\u2019s clips', { range: [0, 100] }) }),
    width: Math.max(DEFAULT_SIZE.width, 30 * c.emotions.length * Math.max(2, c.databases.length) + 200),
    height: DEFAULT_SIZE.height,
  };
}

/**
 * The AU × emotion heatmaps of every database with AU labels, side by side on one colour scale (0–100 %
 * of the emotion's clips), each panel titled with its database and each column with its n. Rows: the
 * AUs that characterise some emotion in some database, sides folded.
 * @example
 * const row = (dataset, emotion, aus) => ({ dataset, part: null, subject: '1', clip: `${emotion}-${aus}`, onset: 1, apex: 2, offset: 3, fps: 200, emotion, emotion_raw: emotion, aus: melab.labels.parseAus(aus).tokens, aus_raw: aus });
 * const casme2 = melab.fromArquero(require('arquero').from([row('casme2', 'happiness', '12'), row('casme2', 'happiness', '6+12'), row('casme2', 'surprise', '1+2')]));
 * const samm = melab.fromArquero(require('arquero').from([row('samm', 'happiness', '12'), row('samm', 'surprise', '5')]));
 * const f = auEmotionHeatmaps(compareDatabases([casme2, samm]));
 * f.data.map((t) => [t.zmin, t.zmax]) // [[0, 100], [0, 100]]
 * f.data[0].x // ['Happiness<br>n=2', 'Surprise<br>n=1']
 */
export function auEmotionHeatmaps(c: DatabaseComparison): FigureSpec {
  const panels = c.databases.map((d, j) => ({ d, co: c.cooccurrence[j] })).filter((p) => p.co !== null);
  const codes = [...new Set(c.characteristic.flatMap((ch) => ch.byDatabase.flatMap((b) => b.aus.map((a) => a.code))))].sort(compareAuKeys);
  const gap = 0.04;
  const width = panels.length ? (1 - gap * (panels.length - 1)) / panels.length : 1;
  const layout: Record<string, unknown> = {};
  const annotations: Record<string, unknown>[] = [];
  const data = panels.map((p, k) => {
    const co = p.co!;
    const suffix = k === 0 ? '' : String(k + 1);
    const x0 = k * (width + gap);
    layout[`xaxis${suffix}`] = axis('Emotion (n clips)', { domain: [x0, x0 + width], type: 'category', side: 'bottom', anchor: `y${suffix}` });
    layout[`yaxis${suffix}`] = axis(k === 0 ? 'AU' : '', { type: 'category', autorange: 'reversed', anchor: `x${suffix}`, categoryorder: 'array', categoryarray: codes, ...(k > 0 ? { matches: 'y', showticklabels: false } : {}) });
    annotations.push({ text: `<b>${p.d}</b>`, x: x0 + width / 2, y: 1.02, xref: 'paper', yref: 'paper', xanchor: 'center', yanchor: 'bottom', showarrow: false, font: { size: 14 } });
    return {
      type: 'heatmap', name: p.d, xaxis: `x${suffix}`, yaxis: `y${suffix}`,
      x: co.emotions.map((e) => `${displayLabel(e)}<br>n=${co.samples[e]}`),
      y: codes,
      z: codes.map((code) => co.emotions.map((e) => co.occurrences[e].find((o) => o.code === code)?.percent ?? 0)),
      zmin: 0, zmax: 100, colorscale: SEQUENTIAL, showscale: k === panels.length - 1,
      colorbar: { title: { text: '% of the emotion\u2019s clips' } },
      texttemplate: '%{z:.0f}',
      hovertemplate: `${p.d}: %{y} in %{x}: %{z:.1f}%<extra></extra>`,
    };
  });
  const title = `AU occurrence per emotion: ${panels.map((p) => p.d).join(' | ')} (one colour scale, 0–100 %)`;
  const columns = panels.reduce((s, p) => s + p.co!.emotions.length, 0);
  return {
    id: 'fig-cross-database-au-emotion',
    title,
    data,
    layout: baseLayout(title, { ...layout, annotations, margin: { l: 80, r: 30, t: 90, b: 110 } }),
    width: Math.max(DEFAULT_SIZE.width, 75 * columns + 120 * panels.length + 160),
    height: Math.max(DEFAULT_SIZE.height, 24 * codes.length + 220),
  };
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
