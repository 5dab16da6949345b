/**
 * The FACS code grammar: reads the AU cell of any released ME label sheet into AuTokens.
 *
 * Total over what real sheets contain (DFME, CASME II, SAMM, MMEW, CAS(ME)^2/^3): every piece of a
 * cell ends either as a token or in `unreadable`, never dropped silently.
 *
 * Grammar (case-insensitive; full-width characters such as "，" are folded by NFKC first):
 *   cell        := "" | "none" | "null" | "nan" | "n/a" | "/" | "-" | piece (sep piece)*
 *   sep         := "+" | "," | ";" | "&"                        (extra and trailing separators are ignored)
 *   piece       := code | code ("or" code)+ | "(" code ("or" code)+ ")" | code ("/" code)+
 *                | "ref(" code ")" | "(" cell ")" | code (space code)+ | free text
 *   code        := [side "-"?] [kind "-"?] number [intensity] [suffix-side] [intensity] ["?"]
 *   side        := "L" | "R" | "T" | "B" | "A" | "L/R"          (L/R and A: unilateral, side not given → A)
 *   kind        := "AU" | "AD" | "M"                            (default AU)
 *   intensity   := A..E | "A/B"-style ranges                    (kept in `intensity`, dropped from the key)
 *   suffix-side := "L" | "R" | "L/R"                            ("12L" is "L12")
 *
 * Decisions (documented because sheets do not say):
 * - Alternatives ("(R6 or R12)", "14or23", "AD31/AD38") share an `alternative` group number: the
 *   coder saw one of them. Both are kept as tokens; analyses that count AUs count each of them.
 * - Comma lists do not distribute sides: "R4,5" is R-AU4 + AU5 (FACS writes each side explicitly,
 *   as in "R6+R12").
 * - `ref(43)`: FACS "reference" scoring. The coder records an action that is visible in the clip
 *   but is not part of the scored movement (typically AU43 eye closure of a blink next to the ME),
 *   for reference only. It is therefore NOT an AU of the expression: it goes to `references`, not
 *   to `tokens`, so AU counts and AU–emotion statistics do not include it; the original text stays
 *   in the sheet's `aus_raw`.
 * - One canonical key per FACS code, whatever the sheet's prefix (data/vocabulary.json, facs): 31, 38
 *   and 39 are the action descriptors AD31/AD38/AD39 (DFME writes AD38, CASME II and SAMM 38 or
 *   AU38; the paper's Table 3 lists them as miscellaneous actions), 51–58 are head movements M51–M58
 *   (M57 "head forward", Table 3). The text as written stays in `raw` and in the sheet's `aus_raw`.
 * - A dot between numbers separates codes ("1.2" is AU1+AU2, MEVIEW's spelling); a trailing ".0"
 *   (a number a spreadsheet stored, "12.0") is not a code.
 * - "?" marks uncertainty: "13?" is AU13 with `uncertain: true`; a lone "?" is unreadable.
 */
import type { AuKind, AuParse, AuSide, AuToken } from './au-types';
import { VOCABULARY } from './vocabulary';

const DESCRIPTORS = new Set(VOCABULARY.facs.descriptor_numbers);
const HEAD_MOVEMENTS = new Set(VOCABULARY.facs.head_movement_numbers);

/** The canonical kind of a FACS code number (AD31/38/39, M51–58), else the kind as written. */
function canonicalKind(number: number, written: AuKind): AuKind {
  if (DESCRIPTORS.has(number)) return 'AD';
  if (HEAD_MOVEMENTS.has(number)) return 'M';
  return written;
}

/** parseAus's result: the AuParse of au-types.ts plus the `ref(N)` reference codes kept apart. */
export interface AuParseResult extends AuParse {
  /** Codes written as ref(N): seen, recorded for reference, not part of the expression. */
  references: AuToken[];
}

const EMPTY_CELLS = new Set(['', 'none', 'null', 'nan', 'n/a', 'na', '/', '-', '—', 'no', 'nil']);

const CODE_RE =
  /^(?:(L\/R|R\/L|[LRTBA])\s*-?\s*(?=(?:AU|AD|M)?\s*-?\s*\d))?(?:(AU|AD|M)\s*-?\s*)?(\d{1,2})\s*(?:([A-E](?:\s*\/\s*[A-E])?)\s*)?(L\/R|R\/L|[LR])?\s*(?:([A-E](?:\s*\/\s*[A-E])?)\s*)?(\?)?$/i;

/**
 * Canonical key of one code: AU4, L-AU12, A-AU9, T-AU18, AD38, L-AD38, M57.
 * @example auCodeOf('AU', 12, 'L') // 'L-AU12'
 */
export function auCodeOf(kind: AuKind, number: number, side: AuSide): string {
  const base = `${kind}${number}`;
  return side ? `${side}-${base}` : base;
}

