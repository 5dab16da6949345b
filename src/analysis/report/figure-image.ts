/**
 * Static SVG drawings of figures for notebook outputs, made synchronously (a notebook cell's
 * `showFigure(...)` returns before tslab moves on, so its output must be complete when it returns).
 * One headless Chromium per process (per kernel session) lives in a worker thread with plotly.js
 * loaded; the caller blocks on Atomics.wait until the worker answers (the pattern of the synckit
 * library). The worker and its browser end with the process.
 * @example figureSvgSync(melab.emotionByPartFigure(labels)) // '<svg class="main-svg" …'
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { CHROMIUM_ARGS, CHROMIUM_PATH, plotlyJsPath } from '../figures/render';
import type { FigureSpec } from '../figures/style';
import { MelabError } from '../labels/issues';

/** The worker: plain JavaScript (no build step), a browser launched on first use, one request at a time. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { chromium } = require(workerData.playwright);
let ready;
let browser;
const open = async () => {
  browser = await chromium.launch({ executablePath: workerData.chromium, args: workerData.args, headless: true });
  const page = await browser.newPage();
  await page.goto(workerData.page, { waitUntil: 'load' });
  return page;
};
parentPort.on('message', async ({ spec, port, flag, close }) => {
  if (close) {
    if (browser) await browser.close().catch(() => undefined);
    port.postMessage({ closed: true });
    const f = new Int32Array(flag);
    Atomics.store(f, 0, 1);
    Atomics.notify(f, 0);
    return;
  }
  let reply;
  try {
    ready = ready || open();
    const page = await ready;
    const url = await page.evaluate(({ data, layout, width, height }) =>
      window.Plotly.toImage({ data, layout: Object.assign({}, layout, { width, height }) }, { format: 'svg', width, height }),
      { data: spec.data, layout: spec.layout, width: spec.width, height: spec.height });
    reply = { svg: decodeURIComponent(url.slice(url.indexOf(',') + 1)) };
  } catch (err) {
    reply = { error: String((err && err.message) || err).split('\\n')[0] };
  }
  port.postMessage(reply);
  const f = new Int32Array(flag);
  Atomics.store(f, 0, 1);
  Atomics.notify(f, 0);
});
`;

interface SvgWorker {
  worker: Worker;
}

let current: SvgWorker | undefined;

function svgWorker(): SvgWorker {
  if (current) return current;
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new MelabError(`${CHROMIUM_PATH} not found: static figure images need Debian's Chromium (apt-get install chromium, or run scripts/setup.sh as root)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-svg-'));
  const page = path.join(dir, 'render.html');
  fs.writeFileSync(page, `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="${pathToFileURL(plotlyJsPath()).href}"></script></head><body></body></html>`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { playwright: require.resolve('playwright-core'), chromium: CHROMIUM_PATH, args: CHROMIUM_ARGS, page: pathToFileURL(page).href },
  });
  worker.unref(); // never keeps a kernel or a script alive; its browser closes when the process ends
  process.once('exit', () => {
    closeFigureSvgWorker();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  current = { worker };
  return current;
}

/** How long one drawing may take before the notebook gets an error instead of a hang. */
export const FIGURE_SVG_TIMEOUT_MS = 60000;

/** Plotly's own SVG of the figure (as `toImage({format: 'svg'})` draws it), computed synchronously. */
export function figureSvgSync(spec: FigureSpec): string {
  const { worker } = svgWorker();
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  worker.postMessage({ spec: { data: spec.data, layout: spec.layout, width: spec.width, height: spec.height }, port: port2, flag }, [port2 as MessagePort]);
  const state = Atomics.wait(new Int32Array(flag), 0, 0, FIGURE_SVG_TIMEOUT_MS);
  const reply = receiveMessageOnPort(port1)?.message as { svg?: string; error?: string } | undefined;
  port1.close();
  if (state === 'timed-out' || !reply) throw new MelabError(`figure ${spec.id}: no static image after ${FIGURE_SVG_TIMEOUT_MS / 1000} s (Chromium did not answer)`);
  if (reply.error !== undefined || reply.svg === undefined) throw new MelabError(`figure ${spec.id}: Chromium could not draw its static image: ${reply.error}`);
  return reply.svg;
}

/** Closes the browser and ends the worker now (tests, scripts); a kernel's end closes them too. */
export function closeFigureSvgWorker(): void {
  const w = current;
  current = undefined;
  if (!w) return;
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  w.worker.postMessage({ close: true, port: port2, flag }, [port2 as MessagePort]);
  Atomics.wait(new Int32Array(flag), 0, 0, 10000);
  port1.close();
  void w.worker.terminate();
}
