export {
  applyImport,
  restrictToTerritory,
  OUT_OF_TERRITORY,
  type ImportDeps,
  type ImportOptions,
  type ImportReject,
  type ImportReport,
  type ImportStep,
} from './import';
export {
  recomputeContext,
  recomputeDepartement,
  toDedupRecord,
  type RecomputeContext,
  type RecomputeDeps,
  type RecomputeResult,
} from './recompute';
export {
  listLieux,
  lieuIdsWhere,
  getLieu,
  lieuHistory,
  exportLieux,
  freshnessView,
  lastVouchedSql,
  notVouchedWithin,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type ExportOptions,
  type HistoryEntry,
  type LieuDetail,
  type LieuFreshness,
  type LieuListItem,
  type LieuRecordView,
} from './read';
export { editLieu, revertLieu, setLieuStatus, lieuToRaw, parisDate, type EditDeps, type LieuWriteOutcome } from './edit';
export { vouchForLieu, voucherOf } from './vouch';
export {
  decidePair,
  listPairs,
  departementsWithRecords,
  recomputeDepartements,
  type DecisionOutcome,
  type PairSide,
  type PairView,
} from './dedup';
