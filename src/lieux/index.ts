/** The lieux module's only public door: the registry of lieux de médiation numérique. */
export * from './domain';
export * as lieuxTables from './schema';
export {
  lieuxModule,
  locateLieu,
  locateRecord,
  managerScope,
  answerLieuWrite,
  lieuViewSchema,
  conflictSchema,
  statusSchema,
  MANAGERS,
  LIEUX_TOKEN_SCOPE,
  type LieuxModuleOptions,
} from './routes';
export { conflictsModule, type ConflictsModuleOptions } from './conflicts-routes';
export { registerLieuxCommands, parseTerritoire } from './cli';
export {
  applyImport,
  restrictToTerritory,
  OUT_OF_TERRITORY,
  recomputeDepartement,
  recomputeDepartements,
  departementsWithRecords,
  listLieux,
  lieuIdsWhere,
  getLieu,
  lieuHistory,
  exportLieux,
  lastVouchedSql,
  notVouchedWithin,
  editLieu,
  revertLieu,
  setLieuStatus,
  vouchForLieu,
  voucherOf,
  decidePair,
  listPairs,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type DecisionOutcome,
  type EditDeps,
  type ExportOptions,
  type HistoryEntry,
  type ImportDeps,
  type ImportOptions,
  type ImportReject,
  type ImportReport,
  type LieuDetail,
  type LieuListItem,
  type LieuWriteOutcome,
  type PairView,
  type RecomputeDeps,
  type RecomputeResult,
} from './service';
export { EDITION_SOURCE, recordKey, parseRecordKey, lieuConditions, type LieuFilters } from './storage';
export { analyseImport, isFileError, IMPORT_FORMATS } from './import';
export type { ImportAnalysis, ImportFileError, ImportFormat } from './import';
export { defaultDedupConfig, type DedupConfig } from './dedup';
export {
  standardFileName,
  toDataInclusion,
  toGeoJson,
  toStandardCsv,
  toStandardJson,
  describeGeoJsonSummary,
} from './export';
