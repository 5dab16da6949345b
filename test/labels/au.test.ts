import { strict as assert } from 'node:assert';
import { auCodeOf, foldSide, formatAus, isLateral, parseAus } from '../../src/analysis/labels/au';
import type { AuToken } from '../../src/analysis/labels/au-types';

/** A token as expected, worked out by hand from the grammar in au.ts (defaults: no side, no intensity, sure, no group). */
function tok(code: string, raw: string, extra: Partial<AuToken> = {}): AuToken {
  const m = /^(?:([LRTBA])-)?(AU|AD|M)(\d+)$/.exec(code);
  if (!m) throw new Error(`bad code in test: ${code}`);
  return {
    code, kind: m[2] as AuToken['kind'], number: Number(m[3]), side: (m[1] ?? null) as AuToken['side'],
    intensity: null, uncertain: false, alternative: null, raw, ...extra,
  };
}

const codes = (raw: unknown) => parseAus(raw).tokens.map((t) => t.code);

describe('labels/au: the FACS code grammar', () => {
  it('4+7+L10: plus-separated codes, a left-side prefix', () => {
    const p = parseAus('4+7+L10');
    assert.deepEqual(p.tokens, [tok('AU4', '4'), tok('AU7', '7'), tok('L-AU10', 'L10')]);
    assert.deepEqual(p.unreadable, []);
    assert.equal(p.empty, false);
  });

  it('R6+R12: right-side prefixes', () => {
    assert.deepEqual(parseAus('R6+R12').tokens, [tok('R-AU6', 'R6'), tok('R-AU12', 'R12')]);
  });

  it('12L and 4R: the side written after the number', () => {
    assert.deepEqual(parseAus('12L').tokens, [tok('L-AU12', '12L')]);
    assert.deepEqual(parseAus('4R').tokens, [tok('R-AU4', '4R')]);
  });

  it('L/R-AU12: unilateral with the side not given is side A (the paper\'s Table 5 "L/R-AU12")', () => {
    assert.deepEqual(parseAus('L/R-AU12').tokens, [tok('A-AU12', 'L/R-AU12')]);
    assert.deepEqual(codes('12L/R'), ['A-AU12']);
  });

  it('AU1+AU2: the AU prefix', () => {
    assert.deepEqual(parseAus('AU1+AU2').tokens, [tok('AU1', 'AU1'), tok('AU2', 'AU2')]);
    assert.deepEqual(codes('au12'), ['AU12']);
    assert.deepEqual(codes('AU 12'), ['AU12']);
  });

  it('5B, 43E, 10A/B: intensity letters kept in intensity, dropped from the key', () => {
    assert.deepEqual(parseAus('5B').tokens, [tok('AU5', '5B', { intensity: 'B' })]);
    assert.deepEqual(parseAus('43E').tokens, [tok('AU43', '43E', { intensity: 'E' })]);
    assert.deepEqual(parseAus('10A/B').tokens, [tok('AU10', '10A/B', { intensity: 'A/B' })]);
    assert.deepEqual(parseAus('L12B').tokens, [tok('L-AU12', 'L12B', { intensity: 'B' })]);
  });

  it('A9: a prefix A is asymmetric (side A), not intensity', () => {
    assert.deepEqual(parseAus('A9').tokens, [tok('A-AU9', 'A9')]);
  });

  it('T18 and B18: top and bottom', () => {
    assert.deepEqual(parseAus('T18').tokens, [tok('T-AU18', 'T18')]);
    assert.deepEqual(parseAus('B18').tokens, [tok('B-AU18', 'B18')]);
  });

  it('ref(43): a FACS reference code, kept in references and not among the tokens', () => {
    const p = parseAus('ref(43)');
    assert.deepEqual(p.tokens, []);
    assert.deepEqual(p.references, [tok('AU43', 'ref(43)')]);
    assert.deepEqual(p.unreadable, []);
    assert.equal(p.empty, false, 'a cell holding only a reference is not an empty cell');
    const q = parseAus('A9+ref(43)');
    assert.deepEqual(q.tokens, [tok('A-AU9', 'A9')]);
    assert.deepEqual(q.references.map((t) => t.code), ['AU43']);
  });

  it('(R6 or R12)+R15: parenthesised alternatives share a group', () => {
    assert.deepEqual(parseAus('(R6 or R12)+R15').tokens, [
      tok('R-AU6', 'R6', { alternative: 1 }), tok('R-AU12', 'R12', { alternative: 1 }), tok('R-AU15', 'R15'),
    ]);
  });

  it('14or23: alternatives written without spaces', () => {
    assert.deepEqual(parseAus('14or23').tokens, [tok('AU14', '14', { alternative: 1 }), tok('AU23', '23', { alternative: 1 })]);
  });

  it('two alternative groups in one cell get groups 1 and 2', () => {
    assert.deepEqual(parseAus('(1 or 2)+(4 or 7)').tokens.map((t) => [t.code, t.alternative]),
      [['AU1', 1], ['AU2', 1], ['AU4', 2], ['AU7', 2]]);
  });

  it('R14+17+soft focus: free text is kept in unreadable, the codes are read', () => {
    const p = parseAus('R14+17+soft focus');
    assert.deepEqual(p.tokens, [tok('R-AU14', 'R14'), tok('AU17', '17')]);
    assert.deepEqual(p.unreadable, ['soft focus']);
  });

  it('L12 + 61: spaces around the plus', () => {
    assert.deepEqual(parseAus('L12 + 61').tokens, [tok('L-AU12', 'L12'), tok('AU61', '61')]);
  });

  it('R4,5: a comma list; the side does not distribute', () => {
    assert.deepEqual(parseAus('R4,5').tokens, [tok('R-AU4', 'R4'), tok('AU5', '5')]);
  });

  it('4，11: a full-width comma (U+FF0C) separates like a comma', () => {
    assert.deepEqual(parseAus('4\uff0c11').tokens, [tok('AU4', '4'), tok('AU11', '11')]);
  });

  it('trailing and doubled separators are not content', () => {
    assert.deepEqual(codes('4,7,'), ['AU4', 'AU7']);
    assert.deepEqual(codes('1+2+5B,'), ['AU1', 'AU2', 'AU5']);
    assert.deepEqual(codes('4++7'), ['AU4', 'AU7']);
    assert.deepEqual(parseAus('4,7,').unreadable, []);
  });

  it('13?: an uncertain code; a lone ? is unreadable', () => {
    assert.deepEqual(parseAus('13?').tokens, [tok('AU13', '13?', { uncertain: true })]);
    const q = parseAus('?');
    assert.deepEqual(q.tokens, []);
    assert.deepEqual(q.unreadable, ['?']);
    assert.equal(q.empty, false);
  });

  it('none, null, "", "/" and missing values are empty cells', () => {
    for (const v of ['none', 'null', 'NONE', '', '  ', '/', null, undefined]) {
      const p = parseAus(v);
      assert.deepEqual([p.tokens, p.unreadable, p.empty], [[], [], true], `cell ${JSON.stringify(v)}`);
    }
  });

  it('AD31/AD38/AD39: DFME\'s action descriptors, slash-separated as alternatives', () => {
    assert.deepEqual(parseAus('AD31/AD38/AD39').tokens, [
      tok('AD31', 'AD31', { alternative: 1 }), tok('AD38', 'AD38', { alternative: 1 }), tok('AD39', 'AD39', { alternative: 1 }),
    ]);
    assert.deepEqual(parseAus('AD38').tokens, [tok('AD38', 'AD38')]);
  });

  it('M57/M58: DFME\'s head movements', () => {
    assert.deepEqual(parseAus('M57/M58').tokens, [tok('M57', 'M57', { alternative: 1 }), tok('M58', 'M58', { alternative: 1 })]);
    assert.deepEqual(parseAus('AU4+AU5+M57').tokens.map((t) => [t.code, t.kind]), [['AU4', 'AU'], ['AU5', 'AU'], ['M57', 'M']]);
  });

  it('L-AU12, R-AU12, A-AU9, L-AD38: the canonical keys read back as themselves', () => {
    assert.deepEqual(parseAus('L-AU12').tokens, [tok('L-AU12', 'L-AU12')]);
    assert.deepEqual(parseAus('R-AU12').tokens, [tok('R-AU12', 'R-AU12')]);
    assert.deepEqual(parseAus('A-AU9').tokens, [tok('A-AU9', 'A-AU9')]);
    assert.deepEqual(parseAus('L-AD38').tokens, [tok('L-AD38', 'L-AD38')]);
  });

  it('codes separated by spaces only, numbers as numbers, parenthesised lists', () => {
    assert.deepEqual(codes('4 7'), ['AU4', 'AU7']);
    assert.deepEqual(codes(12), ['AU12']);
    assert.deepEqual(codes('(4+7)'), ['AU4', 'AU7']);
  });

  it('a side written twice or out-of-range numbers are unreadable, never guessed', () => {
    assert.deepEqual(parseAus('L12R').unreadable, ['L12R']);
    assert.deepEqual(parseAus('4+100').unreadable, ['100']);
    assert.deepEqual(parseAus('head forward').unreadable, ['head forward']);
  });

  it('results are cached and frozen (a consumer cannot corrupt a shared parse)', () => {
    const a = parseAus('6+12');
    assert.equal(parseAus('6+12'), a);
    assert.ok(Object.isFrozen(a.tokens) && Object.isFrozen(a.tokens[0]));
    assert.throws(() => (a.tokens as AuToken[]).push(tok('AU1', '1')));
  });
});

