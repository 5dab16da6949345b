/**
 * Figure specs of the distribution statistics (pure data; rendering in figures/render.ts):
 * the paper's Fig. 4 (samples per emotion, stacked by part, light → deep), AU count bars (Table 5),
 * the AU × emotion heatmap (Table 6), an emotion-by-dataset comparison across databases (Table 1), and the
 * databases side by side (stats/databases.ts): emotion shares per database and the AU × emotion heatmaps of
 * every database on one colour scale.
 */
import { databaseInfo } from '../labels/databases';
import type { LabelTable } from '../labels/model';
import { axis, baseLayout, categoryAxis, COLORS, DEFAULT_SIZE, displayLabel, PART_COLORS, SEQUENTIAL, type FigureSpec } from '../figures/style';
import type { AuDistribution } from './aus';
import { columnValues, encodeValues, sortEmotions } from './columns';
import type { AuEmotionCooccurrence } from './cooccurrence';
import type { DatabaseComparison } from './databases';
import { compareAuKeys } from '../labels/au';
import { partDisplayName } from './profile';


/** Counts[part][emotion] of a label table; parts in databases.ts order (DFME: A, B, C). */
export function emotionByPartCounts(labels: LabelTable): { emotions: string[]; parts: (string | null)[]; counts: number[][] } {
  const emo = encodeValues(columnValues(labels, 'emotion'));
  const part = encodeValues(columnValues(labels, 'part'));
  const ds = columnValues<string>(labels, 'dataset');
  const info = ds.length > 0 ? databaseInfo(String(ds[0])) : undefined;
  const known = info?.parts.map((p) => p.part) ?? [];
  const rank = (p: string): number => {
    const i = known.findIndex((k) => k !== null && k.toLowerCase() === p.toLowerCase());
    return i < 0 ? known.length : i;
  };
  const partOrder = part.levels.map((_, i) => i).sort((a, b) => rank(part.levels[a]) - rank(part.levels[b]) || part.levels[a].localeCompare(part.levels[b]));
  const hasMissingPart = part.codes.some((c) => c < 0);
  const emotions = sortEmotions(emo.levels);
  const emotionIdx = emo.levels.map((l) => emotions.indexOf(l));
  const parts: (string | null)[] = [...partOrder.map((i) => part.levels[i]), ...(hasMissingPart ? [null] : [])];
  const partIdx = new Int32Array(part.levels.length);
  partOrder.forEach((p, r) => { partIdx[p] = r; });
  const counts = parts.map(() => emotions.map(() => 0));
  for (let i = 0; i < emo.codes.length; i++) {
    const e = emo.codes[i];
    if (e < 0) continue;
    const p = part.codes[i];
    counts[p < 0 ? parts.length - 1 : partIdx[p]][emotionIdx[e]]++;
  }
  return { emotions, parts, counts };
}

/**
 * Fig. 4: "Each column represents the total sample number of an emotion category, and the three pieces
 * colored from light to deep show the proportion of samples in PART A, PART B, and PART C."
 * A table without parts gives one piece per column.
 * @example
 * const fig = melab.stats.emotionByPartFigure(melab.loadDefaultLabels());
 * console.assert(fig.data.length === 3);  // one bar trace per DFME part (Fig. 4)
 */
export function emotionByPartFigure(labels: LabelTable): FigureSpec {
  const { emotions, parts, counts } = emotionByPartCounts(labels);
  const colors = parts.length <= PART_COLORS.length ? PART_COLORS.slice(PART_COLORS.length - parts.length) : null;
  const x = emotions.map(displayLabel);
  const data = parts.map((p, i) => ({
    type: 'bar',
    name: p === null ? (parts.length === 1 ? 'samples' : 'no part') : partDisplayName(p),
    x,
    y: counts[i],
    marker: { color: colors ? colors[i] : SEQUENTIAL[Math.round(((i + 1) / parts.length) * (SEQUENTIAL.length - 1))][1] },
    hovertemplate: '%{x}: %{y} samples<extra>%{fullData.name}</extra>',
  }));
  const totals = emotions.map((_, e) => counts.reduce((s, row) => s + row[e], 0));
  return {
    id: 'fig4-emotion-by-part',
    title: 'Fig. 4: Distribution of ME samples',
    data,
    layout: baseLayout('Distribution of ME samples', {
      barmode: 'stack',
      xaxis: categoryAxis('Emotion category'),
      yaxis: axis('Samples'),
      annotations: emotions.map((_, e) => ({ x: x[e], y: totals[e], text: String(totals[e]), showarrow: false, yanchor: 'bottom', font: { size: 12 } })),
    }),
    ...DEFAULT_SIZE,
  };
}

/**
 * AU count bars (Table 5): one bar per AU key, AUs, action descriptors and head movements coloured apart.
 * @example
 * const aus = melab.stats.auDistribution(melab.loadDefaultLabels());
 * const fig = melab.stats.auCountFigure(aus);
 * console.assert(fig.data.length >= 1 && typeof fig.layout === 'object');
 */
