/**
 * Headless execution of melab's notebooks with Debian's Jupyter (nbclient) on this checkout's own
 * kernel, their parameters cell, and a reader of what each executed notebook displayed (tables,
 * figures, errors). Used by `melab notebook`, the tests and the benchmark.
 *
 * The kernel: notebooks name kernel "melab"; scripts/register-kernel.sh writes it into this checkout's
 * own Jupyter data folder (`<checkout>/.jupyter`, running `<checkout>/node_modules/.bin/tslab`) and
 * everything here runs Jupyter with that folder first on JUPYTER_PATH, so a clone never runs another
 * clone's code and no machine-wide kernel is touched.
 *
 * The parameters: each notebook's first code cell carries the tag `parameters` and holds only one-line
 * `const NAME = value;` assignments; {@link withParameters} rewrites their values (as papermill does).
 * @example
 *   const nb = withParameters(readNotebook(findNotebook('04')), { LABELS: '/data/casme2.xlsx' });
 *   await executeNotebook(writeTempNotebook(nb), { output: 'casme2-04.ipynb' });
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MelabError } from '../labels/issues';
import { packageRoot } from '../util/package-root';

/** Debian's Jupyter command (nbconvert's HTML export). */
export const JUPYTER_PATH = '/usr/bin/jupyter';
/** Debian's Python, which runs nbclient. */
export const PYTHON_PATH = '/usr/bin/python3';
/** The kernel the notebooks name; each checkout registers its own under this name (see above). */
export const KERNEL_NAME = 'melab';

/** This checkout's Jupyter data folder, first on JUPYTER_PATH whenever melab runs Jupyter. */
export function kernelDataDir(checkout = packageRoot()): string {
  return path.join(checkout, '.jupyter');
}

/** The environment for Jupyter commands of this checkout: its data folder first on JUPYTER_PATH. */
export function jupyterEnv(checkout = packageRoot(), env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const rest = (env.JUPYTER_PATH ?? '').split(path.delimiter).filter((p) => p && p !== kernelDataDir(checkout));
  return { ...env, JUPYTER_PATH: [kernelDataDir(checkout), ...rest].join(path.delimiter), PYDEVD_DISABLE_FILE_VALIDATION: '1' };
}

/** The kernel.json of this checkout's kernel; a one-line error when it is missing or belongs to another checkout. */
export function checkoutKernel(checkout = packageRoot()): { file: string; argv: string[]; display_name: string } {
  const file = path.join(kernelDataDir(checkout), 'kernels', KERNEL_NAME, 'kernel.json');
  if (!fs.existsSync(file)) throw new MelabError(`${file} not found: register this checkout's Jupyter kernel with scripts/setup.sh (or scripts/register-kernel.sh)`, file);
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as { argv: string[]; display_name: string };
  const tslab = path.join(checkout, 'node_modules', '.bin', 'tslab');
  if (spec.argv[0] !== tslab) throw new MelabError(`${file}: kernel runs ${spec.argv[0]}, not this checkout's ${tslab}: run scripts/register-kernel.sh again`, file);
  return { file, ...spec };
}

/** The notebooks shipped with melab. */
export function notebooksDir(checkout = packageRoot()): string {
  return path.join(checkout, 'notebooks');
}

/** The notebooks in a folder (`*.ipynb`, sorted). */
export function notebookFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => path.join(dir, f));
}

/** A notebook of `dir` by number or name ("04", "4", "04-model-review", "model-review"); one-line error otherwise. */
export function findNotebook(name: string, dir = notebooksDir()): string {
  const files = notebookFiles(dir);
  const base = (f: string): string => path.basename(f, '.ipynb');
  const want = name.replace(/\.ipynb$/, '');
  const number = /^\d+$/.test(want) ? want.padStart(2, '0') : undefined;
  const hit = files.filter((f) => base(f) === want || (number !== undefined && base(f).startsWith(`${number}-`)) || base(f).replace(/^\d+-/, '') === want);
  if (hit.length !== 1) throw new MelabError(`unknown notebook "${name}" (notebooks: ${files.map(base).join(', ')})`);
  return hit[0];
}

/** The parts of a notebook file melab reads and writes (the rest is kept as is). */
export interface NotebookJson {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[]; [key: string]: unknown };
  outputs?: { output_type: string; name?: string; text?: string | string[]; data?: Record<string, string | string[]>; ename?: string; evalue?: string }[];
  execution_count?: number | null;
  [key: string]: unknown;
}

const joined = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join('') : v ?? '');

export function readNotebook(file: string): NotebookJson {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as NotebookJson;
  } catch (err) {
    throw new MelabError(`${file}: not a notebook (${(err as Error).message.split('\n')[0]})`, file);
  }
}

/** One line of the parameters cell: `const NAME[: type] = value; // comment`. */
const PARAMETER_LINE = /^const ([A-Z][A-Z0-9_]*)(\s*:\s*[^=]+?)?\s*=\s*(.+?);(\s*\/\/.*)?$/;

/** A notebook's parameters: name → the value's source text, from its first code cell tagged `parameters`. */
export function notebookParameters(nb: NotebookJson, file = 'notebook'): { cell: number; values: Record<string, string> } {
  const cell = nb.cells.findIndex((c) => c.cell_type === 'code');
  if (cell < 0 || !(nb.cells[cell].metadata?.tags ?? []).includes('parameters')) {
    throw new MelabError(`${file}: the first code cell is not tagged "parameters"`, file);
  }
  const values: Record<string, string> = {};
  joined(nb.cells[cell].source).split('\n').forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith('//')) return;
    const m = PARAMETER_LINE.exec(line.trim());
    if (!m) throw new MelabError(`${file}: parameters cell line ${i + 1} is not "const NAME = value;": ${line.trim()}`, file);
    values[m[1]] = m[3];
  });
  return { cell, values };
}

