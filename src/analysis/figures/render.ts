/**
 * Rendering of FigureSpecs at the edge: offline interactive HTML (plotly.js inlined from node_modules,
 * never a CDN) and PNG (2× scale) / SVG files drawn by Plotly's own `toImage` in headless Chromium,
 * and vector PDF (Chromium's print of that SVG)
 * (Debian's /usr/bin/chromium driven by playwright-core). One browser serves a whole batch.
 * @example
 *   const renderer = await openFigureRenderer();
 *   try { for (const spec of specs) await renderer.write(spec, 'reports/figures'); } finally { await renderer.close(); }
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MelabError } from '../labels/issues';
import type { FigureSpec } from './style';

/** Where Debian installs Chromium (`apt-get install chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline, sandbox-free headless Chromium (containers, CI). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync',
];

/** PNG files are written at this multiple of the spec's CSS size (print resolution for a column figure). */
export const PNG_SCALE = 2;

let plotlySource: string | undefined;

/** Path of the minified plotly.js bundle shipped in node_modules (plotly.js-dist-min). */
export function plotlyJsPath(): string {
  return require.resolve('plotly.js-dist-min');
}

/** The plotly.js source, read once per process (≈ 4.8 MB), for inlining into offline HTML. */
export function plotlyJsSource(): string {
  plotlySource ??= fs.readFileSync(plotlyJsPath(), 'utf8');
  return plotlySource;
}

/** Plotly's config for melab figures: no logo, no link to Plotly's cloud, image export named by id. */
export function plotlyConfig(spec: FigureSpec): Record<string, unknown> {
  return {
    displaylogo: false,
    responsive: false,
    showLink: false,
    toImageButtonOptions: { format: 'png', filename: spec.id, width: spec.width, height: spec.height, scale: PNG_SCALE },
  };
}

/** JSON that is safe inside a <script> element (no "</script>" or HTML comment can close it). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * An HTML fragment that draws the figure with the page's `window.Plotly` (the page must load
 * plotly.js once, e.g. with {@link plotlyScriptTag}). Waits for Plotly when it arrives later.
 */
export function figureDiv(spec: FigureSpec, domId = `melab-fig-${spec.id}`): string {
  const figure = { data: spec.data, layout: { ...spec.layout, width: spec.width, height: spec.height }, config: plotlyConfig(spec) };
  const drill = spec.drilldown;
  return [
    `<div class="melab-figure" id="${escapeAttr(domId)}" data-figure-id="${escapeAttr(spec.id)}" style="width:${spec.width}px;height:${spec.height}px"></div>`,
    ...(drill ? [`<div class="melab-drill" id="${escapeAttr(domId)}-drill" data-drill-for="${escapeAttr(spec.id)}"><p><small>${escapeAttr(drill.hint ?? 'Click a cell to list the samples behind it.')}</small></p></div>`] : []),
    '<script>',
    `(function(){var f=${scriptJson(figure)};`,
    ...(drill ? [`var d=${scriptJson(drill)};`, DRILL_SCRIPT.replace('DRILL_ID', scriptJson(`${domId}-drill`))] : ['var listen=function(){};']),
    `function draw(){if(window.Plotly){window.Plotly.newPlot(${scriptJson(domId)},f.data,f.layout,f.config).then(function(gd){gd.setAttribute('data-drawn','true');listen(gd);});}else{setTimeout(draw,50);}}`,
    'draw();})();',
    '</script>',
  ].join('\n');
}

/** In-page code of a drill-down: on a click, the rows behind the clicked cell as an HTML table (text escaped); needs `d` (the drilldown) and defines `listen(gd)`. */
export const DRILL_SCRIPT = `var listen=function(gd){gd.on('plotly_click',function(ev){
var pt=ev.points[0];var idx=(d.cells[pt.curveNumber]||{})[pt.y+'|'+pt.x]||[];
var e=function(v){return String(v===null||v===undefined?'':v).replace(/&/g,'&amp;').replace(/</g,'&lt;').replace(/>/g,'&gt;');};
var h='<p class="melab-drill-title"><b>'+e(pt.data.name)+': true '+e(pt.y)+', predicted '+e(pt.x)+'</b>: '+idx.length+' sample(s)</p>';
h+='<div class="melab-scroll" style="max-height:24em;overflow:auto"><table class="melab-table melab-drill-table"><thead><tr>'+d.columns.map(function(c){return '<th>'+e(c)+'</th>';}).join('')+'</tr></thead><tbody>';
h+=idx.map(function(i){return '<tr>'+d.rows[i].map(function(v){return '<td>'+e(v)+'</td>';}).join('')+'</tr>';}).join('');
document.getElementById(DRILL_ID).innerHTML=h+'</tbody></table></div>';});};`;

/** A <script> element holding the whole plotly.js bundle (offline; no CDN). */
export function plotlyScriptTag(): string {
  return `<script>${plotlyJsSource().replace(/<\/script/gi, '<\\/script')}</script>`;
}

/**
 * A self-contained, offline, interactive HTML page for one figure.
 * @example
 * const html = melab.figures.figureToHtml(melab.stats.emotionByPartFigure(melab.loadDefaultLabels()));
 * console.assert(html.startsWith('<!DOCTYPE html>') || html.includes('<html'));
 */
export function figureToHtml(spec: FigureSpec): string {
  const title = spec.title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    plotlyScriptTag(),
    '</head><body>',
    figureDiv(spec),
    '</body></html>',
  ].join('\n') + '\n';
}

/** One figure drawn to files' contents. */
export interface RenderedFigure {
  id: string;
  /** PNG bytes, (width × scale) × (height × scale) pixels. */
  png: Buffer;
  svg: string;
  /** Vector PDF of the SVG (Chromium's print), one page of the figure's size. */
  pdf: Buffer;
  width: number;
  height: number;
  scale: number;
  /** Warnings Plotly printed on the browser console while drawing this figure (invalid attributes, ...). */
  warnings: string[];
}

