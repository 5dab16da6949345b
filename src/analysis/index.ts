/**
 * melab's public API, as a notebook imports it: `import * as melab from '..'`.
 *
 * - Entry points at the top: `readLabels`, `loadDefaultLabels`, `show` (any value as a table or a
 *   figure), `showTable` / `showFigure` / `showMarkdown`, and Danfo / Arquero in and out.
 * - Everything else by area: `melab.labels`, `melab.stats`, `melab.reliability`, `melab.protocol`,
 *   `melab.figures`, `melab.report`, `melab.synthetic`.
 *
 * The reference (TypeDoc, from this JSDoc) is built by `npm run docs` into docs/api/. Internals are
 * not exported here; tests and the CLI import them by path.
 * @packageDocumentation
 */
export * as labels from './labels';
export * as stats from './stats';
export * as reliability from './reliability';
export * as protocol from './protocol';
export * as figures from './figures';
export * as report from './report';
export * as synthetic from './synthetic';

export { readLabels, loadDefaultLabels } from './labels/read';
export { concatLabels, toDanfo, fromDanfo, fromArquero, type LabelTable, type LabelRow } from './labels/model';
export { MelabError, type Issue } from './labels/issues';
export type { AuToken } from './labels/au-types';
export type { Emotion } from './labels/emotions';
export { show, type ShowOptions } from './report/show';
export { showTableSpec as showTable, showFigureSpec as showFigure, showMarkdownText as showMarkdown } from './report/show';
export type { TableSpec } from './report/table';
export type { FigureSpec } from './figures/style';
