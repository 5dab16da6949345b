/**
 * Figures (`melab.figures`): the house style's FigureSpec (Plotly specs as data) and its offline
 * renderings (HTML, PNG, SVG through headless Chromium). The Chromium plumbing is imported by path.
 */
export type { FigureSpec } from './style';
export { COLORS } from './style';
export { figureToHtml, renderFigures, type RenderedFigure } from './render';
