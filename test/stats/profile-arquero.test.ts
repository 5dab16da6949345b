/**
 * Table 1's typed fast path (stats/profile.ts) against the same counts written with Arquero verbs
 * (groupby/rollup/filter, a first_value window for each participant's first gender): the oracle is the
 * plain, slow expression of Table 1's definitions, so every count of the fast path has an independent check.
 */
import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { LabelTable } from '../../src/analysis/labels/model';
import { loadDefaultLabels } from '../../src/analysis/labels/read';
import { datasetProfile } from '../../src/analysis/stats/profile';
import { seededRandom } from '../../src/analysis/util/random';
import { fixture, type FixtureRow } from './helpers';

const { op } = aq;
const GENDER: Record<string, number> = { m: 0, male: 0, f: 1, female: 1 };

interface OracleGroup {
  samples: number; participants: number; gender: number[] | null; emotions: Record<string, number>;
  unlabelled: number; frameRates: number[]; missingFps: number; auSamples: number;
}

/** Table 1's counts of each group of `keys`, by Arquero verbs; key = JSON of the key values. */
function oracle(labels: LabelTable, keys: string[], genderColumn: string | null): { groups: Map<string, OracleGroup>; conflicts: number[] } {
  const t = labels.table;
  const n = t.numRows();
  const col = (c: string) => t.array(c) as unknown[];
  const g = genderColumn ? col(genderColumn) : null;
  const input: ColumnTable = aq.table({
    dataset: col('dataset'),
    part: col('part').map((p) => (p === '' || p === undefined ? null : p)),
    subject: col('subject'),
    emotion: col('emotion').map((e) => (e === '' || e === undefined ? null : e)),
    fps: col('fps').map((f) => (typeof f === 'number' && Number.isFinite(f) ? f : null)),
    aus: col('aus').map((a) => ((a as unknown[] | null)?.length ? 1 : 0)),
    gender: Array.from({ length: n }, (_, i) => {
      const v = g ? String(g[i] ?? '').trim().toLowerCase() : '';
      return v === '' ? 3 : GENDER[v] ?? 2;
    }),
    row: Array.from({ length: n }, (_, i) => i),
  });
  const key = (r: Record<string, unknown>) => JSON.stringify(keys.map((k) => r[k] ?? null));
  const groups = new Map<string, OracleGroup>();
  for (const r of input.groupby(keys).rollup({
    samples: op.count(), participants: op.distinct('subject'), frameRates: op.array_agg_distinct('fps'),
    missingFps: 'd => op.sum(d.fps === null ? 1 : 0)', auSamples: op.sum('aus'),
  }).objects() as Record<string, unknown>[]) {
    groups.set(key(r), {
      samples: r.samples as number, participants: r.participants as number, gender: genderColumn ? [0, 0, 0, r.participants as number] : null,
      emotions: {}, unlabelled: r.samples as number, missingFps: r.missingFps as number, auSamples: r.auSamples as number,
      frameRates: (r.frameRates as (number | null)[]).filter((f): f is number => f !== null).sort((a, b) => a - b),
    });
  }
  for (const r of input.filter('d => d.emotion !== null').groupby([...keys, 'emotion']).count().objects() as Record<string, unknown>[]) {
    const o = groups.get(key(r)) as OracleGroup;
    o.emotions[r.emotion as string] = r.count as number;
    o.unlabelled -= r.count as number;
  }
  // each participant's first non-empty gender in sheet order; rows giving another one are the conflicts
  const gendered = input.filter('d => d.gender !== 3').groupby([...keys, 'subject']).orderby('row')
    .derive({ first: 'd => op.first_value(d.gender)' });
  if (genderColumn) {
    for (const r of gendered.rollup({ cls: 'd => op.min(d.first)' }).groupby([...keys, 'cls']).count().objects() as Record<string, unknown>[]) {
      const o = groups.get(key(r)) as OracleGroup;
      (o.gender as number[])[r.cls as number] += r.count as number;
      (o.gender as number[])[3] -= r.count as number;
    }
  }
  const conflicts = genderColumn ? (gendered.ungroup().filter('d => d.gender !== d.first').orderby('row').array('row') as number[]) : [];
  return { groups, conflicts: Array.from(conflicts) };
}

function check(labels: LabelTable, genderColumn: string | null): void {
  const p = datasetProfile(labels, { totals: true });
  const parts = oracle(labels, ['dataset', 'part'], genderColumn);
  const whole = oracle(labels, ['dataset'], genderColumn);
  assert.equal(p.rows.filter((r) => !r.total).length, parts.groups.size, 'one row per (dataset, part)');
  for (const r of p.rows) {
    const o = r.total ? whole.groups.get(JSON.stringify([r.dataset])) : parts.groups.get(JSON.stringify([r.dataset, r.part]));
    assert.ok(o, `${r.dataset} ${r.part}`);
    const emotions = Object.fromEntries(r.emotions.map((e) => [e.label, e.count]));
    assert.deepEqual({
      samples: r.samples, participants: r.participants, gender: r.gender && [r.gender.male, r.gender.female, r.gender.other, r.gender.missing],
      emotions, unlabelled: r.unlabelled, frameRates: r.frameRates, missingFps: r.missingFps, auSamples: r.auSamples,
    }, o, `${r.dataset} ${r.part}${r.total ? ' total' : ''}`);
  }
  // a conflicting row is reported once, parts first, then the totals' own conflicts
  const totalsShown = p.rows.some((r) => r.total);
  const expected = [...parts.conflicts];
  if (totalsShown) for (const i of whole.conflicts) if (!expected.includes(i)) expected.push(i);
  assert.deepEqual(p.issues.map((i) => i.row), expected.map((i) => labels.sourceRows[i] ?? i + 2));
}

describe('stats/profile: the typed Table 1 path equals the counts by Arquero verbs', () => {
  it('the default data (DFME parts A, B, C, with totals)', () => {
    const labels = loadDefaultLabels();
    const names = labels.table.columnNames();
    check(labels, ['gender', 'sex'].find((c) => names.includes(c)) ?? null);
  });

  it('2,000 random rows: three datasets, missing parts, fps, emotions and genders, conflicting genders', () => {
    const rng = seededRandom(17);
    const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
    const rows: FixtureRow[] = [];
    for (let i = 0; i < 2000; i++) {
      const dataset = pick(['dfme', 'casme2', 'smic']);
      rows.push({
        dataset, part: dataset === 'casme2' ? null : pick(['A', 'B', 'C', null]), subject: `s${rng.int(60)}`,
        fps: pick([500, 300, 200, null]), emotion: pick(['happiness', 'disgust', 'fear', 'others', null]),
        aus: pick(['', '4', '6+12', 'L-AU2']), gender: pick(['M', 'F', 'female', '', 'x']),
      });
    }
    const labels = fixture(rows, { extras: ['gender'] });
    const p = datasetProfile(labels, { totals: true });
    assert.ok(p.issues.length > 50 && p.rows.some((r) => r.total), 'the case has conflicts and totals');
    check(labels, 'gender');
  });
});
