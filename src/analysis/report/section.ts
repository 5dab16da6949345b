/**
 * One section of the report: what it says, its tables and figures, or why it was skipped.
 * A section is a plain function of the loaded inputs (see sections.ts); a section whose inputs are
 * absent returns `skipSection(...)` and is listed as skipped, with the reason, in the summary and
 * the HTML report, never left out silently.
 */
import type { FigureSpec } from '../figures/style';
import type { LabelTable } from '../labels/model';
import { MelabError } from '../labels/issues';
import type { TableSpec } from './table';

/** Everything the sections may draw on, loaded once by buildReport. */
export interface ReportContext {
  /** One table per `--labels` file, or the embedded synthetic DFME-like default when none was given. */
  labels: LabelTable[];
  /** True when `labels` is the embedded default data. */
  defaultData: boolean;
  /** Folder of prediction exports (`<model>-<task>.csv` + manifest), or null when there is none. */
  predictionsDir: string | null;
  /** Seven annotators' emotion votes (CSV, one row per sample, one column per annotator), or null. */
  votesFile: string | null;
  /** Two AU coders' codes (CSV), or null. */
  auCodersFile: string | null;
}

export interface WrittenSection {
  id: string;
  title: string;
  /** Paragraphs of plain text shown above the tables (a computed sentence, a definition). */
  text: string[];
  tables: TableSpec[];
  figures: FigureSpec[];
}

export interface SkippedSection {
  id: string;
  title: string;
  skipped: string;
}

/** A section whose inputs were there but wrong (a MelabError naming file, row, column): the rest of the report is still written. */
export interface FailedSection {
  id: string;
  title: string;
  failed: string;
}

export type SectionResult = WrittenSection | SkippedSection | FailedSection;

/** A report section: a function of the inputs. */
export type ReportSection = ((ctx: ReportContext) => SectionResult) & { sectionId?: string; sectionTitle?: string };

/** What a section body returns: its content, or why it cannot be made from the inputs at hand. */
export type SectionBody = { text?: string[]; tables?: TableSpec[]; figures?: FigureSpec[] } | { skipped: string };

/**
 * A section from its id, title and body. A MelabError thrown by the body (a wrong input: file, row,
 * column named) makes the section `failed` with that message; the rest of the report is still written.
 */
export function defineSection(id: string, title: string, body: (ctx: ReportContext) => SectionBody): ReportSection {
  const section = (ctx: ReportContext): SectionResult => {
    try {
      const b = body(ctx);
      return 'skipped' in b ? skipSection(id, title, b.skipped) : writtenSection(id, title, b);
    } catch (err) {
      if (err instanceof MelabError) return { id, title, failed: err.message };
      throw err;
    }
  };
  return Object.assign(section, { sectionId: id, sectionTitle: title });
}

export function isSkippedSection(s: SectionResult): s is SkippedSection {
  return 'skipped' in s;
}

export function isFailedSection(s: SectionResult): s is FailedSection {
  return 'failed' in s;
}

export function isWrittenSection(s: SectionResult): s is WrittenSection {
  return !isSkippedSection(s) && !isFailedSection(s);
}

/** A section that could not be made from the inputs at hand, with the reason. */
export function skipSection(id: string, title: string, reason: string): SkippedSection {
  return { id, title, skipped: reason };
}

export function writtenSection(
  id: string, title: string, parts: { text?: string[]; tables?: TableSpec[]; figures?: FigureSpec[] },
): WrittenSection {
  return { id, title, text: parts.text ?? [], tables: parts.tables ?? [], figures: parts.figures ?? [] };
}
