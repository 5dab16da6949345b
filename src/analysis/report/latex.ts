/**
 * Text that pdflatex typesets as written: LaTeX's special characters escaped, and the Unicode symbols
 * melab's tables use (≤ ≥ − × ± χ² κ P̄ …) as macros of the LaTeX kernel, so that a table compiles in
 * any paper with only `\usepackage{booktabs}` (and `graphicx` for the wide ones). Latin letters with
 * accents pass through (pdflatex reads UTF-8 since 2018); any other character is written as [U+XXXX],
 * visibly, instead of vanishing from the PDF.
 */
const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '{': '\\{', '}': '\\}',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '<': '\\textless{}', '>': '\\textgreater{}', '|': '\\textbar{}',
};

const math = (m: string): string => `\\ensuremath{${m}}`;
const sup = (t: string): string => `\\textsuperscript{${t}}`;
const sub = (t: string): string => `\\textsubscript{${t}}`;

const SYMBOLS: Record<string, string> = {
  '−': '\\textminus{}', '–': '--', '—': '---', '…': '\\ldots{}', '§': '\\S{}', '½': '\\textonehalf{}', '，': ',', '°': '\\textdegree{}',
  '×': math('\\times'), '±': math('\\pm'), '·': math('\\cdot'), '≤': math('\\leq'), '≥': math('\\geq'), '≠': math('\\neq'),
  '≈': math('\\approx'), '→': math('\\rightarrow'), '←': math('\\leftarrow'), '√': math('\\surd'), '∩': math('\\cap'), '∪': math('\\cup'),
  '⌊': math('\\lfloor'), '⌋': math('\\rfloor'), '⌈': math('\\lceil'), '⌉': math('\\rceil'), '◀': math('\\triangleleft'), '▶': math('\\triangleright'),
  '∞': math('\\infty'), '∑': math('\\sum'),
  α: math('\\alpha'), β: math('\\beta'), γ: math('\\gamma'), δ: math('\\delta'), ε: math('\\varepsilon'), ζ: math('\\zeta'), η: math('\\eta'),
  θ: math('\\theta'), κ: math('\\kappa'), λ: math('\\lambda'), μ: math('\\mu'), ν: math('\\nu'), ξ: math('\\xi'), π: math('\\pi'),
  ρ: math('\\rho'), σ: math('\\sigma'), τ: math('\\tau'), φ: math('\\phi'), χ: math('\\chi'), ψ: math('\\psi'), ω: math('\\omega'),
  Γ: math('\\Gamma'), Δ: math('\\Delta'), Θ: math('\\Theta'), Λ: math('\\Lambda'), Π: math('\\Pi'), Σ: math('\\Sigma'), Φ: math('\\Phi'), Ω: math('\\Omega'),
  '⁺': sup('+'), '⁻': sup('\\textminus{}'), 'ⁿ': sup('n'), '₍': sub('('), '₎': sub(')'), 'ᵢ': sub('i'), 'ⱼ': sub('j'),
  '¹': sup('1'), '²': sup('2'), '³': sup('3'),
};
'⁰⁴⁵⁶⁷⁸⁹'.split('').forEach((c, i) => { SYMBOLS[c] = sup(String(i === 0 ? 0 : i + 3)); });
'₀₁₂₃₄₅₆₇₈₉'.split('').forEach((c, i) => { SYMBOLS[c] = sub(String(i)); });

/** Combining accents after a letter: the text accent macro around it (P̄ → \={P}). */
const COMBINING: Record<string, string> = { '\u0304': '\\=', '\u0301': "\\'", '\u0300': '\\`', '\u0302': '\\^', '\u0303': '\\~', '\u0308': '\\"' };

/** Latin-1 and Latin Extended-A letters pdflatex's UTF-8 input knows (é, ö, ø, ł, ...). */
const isLatinLetter = (c: string): boolean => {
  const u = c.codePointAt(0) as number;
  return (u >= 0xc0 && u <= 0x17f && u !== 0xd7 && u !== 0xf7) || c === '¡' || c === '¿' || c === 'ß';
};

/**
 * LaTeX-safe text.
 * @example escapeLatex('κ ≥ 0.61 − 5%') // '\\ensuremath{\\kappa} \\ensuremath{\\geq} 0.61 \\textminus{} 5\\%'
 */
export function escapeLatex(s: string): string {
  const chars = Array.from(s.normalize('NFC'));
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const accent = COMBINING[chars[i + 1]];
    if (accent && /^[A-Za-z]$/.test(c)) {
      out += `${accent}{${c}}`;
      i++;
    } else if (SPECIAL[c]) out += SPECIAL[c];
    else if (SYMBOLS[c]) out += SYMBOLS[c];
    else if (c.charCodeAt(0) < 0x80) out += c === '\n' || c === '\r' || c === '\t' ? ' ' : c;
    else if (isLatinLetter(c)) out += c;
    else if (COMBINING[c]) continue; // an accent with no letter to sit on
    else out += `[U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}]`;
  }
  return out;
}
