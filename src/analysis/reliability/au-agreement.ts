import type { AuToken } from '../labels/au-types';
import { foldSide, parseAus } from '../labels/au';
import { fail } from '../labels/issues';
import { num, plural, withSummary } from '../util/inspect-summary';

/** One sample's AU label by one coder: parsed tokens, or the raw AU cell ("4+L12B") that parseAus reads. */
export type CoderAus = readonly AuToken[] | string | null | undefined;

export interface AuAgreementOptions {
  /** Count L-AU12, R-AU12 and A-AU12 (and T/B variants) as AU12. Default false: sides kept, as Table 5. */
  foldSides?: boolean;
  /** Compare codes without intensity letters (default true: DFME's coders marked presence only, Sec. 3.3.2). */
  ignoreIntensity?: boolean;
  /** Leave out codes a coder marked uncertain ("13?"). Default false. */
  dropUncertain?: boolean;
  /** Sample names, for per_sample and errors (default "1", "2", ...). */
  samples?: readonly string[];
  /** For error messages. */
  file?: string;
}

export interface AuSampleAgreement {
  sample: string;
  /** 2|A₁ ∩ A₂| / (|A₁| + |A₂|); null when neither coder marked any AU (Eq. 1 is 0/0). */
  R: number | null;
  a: string[];
  b: string[];
  agreed: string[];
}

export interface AuAgreementResult {
  /** Eq. 1 pooled over samples: 2 Σ|A₁ ∩ A₂| / Σ(|A₁| + |A₂|) — the paper's R = 0.83. */
  R: number;
  /** Mean of the per-sample R over samples where it is defined (a macro average, not the paper's). */
  meanSampleR: number;
  /** Σ|A₁ ∩ A₂|: AUs both coders marked. */
  agreed: number;
  /** Σ|A₁| and Σ|A₂|: AUs each coder marked. */
  codedA: number;
  codedB: number;
  samples: number;
  /** Eq. 1 restricted to one AU code: 2·(samples where both marked it) / (samples A marked it + samples B marked it). */
  per_au: Record<string, { R: number; both: number; a: number; b: number }>;
  per_sample: AuSampleAgreement[];
  /** Text in AU cells that is not a FACS code, kept out of the comparison and listed here. */
  unreadable: { sample: string; coder: 'A' | 'B'; text: string }[];
  options: { foldSides: boolean; ignoreIntensity: boolean; dropUncertain: boolean };
}

/**
 * The AU reliability R between two FACS coders (Eq. 1 of the DFME paper):
 * R = 2 × |AU(A₁) ∩ AU(A₂)| / All_AU, pooled over all samples, plus R per AU and per sample.
 * AUs are compared on their canonical codes (labels/au.ts); each sample's codes form a set.
 * @example
 * melab.reliability.auAgreement(['4+7', '12'], ['4', '12']).R // 0.8 (Eq. 1: 2·2 / (3 + 2))
 */
export function auAgreement(coderA: readonly CoderAus[], coderB: readonly CoderAus[], opts: AuAgreementOptions = {}): AuAgreementResult {
  const file = opts.file ?? '';
  if (coderA.length !== coderB.length) fail(file, 0, '', '', `coder A has ${coderA.length} samples, coder B ${coderB.length}`);
  if (coderA.length === 0) fail(file, 0, '', '', 'no samples to compare');
  const foldSides = opts.foldSides ?? false;
  const ignoreIntensity = opts.ignoreIntensity ?? true;
  const dropUncertain = opts.dropUncertain ?? false;
  const unreadable: AuAgreementResult['unreadable'] = [];
  const name = (i: number): string => opts.samples?.[i] ?? String(i + 1);

  const keyOf = (t: AuToken): string => {
    let key = foldSides ? foldSide(t.code) : t.code;
    if (!ignoreIntensity && t.intensity) key += t.intensity.replace(/\s+/g, '');
    return key;
  };
  const setOf = (v: CoderAus, i: number, coder: 'A' | 'B'): Set<string> => {
    let tokens: readonly AuToken[];
    if (v === null || v === undefined || typeof v === 'string') {
      const parsed = parseAus(v ?? '');
      tokens = parsed.tokens;
      for (const text of parsed.unreadable) unreadable.push({ sample: name(i), coder, text });
    } else tokens = v;
    return new Set(tokens.filter((t) => !(dropUncertain && t.uncertain)).map(keyOf));
  };

  const perAu = new Map<string, { both: number; a: number; b: number }>();
  const bump = (code: string, field: 'both' | 'a' | 'b'): void => {
    let e = perAu.get(code);
    if (!e) perAu.set(code, (e = { both: 0, a: 0, b: 0 }));
    e[field]++;
  };
  const per_sample: AuSampleAgreement[] = [];
  let agreed = 0;
  let codedA = 0;
  let codedB = 0;
  let sumR = 0;
  let definedR = 0;
  for (let i = 0; i < coderA.length; i++) {
    const a = setOf(coderA[i], i, 'A');
    const b = setOf(coderB[i], i, 'B');
    const both = [...a].filter((c) => b.has(c));
    for (const c of a) bump(c, 'a');
    for (const c of b) bump(c, 'b');
    for (const c of both) bump(c, 'both');
    agreed += both.length;
    codedA += a.size;
    codedB += b.size;
    const total = a.size + b.size;
    const R = total === 0 ? null : (2 * both.length) / total;
    if (R !== null) {
      sumR += R;
      definedR++;
    }
    per_sample.push({ sample: name(i), R, a: [...a].sort(), b: [...b].sort(), agreed: both.sort() });
  }
  if (codedA + codedB === 0) fail(file, 0, '', '', 'neither coder marked any AU: R is undefined (0/0)');
  const per_au: AuAgreementResult['per_au'] = {};
  for (const code of [...perAu.keys()].sort(compareAuCodes)) {
    const e = perAu.get(code) as { both: number; a: number; b: number };
    per_au[code] = { R: (2 * e.both) / (e.a + e.b), ...e };
  }
  return withSummary({
    R: (2 * agreed) / (codedA + codedB),
    meanSampleR: definedR ? sumR / definedR : NaN,
    agreed,
    codedA,
    codedB,
    samples: coderA.length,
    per_au,
    per_sample,
    unreadable,
    options: { foldSides, ignoreIntensity, dropUncertain },
  }, summarizeAuAgreement);
}

/** A cell's value: R of Eq. 1 and what it pools. */
function summarizeAuAgreement(r: AuAgreementResult): string {
  return `AU agreement R (Eq. 1) = ${num(r.R)}: ${num(r.agreed)} AUs agreed of ${num(r.codedA)} + ${num(r.codedB)} coded; mean per-sample R ${num(r.meanSampleR)}\n` +
    `  n = ${plural(r.samples, 'sample')}, ${plural(Object.keys(r.per_au).length, 'AU code')}, ${plural(r.unreadable.length, 'unreadable cell')}`;
}

/** Orders codes as Table 5 does: by kind (AU, AD, M), then number, then side. */
function compareAuCodes(x: string, y: string): number {
  const parse = (c: string): [number, number, string] => {
    const m = /^(?:([LRTBA])-)?(AU|AD|M)(\d+)(.*)$/.exec(c);
    if (!m) return [9, 0, c];
    return [{ AU: 0, AD: 1, M: 2 }[m[2] as 'AU' | 'AD' | 'M'], Number(m[3]), (m[1] ?? '') + m[4]];
  };
  const [ka, na, sa] = parse(x);
  const [kb, nb, sb] = parse(y);
  return ka - kb || na - nb || (sa < sb ? -1 : sa > sb ? 1 : 0);
}
