/** melab's public API: everything notebooks and the CLI call. One line per area. */
export * from './labels/issues';
export * from './labels/emotions';
export * from './labels/au-types';
export * from './labels/model';
export * from './util/random';
export * from './report/table';
export * from './figures/style';
