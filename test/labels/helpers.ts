import * as path from 'node:path';
import type { LabelTable } from '../../src/analysis/labels/model';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'labels');
export const fixture = (name: string): string => path.join(FIXTURES, name);

/** Rows as plain objects with the AU tokens shown as their codes (what the tests compare by hand). */
export function plainRows(labels: LabelTable): Record<string, unknown>[] {
  return labels.table.objects().map((o) => {
    const r = o as Record<string, unknown>;
    return { ...r, aus: (r.aus as { code: string }[]).map((t) => t.code) };
  });
}

/** Issues as [row, column, value, severity] tuples, with the problem's first words for readability. */
export function issueTuples(labels: LabelTable): [number, string, string, string][] {
  return labels.issues.map((i) => [i.row, i.column, i.value, i.severity]);
}
