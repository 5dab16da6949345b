/**
 * Headless execution of melab's notebooks with Debian's Jupyter (`jupyter nbconvert --execute`) on
 * the tslab kernel, and a reader of what each executed notebook displayed (tables, figures, errors).
 * Used by the tests and the benchmark; analysts can re-run every notebook the same way.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MelabError } from '../labels/issues';

export const JUPYTER_PATH = '/usr/bin/jupyter';

export interface ExecutedNotebook {
  notebook: string;
  /** The executed copy (outputs included). */
  output: string;
  exitCode: number | null;
  /** nbconvert's stderr (the failing cell and its error when exitCode ≠ 0). */
  stderr: string;
  ms: number;
}

/** Runs one notebook to completion in a fresh tslab kernel; never throws for a failing cell (see exitCode). */
export function executeNotebook(notebook: string, outDir: string, opts: { cellTimeoutSeconds?: number } = {}): Promise<ExecutedNotebook> {
  if (!fs.existsSync(JUPYTER_PATH)) {
    throw new MelabError(`${JUPYTER_PATH} not found: executing notebooks needs Debian's jupyter-nbconvert, python3-nbclient and python3-ipykernel (scripts/setup.sh as root)`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(JUPYTER_PATH, [
      'nbconvert', '--to', 'notebook', '--execute', `--ExecutePreprocessor.timeout=${opts.cellTimeoutSeconds ?? 600}`,
      '--ExecutePreprocessor.kernel_name=tslab', '--output-dir', outDir, notebook,
    ], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (exitCode) => {
      resolve({ notebook, output: path.join(outDir, path.basename(notebook)), exitCode, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Runs several notebooks, `parallel` at a time (default: one per CPU core). */
export async function executeNotebooks(notebooks: string[], outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-nb-')), parallel = os.cpus().length): Promise<ExecutedNotebook[]> {
  const results: ExecutedNotebook[] = new Array(notebooks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < notebooks.length) {
      const i = next++;
      results[i] = await executeNotebook(notebooks[i], outDir);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, notebooks.length)) }, worker));
  return results;
}

/** The notebooks in a folder (`*.ipynb`, sorted). */
export function notebookFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => path.join(dir, f));
}

export interface NotebookOutputs {
  /** Every HTML output, in cell order. */
  html: string[];
  markdown: string[];
  /** Ids of the tables (data-table-id) and figures (data-figure-id) displayed. */
  tableIds: string[];
  figureIds: string[];
  /** Error outputs: "cell N: ename: evalue". */
  errors: string[];
  /** Text written to stderr by cells. */
  stderr: string[];
}

interface NotebookJson {
  cells: { cell_type: string; outputs?: { output_type: string; name?: string; text?: string | string[]; data?: Record<string, string | string[]>; ename?: string; evalue?: string }[] }[];
}

const joined = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join('') : v ?? '');

/** What an executed notebook displayed. */
export function readNotebookOutputs(file: string): NotebookOutputs {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as NotebookJson;
  const out: NotebookOutputs = { html: [], markdown: [], tableIds: [], figureIds: [], errors: [], stderr: [] };
  nb.cells.forEach((cell, i) => {
    for (const o of cell.outputs ?? []) {
      if (o.output_type === 'error') out.errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') out.stderr.push(joined(o.text));
      const html = joined(o.data?.['text/html']);
      if (html) {
        out.html.push(html);
        for (const m of html.matchAll(/data-table-id="([^"]+)"/g)) out.tableIds.push(m[1]);
        for (const m of html.matchAll(/data-figure-id="([^"]+)"/g)) out.figureIds.push(m[1]);
      }
      const md = joined(o.data?.['text/markdown']);
      if (md) out.markdown.push(md);
    }
  });
  return out;
}