/** A headless Chromium with plotly.js loaded, ready to draw any number of figures. */
export interface FigureRenderer {
  render(spec: FigureSpec): Promise<RenderedFigure>;
  /** Renders and writes `<dir>/<id>.png`, `.svg` and `.pdf`; returns the paths. */
  write(spec: FigureSpec, dir: string): Promise<{ png: string; svg: string; pdf: string; figure: RenderedFigure }>;
  close(): Promise<void>;
}

/** Launches Debian's Chromium; a clear one-line error when it is missing or cannot start. */
export async function launchChromium(): Promise<import('playwright-core').Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new MelabError(`${CHROMIUM_PATH} not found: figure export needs Debian's Chromium (apt-get install chromium, or run scripts/setup.sh as root)`);
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  } catch (err) {
    throw new MelabError(`${CHROMIUM_PATH} did not start: ${String((err as Error).message).split('\n')[0]}`);
  }
}

/** Opens one browser page with plotly.js (from node_modules) for a batch of figures. */
export async function openFigureRenderer(opts: { scale?: number } = {}): Promise<FigureRenderer> {
  const scale = opts.scale ?? PNG_SCALE;
  const browser = await launchChromium();
  const page = await browser.newPage();
  let console: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => console.push(`error: ${e.message}`));
  // A file:// page that loads plotly.js from node_modules: Chromium reads and compiles it about twice
  // as fast as a script injected over the DevTools protocol.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-render-'));
  const blank = path.join(tmp, 'render.html');
  fs.writeFileSync(blank, `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="${pathToFileURL(plotlyJsPath()).href}"></script></head><body></body></html>`);
  try {
    await page.goto(pathToFileURL(blank).href, { waitUntil: 'load' });
    if (!(await page.evaluate(() => typeof (window as unknown as { Plotly?: unknown }).Plotly === 'object'))) {
      throw new MelabError(`plotly.js did not load in Chromium from ${plotlyJsPath()}`);
    }
  } catch (err) {
    await browser.close();
    throw err;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const render = async (spec: FigureSpec): Promise<RenderedFigure> => {
    console = [];
    let urls: [string, string];
    try {
      urls = await page.evaluate(
        async ({ data, layout, width, height, scale }) => {
          const P = (window as unknown as { Plotly: { toImage(fig: unknown, opts: unknown): Promise<string> } }).Plotly;
          const fig = { data, layout: { ...layout, width, height } };
          const png = await P.toImage(fig, { format: 'png', width, height, scale });
          const svg = await P.toImage(fig, { format: 'svg', width, height });
          return [png, svg] as [string, string];
        },
        { data: spec.data, layout: spec.layout, width: spec.width, height: spec.height, scale },
      );
    } catch (err) {
      throw new MelabError(`figure ${spec.id}: Plotly could not draw it: ${String((err as Error).message).split('\n')[0]}`);
    }
    const [pngUrl, svgUrl] = urls;
    const png = Buffer.from(pngUrl.slice(pngUrl.indexOf(',') + 1), 'base64');
    const svg = decodeURIComponent(svgUrl.slice(svgUrl.indexOf(',') + 1));
    const pdf = await printSvg(svg, spec.width, spec.height);
    return { id: spec.id, png, svg, pdf, width: spec.width, height: spec.height, scale, warnings: console.slice() };
  };

  // The PDF: Chromium prints the SVG itself on a page of the figure's size (text and shapes stay vectors).
  let printPage: import('playwright-core').Page | undefined;
  const printSvg = async (svg: string, width: number, height: number): Promise<Buffer> => {
    printPage ??= await browser.newPage();
    await printPage.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:${width}px ${height}px;margin:0}html,body{margin:0;padding:0}svg{display:block}</style></head><body>${svg}</body></html>`);
    return printPage.pdf({ width: `${width}px`, height: `${height}px`, printBackground: true, pageRanges: '1', margin: { top: '0', right: '0', bottom: '0', left: '0' } });
  };

  return {
    render,
    async write(spec, dir) {
      const figure = await render(spec);
      fs.mkdirSync(dir, { recursive: true });
      const png = path.join(dir, `${spec.id}.png`);
      const svg = path.join(dir, `${spec.id}.svg`);
      const pdf = path.join(dir, `${spec.id}.pdf`);
      fs.writeFileSync(png, figure.png);
      fs.writeFileSync(svg, figure.svg);
      fs.writeFileSync(pdf, figure.pdf);
      return { png, svg, pdf, figure };
    },
    close: () => browser.close(),
  };
}

/**
 * Renders several figures with one browser (the fast path for a batch): PNG, SVG and PDF of each.
 * @example
 * const [fig] = await melab.figures.renderFigures([melab.stats.emotionByPartFigure(melab.loadDefaultLabels())]);
 * console.assert(fig.svg.startsWith('<svg') && fig.png.subarray(1, 4).toString() === 'PNG' && fig.pdf.subarray(0, 5).toString() === '%PDF-');
 */
export async function renderFigures(specs: FigureSpec[], opts: { scale?: number } = {}): Promise<RenderedFigure[]> {
  const renderer = await openFigureRenderer(opts);
  try {
    const out: RenderedFigure[] = [];
    for (const spec of specs) out.push(await renderer.render(spec));
    return out;
  } finally {
    await renderer.close();
  }
}

/** Width and height in pixels from a PNG's IHDR chunk (bytes 16–23). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b) || String.fromCharCode(...png.slice(12, 16)) !== 'IHDR') {
    throw new MelabError('not a PNG file (no PNG signature and IHDR chunk)');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
