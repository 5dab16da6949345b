/**
 * Databases side by side: the emotion distribution of each database on one scale (share of its
 * clips), the AU × emotion co-occurrence of each (Table 6's statistic, sides folded so that CASME II's
 * "L10" and SAMM's "10" count as AU10), the AUs that characterise each emotion in every database and
 * where the databases disagree, with Pearson's χ² test of homogeneity across databases of the share
 * of an emotion's clips showing an AU (and of the emotion distribution over the emotions they share).
 * χ² is an approximation that needs expected counts ≥ 5 (Cochran 1954); every test says when it has
 * cells below 5.
 */
import { databaseInfo } from '../labels/databases';
import { filterLabels, labelColumn, type LabelTable } from '../labels/model';
import { auEmotionCooccurrence, type AuEmotionCooccurrence } from './cooccurrence';
import { benjaminiHochberg, chiSquareIndependence } from './hypothesis';
import { sortEmotions } from './columns';
import { num, pValue, plural, withSummary } from '../util/inspect-summary';

export interface DatabaseComparisonOptions {
  /** AUs listed per emotion and database (default 3, most frequent first). */
  top?: number;
  /** An AU characterises an emotion in a database when at least this % of its clips show it (default 20). */
  minPercent?: number;
  /** q-value (Benjamini–Hochberg over the AU tests) below which databases are said to disagree (default 0.05). */
  alpha?: number;
}

/** One χ² test of homogeneity across databases. */
export interface HomogeneityTest {
  /** The databases compared (columns of the table), in comparison order. */
  databases: string[];
  /** The contingency table tested, rows × databases. */
  table: number[][];
  statistic: number;
  dof: number;
  p: number;
  /** Benjamini–Hochberg q over the family of tests it belongs to (the AU tests); p for a lone test. */
  q: number;
  /** Yates' correction (2 × 2 tables only, scipy's default). */
  corrected: boolean;
  /** Smallest expected count, and the number of cells expected below 5. */
  minExpected: number;
  cellsBelow5: number;
  /** The caveat in words when cellsBelow5 > 0, else null. */
  caveat: string | null;
}

export interface EmotionAuTest extends HomogeneityTest {
  emotion: string;
  au: string;
  /** Per database (in `databases` order): % of the emotion's clips showing the AU. */
  percent: number[];
  /** q < alpha: the share differs across databases. */
  differs: boolean;
}

export interface DatabaseCharacteristic {
  emotion: string;
  /** Per database showing the emotion: its clips and the AUs that characterise it there. */
  byDatabase: { database: string; n: number; aus: { code: string; percent: number }[] }[];
  /** The most frequent AU is the same in every database that has AU labels for the emotion. */
  sameTopAu: boolean;
}

export interface DatabaseComparison {
  /** Display names of the databases compared (a database loaded twice gets its file name appended). */
  databases: string[];
  /** Emotions of any database, in display order. */
  emotions: string[];
  /** counts[emotion][database]: clips. */
  counts: number[][];
  /** Clips with an emotion, per database. */
  totals: number[];
  /** shares[emotion][database]: % of that database's clips with an emotion. */
  shares: number[][];
  /** χ² homogeneity of the emotion distribution over the emotions every database has (null when fewer than 2). */
  emotionTest: (HomogeneityTest & { emotions: string[] }) | null;
  /** AU × emotion co-occurrence per database, sides folded (null for a database without AU labels). */
  cooccurrence: (AuEmotionCooccurrence | null)[];
  characteristic: DatabaseCharacteristic[];
  /** One test per (emotion, AU) that characterises the emotion in some database; emotions of ≥ 2 databases with AUs. */
  auTests: EmotionAuTest[];
  options: Required<DatabaseComparisonOptions>;
}

const SMALL = 5;

function homogeneity(databases: string[], table: number[][]): Omit<HomogeneityTest, 'q'> {
  const r = chiSquareIndependence(table); // scipy.stats.chi2_contingency defaults: Yates for 2×2
  const flat = r.expected.flat();
  const minExpected = Math.min(...flat);
  const cellsBelow5 = flat.filter((e) => e < SMALL).length;
  return {
    databases, table, statistic: r.statistic, dof: r.dof, p: r.p, corrected: r.corrected, minExpected, cellsBelow5,
    caveat: cellsBelow5 > 0
      ? `${cellsBelow5} of ${flat.length} expected counts below ${SMALL} (smallest ${minExpected.toFixed(2)}): the χ² approximation is unreliable here`
      : null,
  };
}

/**
 * The label tables split by database (a table of a composite gives one entry per dataset). A database
 * loaded from several files (two releases) is named with each file: "CASME II (CASME2-coding-20140508.xlsx)".
 * @example splitByDatabase([labels]).map((d) => d.name) // ['DFME']
 */
export function splitByDatabase(tables: readonly LabelTable[]): { name: string; labels: LabelTable }[] {
  const out: { name: string; file: string; labels: LabelTable }[] = [];
  for (const t of tables) {
    const ds = [...new Set(labelColumn(t, 'dataset').map(String))];
    for (const d of ds) {
      const labels = ds.length === 1 ? t : filterLabels(t, (r) => String(r.dataset) === d);
      out.push({ name: databaseInfo(d)?.name ?? d, file: t.file.split(/[\\/]/).pop() || `table ${out.length + 1}`, labels });
    }
  }
  const seen = new Map<string, number>();
  for (const o of out) seen.set(o.name, (seen.get(o.name) ?? 0) + 1);
  return out.map((o) => ({ name: (seen.get(o.name) ?? 0) > 1 ? `${o.name} (${o.file})` : o.name, labels: o.labels }));
}

