import { axis, baseLayout, COLORS, DEFAULT_SIZE, displayTicks, FONT, SEQUENTIAL, type FigureSpec } from '../figures/style';
import type { FleissResult } from './fleiss';

/**
 * Per-category Fleiss kappa as bars with interval whiskers, the overall kappa as a dashed line.
 * Whiskers are the percentile bootstrap intervals over items (fleissKappa with `bootstrap`); the SE of
 * Fleiss, Nee & Landis is a null-hypothesis SE and gives no interval. A result without a bootstrap is
 * drawn without whiskers, and the figure says so. Categories keep the result's order.
 * @example
 * const votes = melab.reliability.readRatingsFile(`${melab.report.melabDataDir()}/${melab.synthetic.SYNTHETIC_FILES.votes}`);
 * const fig = melab.reliability.kappaCategoryFigure(melab.reliability.fleissKappa(votes.ratings));
 * console.assert(fig.data.length >= 1);
 */
export function kappaCategoryFigure(result: FleissResult, opts: { id?: string; title?: string } = {}): FigureSpec {
  const title = opts.title ?? "Fleiss' kappa per category";
  const cats = result.categories;
  const kappas = cats.map((c) => result.per_category[c].kappa);
  const boots = cats.map((c) => result.per_category[c].bootstrap);
  const hasIntervals = boots.every((b) => b !== undefined);
  const lower = boots.map((b, j) => (b ? b.lower : kappas[j]));
  const upper = boots.map((b, j) => (b ? b.upper : kappas[j]));
  const note = hasIntervals && result.bootstrap
    ? `Whiskers: ${Math.round(result.bootstrap.level * 100)}% percentile bootstrap interval over items (${result.bootstrap.resamples} resamples, seed ${result.bootstrap.seed}).`
    : 'No whiskers: compute with a bootstrap for intervals.';
  return {
    id: opts.id ?? 'reliability-kappa-per-category',
    title,
    data: [
      {
        type: 'bar',
        name: 'category kappa',
        x: cats,
        y: kappas,
        marker: { color: COLORS[0] },
        error_y: {
          visible: hasIntervals,
          type: 'data',
          symmetric: false,
          array: upper.map((u, j) => u - kappas[j]),
          arrayminus: lower.map((l, j) => kappas[j] - l),
          color: '#222',
          thickness: 1.5,
          width: 6,
        },
        hovertemplate: '%{x}: κ = %{y:.3f}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `overall κ = ${result.kappa.toFixed(3)}`,
        x: cats,
        y: cats.map(() => result.kappa),
        line: { color: COLORS[3], dash: 'dash', width: 2 },
        hoverinfo: 'skip',
      },
    ],
    layout: baseLayout(title, {
      xaxis: axis('Category', { type: 'category', categoryorder: 'array', categoryarray: cats, ...displayTicks(cats) }),
      yaxis: axis('Kappa', { range: [Math.min(0, ...lower) - 0.05, Math.max(1, ...upper) + 0.02] }),
      annotations: [{
        text: `${note}<br>${result.items} items × ${result.raters} raters; dashed line: overall kappa.`,
        xref: 'paper', yref: 'paper', x: 0, y: -0.24, yanchor: 'top', showarrow: false, xanchor: 'left', align: 'left', font: { ...FONT, size: 11 },
      }],
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { ...FONT, size: 12 } },
      margin: { l: 80, r: 30, t: 90, b: 120 },
    }),
    width: DEFAULT_SIZE.width,
    height: DEFAULT_SIZE.height + 40,
  };
}

/**
 * The annotator × annotator agreement heatmap (Cohen's kappa of each pair, from pairwiseCohenKappa),
 * annotated cells, a sequential scale where darker means more agreement.
 * @example
 * const votes = melab.reliability.readRatingsFile(`${melab.report.melabDataDir()}/${melab.synthetic.SYNTHETIC_FILES.votes}`);
 * const fig = melab.reliability.pairwiseAgreementFigure(melab.reliability.pairwiseCohenKappa(votes.ratings, { raters: votes.columns }));
 * console.assert(fig.data[0].type === 'heatmap');
 */
export function pairwiseAgreementFigure(
  pairwise: { raters: string[]; kappa: number[][] },
  opts: { id?: string; title?: string } = {},
): FigureSpec {
  const title = opts.title ?? "Pairwise agreement (Cohen's kappa)";
  const { raters, kappa } = pairwise;
  const finite = kappa.flat().filter(Number.isFinite);
  const zmin = Math.min(0, ...finite);
  const text = kappa.map((row) => row.map((v) => (Number.isFinite(v) ? v.toFixed(2) : '–')));
  const size = Math.max(DEFAULT_SIZE.height, 120 + 48 * raters.length);
  return {
    id: opts.id ?? 'reliability-pairwise-agreement',
    title,
    data: [{
      type: 'heatmap',
      x: raters,
      y: raters,
      z: kappa.map((row) => row.map((v) => (Number.isFinite(v) ? v : null))),
      zmin,
      zmax: 1,
      colorscale: SEQUENTIAL,
      text,
      texttemplate: '%{text}',
      hovertemplate: '%{y} × %{x}: κ = %{z:.3f}<extra></extra>',
      colorbar: { title: { text: 'κ' } },
    }],
    layout: baseLayout(title, {
      xaxis: axis('Annotator', { type: 'category', side: 'bottom' }),
      yaxis: axis('Annotator', { type: 'category', autorange: 'reversed' }),
    }),
    width: size + 80,
    height: size,
  };
}
