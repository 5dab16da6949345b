/**
 * Figure specs of the distribution statistics (pure data; rendering in figures/render.ts):
 * the paper's Fig. 4 (samples per emotion, stacked by part, light → deep), AU count bars (Table 5),
 * the AU × emotion heatmap (Table 6) and an emotion-by-dataset comparison across databases (Table 1).
 */
import { databaseInfo } from '../labels/databases';
import type { LabelTable } from '../labels/model';
import { axis, baseLayout, categoryAxis, COLORS, DEFAULT_SIZE, displayLabel, PART_COLORS, SEQUENTIAL, type FigureSpec } from '../figures/style';
import type { AuDistribution } from './aus';
import { columnValues, encodeValues, sortEmotions } from './columns';
import type { AuEmotionCooccurrence } from './cooccurrence';
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
