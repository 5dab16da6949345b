import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** One `melab <name>` command: its options (node:util parseArgs) and what it does. No logic beyond I/O. */
export interface Command {
  summary: string;
  usage: string;
  options: OptionSpec;
  /** Writes its output to stdout; returns the exit code (0 unless stated). */
  run(values: OptionValues, positionals: string[]): Promise<number | void> | number | void;
}

/** Prints exactly one JSON object on stdout (the `--json` contract of DESIGN.md). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
