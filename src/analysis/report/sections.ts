/**
 * The sections of `melab report`, in order: a plain array of functions of the loaded inputs. Each
 * calls the public API of its area (stats, reliability, protocol) and returns tables and figures, or
 * says why it was skipped. Add a section by adding a function to REPORT_SECTIONS.
 */
import * as path from 'node:path';
import { databaseInfo } from '../labels/databases';
import { TABLE6_FIRST_PARTICIPANTS } from '../labels/vocabulary';
import { labelColumn, type LabelTable } from '../labels/model';
import type { FigureSpec } from '../figures/style';
import { readRatingsFile, readCodersFile } from '../reliability/files';
import { fleissKappa } from '../reliability/fleiss';
import { kappaCategoryFigure, pairwiseAgreementFigure } from '../reliability/figures';
import { pairwiseCohenKappa } from '../reliability/cohen';
import { resolveEmotionVotes } from '../reliability/voting';
import { auAgreement } from '../reliability/au-agreement';
import { datasetProfile } from '../stats/profile';
import { sortEmotions } from '../stats/columns';
import { auDistribution } from '../stats/aus';
import { classifyDurations } from '../stats/duration';
import { auEmotionCooccurrence } from '../stats/cooccurrence';
import { auCombinations } from '../stats/combinations';
import { auEmotionAssociation } from '../stats/association';
import { auCountFigure, auEmotionHeatmap, auEmotionHeatmaps, emotionByPartFigure, emotionShareFigure } from '../stats/figures';
import { compareDatabases } from '../stats/databases';
import { characteristicAuTable, emotionShareTable, homogeneityTable } from '../stats/tables';
import { diffLabels, diffTable, releasePairs } from '../labels/diff';
import { auditLoadedComposites, compositeAuditTable, compositeCountsTable } from '../labels/composite';
import { readPredictionDir } from '../protocol/predictions';
import { table8, table9 } from '../protocol/tables';
import { confusionDrilldown, confusionMatrix, mostConfusedPairs } from '../protocol/confusion';
import { byPaperOrder, exportProvenance, isDemoRun, modelName, provenanceCell } from '../protocol/models';
import type { PredictionExport } from '../protocol/predictions';
import { confusionGrid } from '../protocol/figures';
import { REFERENCE_PREFIX } from '../protocol/baseline';
import { confusedPairsTable } from '../protocol/tables';
import { defineSection, type ReportContext, type ReportSection } from './section';
import { auAgreementTable, fleissKappaTable, kappaBandsTable, votingTable } from '../reliability/tables';
import { durationRuleTable, undecidedClipsTable } from '../stats/tables';
import { labelIssuesTable } from '../labels/tables';
import type { TableSpec } from './table';

/** The paper computes Table 6 on the first 300 participants of DFME (Sec. 3.4; data/vocabulary.json). */
export { TABLE6_FIRST_PARTICIPANTS };

/**
 * Display name of a label table's database ("DFME", "CASME II"), or its file.
 * @example
 * melab.report.labelTableName(melab.loadDefaultLabels()) // 'DFME'
 */
export function labelTableName(labels: LabelTable): string {
  const ds = [...new Set(labelColumn(labels, 'dataset'))];
  return ds.map((d) => databaseInfo(String(d))?.name ?? String(d)).join('+') || labels.file;
}

const fileStem = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** With several label tables, ids get the database's name so that files do not overwrite each other. */
function perTable<T extends { id: string }>(ctx: ReportContext, labels: LabelTable, spec: T): T {
  return ctx.labels.length > 1 ? { ...spec, id: `${spec.id}-${fileStem(labelTableName(labels))}` } : spec;
}

const hasAus = (labels: LabelTable): boolean => labelColumn(labels, 'aus').some((a) => Array.isArray(a) && a.length > 0);
const isDfme = (labels: LabelTable): boolean => labelColumn(labels, 'dataset').every((d) => databaseInfo(String(d))?.id === 'dfme');

