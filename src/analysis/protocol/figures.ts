/**
 * Confusion matrices as Plotly heatmaps (the paper's Fig. 5): true class on the rows, top to bottom in
 * class order; predicted class on the columns; every cell annotated; the house sequential scale, where
 * darker means more. Figure specs are pure data (render with figures/render.ts).
 */
import { baseLayout, DEFAULT_SIZE, displayLabel, displayTicks, FONT, SEQUENTIAL, type FigureSpec } from '../figures/style';
import type { ConfusionDrilldown, ConfusionMatrix } from './confusion';
import { byPaperOrder, modelName } from './models';

export interface ConfusionFigureOptions {
  /** 'rate' (row-normalised, in percent; default, as Fig. 5) or 'count'. */
  value?: 'rate' | 'count';
  title?: string;
  id?: string;
  /** Click-to-list data (confusionDrilldown), one entry of `cells` per matrix in the order given. */
  drilldown?: ConfusionDrilldown & { hint?: string };
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** z values (percent or counts; null for a class with no samples) and the text of each cell. */
function cells(cm: ConfusionMatrix, value: 'rate' | 'count'): { z: (number | null)[][]; text: string[][] } {
  const z = value === 'rate'
    ? cm.rates.map((row) => row.map((r) => (Number.isNaN(r) ? null : 100 * r)))
    : cm.counts.map((row) => [...row]);
  const text = z.map((row, t) => row.map((v, p) => (v === null ? '–' : value === 'rate' ? `${v.toFixed(1)}` : String(cm.counts[t][p]))));
  return { z, text };
}

/** Cell annotations for one subplot: dark text on light cells, white on dark cells (threshold at half scale). */
function annotations(cm: ConfusionMatrix, value: 'rate' | 'count', xref: string, yref: string, zmax: number, size: number): Record<string, unknown>[] {
  const { z, text } = cells(cm, value);
  const out: Record<string, unknown>[] = [];
  z.forEach((row, t) => row.forEach((v, p) => {
    out.push({
      x: cm.classes[p], y: cm.classes[t], xref, yref, text: text[t][p], showarrow: false,
      font: { family: FONT.family, size, color: v !== null && v > zmax / 2 ? 'white' : '#222' },
    });
  }));
  return out;
}

function trace(cm: ConfusionMatrix, value: 'rate' | 'count', axes: { x: string; y: string }, zmax: number, showScale: boolean): Record<string, unknown> {
  const { z } = cells(cm, value);
  const name = modelName(cm.model);
  return {
    type: 'heatmap',
    name,
    x: cm.classes,
    y: cm.classes,
    z,
    zmin: 0,
    zmax,
    colorscale: SEQUENTIAL,
    showscale: showScale,
    colorbar: showScale ? { title: { text: value === 'rate' ? '% of true class' : 'samples' }, thickness: 14 } : undefined,
    xgap: 1,
    ygap: 1,
    hovertemplate: `true %{y}<br>predicted %{x}<br>${value === 'rate' ? '%{z:.1f}%' : '%{z} samples'}<extra>${name}</extra>`,
    xaxis: axes.x,
    yaxis: axes.y,
  };
}

/** Row ticks of a confusion matrix: each true class with its number of samples, "Fear (n = 2)". */
export function trueClassTicks(cm: ConfusionMatrix): Record<string, unknown> {
  return { tickmode: 'array', tickvals: [...cm.classes], ticktext: cm.classes.map((c, i) => `${displayLabel(c)} (n = ${cm.support[i]})`) };
}

/**
 * One confusion matrix as an annotated heatmap.
 * @example confusionHeatmap(confusionMatrix(exp)) // FigureSpec with one heatmap trace, rates in percent
 */
export function confusionHeatmap(cm: ConfusionMatrix, opts: ConfusionFigureOptions = {}): FigureSpec {
  const value = opts.value ?? 'rate';
  const zmax = value === 'rate' ? 100 : Math.max(1, ...cm.counts.flat());
  const title = opts.title ?? `Confusion matrix: ${modelName(cm.model)}${value === 'rate' ? ' (% of true class)' : ' (counts)'}`;
  const k = cm.classes.length;
  return {
    id: opts.id ?? `confusion-${slug(cm.model)}-${value}`,
    title,
    data: [trace(cm, value, { x: 'x', y: 'y' }, zmax, true)],
    layout: baseLayout(title, {
      xaxis: { title: { text: 'Predicted', font: FONT }, side: 'bottom', tickangle: -35, automargin: true, constrain: 'domain', ...displayTicks(cm.classes) },
      yaxis: { title: { text: 'True', font: FONT }, autorange: 'reversed', automargin: true, scaleanchor: 'x', constrain: 'domain', ...trueClassTicks(cm) },
      annotations: annotations(cm, value, 'x', 'y', zmax, k > 10 ? 10 : 12),
    }),
    width: Math.max(DEFAULT_SIZE.width, 70 * k + 260),
    height: Math.max(DEFAULT_SIZE.height + 60, 60 * k + 200),
    ...(opts.drilldown ? { drilldown: { ...opts.drilldown, cells: opts.drilldown.cells.slice(0, 1) } } : {}),
  };
}

/**
 * Several models' confusion matrices side by side, like Fig. 5: one subplot per model in the paper's
 * model order (models.json), shared colour scale, each titled with the model's printed name, its n and
 * `subtitles[model]` when given. Every panel carries its own true-class ticks (with n per class); the
 * predicted-class ticks are shared along the bottom row only when every panel has the same class list,
 * and are on every panel otherwise (I3D and R3D without contempt beside 7-class panels).
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const fig = melab.protocol.confusionGrid([melab.protocol.confusionMatrix(ststnet)]);
 * console.assert(fig.data.length >= 1);  // one heatmap panel per model (Fig. 5)
 */
export function confusionGrid(
  matrices: ConfusionMatrix[],
  opts: ConfusionFigureOptions & { columns?: number; subtitles?: Record<string, string>; caption?: string } = {},
): FigureSpec {
  const value = opts.value ?? 'rate';
  const order = byPaperOrder(matrices.map((cm, i) => ({ cm, i })), (x) => x.cm.model);
  const sorted = order.map((x) => x.cm);
  const n = sorted.length;
  const columns = Math.min(opts.columns ?? 3, n);
  const rows = Math.ceil(n / columns);
  const zmax = value === 'rate' ? 100 : Math.max(1, ...sorted.flatMap((m) => m.counts.flat()));
  const title = opts.title ?? `Confusion matrices${value === 'rate' ? ' (% of true class)' : ' (counts)'}`;
  const sameClasses = sorted.every((m) => m.classes.join('|') === sorted[0].classes.join('|'));
  const data: Record<string, unknown>[] = [];
  const layoutAxes: Record<string, unknown> = {};
  const notes: Record<string, unknown>[] = [];
  const gapX = 0.12;
  const gapY = sameClasses ? 0.1 : 0.16;
  const w = (1 - gapX * (columns - 1)) / columns;
  const h = (1 - gapY * (rows - 1)) / rows;
  sorted.forEach((cm, i) => {
    const suffix = i === 0 ? '' : String(i + 1);
    const col = i % columns;
    const row = Math.floor(i / columns);
    const x0 = col * (w + gapX);
    const y1 = 1 - row * (h + gapY);
    data.push(trace(cm, value, { x: `x${suffix}`, y: `y${suffix}` }, zmax, i === 0));
    const bottom = i + columns >= n;
    const xTicks = !sameClasses || bottom;
    layoutAxes[`xaxis${suffix}`] = {
      domain: [x0, x0 + w], anchor: `y${suffix}`, tickangle: -45, tickfont: { size: 10 }, showticklabels: xTicks,
      title: { text: xTicks ? 'Predicted' : '', font: { size: 11 } }, ...displayTicks(cm.classes),
    };
    layoutAxes[`yaxis${suffix}`] = {
      domain: [y1 - h, y1], anchor: `x${suffix}`, autorange: 'reversed', automargin: true, tickfont: { size: 10 }, showticklabels: true,
      ...trueClassTicks(cm), // no axis title: it would sit on the long tick labels; the caption says rows are the true class
    };
    notes.push(...annotations(cm, value, `x${suffix}`, `y${suffix}`, zmax, 8));
    const total = cm.support.reduce((s, x) => s + x, 0);
    const sub = opts.subtitles?.[cm.model];
    notes.push({
      text: `<b>${modelName(cm.model)}</b> (n = ${total})${sub ? `<br><span style="font-size:10px">${sub}</span>` : ''}`,
      x: x0 + w / 2, y: y1, xref: 'paper', yref: 'paper', xanchor: 'center', yanchor: 'bottom', showarrow: false, font: { size: 12 },
    });
  });
  if (opts.caption) notes.push({ text: opts.caption, x: 0, y: -0.08 - (sameClasses ? 0 : 0.04), xref: 'paper', yref: 'paper', xanchor: 'left', yanchor: 'top', showarrow: false, font: { size: 11, color: '#444' }, align: 'left' });
  const spec: FigureSpec = {
    id: opts.id ?? `confusion-grid-${value}`,
    title,
    data,
    layout: baseLayout(title, { ...layoutAxes, annotations: notes, margin: { l: 130, r: 40, t: 110, b: opts.caption ? 150 : 100 } }),
    width: Math.max(DEFAULT_SIZE.width, 420 * columns + 200),
    height: Math.max(DEFAULT_SIZE.height, (sameClasses ? 360 : 400) * rows + 200),
  };
  if (opts.drilldown) spec.drilldown = { ...opts.drilldown, cells: order.map((x) => opts.drilldown!.cells[x.i]) };
  return spec;
}
