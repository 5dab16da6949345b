/** One FACS token of an AU cell, e.g. "L12B" → {code: "L-AU12", number: 12, side: "L", intensity: "B"}. */
export type AuSide = 'L' | 'R' | 'T' | 'B' | 'A' | null;
/** AU: action unit; AD: action descriptor (AD31/AD38/AD39 in DFME's Table 3); M: head movement (M57/M58). */
export type AuKind = 'AU' | 'AD' | 'M';

export interface AuToken {
  /** Canonical key: AU4, L-AU12, R-AU12, T-AU18, B-AU18, A-AU9, AD38, M57 (side kept, intensity dropped). */
  code: string;
  kind: AuKind;
  number: number;
  /** L/R: one half of the face; T/B: top/bottom; A: unilateral/asymmetric with the side not given (the paper's "L/R-AU"). */
  side: AuSide;
  /** FACS intensity letters A–E as written ("B", "A/B"), null when none. */
  intensity: string | null;
  /** "13?" — the coder marked the AU as uncertain. */
  uncertain: boolean;
  /** Tokens written as alternatives ("(R6 or R12)", "14or23") share a group number; null otherwise. */
  alternative: number | null;
  /** The text of the token as it stood in the sheet. */
  raw: string;
}

export interface AuParse {
  tokens: AuToken[];
  /** Pieces of the cell that are not FACS codes ("soft focus", "?"), kept and reported, never dropped silently. */
  unreadable: string[];
  /** The cell said there is no AU ("", "none", "null", "/"). */
  empty: boolean;
}
