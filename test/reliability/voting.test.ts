import { strict as assert } from 'node:assert';
import { MelabError } from '../../src/analysis';
import { resolveEmotionVotes } from '../../src/analysis/reliability';

describe('reliability: the emotion voting procedure (Sec. 3.3.2)', () => {
  const votes = [
    ['fear', 'fear', 'fear', 'fear', 'sadness', 'sadness', 'sadness'], // 4 votes: majority
    ['Happy', 'happiness', 'hap', 'Happiness', 'happy', 'others', 'surprise'], // spellings canonicalised: 5
    ['anger', 'anger', 'anger', 'disgust', 'disgust', 'disgust', 'fear'], // 3-3-1: second round
    ['anger', 'anger', 'anger', 'disgust', 'disgust', 'disgust', 'fear'], // 3-3-1, no second round: others
    ['surprise', 'surprise', 'surprise', 'surprise', 'surprise', 'surprise', 'surprise'],
  ];
  const second = ['', '', 'disgust', '', 'fear'];

  it('at least 4 of 7 wins; else the second-round decision; else others — with the rule that decided', () => {
    const r = resolveEmotionVotes(votes, { secondRound: second });
    assert.deepEqual(r.labels, ['fear', 'happiness', 'disgust', 'others', 'surprise']);
    assert.deepEqual(r.rules, ['majority', 'majority', 'second-round', 'others', 'majority']);
    assert.deepEqual(r.decidedBy, { majority: 3, 'second-round': 1, others: 1 });
    assert.deepEqual(r.firstRound.map((f) => f.votes), [4, 5, 3, 3, 7]);
    assert.equal(r.firstRound[2].label, null);
    // sample 5 had a majority and a second-round entry: listed, not used
    assert.deepEqual(r.unusedSecondRound, [4]);
  });

  it('without second-round input, unresolved samples are others', () => {
    assert.deepEqual(resolveEmotionVotes(votes.slice(2, 4)).labels, ['others', 'others']);
  });

  it('bad input names row and column: a missing vote, an unknown label, a wrong vote count, an impossible threshold', () => {
    const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof MelabError && re.test(e.message));
    const src = { file: 'votes.csv', columns: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'] };
    bad(() => resolveEmotionVotes([['fear', '', 'fear', 'fear', 'fear', 'fear', 'fear']], { source: src }), /votes\.csv, row 2, column A2: no vote/);
    bad(() => resolveEmotionVotes([['fear', 'joyful', 'fear', 'fear', 'fear', 'fear', 'fear']], { source: src }), /column A2, value "joyful": not an emotion/);
    bad(() => resolveEmotionVotes([['fear', 'fear']]), /has 2 votes, expected 7/);
    bad(() => resolveEmotionVotes([['a', 'b', 'c', 'd', 'e', 'f', 'g']], { minVotes: 3 }), /more than half/);
    bad(() => resolveEmotionVotes([votes[2]], { secondRound: ['bliss'], source: src }), /column SecondRound, value "bliss"/);
  });
});
