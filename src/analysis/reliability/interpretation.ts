/**
 * Table 4 of the DFME paper (after Landis & Koch, 1977): the verbal interpretation of a kappa value.
 * Table 4 prints its bands at two decimals (≤0, 0.01–0.20, 0.21–0.40, ...); melab closes the gaps by
 * taking each band's upper bound as inclusive: (0, 0.20] slight, (0.20, 0.40] fair, and so on.
 */
export type KappaBand = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost perfect';

export interface KappaInterpretation {
  band: KappaBand;
  /** The wording of Table 4, e.g. "Substantial agreement". */
  label: string;
  /** Table 4's printed range, e.g. "0.61-0.80". */
  range: string;
}

/** Table 4, in order; `upper` is the inclusive upper bound of the band. */
export const KAPPA_BANDS: readonly (KappaInterpretation & { upper: number })[] = [
  { band: 'poor', label: 'Poor agreement', range: '≤ 0', upper: 0 },
  { band: 'slight', label: 'Slight agreement', range: '0.01-0.20', upper: 0.2 },
  { band: 'fair', label: 'Fair agreement', range: '0.21-0.40', upper: 0.4 },
  { band: 'moderate', label: 'Moderate agreement', range: '0.41-0.60', upper: 0.6 },
  { band: 'substantial', label: 'Substantial agreement', range: '0.61-0.80', upper: 0.8 },
  { band: 'almost perfect', label: 'Almost perfect agreement', range: '0.81-1.00', upper: Infinity },
];

/**
 * The Table 4 band of a kappa value; null for NaN (kappa undefined).
 * @example
 * melab.reliability.interpretKappa(0.72)?.label // 'Substantial agreement' (the paper's DFME result, Table 4)
 */
export function interpretKappa(kappa: number): KappaInterpretation | null {
  if (Number.isNaN(kappa)) return null;
  const hit = KAPPA_BANDS.find((b) => kappa <= b.upper) as (typeof KAPPA_BANDS)[number];
  return { band: hit.band, label: hit.label, range: hit.range };
}