const hasAus = (labels: LabelTable): boolean => labelColumn(labels, 'aus').some((a) => Array.isArray(a) && a.length > 0);

/**
 * Several label tables side by side.
 * @example
 * const row = (dataset, emotion, aus) => ({ dataset, part: null, subject: '1', clip: `${emotion}-${aus}`, onset: 1, apex: 2, offset: 3, fps: 200, emotion, emotion_raw: emotion, aus: melab.labels.parseAus(aus).tokens, aus_raw: aus });
 * const casme2 = melab.fromArquero(require('arquero').from([row('casme2', 'happiness', '12'), row('casme2', 'happiness', '6+12'), row('casme2', 'surprise', '1+2')]));
 * const samm = melab.fromArquero(require('arquero').from([row('samm', 'happiness', '12'), row('samm', 'surprise', '5')]));
 * const c = compareDatabases([casme2, samm]);
 * c.shares[0] // [66.7, 50]
 * c.characteristic[0] // { emotion: 'happiness', sameTopAu: true }
 * c.characteristic[1].sameTopAu // false
 * c.auTests.map((t) => t.au) // ['AU12', 'AU6', 'AU1', 'AU2', 'AU5']
 */
export function compareDatabases(tables: readonly LabelTable[], opts: DatabaseComparisonOptions = {}): DatabaseComparison {
  const options = { top: opts.top ?? 3, minPercent: opts.minPercent ?? 20, alpha: opts.alpha ?? 0.05 };
  const dbs = splitByDatabase(tables);
  const databases = dbs.map((d) => d.name);
  const perDb = dbs.map((d) => {
    const m = new Map<string, number>();
    for (const e of labelColumn(d.labels, 'emotion')) if (e) m.set(e, (m.get(e) ?? 0) + 1);
    return m;
  });
  const emotions = sortEmotions(new Set(perDb.flatMap((m) => [...m.keys()])));
  const counts = emotions.map((e) => perDb.map((m) => m.get(e) ?? 0));
  const totals = perDb.map((m) => [...m.values()].reduce((s, v) => s + v, 0));
  const shares = counts.map((row) => row.map((n, j) => (totals[j] ? (100 * n) / totals[j] : 0)));

  const shared = emotions.filter((_, i) => counts[i].every((n) => n > 0));
  const emotionTest = shared.length >= 2 && dbs.length >= 2
    ? { ...homogeneity(databases, shared.map((e) => counts[emotions.indexOf(e)])), emotions: shared, q: NaN }
    : null;
  if (emotionTest) emotionTest.q = emotionTest.p;

  const cooccurrence = dbs.map((d) => (hasAus(d.labels) ? auEmotionCooccurrence(d.labels, { lateral: 'fold' }) : null));
  const characteristic: DatabaseCharacteristic[] = [];
  const pending: Omit<EmotionAuTest, 'q' | 'differs'>[] = [];
  for (const emotion of emotions) {
    const byDatabase: DatabaseCharacteristic['byDatabase'] = [];
    const withAus: number[] = [];
    dbs.forEach((d, j) => {
      const c = cooccurrence[j];
      const n = c?.samples[emotion] ?? 0;
      if (!c || n === 0) return;
      withAus.push(j);
      const aus = c.occurrences[emotion].filter((o) => o.percent >= options.minPercent).slice(0, options.top)
        .map((o) => ({ code: o.code, percent: o.percent }));
      byDatabase.push({ database: databases[j], n, aus });
    });
    if (byDatabase.length === 0) continue;
    const tops = byDatabase.map((b) => b.aus[0]?.code ?? null);
    characteristic.push({ emotion, byDatabase, sameTopAu: tops.every((t) => t !== null && t === tops[0]) });
    if (withAus.length < 2) continue;
    const aus = [...new Set(byDatabase.flatMap((b) => b.aus.map((a) => a.code)))];
    for (const au of aus) {
      const showing = withAus.map((j) => cooccurrence[j]!.occurrences[emotion].find((o) => o.code === au)?.count ?? 0);
      const n = withAus.map((j) => cooccurrence[j]!.samples[emotion]);
      const test = homogeneity(withAus.map((j) => databases[j]), [showing, showing.map((s, k) => n[k] - s)]);
      pending.push({ ...test, emotion, au, percent: showing.map((s, k) => (100 * s) / n[k]) });
    }
  }
  const q = benjaminiHochberg(pending.map((t) => t.p));
  const auTests = pending.map((t, i) => ({ ...t, q: q[i], differs: q[i] < options.alpha }));
  return withSummary({ databases, emotions, counts, totals, shares, emotionTest, cooccurrence, characteristic, auTests, options }, summarizeDatabases);
}

/** A cell's value: the databases, their sizes and the emotion-distribution test. */
function summarizeDatabases(c: DatabaseComparison): string {
  const sizes = c.databases.map((d, i) => `${d} ${num(c.totals[i])}`).join(', ');
  const test = c.emotionTest ? `; emotion distribution χ²(${c.emotionTest.dof}) = ${num(c.emotionTest.statistic, 1)}, ${pValue(c.emotionTest.p)}` : '';
  const significant = c.auTests.filter((t) => t.q < 0.05).length;
  return `Databases side by side: ${sizes} clips with an emotion${test}\n  ${plural(c.auTests.length, 'AU × emotion homogeneity test')} (${num(significant)} with BH q < 0.05)`;
}
