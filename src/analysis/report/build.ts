/**
 * `melab report`: every table and figure the labels and predictions can give, written to one folder,
 * atomically: built in a new folder beside it and swapped in at the end, so that a failed run leaves
 * the previous report whole and a finished one holds only files of this run:
 *   <out>/index.html               one self-contained offline HTML report (interactive figures, all tables)
 *   <out>/figures/<id>.png, .svg, .pdf   each figure, PNG at 2× scale, drawn by Plotly in headless Chromium
 *   <out>/tables/<id>.md, .tex, .csv  each table as Markdown, LaTeX (booktabs) and CSV
 * Sections come from REPORT_SECTIONS (sections.ts); skipped ones are listed with their reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFigureRenderer } from '../figures/render';
import type { FigureSpec } from '../figures/style';
import { MelabError } from '../labels/issues';
import { reportToHtml } from './html';
import { loadReportContext, packageVersion, type ReportInputOptions } from './inputs';
import { createProgress } from './progress';
import { isFailedSection, isSkippedSection, isWrittenSection, type ReportSection, type SectionResult, type WrittenSection } from './section';
import { REPORT_SECTIONS } from './sections';
import { tableToCsv, tableToLatex, tableToMarkdown, type TableSpec } from './table';

export interface BuildReportOptions extends ReportInputOptions {
  /** Output folder (created when missing); `reports` in the CLI. */
  out: string;
  /** Draw the progress bar on stderr (default true). */
  progress?: boolean;
  /** Sections to run, in order (default REPORT_SECTIONS). */
  sections?: ReportSection[];
}

export interface ReportSummary {
  out: string;
  html: string;
  /** Every section: written, skipped (inputs absent; `reason` says which) or failed (inputs wrong; `reason` is the error). */
  sections: { id: string; title: string; status: 'written' | 'skipped' | 'failed'; reason?: string; tables: string[]; figures: string[] }[];
  /** Every file written, relative to `out`. */
  files: string[];
  /** Each figure's size in CSS pixels (its PNG is `PNG_SCALE` times larger). */
  figureSizes: Record<string, { width: number; height: number }>;
  /** Plotly's console warnings per figure id (empty when every figure drew cleanly). */
  warnings: Record<string, string[]>;
  ms: number;
}

/** Checks that ids are unique file stems across the whole report (two sections must not overwrite each other). */
function checkIds(kind: string, ids: string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw new MelabError(`report: ${kind} id ${JSON.stringify(id)} is not a plain file name`);
    if (seen.has(id)) throw new MelabError(`report: two ${kind}s share the id ${JSON.stringify(id)}`);
    seen.add(id);
  }
}

/** The file that marks a folder as a melab report (written last, with every other file of the run). */
export const REPORT_MARKER = '.melab-report';
/** What a report folder may hold: a folder with anything else is not replaced. */
const REPORT_ENTRIES = new Set(['index.html', 'tables', 'figures', REPORT_MARKER]);

const fsReason = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = { EACCES: 'permission denied', EPERM: 'not permitted', EROFS: 'read-only file system', ENOENT: 'entries cannot be created there', ENOTDIR: 'a path component is a file', ENOSPC: 'disk full' };
  return why[e.code ?? ''] ?? String(e.message ?? err).split('\n')[0];
};

/**
 * A new empty folder beside `out` (same file system, so the final rename is atomic), after checking
 * that `out` is a folder melab may replace: absent, empty, or an earlier melab report.
 */
function stagingFolder(out: string): string {
  if (fs.existsSync(out)) {
    if (!fs.statSync(out).isDirectory()) throw new MelabError(`${out}: --out must be a folder, and this is a file`, out);
    const foreign = fs.readdirSync(out).filter((f) => !REPORT_ENTRIES.has(f));
    if (foreign.length) {
      throw new MelabError(`${out}: --out holds files melab did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); the report replaces its folder as a whole, so give a new or empty folder`, out);
    }
  }
  const parent = path.dirname(out);
  try {
    makeFolders(parent);
    return fs.mkdtempSync(path.join(parent, `.${path.basename(out)}.melab-new-`));
  } catch (err) {
    throw new MelabError(`${out}: cannot write the report here (${fsReason(err)} in ${parent})`, out);
  }
}

/** mkdir -p, one level at a time (Node's recursive mkdir spins forever under /proc). */
function makeFolders(dir: string): void {
  if (fs.existsSync(dir)) return;
  makeFolders(path.dirname(dir));
  fs.mkdirSync(dir);
}

