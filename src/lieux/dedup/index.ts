/** Deduplication of lieux: blocking, explained pair scores, clusters with stable ids, merge with provenance. Pure. */
export type {
  Decision,
  DedupConfig,
  DedupFeature,
  DedupRecord,
  DedupResult,
  FeatureScore,
  FeatureWeight,
  MergeResult,
  PairScore,
  PairVerdict,
} from './types';
export { defaultDedupConfig } from './config';
export { runDedup, scoreCandidates } from './dedup';
export { assignClusterIds, randomLieuId, LIEU_ID_LENGTH } from './cluster';
export {
  mergeCluster,
  pinnedFields,
  fieldGroup,
  mergeWithEdition,
  sameFieldValue,
  fieldValueKey,
  importConflicts,
  type FieldConflict,
} from './merge';
