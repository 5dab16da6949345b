/**
 * The checks of a synthetic DFME-like file set against the paper, as mocha specs that run on any folder
 * holding the three files (the committed data/ and a fresh generation with another seed).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auAgreement, fleissKappa, resolveEmotionVotes } from '../../src/analysis/reliability';
import { firstParticipants, percentWith, rankedCombinations, readSynthetic, type ReadSample } from './label-checks';
import {
  PAPER_EMOTION_IDS, PAPER_TABLE1, PAPER_TABLE5, PAPER_TABLE6, PAPER_TABLE7, PAPER_TABLE7_SHARED, SHARED_NEGATIVE_EMOTIONS,
} from './paper-numbers';
import { assertClose } from '../helpers/close';

const LABELS = 'dfme-synthetic-labels.csv';
const VOTES = 'dfme-synthetic-emotion-votes.csv';
const CODERS = 'dfme-synthetic-au-coders.csv';

/** The CSV files hold no quoted cells (ids, numbers, emotion names, AU codes), so a split reads them. */
function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

function tally<T>(items: Iterable<T>): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

export function paperTableSpecs(dir: () => string): void {
  let samples: ReadSample[] = [];
  let issues = -1;
  before(() => ({ samples, issues } = readSynthetic(path.join(dir(), LABELS))));

  it('reads as the DFME release format plus Part and Gender, with no issue', () => {
    assert.deepEqual(readCsv(path.join(dir(), LABELS)).header,
      ['Subject', 'Filename', 'OnsetFrame', 'ApexFrame', 'OffsetFrame', 'Emotion', 'EmotionId', 'Fps', 'AU', 'Part', 'Gender']);
    assert.equal(issues, 0);
    assert.equal(new Set(samples.map((s) => s.row.clip)).size, samples.length, 'file names are unique');
  });

  it('Table 1 / Sec. 3.4: 7,526 samples, 656 participants, 7,275 with the seven emotions', () => {
    assert.equal(samples.length, 7526);
    assert.equal(new Set(samples.map((s) => s.subject)).size, 656);
    assert.equal(samples.filter((s) => s.emotion !== 'others').length, 7275);
  });

  for (const [part, t] of Object.entries(PAPER_TABLE1)) {
    it(`Table 1, PART ${part}: ${t.participants} participants (${t.male}/${t.female}), ${t.samples} samples at ${t.fps} fps, every emotion count`, () => {
      const rows = samples.filter((s) => s.part === part);
      assert.equal(rows.length, t.samples);
      assert.ok(rows.every((s) => s.fps === t.fps), 'every row at the part frame rate');
      const gender = new Map<string, Set<string>>();
      for (const s of rows) gender.set(s.subject, (gender.get(s.subject) ?? new Set()).add(s.gender));
      assert.equal(gender.size, t.participants);
      assert.ok([...gender.values()].every((g) => g.size === 1), 'one gender per participant');
      const g = tally([...gender.values()].map((x) => [...x][0]));
      assert.deepEqual([g.get('M'), g.get('F')], [t.male, t.female]);
      assert.deepEqual(Object.fromEntries(tally(rows.map((s) => s.emotion))), { ...t.emotions });
    });
  }

  it('participants do not span parts, and the parts come in file order A, B, C', () => {
    const partOf = new Map<string, Set<string>>();
    for (const s of samples) partOf.set(s.subject, (partOf.get(s.subject) ?? new Set()).add(s.part));
    assert.ok([...partOf.values()].every((p) => p.size === 1));
    assert.deepEqual([...new Set(samples.map((s) => s.part))], ['A', 'B', 'C']);
  });

  it('EmotionId follows Sec. 3.3.3 numbering (1 happiness … 7 surprise, 8 others)', () => {
    for (const s of samples) assert.equal(Number(s.row.emotion_id), PAPER_EMOTION_IDS[s.emotion], `${s.row.clip}`);
  });

  it('Table 5: every AU count exactly (L/R = samples with L- or R- variant), total 12,928 = 1.718 per sample', () => {
    const counts = tally(samples.flatMap((s) => s.features));
    assert.deepEqual(Object.fromEntries([...counts].sort()), Object.fromEntries(Object.entries(PAPER_TABLE5).sort()));
    const total = samples.reduce((a, s) => a + s.codes.length, 0);
    assert.equal(total, 12928);
    assert.equal((total / samples.length).toFixed(3), '1.718');
    const sides = tally(samples.flatMap((s) => s.codes.filter((c) => /^[LR]-/.test(c)).map((c) => c[0])));
    assert.ok((sides.get('L') ?? 0) > 0 && (sides.get('R') ?? 0) > 0, 'one-sided AUs written as L- and R- codes');
  });

  it('Table 5: the 12-AU subset (AU1,2,4,5,6,7,9,10,12,14,15,17, sides folded) covers 11,439 / 12,928 = 88.48 %', () => {
    const subset = new Set([1, 2, 4, 5, 6, 7, 9, 10, 12, 14, 15, 17]);
    const n = samples.reduce((a, s) => a + s.codes.filter((c) => /^(?:[LR]-)?AU(\d+)$/.test(c) && subset.has(Number(/AU(\d+)$/.exec(c)![1]))).length, 0);
    assert.equal(n, 11439);
    assert.equal(((100 * n) / 12928).toFixed(2), '88.48');
  });

  it('every sample carries at least one AU and each facial action at most once (not AU12 with L-AU12)', () => {
    for (const s of samples) {
      assert.ok(s.codes.length >= 1, `${s.row.clip} has no AU`);
      const actions = s.codes.map((c) => c.replace(/^[LR]-/, ''));
      assert.equal(new Set(actions).size, actions.length, `${s.row.clip}: ${s.codes.join('+')}`);
    }
  });

  // Tolerance 0.3 points, as measured: the generator meets each Table 6 percentage to the nearest whole sample,
  // so a percentage is off by at most half a sample of its emotion, 50 / n points; contempt is the rarest emotion
  // among the first 300 participants (184–194 samples over seeds 1–40: 0.26–0.27 points). Worst deviation measured
  // with percentWith below: 0.22 on data/ (contempt L/R-AU10 10.82 % vs 10.6 %), 0.24 with seed 12345, 0.27 over
  // seeds 1–40, never above 50 / n. test/stats/paper.test.ts holds the default data to the same 0.3.
  it("Table 6: every percentage within 0.3 points on the first 300 participants (file order)", () => {
    const first = firstParticipants(samples, 300);
    assert.equal(new Set(first.map((s) => s.subject)).size, 300);
    for (const [emotion, aus] of Object.entries(PAPER_TABLE6)) {
      for (const [au, pct] of Object.entries(aus)) {
        const got = percentWith(first, emotion, au);
        assertClose(got, pct, 0.3, `${emotion} ${au} % vs Table 6`);
      }
    }
  });

  it('Table 6 lists the high-occurrence AUs: every AU it leaves out of an emotion is rarer there than its lowest entry', () => {
    const first = firstParticipants(samples, 300);
    const features = new Set(first.flatMap((s) => s.features));
    for (const [emotion, aus] of Object.entries(PAPER_TABLE6)) {
      const lowest = Math.min(...Object.values(aus));
      for (const f of features) {
        if (f in aus) continue;
        const got = percentWith(first, emotion, f);
        assert.ok(got < lowest, `${emotion} ${f}: ${got.toFixed(2)} % not below Table 6's lowest ${lowest} %`);
      }
    }
  });

  for (const [scope, pick] of [['first 300 participants', (s: ReadSample[]) => firstParticipants(s, 300)], ['all samples', (s: ReadSample[]) => s]] as const) {
    it(`Table 7: each emotion's combinations (and the shared ones) are its most frequent AU sets (${scope})`, () => {
      const rows = pick(samples);
      for (const [emotion, own] of Object.entries(PAPER_TABLE7)) {
        const combos = SHARED_NEGATIVE_EMOTIONS.includes(emotion) ? [...own, ...PAPER_TABLE7_SHARED] : own;
        const top = rankedCombinations(rows, [emotion]).slice(0, combos.length);
        assert.deepEqual([...top].sort(), [...combos].sort(), `${emotion}: top ${combos.length} are ${top.join(', ')}`);
      }
      const shared = rankedCombinations(rows, SHARED_NEGATIVE_EMOTIONS).slice(0, PAPER_TABLE7_SHARED.length);
      assert.deepEqual([...shared].sort(), [...PAPER_TABLE7_SHARED].sort());
    });
  }

  it('Sec. 3.3.2 ME rule on every row: offset−onset+1 ≤ 0.5 s·fps or apex−onset+1 ≤ 0.25 s·fps; onset ≤ apex ≤ offset', () => {
    for (const s of samples) {
      const { onset, apex, offset } = s.row as { onset: number; apex: number; offset: number };
      assert.ok(onset <= apex && apex <= offset, `${s.row.clip}: ${onset} ${apex} ${offset}`);
      assert.ok(offset - onset + 1 <= 0.5 * s.fps || apex - onset + 1 <= 0.25 * s.fps, `${s.row.clip} is not an ME at ${s.fps} fps`);
    }
  });

  it('durations are realistic: at least 80 % of MEs last 0.2–0.5 s, none under 0.1 s', () => {
    const seconds = samples.map((s) => ((s.row.offset as number) - (s.row.onset as number) + 1) / s.fps);
    assert.ok(seconds.filter((x) => x >= 0.2 && x <= 0.5).length >= 0.8 * seconds.length);
    assert.ok(Math.min(...seconds) >= 0.1);
    // Some clips are longer than 0.5 s and are MEs by the onset-to-apex clause alone.
    assert.ok(seconds.some((x) => x > 0.5));
  });
}