/** Table 1, Fig. 4 and Table 5 (Secs. 2 and 3.4). */
export const profileSection: ReportSection = defineSection('dataset-profile', 'Dataset profile (Table 1, Fig. 4, Table 5)', (ctx) => {
  const profile = datasetProfile(ctx.labels);
  const tables: TableSpec[] = [profile.table];
  const figures: FigureSpec[] = [];
  const text: string[] = [];
  for (const labels of ctx.labels) {
    figures.push(perTable(ctx, labels, emotionByPartFigure(labels)));
    if (!hasAus(labels)) {
      text.push(`${labelTableName(labels)} has no AU labels: no Table 5 for it.`);
      continue;
    }
    const d = auDistribution(labels);
    tables.push(perTable(ctx, labels, d.table));
    figures.push(perTable(ctx, labels, auCountFigure(d)));
    text.push(`${labelTableName(labels)}: ${d.samples} samples carry ${d.total} AU labels, ${d.perSample.toFixed(3)} per sample; ` +
      `the ${d.subset.aus.length}-AU subset of the experiments covers ${d.subset.count} of them (${(100 * d.subset.coverage).toFixed(2)}%).`);
  }
  // nothing dropped silently: every problem the readers and the profile found is listed
  const issues = [...ctx.labels.flatMap((l) => l.issues), ...profile.issues];
  if (issues.length) tables.push(labelIssuesTable(issues));
  text.push(`${issues.length} problem(s) found in the label sheet(s)${issues.length ? ': see the table of problems' : ''}.`);
  return { text, tables, figures };
});

/** The ME/MaE duration rule of Sec. 3.3.2, per database, with every clip it cannot judge listed. */
export const durationSection: ReportSection = defineSection('duration-rule', 'ME / MaE duration rule (Sec. 3.3.2)', (ctx) => {
  const results = ctx.labels.map((labels) => ({ dataset: labelTableName(labels), result: classifyDurations(labels) }));
  const undecided = results.reduce((n, r) => n + r.result.undecided, 0);
  const tables = [durationRuleTable(results)];
  if (undecided > 0) tables.push(undecidedClipsTable(results));
  return {
    text: results.map(({ dataset, result: r }) => `${dataset}: ${r.me} MEs, ${r.mae} MaEs, ${r.undecided} clips that cannot be judged.`),
    tables,
  };
});

/** BH-adjusted significance level of the association rows the report shows. */
export const ASSOCIATION_Q = 0.05;

/**
 * The AU × emotion association table as a reader needs it: only the pairs significant after
 * Benjamini–Hochberg adjustment (Fisher q < 0.05), strongest association (lift) first, with each
 * emotion's n beside; p and q printed as p-values (< 1e-4 in scientific notation), an undefined PMI as
 * "–"; and the full table (every pair) written as CSV only, linked from the shown one.
 */
export function readableAssociation(table: TableSpec, q = ASSOCIATION_Q): [TableSpec, TableSpec] {
  const withN: Record<string, unknown>[] = table.rows.map((r) => {
    const t = r.table as number[][] | undefined;
    return { ...r, n_emotion: t ? t[0][0] + t[0][1] : null };
  });
  const pCols = new Set(['fisherP', 'fisherQ', 'chiSquareP', 'chiSquareQ']);
  const columns = table.columns.flatMap((c) => {
    const col = pCols.has(c.key) ? { ...c, format: 'p' as const } : c;
    return c.key === 'n11' ? [{ key: 'n_emotion', label: 'n (emotion)', align: 'r' as const }, col] : [col];
  });
  const significant = withN
    .filter((r) => typeof r.fisherQ === 'number' && r.fisherQ < q)
    .sort((a, b) => (b.lift as number) - (a.lift as number) || (a.fisherQ as number) - (b.fisherQ as number));
  const fullId = `${table.id}-full`;
  return [
    {
      ...table, columns, rows: significant,
      title: `${table.title}: the ${significant.length} significant pairs`,
      caption: `${significant.length} of ${table.rows.length} AU × emotion pairs have Fisher BH q < ${q}, strongest association (lift) first. ` +
        `Every pair: tables/${fullId}.csv.`,
      notes: [...(table.notes ?? []), 'n (emotion): samples of the emotion; n: of them with the AU. PMI is undefined (–) where no sample of the emotion has the AU.'],
    },
    { ...table, id: fullId, columns, rows: withN, only: 'csv', title: `${table.title}: every pair` },
  ];
}

