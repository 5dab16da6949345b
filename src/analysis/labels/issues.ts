import { inspect } from 'node:util';

/** A problem found in an input file: where it is and what is wrong. Nothing is dropped without one. */
export interface Issue {
  file: string;
  /** 1-based row number in the file as a spreadsheet shows it (header row included); 0 when file-level. */
  row: number;
  column: string;
  value: string;
  problem: string;
  severity: 'error' | 'warning';
}

/**
 * An input the library cannot use at all: exits 2 in the CLI with this one-line message. A tslab
 * cell that throws one prints it with console.error (util.inspect), which would show a code frame
 * and a stack of melab internals around the message; `[inspect.custom]` makes that the one line
 * "MelabError: file, row, column, value: problem" (the stack stays in `.stack`).
 */
export class MelabError extends Error {
  constructor(message: string, readonly file = '', readonly row = 0, readonly column = '', readonly value = '') {
    super(message);
    this.name = 'MelabError';
  }

  [inspect.custom](): string {
    return `${this.name}: ${this.message}`;
  }
}

/** Builds the one-line message "file:row column "value": problem" used by every reader. */
export function describeLocation(file: string, row: number, column: string, value: unknown): string {
  const where = [file || '<input>', row > 0 ? `row ${row}` : '', column ? `column ${column}` : '']
    .filter(Boolean)
    .join(', ');
  return value === undefined || value === '' ? where : `${where}, value ${JSON.stringify(String(value))}`;
}

/** Throws a MelabError whose message names file, row, column and value. */
export function fail(file: string, row: number, column: string, value: unknown, problem: string): never {
  throw new MelabError(`${describeLocation(file, row, column, value)}: ${problem}`, file, row, column, String(value ?? ''));
}

/**
 * @example
 * melab.labels.formatIssue({ file: 'a.csv', row: 3, column: 'onset', value: 'x', problem: 'not a frame number', severity: 'error' }) // 'error: a.csv, row 3, column onset, value "x": not a frame number'
 */
export function formatIssue(issue: Issue): string {
  return `${issue.severity}: ${describeLocation(issue.file, issue.row, issue.column, issue.value)}: ${issue.problem}`;
}
