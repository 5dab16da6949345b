/**
 * How a result object prints when it is a notebook cell's value (or `console.log`ged): util.inspect
 * would dump every field (per-sample arrays, typed arrays, the whole TableSpec). `withSummary` gives a
 * result a short text instead: its own line(s) (what it is and its key numbers, from the statistic's
 * module), then one line per table it carries (title, size, caption) and the names of its fields.
 *
 * The summary is a non-enumerable `util.inspect.custom` property, so JSON.stringify, Object.keys,
 * spreads and deep-equality tests do not see it. One shared inspector per summarize function.
 */
import { inspect } from 'node:util';
import type { TableSpec } from './table-spec';

/** What a result says about itself: one line (or a few, joined by '\n') with its key numbers. */
export type Summarize<T> = (value: T) => string;

const inspectors = new WeakMap<Summarize<never>, (this: object) => string>();

/**
 * Makes `value` print as `summarize(value)` plus its tables and fields under util.inspect (a
 * notebook cell's value). Returns `value` itself.
 */
export function withSummary<T extends object>(value: T, summarize: Summarize<T>): T {
  let inspector = inspectors.get(summarize as Summarize<never>);
  if (!inspector) {
    inspector = function (this: object): string {
      return resultSummary(this as T, summarize);
    };
    inspectors.set(summarize as Summarize<never>, inspector);
  }
  Object.defineProperty(value, inspect.custom, { value: inspector, enumerable: false, writable: true, configurable: true });
  return value;
}

/** The text `withSummary` prints: the result's own lines, its tables, its fields. */
export function resultSummary<T extends object>(value: T, summarize: Summarize<T>): string {
  const lines = summarize(value).split('\n');
  const v = value as { table?: unknown; tables?: unknown };
  const tables = [v.table, ...(Array.isArray(v.tables) ? v.tables : [])].filter(isTableSpec);
  for (const t of tables) lines.push(`  ${tableLine(t)}`);
  lines.push(`  fields: ${Object.keys(value).join(', ')}`);
  lines.push(`  melab.show(…) renders ${tables.length === 1 ? 'the table' : tables.length ? 'the tables' : 'it as a table'}`);
  return lines.join('\n');
}

/** One line about a table: its title, size and caption (shortened). */
export function tableLine(t: TableSpec): string {
  const caption = t.caption ? ` — ${shorten(t.caption, 110)}` : '';
  return `table "${t.title}" (${count(t.rows.length)} rows × ${t.columns.length} columns)${caption}`;
}

/** A number as a summary prints it: integers with thousands separators, others with `digits` decimals. */
export function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  return Number.isInteger(x) ? count(x) : x.toFixed(digits);
}

/** A p-value as a summary prints it: 3 decimals, "< 0.001" below. */
export function pValue(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** "1 item", "2,000 items". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function shorten(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1).trimEnd()}…`;
}

function isTableSpec(v: unknown): v is TableSpec {
  const t = v as TableSpec | null;
  return typeof t === 'object' && t !== null && typeof t.title === 'string' && Array.isArray(t.columns) && Array.isArray(t.rows);
}
