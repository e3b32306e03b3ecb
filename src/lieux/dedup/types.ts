import type { Lieu, Provenance } from '../domain/lieu';

/** One source record as the dedup sees it. */
export interface DedupRecord {
  /** `${source}:${sourceId}` */
  key: string;
  source: string;
  sourceId: string;
  lieu: Lieu;
  /** The public lieu this record belonged to last time (null when never clustered). */
  lieuId: string | null;
  /** `edition`: an edit by the structure itself or a gestionnaire; beats any older import when merging. */
  kind: 'import' | 'edition';
}

/** A person's decision on a pair of record keys (unordered). */
export interface Decision {
  a: string;
  b: string;
  decision: 'distinct' | 'same';
}

export type DedupFeature = 'nom' | 'adresse' | 'distance' | 'siret' | 'telephone' | 'courriel' | 'site_web';

export interface FeatureScore {
  feature: DedupFeature;
  /** 0..1; null = not comparable (a value is missing on one side). */
  score: number | null;
  /** Weight this feature took in the total (0 when not comparable). */
  weight: number;
  /** French, e.g. "noms très proches (0,93)", "à 35 m", "même SIRET 12345678900012". */
  detail: string;
}

export type PairVerdict = 'duplicate' | 'review' | 'distinct';

export interface PairScore {
  /** Record keys, a < b. */
  a: string;
  b: string;
  /** Weighted mean of the comparable features, 0..1. */
  total: number;
  verdict: PairVerdict;
  features: FeatureScore[];
  /** One French sentence. */
  explanation: string;
}

/** A feature's weights: identifiers weigh more when they match than when they differ (two phones can serve one lieu). */
export interface FeatureWeight {
  /** Weight when the feature is comparable and scores at least 0.5. */
  match: number;
  /** Weight when the feature is comparable and scores under 0.5. */
  mismatch: number;
}

export interface DedupConfig {
  /** Total at or above which two records of different sources are the same lieu. */
  duplicateThreshold: number;
  /** Total at or above which a pair goes to a person for review. */
  reviewThreshold: number;
  /** Duplicate threshold for two records of the same source (stricter). */
  sameSourceThreshold: number;
  /** Distance at which the distance feature reaches 0 (1 under `closeKm`). */
  maxDistanceKm: number;
  /** Distance under which two points are "at the same place". */
  closeKm: number;
  /** Records in different communes are paired when their points lie within this distance. */
  neighbourKm: number;
  weights: Record<DedupFeature, FeatureWeight>;
  /** E-mail and web domains shared by unrelated lieux (webmail, ISPs, national networks). */
  genericDomains: string[];
}

export interface DedupResult {
  /** Pairs judged duplicate or review, with their features and explanation. */
  pairs: PairScore[];
  /** Record keys per cluster; singletons included. */
  clusters: string[][];
}

export interface MergeResult {
  lieu: Lieu;
  provenance: Provenance;
}