describe('labels/au: canonical keys', () => {
  it('auCodeOf builds keys with the side kept', () => {
    assert.equal(auCodeOf('AU', 4, null), 'AU4');
    assert.equal(auCodeOf('AU', 12, 'L'), 'L-AU12');
    assert.equal(auCodeOf('AU', 9, 'A'), 'A-AU9');
    assert.equal(auCodeOf('AD', 38, null), 'AD38');
    assert.equal(auCodeOf('M', 57, null), 'M57');
  });

  it('foldSide drops the side and keeps the kind', () => {
    assert.equal(foldSide('L-AU12'), 'AU12');
    assert.equal(foldSide('A-AU9'), 'AU9');
    assert.equal(foldSide('B-AU18'), 'AU18');
    assert.equal(foldSide('R-AD38'), 'AD38');
    assert.equal(foldSide('AU4'), 'AU4');
    assert.equal(foldSide('M57'), 'M57');
  });

  it('isLateral is true for L, R and A (one half of the face), false for T/B and bilateral codes', () => {
    assert.deepEqual(['L-AU12', 'R-AU12', 'A-AU9', 'T-AU18', 'B-AU18', 'AU4', 'AD38'].map(isLateral),
      [true, true, true, false, false, false, false]);
  });

  it('formatAus writes the canonical string, and parseAus reads it back to the same codes', () => {
    assert.equal(formatAus(parseAus('4+L12B').tokens), 'AU4+L-AU12');
    for (const cell of ['4+7+L10', '(R6 or R12)+R15', '13?', 'L/R-AU12+T18', 'AD38+M57', '14or23']) {
      const tokens = parseAus(cell).tokens;
      const again = parseAus(formatAus(tokens)).tokens;
      assert.deepEqual(again.map((t) => [t.code, t.uncertain, t.alternative]), tokens.map((t) => [t.code, t.uncertain, t.alternative]), cell);
    }
    assert.equal(formatAus(parseAus('(R6 or R12)+R15').tokens), '(R-AU6 or R-AU12)+R-AU15');
    assert.equal(formatAus([]), '');
  });
});
