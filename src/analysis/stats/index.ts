/** Distribution statistics of label tables: the paper's Tables 1, 5, 6, 7, the ME/MaE rule, Fig. 4. */
export { lateralKey, compareAuKeys, parseAuKey, indexAus, indexAuCells, foldAuIndex, rowCodes } from './au-index';
export type { LateralFold, AuIndex } from './au-index';
export { EMOTION_DISPLAY_ORDER, sortEmotions } from './columns';
export * from './profile';
export * from './duration';
export * from './aus';
export * from './cooccurrence';
export * from './association';
export * from './combinations';
export * from './hypothesis';
export * from './figures';
export * from './summary';