export function annotationSpecs(dir: () => string): void {
  let emotions: string[] = [];
  let finalAus: string[] = [];
  let filenames: string[] = [];
  before(() => {
    const labels = readCsv(path.join(dir(), LABELS));
    filenames = labels.rows.map((r) => r[1]);
    emotions = labels.rows.map((r) => r[5]);
    finalAus = labels.rows.map((r) => r[8]);
  });

  it("Sec. 3.3.2 voting: ≥4 of 7 votes wins, else the second round, else 'others' — yields exactly the Emotion column", () => {
    const { header, rows } = readCsv(path.join(dir(), VOTES));
    assert.deepEqual(header, ['Filename', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'SecondRound']);
    assert.deepEqual(rows.map((r) => r[0]), filenames);
    const result = resolveEmotionVotes(rows.map((r) => r.slice(1, 8)), { secondRound: rows.map((r) => r[8]) });
    assert.deepEqual(result.labels, emotions);
    assert.deepEqual(result.unusedSecondRound, [], 'SecondRound is empty wherever the first round decided');
    // All three branches of the procedure occur.
    assert.ok(result.decidedBy.majority > 0 && result.decidedBy['second-round'] > 0 && result.decidedBy.others > 0, JSON.stringify(result.decidedBy));
  });

  it("Sec. 3.3.3: Fleiss' kappa (Eqs. 2–7) over the eight categories is 0.72 ± 0.005", () => {
    const { rows } = readCsv(path.join(dir(), VOTES));
    const k = fleissKappa(rows.map((r) => r.slice(1, 8)), {
      categories: ['happiness', 'anger', 'contempt', 'disgust', 'fear', 'sadness', 'surprise', 'others'],
    });
    assert.equal(k.items, 7526);
    assert.equal(k.raters, 7);
    assertClose(k.kappa, 0.72, 0.005, 'kappa');
  });

  it('Eq. 1: the two coders agree with R = 0.83 ± 0.005 (pooled); the final AUs are their reconciled set', () => {
    const { header, rows } = readCsv(path.join(dir(), CODERS));
    assert.deepEqual(header, ['Filename', 'CoderA', 'CoderB']);
    assert.deepEqual(rows.map((r) => r[0]), filenames);
    const r = auAgreement(rows.map((x) => x[1]), rows.map((x) => x[2]));
    assert.deepEqual(r.unreadable, []);
    assertClose(r.R, 0.83, 0.005, 'R');
    rows.forEach(([name, a, b], i) => {
      assert.ok(a !== '' && b !== '', `${name}: each coder marked at least one AU`);
      const seen = new Set([...a.split('+'), ...b.split('+')]);
      for (const code of finalAus[i].split('+')) assert.ok(seen.has(code), `${name}: final ${code} marked by neither coder`);
    });
  });
}