/** Tables 6 and 7, the AU × emotion heatmap and the association tests (Sec. 3.4). */
export const auEmotionSection: ReportSection = defineSection('au-emotion', 'AU–emotion co-occurrence (Tables 6, 7)', (ctx) => {
  const withAus = ctx.labels.filter(hasAus);
  if (withAus.length === 0) return { skipped: `no AU labels in ${ctx.labels.map(labelTableName).join(', ')}` };
  const tables: TableSpec[] = [];
  const figures: FigureSpec[] = [];
  const text: string[] = [];
  for (const labels of withAus) {
    const first = isDfme(labels) ? TABLE6_FIRST_PARTICIPANTS : undefined;
    const c = auEmotionCooccurrence(labels, { firstParticipants: first });
    tables.push(perTable(ctx, labels, c.table));
    figures.push(perTable(ctx, labels, auEmotionHeatmap(c)));
    tables.push(perTable(ctx, labels, auCombinations(labels, { firstParticipants: first }).table));
    tables.push(...readableAssociation(auEmotionAssociation(labels).table).map((t) => perTable(ctx, labels, t)));
    text.push(`${labelTableName(labels)}: Tables 6 and 7 use ${c.participants} participants` +
      (first ? ` (the first ${first}, as the paper does)` : '') + `, ${c.rowsUsed} samples; the association tests use all samples.`);
  }
  return { text, tables, figures };
});

const NO_RELIABILITY_INPUT = 'the embedded votes and coders files describe the default data only; pass --votes FILE';

/** Fleiss' kappa of the emotion annotators, Table 4 and the voting procedure (Sec. 3.3.2). */
export const emotionReliabilitySection: ReportSection = defineSection('emotion-reliability', "Emotion annotators: Fleiss' kappa, Table 4, voting (Sec. 3.3.2)", (ctx) => {
  if (!ctx.votesFile) return { skipped: `no emotion votes file (${NO_RELIABILITY_INPUT})` };
  const rf = readRatingsFile(ctx.votesFile);
  const source = { file: ctx.votesFile, rows: rf.rowNumbers, columns: rf.columns };
  // categories in the house order (happiness first, others last), as every other emotion figure
  const categories = sortEmotions(new Set(rf.ratings.flat().filter((x) => x !== '')));
  const k = fleissKappa(rf.ratings, { categories, bootstrap: { resamples: 1000, seed: 0 }, source });
  const second = rf.extra.secondround;
  const v = resolveEmotionVotes(rf.ratings, { secondRound: second, annotators: rf.columns.length, source });
  return {
    text: [`${rf.file}: ${k.items} samples × ${k.raters} annotators. Fleiss' kappa = ${k.kappa.toFixed(3)} (${k.interpretation}); the paper reports 0.72 on DFME.`],
    tables: [fleissKappaTable(k), kappaBandsTable(k.kappa), votingTable(v, { annotators: rf.columns.length })],
    figures: [kappaCategoryFigure(k), pairwiseAgreementFigure(pairwiseCohenKappa(rf.ratings, { raters: rf.columns, source }))],
  };
});

/** The AU agreement R of Eq. 1 between two FACS coders (Sec. 3.3.3). */
export const auReliabilitySection: ReportSection = defineSection('au-reliability', 'AU coders: agreement R (Eq. 1)', (ctx) => {
  if (!ctx.auCodersFile) return { skipped: `no AU coders file (${NO_RELIABILITY_INPUT.replace('--votes', '--au-coders')})` };
  const c = readCodersFile(ctx.auCodersFile);
  const r = auAgreement(c.a, c.b, { samples: c.samples, file: ctx.auCodersFile });
  return {
    text: [`${ctx.auCodersFile}: coders ${c.coders.join(' and ')} on ${r.samples} samples. R = ${r.R.toFixed(3)}; the paper reports 0.83 on DFME.`],
    tables: [auAgreementTable(r)],
  };
});

