/**
 * AU features of the synthetic generator: a bilateral canonical code (`AU4`, `AD38`, `M57`) or the
 * paper's lateral column `L/R-AUx` (Table 5), which a sample finally carries as `L-AUx` or `R-AUx`.
 */
import { lateralKey } from '../labels/au';

/** True for the lateral column keys `L/R-AUx`. */
export function isLateralFeature(feature: string): boolean {
  return feature.startsWith('L/R-');
}

/**
 * The facial action a feature occupies: `AU12` for `AU12`, `L/R-AU12`, `L-AU12` and `R-AU12`.
 * A sample carries at most one feature per slot (an AU is bilateral or one-sided, not both).
 */
const SLOTS = new Map<string, string>();
export function featureSlot(featureOrCode: string): string {
  let slot = SLOTS.get(featureOrCode);
  if (slot === undefined) SLOTS.set(featureOrCode, (slot = lateralKey(featureOrCode, 'fold')));
  return slot;
}

/** Folds a canonical code to its feature: `L-AU12` and `R-AU12` → `L/R-AU12`, others unchanged. */
export function featureOfCode(code: string): string {
  return lateralKey(code, 'paper');
}

/** The canonical code a feature is written as, given the side chosen for a lateral one. */
export function codeOfFeature(feature: string, side: 'L' | 'R'): string {
  return isLateralFeature(feature) ? `${side}-${feature.slice(4)}` : feature;
}

const KIND_ORDER: Record<string, number> = { AU: 0, AD: 1, M: 2 };

const SORT_KEYS = new Map<string, [number, number, string]>();
function sortKey(codeOrFeature: string): [number, number, string] {
  let key = SORT_KEYS.get(codeOrFeature);
  if (key === undefined) {
    const m = /^(AU|AD|M)(\d+)$/.exec(featureSlot(codeOrFeature));
    key = m ? [KIND_ORDER[m[1]], Number(m[2]), codeOrFeature] : [9, 0, codeOrFeature];
    SORT_KEYS.set(codeOrFeature, key);
  }
  return key;
}

/** Orders codes as an AU cell writes them: AUs, then ADs, then Ms, each by number (`AU4+AU7+L-AU12+AD38`). */
export function sortCodes(codes: readonly string[]): string[] {
  return codes.slice().sort((a, b) => {
    const [ka, na, sa] = sortKey(a);
    const [kb, nb, sb] = sortKey(b);
    return ka - kb || na - nb || (sa < sb ? -1 : sa > sb ? 1 : 0);
  });
}

/** An AU cell: canonical codes in cell order joined by '+'. */
export function auCell(codes: readonly string[]): string {
  return sortCodes(codes).join('+');
}

/** The combination key of a sample (features in cell order joined by '+'), as Table 7 writes them. */
export function combinationKey(features: Iterable<string>): string {
  return sortCodes([...features]).join('+');
}