/** A parameter value: a string (path), a list of strings (model names), a number, or null (the default). */
export type ParameterValue = string | number | readonly string[] | null;

/** A copy of the notebook with the given parameters' values written into its parameters cell (as literals). */
export function withParameters(nb: NotebookJson, values: Record<string, ParameterValue>, file = 'notebook'): NotebookJson {
  const { cell, values: known } = notebookParameters(nb, file);
  for (const name of Object.keys(values)) {
    if (!(name in known)) throw new MelabError(`${file}: no parameter ${name} (parameters: ${Object.keys(known).join(', ')})`, file);
  }
  const lines = joined(nb.cells[cell].source).split('\n').map((line) => {
    const m = PARAMETER_LINE.exec(line.trim());
    if (!m || !(m[1] in values)) return line;
    return `const ${m[1]}${m[2] ?? ''} = ${JSON.stringify(values[m[1]])};${m[4] ?? ''}`;
  });
  const source = lines.join('\n').split(/(?<=\n)/);
  const cells = nb.cells.map((c, i) => (i === cell ? { ...c, source } : c));
  return { ...nb, cells };
}

export interface ExecutedNotebook {
  notebook: string;
  /** The executed copy (outputs included; written up to the failing cell when one fails). */
  output: string;
  exitCode: number | null;
  /** nbclient's stderr (the failing cell and its error when exitCode ≠ 0). */
  stderr: string;
  ms: number;
}

/** nbclient, run by Debian's Python: executes argv[1] with cwd argv[3] on kernel argv[4], writes argv[2] even when a cell fails. */
const EXECUTE_PY = `import sys, nbformat
from nbclient import NotebookClient
src, out, cwd, kernel, timeout = sys.argv[1:6]
nb = nbformat.read(src, as_version=4)
try:
    NotebookClient(nb, timeout=int(timeout), kernel_name=kernel, resources={'metadata': {'path': cwd}}).execute()
finally:
    nbformat.write(nb, out)
`;

export interface ExecuteOptions {
  /** Where the executed copy goes (default: `<outDir>/<name>.ipynb`). */
  output?: string;
  outDir?: string;
  /** The folder the kernel runs in, where `import * as melab from '..'` resolves (default: melab's notebooks/). */
  cwd?: string;
  cellTimeoutSeconds?: number;
  checkout?: string;
}

/**
 * Runs one notebook to completion in a fresh kernel of this checkout; never throws for a failing cell
 * (see exitCode). The kernel runs in melab's notebooks folder whatever the notebook's own location.
 */
export function executeNotebook(notebook: string, opts: ExecuteOptions | string = {}): Promise<ExecutedNotebook> {
  const o: ExecuteOptions = typeof opts === 'string' ? { outDir: opts } : opts;
  const checkout = o.checkout ?? packageRoot();
  if (!fs.existsSync(PYTHON_PATH)) {
    throw new MelabError(`${PYTHON_PATH} not found: executing notebooks needs Debian's python3-nbclient and python3-ipykernel (scripts/setup.sh as root)`);
  }
  checkoutKernel(checkout);
  const output = path.resolve(o.output ?? path.join(o.outDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'melab-nb-')), path.basename(notebook)));
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(PYTHON_PATH, ['-c', EXECUTE_PY, path.resolve(notebook), output, o.cwd ?? notebooksDir(checkout), KERNEL_NAME, String(o.cellTimeoutSeconds ?? 600)], {
      stdio: ['ignore', 'ignore', 'pipe'], env: jupyterEnv(checkout),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (exitCode) => {
      resolve({ notebook, output, exitCode, stderr, ms: Date.now() - t0 });
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
      results[i] = await executeNotebook(notebooks[i], { outDir });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, notebooks.length)) }, worker));
  return results;
}

/** `jupyter nbconvert --to html` of an executed notebook into `outDir`; returns the page's path. */
export function exportNotebookHtml(notebook: string, outDir: string): Promise<string> {
  if (!fs.existsSync(JUPYTER_PATH)) throw new MelabError(`${JUPYTER_PATH} not found: the HTML export needs Debian's jupyter-nbconvert`);
  fs.mkdirSync(outDir, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(JUPYTER_PATH, ['nbconvert', '--to', 'html', '--output-dir', outDir, notebook], { stdio: ['ignore', 'ignore', 'pipe'], env: jupyterEnv() });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => {
      if (code === 0) resolve(path.join(outDir, `${path.basename(notebook, '.ipynb')}.html`));
      else reject(new MelabError(`${notebook}: nbconvert --to html failed: ${stderr.trim().split('\n').pop()}`, notebook));
    });
  });
}

export interface NotebookOutputs {
  /** Every HTML output, in cell order. */
  html: string[];
  markdown: string[];
  /** Every image/svg+xml output, in cell order. */
  svg: string[];
  /** Ids of the tables (data-table-id) and figures (data-figure-id) displayed. */
  tableIds: string[];
  figureIds: string[];
  /** Error outputs: "cell N: ename: evalue". */
  errors: string[];
  /** Text written to stderr by cells. */
  stderr: string[];
}

/** What an executed notebook displayed. */
export function readNotebookOutputs(file: string): NotebookOutputs {
  const nb = readNotebook(file);
  const out: NotebookOutputs = { html: [], markdown: [], svg: [], tableIds: [], figureIds: [], errors: [], stderr: [] };
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
      const svg = joined(o.data?.['image/svg+xml']);
      if (svg) out.svg.push(svg);
    }
  });
  return out;
}