/** Display names of the databases an export's rows come from ("DFME", "CASME II + SAMM"). */
function exportDatabases(exports: readonly PredictionExport[]): string {
  const ids = [...new Set(exports.flatMap((e) => [...new Set(e.datasets)]))].filter((d) => d !== '');
  return ids.map((d) => databaseInfo(d)?.name ?? d).join(' + ') || 'database not stated';
}

/** Tables 8 and 9 and the Fig. 5 grid from a folder of prediction exports (Sec. 4), each with its provenance. */
export const modelReviewSection: ReportSection = defineSection('model-review', 'Model review (Tables 8, 9, Fig. 5)', (ctx) => {
  if (!ctx.predictionsDir) {
    return {
      skipped: ctx.defaultData
        ? 'no prediction exports: data/predictions does not exist; pass --predictions DIR'
        : 'no prediction exports for these labels; pass --predictions DIR',
    };
  }
  const labels = ctx.labels.length === 1 ? ctx.labels[0] : undefined;
  const exports = byPaperOrder(readPredictionDir(ctx.predictionsDir, labels ? { labels } : {}), (e) => e.model);
  const emotion = exports.filter((e) => e.emotion);
  const au = exports.filter((e) => e.au);
  const tables: TableSpec[] = [];
  const figures: FigureSpec[] = [];
  const demo = isDemoRun(exports);
  const database = exportDatabases(exports);
  if (emotion.length) {
    tables.push(table8(emotion));
    const matrices = emotion.map((e) => confusionMatrix(e));
    figures.push(confusionGrid(matrices, {
      id: 'fig5-confusion-matrices',
      title: demo
        ? `Confusion matrices of the demo exports on ${database} (Fig. 5 layout; synthetic faces, not the paper's Fig. 5)`
        : `Confusion matrices on ${database} (Fig. 5 layout)`,
      subtitles: Object.fromEntries(emotion.map((e) => [e.model, provenanceCell(exportProvenance(e))])),
      caption: `Rows: true class with its n; columns: predicted class; cells: % of the true class. ${database}; exports in ${path.relative(process.cwd(), ctx.predictionsDir) || '.'}.`,
      drilldown: { ...confusionDrilldown(emotion, { labels }), hint: 'Click a cell to list the samples behind it (subject, true and predicted class, AUs from the label table, probabilities).' },
    }));
    for (const cm of byPaperOrder(matrices, (m) => m.model)) {
      tables.push({ ...confusedPairsTable(mostConfusedPairs(cm, { top: 5 }), fileStem(cm.model)), title: `Most confused class pairs: ${modelName(cm.model)} (${database})` });
    }
  }
  if (au.length) tables.push(table9(au));
  const reference = exports.some((e) => path.basename(e.file).startsWith(REFERENCE_PREFIX));
  return {
    text: [
      ...(demo ? ['DEMO, NOT THE PAPER\'S RESULTS. These exports were trained and evaluated on synthetic faces (or their manifests do not say on what), on subsets of subjects and for few epochs, as each row\'s Run column states; they show that the pipeline runs, not how the models perform on DFME. The paper\'s published values are printed beside them for orientation only.'] : []),
      `${exports.length} prediction export(s) in ${ctx.predictionsDir} (${database}): ${emotion.length} emotion, ${au.length} AU.`,
      ...exports.map((e) => `${e.task} export ${path.basename(e.file)}: ${exportProvenance(e).summary}.`),
      ...exports.flatMap((e) => e.warnings),
      ...(reference ? [`Exports whose file name starts with "${REFERENCE_PREFIX}" are simple reference baselines fitted on the labels (melab baselines), not trained models.`] : []),
    ],
    tables,
    figures,
  };
});

/**
 * Every loaded database side by side (stats/databases.ts): Table 1 with totals, emotion shares on one
 * scale, the AU × emotion heatmaps on one colour scale, the characteristic AUs per emotion and the χ²
 * homogeneity tests of where the databases disagree, small-count caveats stated. Two sheets of one
 * database get their diff (labels/diff.ts); a loaded MEGC2019 composite file is audited against the
 * composite rebuilt from the loaded source sheets (labels/composite.ts).
 */
