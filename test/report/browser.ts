/**
 * Test helpers: loads an HTML page in Debian's headless Chromium and reports, for every melab
 * figure on it, whether Plotly drew it with data; plus every console error and page error.
 * Missing tools make the tests fail loudly (never skip): the set-up installs them.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launchChromium, CHROMIUM_PATH } from '../../src/analysis/figures/render';

export function assertToolExists(file: string, hint: string): void {
  assert.ok(fs.existsSync(file), `${file} is missing: ${hint}`);
}

export interface DrawnFigure {
  /** The figure's id (data-figure-id). */
  id: string;
  /** Plotly created its container and main SVG. */
  container: boolean;
  mainSvg: boolean;
  /** Traces in gd._fullData that are visible. */
  traces: number;
  /** Number of data points / cells Plotly received across traces. */
  points: number;
  /** Drawn trace groups (scatter/bar traces, heatmap images). */
  drawn: number;
}

export interface PageCheck {
  figures: DrawnFigure[];
  tableIds: string[];
  consoleErrors: string[];
  /** Every request the page made that is not file: or data: (an offline page makes none). */
  networkRequests: string[];
}

/** Opens the file in Chromium, waits until every .melab-figure is drawn (or 30 s), and inspects it. */
export async function inspectPage(file: string): Promise<PageCheck> {
  return (await inspectPages([file]))[0];
}

/** inspectPage for several files with one browser. */
export async function inspectPages(files: string[]): Promise<PageCheck[]> {
  assertToolExists(CHROMIUM_PATH, 'install Debian\'s chromium (scripts/setup.sh as root)');
  const browser = await launchChromium();
  try {
    const out: PageCheck[] = [];
    for (const file of files) out.push(await inspectOne(browser, file));
    return out;
  } finally {
    await browser.close();
  }
}

async function inspectOne(browser: import('playwright-core').Browser, file: string): Promise<PageCheck> {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  const networkRequests: string[] = [];
  page.on('request', (r) => { if (!/^(file|data|blob|about):/.test(r.url())) networkRequests.push(r.url()); });
  page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const figs = Array.from(document.querySelectorAll('.melab-figure'));
    return figs.every((f) => f.querySelector('.plot-container svg.main-svg'));
  }, undefined, { timeout: 30000 }).catch(() => undefined);
  // A string, not a function: tsx's name helpers (__name) do not exist inside the page.
  const result = (await page.evaluate(INSPECT_SCRIPT)) as { figures: DrawnFigure[]; tableIds: string[] };
  await page.close();
  return { ...result, consoleErrors, networkRequests };
}

const INSPECT_SCRIPT = `(() => {
  const count = (t) => {
    for (const k of ['z', 'y', 'x', 'values', 'r']) {
      const v = t[k];
      if (Array.isArray(v)) return v.flat(2).filter((x) => x !== null && x !== undefined).length;
    }
    return 0;
  };
  const figures = Array.from(document.querySelectorAll('.melab-figure')).map((gd) => {
    const full = (gd._fullData || []).filter((t) => t.visible !== false);
    return {
      id: gd.dataset.figureId || gd.id,
      container: !!gd.querySelector('.plot-container'),
      mainSvg: !!gd.querySelector('svg.main-svg'),
      traces: full.length,
      points: full.reduce((n, t) => n + count(t), 0),
      drawn: gd.querySelectorAll('.overplot .trace, .overplot .hm, .pielayer .trace, .polarlayer .trace').length,
    };
  });
  const tableIds = Array.from(document.querySelectorAll('table.melab-table')).map((t) => t.id);
  return { figures, tableIds };
})()`;
