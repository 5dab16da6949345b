/** The synthetic DFME-like default data: generator, its file writers, and the paper's figures it reproduces. */
export { generateSyntheticDfme, DEFAULT_SYNTHETIC_SEED, type SyntheticDfme, type SyntheticSample } from './generate';
export {
  SYNTHETIC_FILES, SYNTHETIC_LABEL_COLUMNS, SYNTHETIC_VOTE_COLUMNS, SYNTHETIC_CODER_COLUMNS,
  syntheticLabelsCsv, syntheticVotesCsv, syntheticAuCodersCsv, syntheticFiles, writeSyntheticDfme,
} from './write';
export type { SyntheticSubject } from './skeleton';
/** The DFME paper's published figures (Tables 1, 2, 5, 6, 7; Secs. 3.3.2–3.4), e.g. `dfmePaper.TABLE5_AU_COUNTS`. */
export * as dfmePaper from './paper-targets';