export const crossDatabaseSection: ReportSection = defineSection('cross-database', 'Databases side by side', (ctx) => {
  const { audits, sources } = auditLoadedComposites(ctx.labels);
  const releases = releasePairs(sources);
  const datasets = new Set(sources.flatMap((l) => labelColumn(l, 'dataset').map(String)));
  if (datasets.size < 2 && releases.length === 0 && audits.length === 0) {
    return { skipped: `one database loaded (${[...datasets].join(', ')}); pass several --labels files to compare databases` };
  }
  const tables: TableSpec[] = [];
  const text: string[] = [];
  releases.forEach(([a, b], i) => {
    const d = diffLabels(a, b);
    const names = { a: path.basename(a.file) || 'A', b: path.basename(b.file) || 'B' };
    tables.push({ ...diffTable(d, names), id: `cross-database-diff-${i + 1}` });
    text.push(`${labelTableName(a)}, ${names.a} → ${names.b}: ${d.removed.length} clip(s) removed, ${d.added.length} added, ` +
      `changes by field: ${Object.entries(d.summary).map(([f, n]) => `${f} ${n}`).join(', ') || 'none'}.`);
  });
  for (const x of audits) {
    tables.push(compositeCountsTable(x.scheme, x.rebuilt, x.audit), compositeAuditTable(x.scheme, x.audit));
    text.push(`${path.basename(x.official.file)} against ${x.scheme.name} rebuilt from the loaded sheets: ${x.audit.only_rebuilt.length} clip(s) only rebuilt, ` +
      `${x.audit.only_official.length} only official, ${x.audit.label_differs.length} with another class.`);
  }
  const figures: FigureSpec[] = [];
  if (sources.length >= 2) {
    const profile = datasetProfile(sources, { totals: true });
    const c = compareDatabases(sources);
    const disagree = c.characteristic.filter((ch) => ch.byDatabase.length > 1 && !ch.sameTopAu)
      .map((ch) => `${ch.emotion} (${ch.byDatabase.map((b) => `${b.database} ${b.aus[0]?.code ?? 'none'}`).join(', ')})`);
    const differs = c.auTests.filter((t) => t.differs);
    const small = c.auTests.filter((t) => t.caveat).length;
    const et = c.emotionTest;
    text.unshift(
      `${c.databases.length} databases: ${c.databases.map((d, j) => `${d} (${c.totals[j]} clips with an emotion)`).join(', ')}.`,
      et ? `Emotion distribution over the emotions all of them have (${et.emotions.join(', ')}): χ²(${et.dof}) = ${et.statistic.toFixed(2)}, p = ${et.p.toPrecision(3)}${et.caveat ? `; caveat: ${et.caveat}` : ''}.`
        : 'The databases share fewer than two emotions: no homogeneity test of their emotion distributions.',
      disagree.length ? `The most frequent AU differs across databases for: ${disagree.join('; ')}.` : 'The most frequent AU of each shared emotion is the same in every database.',
      `${differs.length} of ${c.auTests.length} AU shares differ across databases (χ² homogeneity, BH q < ${c.options.alpha})${differs.length ? `: ${differs.map((t) => `${t.emotion} ${t.au}`).join(', ')}` : ''}.`,
      ...(small ? [`Caveat: ${small} of these tests have expected counts below 5, where the χ² approximation is unreliable; read their p-values as rough.`] : []),
    );
    tables.unshift({ ...profile.table, id: 'cross-database-profile', title: 'Databases side by side (Table 1 layout, with totals)' },
      emotionShareTable(c), characteristicAuTable(c), homogeneityTable(c));
    figures.push(emotionShareFigure(c));
    if (c.cooccurrence.some((x) => x !== null)) figures.push(auEmotionHeatmaps(c));
  }
  return { text, tables, figures };
});

/** The report's sections, in order. */
export const REPORT_SECTIONS: ReportSection[] = [
  profileSection,
  durationSection,
  auEmotionSection,
  emotionReliabilitySection,
  auReliabilitySection,
  modelReviewSection,
  crossDatabaseSection,
];
