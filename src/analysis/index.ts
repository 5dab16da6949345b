/** melab's public API: everything notebooks and the CLI call. One line per area. */
export * from './labels/issues';
export * from './labels/emotions';
export * from './labels/au-types';
export * from './labels/model';
export * from './labels';
export * from './util/random';
export * from './report';
export * from './figures';
export * from './reliability';
export * from './stats';
export * from './synthetic';
export * from './protocol';