/**
 * How lateral variants of an AU are counted (the paper's Table 5 prints "L/R-AU12" for them); the one
 * home of melab's side rules (sides from data/vocabulary.json, facs.sided_prefixes / paper_lateral_key):
 * - `keep`: L-AU12, R-AU12 and A-AU12 stay apart (the canonical codes of the label model);
 * - `paper`: L-, R- and A- variants fold into the paper's "L/R-AU12" key (Table 5 footnote: "L/R means
 *   the Left/Right half part of an AU"); top/bottom variants (T-AU18, B-AU18) stay apart;
 * - `fold`: every sided variant (L, R, A, T, B, and the paper's L/R) folds into its AU ("L-AU12" → "AU12").
 */
export type LateralFold = 'keep' | 'paper' | 'fold';

const PAPER_KEY = VOCABULARY.facs.paper_lateral_key;
const SIDED = new RegExp(`^(${[PAPER_KEY.as, ...VOCABULARY.facs.sided_prefixes].map((p) => p.replace('/', '\\/')).join('|')})-((?:AU|AD|M)\\d+)$`);
const PAPER_SIDES = new Set([PAPER_KEY.as, ...PAPER_KEY.prefixes]);

/**
 * The key of a canonical AU code under a folding mode.
 * @example lateralKey('R-AU12', 'paper') // 'L/R-AU12'
 * @example lateralKey('R-AU12', 'fold') // 'AU12'
 * @example lateralKey('T-AU18', 'paper') // 'T-AU18'
 */
export function lateralKey(code: string, mode: LateralFold): string {
  if (mode === 'keep') return code;
  const m = SIDED.exec(code);
  if (!m) return code;
  if (mode === 'fold') return m[2];
  return PAPER_SIDES.has(m[1]) ? `${PAPER_KEY.as}-${m[2]}` : code;
}

/**
 * Drops the side from a canonical key, keeping the kind: 'L-AU12' → 'AU12', 'R-AD38' → 'AD38'
 * (lateralKey's `fold`). Table 5 of the paper counts L/R variants separately; fold them with this where a
 * table pools sides.
 */
export function foldSide(code: string): string {
  return lateralKey(code, 'fold');
}

/** True for a code on one half of the face (L, R, or A = unilateral, side not given; Table 5's "L/R-AU"). */
export function isLateral(code: string): boolean {
  return PAPER_KEY.prefixes.some((side) => code.startsWith(`${side}-`));
}

/** The AU number and kind of a key (canonical or folded), for ordering and for the 12-AU subset. */
export function parseAuKey(key: string): { kind: 'AU' | 'AD' | 'M' | 'other'; number: number; side: string | null } {
  const m = /^(?:(L\/R|[LRATB])-)?(AU|AD|M)(\d+)$/.exec(key);
  if (!m) return { kind: 'other', number: Number.POSITIVE_INFINITY, side: null };
  return { kind: m[2] as 'AU' | 'AD' | 'M', number: Number(m[3]), side: m[1] ?? null };
}

const KIND_ORDER: Record<string, number> = { AU: 0, AD: 1, M: 2, other: 3 };
const SIDE_ORDER: Record<string, number> = { 'L/R': 0, L: 1, R: 2, A: 3, T: 4, B: 5 };

/**
 * Orders AU keys as the paper's Table 5 does: bilateral AUs by number, then action descriptors (AD31,
 * AD38, AD39), head movements (M57, M58), then the sided variants by number (L/R-AU1 ... L/R-AU20).
 */
