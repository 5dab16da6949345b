/**
 * One section of the report: what it says, its tables and figures, or why it was skipped.
 * A section is a plain function of the loaded inputs (see sections.ts); a section whose inputs are
 * absent returns `skipSection(...)` and is listed as skipped, with the reason, in the summary and
 * the HTML report, never left out silently.
 */
import type { FigureSpec } from '../figures/style';
import type { LabelTable } from '../labels/model';
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

export type SectionResult = WrittenSection | SkippedSection;

/** A report section: a function of the inputs. */
export type ReportSection = (ctx: ReportContext) => SectionResult;

export function isSkippedSection(s: SectionResult): s is SkippedSection {
  return 'skipped' in s;
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