/** Replaces `out` by the finished `staging` folder: the old report stays whole until the new one is complete. */
function swapIn(staging: string, out: string): void {
  const old = fs.existsSync(out) ? `${staging.replace(/melab-new-/, 'melab-old-')}` : null;
  try {
    if (old) fs.renameSync(out, old);
    try {
      fs.renameSync(staging, out);
    } catch (err) {
      if (old) fs.renameSync(old, out); // put the previous report back
      throw err;
    }
  } catch (err) {
    throw new MelabError(`${out}: cannot replace the report folder (${fsReason(err)})`, out);
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
}

/** Builds the whole report; returns what was written. A section whose inputs are wrong is listed as failed. */
export async function buildReport(opts: BuildReportOptions): Promise<ReportSummary> {
  const t0 = Date.now();
  const sectionsToRun = opts.sections ?? REPORT_SECTIONS;
  const progress = createProgress('melab report', 2 + sectionsToRun.length, { enabled: opts.progress ?? true });

  // the output folder is checked before any work, and the new report is built beside it
  const out = path.resolve(opts.out);
  const staging = stagingFolder(out);
  try {
    return await buildInto(staging, out, opts, sectionsToRun, progress, t0);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (!(err instanceof MelabError) && typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw new MelabError(`${out}: the report could not be written (${fsReason(err)}); the previous report, if any, is unchanged`, out);
    }
    throw err;
  }
}

async function buildInto(
  staging: string, out: string, opts: BuildReportOptions, sectionsToRun: ReportSection[], progress: ReturnType<typeof createProgress>, t0: number,
): Promise<ReportSummary> {
  progress.step('loading labels');
  const ctx = loadReportContext(opts);

  const results: SectionResult[] = [];
  for (const section of sectionsToRun) {
    let result: SectionResult;
    try {
      result = section(ctx);
    } catch (err) {
      // a wrong input fails its own section, named with file, row and column; the others are still written
      if (!(err instanceof MelabError)) throw err;
      result = { id: section.sectionId ?? (section.name || 'section'), title: section.sectionTitle ?? (section.name || 'section'), failed: err.message };
    }
    progress.step(isSkippedSection(result) ? `${result.title} (skipped)` : isFailedSection(result) ? `${result.title} (failed)` : result.title);
    results.push(result);
  }
  const written = results.filter(isWrittenSection) as WrittenSection[];
  const tables: TableSpec[] = written.flatMap((s) => s.tables);
  const figures: FigureSpec[] = written.flatMap((s) => s.figures);
  checkIds('table', tables.map((t) => t.id));
  checkIds('figure', figures.map((f) => f.id));
  progress.grow(tables.length + figures.length + (figures.length ? 1 : 0));

  const files: string[] = [];
  const put = (rel: string, content: string | Buffer): void => {
    const abs = path.join(staging, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    files.push(rel);
  };
  const warnings: Record<string, string[]> = {};
  for (const t of tables) {
    progress.step(`table ${t.id}`);
    if (t.only === 'csv') {
      put(`tables/${t.id}.csv`, tableToCsv(t));
      continue;
    }
    put(`tables/${t.id}.md`, tableToMarkdown(t));
    put(`tables/${t.id}.tex`, tableToLatex(t));
    put(`tables/${t.id}.csv`, tableToCsv(t));
  }

  if (figures.length) {
    progress.step('starting Chromium');
    const renderer = await openFigureRenderer();
    try {
      for (const f of figures) {
        progress.step(`figure ${f.id}`);
        const r = await renderer.render(f);
        put(`figures/${f.id}.png`, r.png);
        put(`figures/${f.id}.svg`, r.svg);
        put(`figures/${f.id}.pdf`, r.pdf);
        if (r.warnings.length) warnings[f.id] = r.warnings;
      }
    } finally {
      await renderer.close();
    }
  }

  progress.step('index.html');
  put('index.html', reportToHtml(results, {
    title: 'melab report',
    inputs: ctx.defaultData ? ['embedded synthetic DFME-like default data (not the real DFME labels)'] : ctx.labels.map((l) => l.file || l.format),
    created: new Date().toISOString(),
    version: packageVersion(),
  }));
  fs.writeFileSync(path.join(staging, REPORT_MARKER), `melab report ${packageVersion()}: every file in this folder was written by one run; the next run replaces the folder.\n`);
  swapIn(staging, out);
  progress.done();

  return {
    out,
    html: path.join(out, 'index.html'),
    sections: results.map((r) => isSkippedSection(r)
      ? { id: r.id, title: r.title, status: 'skipped' as const, reason: r.skipped, tables: [], figures: [] }
      : isFailedSection(r)
        ? { id: r.id, title: r.title, status: 'failed' as const, reason: r.failed, tables: [], figures: [] }
        : { id: r.id, title: r.title, status: 'written' as const, tables: r.tables.map((t) => t.id), figures: r.figures.map((f) => f.id) }),
    files,
    figureSizes: Object.fromEntries(figures.map((f) => [f.id, { width: f.width, height: f.height }])),
    warnings,
    ms: Date.now() - t0,
  };
}

/** The end-of-run summary the CLI prints: every section, what it wrote or why it was skipped. */
export function formatReportSummary(summary: ReportSummary): string {
  const lines = [`melab report: wrote ${summary.files.length} files to ${summary.out} in ${(summary.ms / 1000).toFixed(1)} s`];
  for (const s of summary.sections) {
    if (s.status === 'skipped') lines.push(`  - ${s.title}: skipped (${s.reason})`);
    else if (s.status === 'failed') lines.push(`  ! ${s.title}: FAILED: ${s.reason}`);
    else lines.push(`  + ${s.title}: ${s.tables.length} table(s)${s.tables.length ? ' ' + s.tables.join(', ') : ''}; ${s.figures.length} figure(s)${s.figures.length ? ' ' + s.figures.join(', ') : ''}`);
  }
  const nTables = summary.sections.reduce((n, s) => n + s.tables.filter((id) => summary.files.includes(`tables/${id}.md`)).length, 0);
  const nCsvOnly = summary.sections.reduce((n, s) => n + s.tables.length, 0) - nTables;
  const nFigures = summary.sections.reduce((n, s) => n + s.figures.length, 0);
  lines.push(`  report: ${summary.html}`);
  lines.push(`  tables: ${nTables} × (.md, .tex, .csv)${nCsvOnly ? ` and ${nCsvOnly} full table(s) as .csv only` : ''} in ${path.join(summary.out, 'tables')}`);
  lines.push(`  figures: ${nFigures} × (.png at 2×, .svg, .pdf) in ${path.join(summary.out, 'figures')}`);
  for (const [id, w] of Object.entries(summary.warnings)) lines.push(`  warning: figure ${id}: ${w.join('; ')}`);
  return lines.join('\n') + '\n';
}