export function auCountFigure(d: Pick<AuDistribution, 'rows' | 'total' | 'samples'>): FigureSpec {
  const kindColor = (label: string): string => (/^M\d/.test(label) ? COLORS[3] : /(^|-)AD\d/.test(label) ? COLORS[1] : COLORS[0]);
  const rows = d.rows;
  return {
    id: 'fig-au-counts',
    title: 'Distribution of AU labels',
    data: [{
      type: 'bar',
      x: rows.map((r) => r.label),
      y: rows.map((r) => r.count),
      marker: { color: rows.map((r) => kindColor(r.key)) },
      hovertemplate: '%{x}: %{y} labels<extra></extra>',
    }],
    layout: baseLayout(`Distribution of AU labels (total ${d.total}, ${d.samples} samples)`, {
      xaxis: categoryAxis('AU', undefined, { tickangle: -60 }),
      yaxis: axis('Labels'),
      showlegend: false,
    }),
    width: Math.max(DEFAULT_SIZE.width, 22 * rows.length + 120),
    height: DEFAULT_SIZE.height,
  };
}

/**
 * The AU × emotion heatmap of Table 6: percent of each emotion's samples showing each AU, darker = more,
 * each cell annotated. AUs (rows) are those of high occurrence in at least one emotion unless `all`.
 * @example
 * const occurrence = melab.stats.auEmotionCooccurrence(melab.loadDefaultLabels(), { firstParticipants: 300 });
 * const fig = melab.stats.auEmotionHeatmap(occurrence);
 * console.assert(fig.data[0].type === 'heatmap');
 */
export function auEmotionHeatmap(c: Pick<AuEmotionCooccurrence, 'emotions' | 'occurrences' | 'high' | 'codes'>, opts: { all?: boolean } = {}): FigureSpec {
  const keep = new Set(opts.all ? c.codes : c.emotions.flatMap((e) => c.high[e].map((o) => o.code)));
  const codes = c.codes.filter((code) => keep.has(code));
  const z = codes.map((code) => c.emotions.map((e) => c.occurrences[e].find((o) => o.code === code)?.percent ?? 0));
  return {
    id: 'fig-au-emotion-heatmap',
    title: 'AU occurrence per emotion (%)',
    data: [{
      type: 'heatmap',
      x: c.emotions.map(displayLabel),
      y: codes,
      z,
      zmin: 0,
      zmax: 100,
      colorscale: SEQUENTIAL,
      colorbar: { title: { text: '% of samples' } },
      texttemplate: '%{z:.1f}',
      hovertemplate: '%{y} in %{x}: %{z:.1f}%<extra></extra>',
    }],
    layout: baseLayout('AU occurrence per emotion (%)', {
      xaxis: axis('Emotion', { side: 'bottom' }),
      yaxis: axis('AU', { autorange: 'reversed', type: 'category' }),
    }),
    width: Math.max(DEFAULT_SIZE.width, 70 * c.emotions.length + 200),
    height: Math.max(DEFAULT_SIZE.height, 24 * codes.length + 160),
  };
}

/**
 * Emotion-by-dataset comparison across databases: grouped bars of the percent of each dataset's
 * samples per emotion (datasets have very different sizes, so percent, not counts).
 * @example
 * const fig = melab.stats.emotionByDatasetFigure([melab.loadDefaultLabels()]);
 * console.assert(fig.data.length >= 1);
 */
export function emotionByDatasetFigure(tables: readonly LabelTable[]): FigureSpec {
  const perDataset = new Map<string, Map<string, number>>();
  const sizes = new Map<string, number>();
  for (const labels of tables) {
    const ds = columnValues<string>(labels, 'dataset');
    const emo = columnValues<string | null>(labels, 'emotion');
    for (let i = 0; i < emo.length; i++) {
      const d = String(ds[i]);
      let m = perDataset.get(d);
      if (!m) perDataset.set(d, (m = new Map()));
      sizes.set(d, (sizes.get(d) ?? 0) + 1);
      const e = emo[i];
      if (e) m.set(e, (m.get(e) ?? 0) + 1);
    }
  }
  const emotions = sortEmotions(new Set([...perDataset.values()].flatMap((m) => [...m.keys()])));
  const data = [...perDataset.entries()].map(([d, m], i) => ({
    type: 'bar',
    name: databaseInfo(d)?.name ?? d,
    x: emotions.map(displayLabel),
    y: emotions.map((e) => (100 * (m.get(e) ?? 0)) / (sizes.get(d) as number)),
    customdata: emotions.map((e) => m.get(e) ?? 0),
    marker: { color: COLORS[i % COLORS.length] },
    hovertemplate: '%{x}: %{y:.1f}% (%{customdata} samples)<extra>%{fullData.name}</extra>',
  }));
  return {
    id: 'fig-emotion-by-dataset',
    title: 'Emotion distribution across databases',
    data,
    layout: baseLayout('Emotion distribution across databases', {
      barmode: 'group',
      xaxis: categoryAxis('Emotion category'),
      yaxis: axis('% of the database\u2019s samples'),
    }),
    width: Math.max(DEFAULT_SIZE.width, 60 * emotions.length + 200),
    height: DEFAULT_SIZE.height,
  };
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
