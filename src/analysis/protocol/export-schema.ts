/**
 * The JSON Schema of the prediction export (schema/prediction-export.schema.json) enforced with ajv:
 * compiled once per process, manifests and rows validated against it, a failure reported in melab's
 * one-line style naming file, row and field. CSV rows are typed as the schema describes before they
 * are validated (fold and au_true_* to integers, p_* and au_score_* to numbers; empty cells absent).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { fail } from '../labels/issues';
import { packageRoot } from '../util/package-root';

export const EXPORT_SCHEMA_FILE = path.join(packageRoot(), 'schema', 'prediction-export.schema.json');

/** RFC 3339 date-time (JSON Schema's "date-time" format): 2026-11-22T04:44:13Z, with optional fraction and offset. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

let compiled: { manifest: ValidateFunction; row: ValidateFunction } | undefined;

/** The two validators (manifest, row), compiled on first use. */
export function exportValidators(): { manifest: ValidateFunction; row: ValidateFunction } {
  if (compiled) return compiled;
  const schema = JSON.parse(fs.readFileSync(EXPORT_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  ajv.addSchema(schema, 'export');
  compiled = {
    manifest: ajv.getSchema('export#/$defs/manifest') as ValidateFunction,
    row: ajv.getSchema('export#/$defs/row') as ValidateFunction,
  };
  return compiled;
}

/** A CSV row (every cell a string or null) typed as the schema describes it. */
export function typedRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'string') { out[k] = v; continue; }
    if ((k === 'fold' || k.startsWith('au_true_')) && /^\d+$/.test(v)) out[k] = Number(v);
    else if ((k.startsWith('p_') || k.startsWith('au_score_')) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v)) out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}

/** One line for the first schema error: the field and what the schema wants. */
function describe(err: ErrorObject, value: Record<string, unknown>): { field: string; shown: unknown; why: string } {
  const field = err.instancePath.split('/').filter(Boolean).join('.') ||
    String((err.params as Record<string, unknown>).additionalProperty ?? (err.params as Record<string, unknown>).missingProperty ?? '');
  let shown: unknown = value;
  for (const key of err.instancePath.split('/').filter(Boolean)) shown = (shown as Record<string, unknown> | undefined)?.[key];
  if (!err.instancePath) shown = field ? value[field] : '';
  const p = err.params as Record<string, unknown>;
  const why: Record<string, string> = {
    additionalProperties: `column "${p.additionalProperty}" is not in the prediction export schema (rename a column of your own x_${p.additionalProperty}, or drop it)`,
    required: `missing field "${p.missingProperty}"`,
    type: field.startsWith('p_') || field.startsWith('au_score_') ? 'not a number (probabilities must be finite)' : `must be ${String(p.type).replace(',', ' or ')}`,
    minimum: `must be ≥ ${p.limit}`,
    maximum: field.startsWith('p_') || field.startsWith('au_score_') ? 'outside [0, 1]' : `must be ≤ ${p.limit}`,
    exclusiveMinimum: `must be > ${p.limit}`,
    exclusiveMaximum: `must be < ${p.limit}`,
    enum: `must be one of ${JSON.stringify(p.allowedValues)}`,
    const: `must be ${JSON.stringify(p.allowedValue)}`,
    minLength: 'must not be empty',
    minItems: 'must not be empty',
    uniqueItems: 'holds a name twice',
    pattern: `does not match ${p.pattern}`,
    format: `not a valid ${p.format} (e.g. 2026-11-22T04:44:13Z)`,
    dependentRequired: `"${p.property}" needs "${p.missingProperty}"`,
    anyOf: 'a row needs y_true and y_pred (emotion) or au_true_ columns (AU)',
    oneOf: field === 'fold' ? 'fold must be a non-negative integer or a text label' : 'does not match the schema',
  };
  return { field, shown: shown === undefined || shown === null ? '' : typeof shown === 'object' ? JSON.stringify(shown) : shown, why: `${why[err.keyword] ?? err.message ?? 'does not match the schema'} (${path.basename(EXPORT_SCHEMA_FILE)})` };
}

/** Validates a manifest object; a failure is a one-line error naming the manifest and the field. */
export function checkManifestSchema(file: string, manifest: unknown): void {
  const { manifest: validate } = exportValidators();
  if (!validate(manifest)) {
    const d = describe((validate.errors as ErrorObject[])[0], manifest as Record<string, unknown>);
    fail(file, 0, d.field, d.shown, d.why);
  }
}

/** The column names the row schema allows: its properties and its patternProperties. */
function allowedColumn(): (name: string) => boolean {
  const schema = JSON.parse(fs.readFileSync(EXPORT_SCHEMA_FILE, 'utf8')) as { $defs: { row: { properties: object; patternProperties: object } } };
  const names = new Set(Object.keys(schema.$defs.row.properties));
  const patterns = Object.keys(schema.$defs.row.patternProperties).map((p) => new RegExp(p));
  return (name) => names.has(name) || patterns.some((re) => re.test(name));
}
let isAllowedColumn: ((name: string) => boolean) | undefined;

/** Every column of the header must be one the schema allows (row 1 of the file). */
export function checkColumnsSchema(file: string, columns: readonly string[]): void {
  isAllowedColumn ??= allowedColumn();
  const stray = columns.find((c) => !isAllowedColumn!(c));
  if (stray !== undefined) {
    fail(file, 1, stray, stray, `column "${stray}" is not in the prediction export schema (${path.basename(EXPORT_SCHEMA_FILE)}): rename a column of your own x_${stray}, or drop it`);
  }
}

/** Why one row (a CSV row's cells typed first) fails the row schema: its field, value shown and reason; null when valid. */
export function rowSchemaFailure(row: Record<string, unknown>, csv: boolean): { field: string; shown: unknown; why: string } | null {
  const { row: validate } = exportValidators();
  const r = csv ? typedRow(row) : row;
  return validate(r) ? null : describe((validate.errors as ErrorObject[])[0], r);
}

/** Validates every row (typed as the schema says); the first failure names file, row and field. */
export function checkRowsSchema(file: string, rows: readonly Record<string, unknown>[], lines: readonly number[], csv: boolean): void {
  for (let i = 0; i < rows.length; i++) {
    const d = rowSchemaFailure(rows[i], csv);
    if (d) fail(file, lines[i], d.field, d.shown, d.why);
  }
}