export function compareAuKeys(a: string, b: string): number {
  const x = parseAuKey(a);
  const y = parseAuKey(b);
  const sx = x.side === null ? 0 : 1;
  const sy = y.side === null ? 0 : 1;
  if (sx !== sy) return sx - sy;
  if (x.kind !== y.kind) return KIND_ORDER[x.kind] - KIND_ORDER[y.kind];
  if (x.number !== y.number) return x.number - y.number;
  const d = (SIDE_ORDER[x.side ?? ''] ?? -1) - (SIDE_ORDER[y.side ?? ''] ?? -1);
  return d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical text of a token list: codes joined by "+", alternatives as "(X or Y)", uncertain
 * codes with "?". parseAus(formatAus(tokens)) gives the same codes back.
 * @example formatAus(parseAus('4+L12B').tokens) // 'AU4+L-AU12'
 */
export function formatAus(tokens: readonly AuToken[]): string {
  const parts: string[] = [];
  const groups = new Map<number, string[]>();
  for (const t of tokens) {
    const text = t.code + (t.uncertain ? '?' : '');
    if (t.alternative === null) parts.push(text);
    else {
      let g = groups.get(t.alternative);
      if (!g) {
        g = [];
        groups.set(t.alternative, g);
        parts.push(`\u0000${t.alternative}`);
      }
      g.push(text);
    }
  }
  return parts
    .map((p) => (p.startsWith('\u0000') ? `(${(groups.get(Number(p.slice(1))) ?? []).join(' or ')})` : p))
    .join('+');
}

/** Reads one code ("L12B", "AU1", "AD38", "13?") or returns null. */
function parseCode(text: string, alternative: number | null, raw = text): AuToken | null {
  const m = CODE_RE.exec(text.trim());
  if (!m) return null;
  const [, pre, kindText, num, int1, post, int2, q] = m;
  if (pre && post) return null; // a side written twice ("L12R") is not a code
  if (int1 && int2) return null;
  const sideText = (pre ?? post ?? '').toUpperCase();
  const side: AuSide = sideText === '' ? null : sideText.includes('/') ? 'A' : (sideText as AuSide);
  const number = Number(num);
  const kind = canonicalKind(number, (kindText ? kindText.toUpperCase() : 'AU') as AuKind);
  const intensity = (int1 ?? int2)?.toUpperCase().replace(/\s+/g, '') ?? null;
  return { code: auCodeOf(kind, number, side), kind, number, side, intensity, uncertain: q === '?', alternative, raw: raw.trim() };
}

/** Splits at top-level separators, leaving parenthesised groups whole. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '+' || c === ',' || c === ';' || c === '&')) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

interface State {
  tokens: AuToken[];
  references: AuToken[];
  unreadable: string[];
  nextGroup: number;
}

/** Parses several codes that all must read; returns null when one does not. */
function allCodes(parts: string[], alternative: number | null): AuToken[] | null {
  const tokens: AuToken[] = [];
  for (const p of parts) {
    if (p.trim() === '') return null;
    const t = parseCode(p, alternative);
    if (!t) return null;
    tokens.push(t);
  }
  return tokens;
}

function parsePiece(piece: string, st: State): void {
  const text = piece.trim();
  if (text === '') return; // "4,7," and "4++7": empty pieces are separators, not content
  const single = parseCode(text, null);
  if (single) {
    st.tokens.push(single);
    return;
  }
  const ref = /^ref\s*\(\s*(.*?)\s*\)$/i.exec(text);
  if (ref) {
    const inner = allCodes(splitTopLevel(ref[1]).filter((s) => s.trim() !== ''), null);
    if (inner && inner.length > 0) {
      st.references.push(...inner.map((t) => ({ ...t, raw: text })));
      return;
    }
  }
  const paren = /^\((.*)\)$/.exec(text);
  const body = paren ? paren[1] : text;
  // alternatives: "(R6 or R12)", "14or23", "AD31/AD38/AD39"
  for (const sep of [/\s*or\s*/i, /\s*\/\s*/]) {
    const parts = body.split(sep);
    if (parts.length > 1) {
      const group = st.nextGroup;
      const alts = allCodes(parts, group);
      if (alts) {
        st.nextGroup++;
        st.tokens.push(...alts);
        return;
      }
    }
  }
  if (paren) {
    // "(12)" or "(4+7)": a parenthesised list without "or" reads as its contents
    const inner: State = { tokens: [], references: [], unreadable: [], nextGroup: st.nextGroup };
    for (const p of splitTopLevel(body)) parsePiece(p, inner);
    if (inner.unreadable.length === 0 && inner.tokens.length + inner.references.length > 0) {
      st.tokens.push(...inner.tokens);
      st.references.push(...inner.references);
      st.nextGroup = inner.nextGroup;
      return;
    }
  }
  // "4 7": codes separated by spaces only
  const words = text.split(/\s+/);
  if (words.length > 1) {
    const spaced = allCodes(words, null);
    if (spaced) {
      st.tokens.push(...spaced);
      return;
    }
  }
  st.unreadable.push(text);
}

function parseText(text: string): AuParseResult {
  let norm = text.normalize('NFKC').replace(/[\u200b\ufeff]/g, '').trim();
  // "1.2" (codes separated by a dot) and "12.0" (a stored number): see the decisions above
  if (/^\d{1,2}(\.\d{1,2})+$/.test(norm)) norm = norm.replace(/\.0+$/, '').split('.').join('+');
  if (EMPTY_CELLS.has(norm.toLowerCase())) return { tokens: [], references: [], unreadable: [], empty: true };
  const st: State = { tokens: [], references: [], unreadable: [], nextGroup: 1 };
  for (const piece of splitTopLevel(norm)) parsePiece(piece, st);
  const empty = st.tokens.length === 0 && st.references.length === 0 && st.unreadable.length === 0;
  return { tokens: st.tokens, references: st.references, unreadable: st.unreadable, empty };
}

const CACHE_LIMIT = 50_000;
const cache = new Map<string, AuParseResult>();

function freeze(p: AuParseResult): AuParseResult {
  for (const t of p.tokens) Object.freeze(t);
  for (const t of p.references) Object.freeze(t);
  Object.freeze(p.tokens);
  Object.freeze(p.references);
  Object.freeze(p.unreadable);
  return Object.freeze(p);
}

/**
 * Reads one AU cell of a label sheet. Total: any value gives a result; pieces that are not FACS
 * codes ("soft focus", "?") are returned in `unreadable`. Results are cached and frozen (real
 * sheets repeat the same few hundred AU strings), so treat them as read-only.
 * @example
 * parseAus('4+7+L10').tokens.map((t) => t.code) // ['AU4', 'AU7', 'L-AU10']
 * parseAus('R14+17+soft focus').unreadable       // ['soft focus']
 */
export function parseAus(raw: unknown): AuParseResult {
  const text = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : String(raw);
  const hit = cache.get(text);
  if (hit) return hit;
  const result = freeze(parseText(text));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, result);
  return result;
}
