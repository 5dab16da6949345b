import { MelabError } from '../labels/issues';
import type { LabelTable } from '../labels/model';
import { loadDefaultLabels, readLabels } from '../labels/read';
import { stringOption, type OptionValues } from './command';

/** Option parsing shared by the protocol commands (splits, metrics, tables, compare, demo-predictions). */

/** A whole-number option (≥ min), or the default when absent; a clear error otherwise. */
export function intOption(values: OptionValues, name: string, fallback: number, min = 0): number {
  const v = stringOption(values, name);
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!/^\d+$/.test(v.trim()) || x < min) throw new MelabError(`option --${name} ${JSON.stringify(v)}: must be a whole number ≥ ${min}`);
  return x;
}

/** One of the allowed values of an option, or the default. */
export function choiceOption<T extends string>(values: OptionValues, name: string, allowed: readonly T[], fallback: T): T {
  const v = stringOption(values, name);
  if (v === undefined) return fallback;
  if (!allowed.includes(v as T)) throw new MelabError(`option --${name} ${JSON.stringify(v)}: must be one of ${allowed.join(', ')}`);
  return v as T;
}

/** --labels FILE [--format NAME], or the embedded default data when `defaultData` and no --labels. */
export function labelsOption(values: OptionValues, defaultData: boolean): LabelTable | undefined {
  const file = stringOption(values, 'labels');
  if (file) return readLabels(file, { format: stringOption(values, 'format') });
  return defaultData ? loadDefaultLabels() : undefined;
}
