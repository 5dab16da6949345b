/**
 * The house style of melab figures: paper-like fonts readable at one column width, colour-blind-safe
 * colours (Okabe & Ito 2008), a sequential scale where darker means more. A FigureSpec is pure data:
 * Plotly traces and layout; rendering to HTML/PNG/SVG happens in render.ts.
 */
export interface FigureSpec {
  /** File-name stem in reports/figures/ (e.g. "fig4-emotion-by-part"). */
  id: string;
  title: string;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  /** Export size in CSS pixels (PNG is written at 2× scale). */
  width: number;
  height: number;
  /**
   * Click-to-list (interactive HTML only): clicking a cell of trace t lists `rows[i]` for every i in
   * `cells[t]["<y>|<x>"]` under `columns`, below the figure.
   */
  drilldown?: { columns: string[]; rows: (string | number | null)[][]; cells: Record<string, number[]>[]; hint?: string };
}

/** Okabe–Ito palette, distinguishable under the common colour-vision deficiencies. */
export const COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'] as const;

/** Sequential light→dark blue scale (ColorBrewer Blues): darker means more. */
export const SEQUENTIAL: [number, string][] = [
  [0, '#f7fbff'], [0.125, '#deebf7'], [0.25, '#c6dbef'], [0.375, '#9ecae1'], [0.5, '#6baed6'],
  [0.625, '#4292c6'], [0.75, '#2171b5'], [0.875, '#08519c'], [1, '#08306b'],
];

/** Three shades for DFME's parts A/B/C, light to deep as in the paper's Fig. 4. */
export const PART_COLORS = ['#9ecae1', '#4292c6', '#08306b'] as const;

export const FONT = { family: 'Arial, Helvetica, sans-serif', size: 14, color: '#222' };

/** Column width of a two-column paper at 2× scale ≈ 3.5 in; 520×380 px keeps 14 px text readable. */
export const DEFAULT_SIZE = { width: 640, height: 420 };

/** The layout every melab figure starts from; pass Plotly layout keys to extend or override. */
export function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title, font: { ...FONT, size: 16 }, x: 0.5, xanchor: 'center' },
    font: FONT,
    paper_bgcolor: 'white',
    plot_bgcolor: 'white',
    margin: { l: 80, r: 30, t: 60, b: 80 },
    colorway: [...COLORS],
    legend: { font: { ...FONT, size: 12 } },
    ...extra,
  };
}

/** An axis with a title, grid lines and automargin (labels never clipped); the title stands 12 px clear of rotated tick labels. */
export function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title, font: FONT, standoff: 12 }, automargin: true, gridcolor: '#e5e5e5', zeroline: false, linecolor: '#444', ...extra };
}

/** An axis of categories (emotions, AUs, classes): as `axis`, without grid lines through the bars, categories in the given order. */
export function categoryAxis(title: string, categories?: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return axis(title, { type: 'category', showgrid: false, ...(categories ? { categoryorder: 'array', categoryarray: [...categories] } : {}), ...extra });
}

/** How a category prints on an axis: "disgust" → "Disgust" (the paper's figures); codes such as AU4 are unchanged. */
export const displayLabel = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Axis keys that show categories with their display labels while the data keep their canonical names. */
export function displayTicks(categories: readonly string[]): Record<string, unknown> {
  return { tickmode: 'array', tickvals: [...categories], ticktext: categories.map(displayLabel) };
}
