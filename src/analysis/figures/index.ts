/** Figure house style (Plotly specs as data) and their rendering: offline HTML, PNG and SVG via headless Chromium. */
export * from './style';
export {
  figureToHtml, figureDiv, plotlyScriptTag, plotlyJsPath, plotlyConfig, renderFigures, openFigureRenderer, launchChromium,
  pngSize, CHROMIUM_PATH, CHROMIUM_ARGS, PNG_SCALE, type RenderedFigure, type FigureRenderer,
} from './render';
