/** Shapes of the lieux API (src/lieux/routes.ts). */

export type LieuStatus =
  | { kind: 'ouvert' }
  | { kind: 'ferme_temporairement'; du: string; au: string | null }
  | { kind: 'ferme_definitivement'; depuis: string };

/** When the lieu was last confirmed (by its structure or a gestionnaire), and whether it is « à vérifier » (6 months). */
export interface LieuFreshness {
  confirmeLe: string | null;
  ajouteLe: string;
  aVerifier: boolean;
}

export interface LieuSummary extends LieuFreshness {
  id: string;
  nom: string;
  adresse: string;
  code_postal: string;
  commune: string;
  code_insee: string | null;
  services: string[];
  sources: string[];
  statut: LieuStatus;
  date_maj: string;
}

export interface LieuxPage {
  resultats: LieuSummary[];
  curseurSuivant: string | null;
  total?: number;
}

export type LieuData = Record<string, string | number | string[] | null | undefined>;

export interface FieldIssue {
  field: string;
  value: string;
  reason: string;
}

export interface SourceRecord {
  source: string;
  sourceId: string;
  /** 'edition': changes made in Maillage (by a gestionnaire or the structure). */
  type?: 'import' | 'edition';
  flags: { approximate: boolean; outsideDepartement: boolean; codeInseeDerived: 'postcode' | 'coordinates' | null };
  avertissements: FieldIssue[];
  absentDepuis: string | null;
}

export interface LieuDetail extends LieuFreshness {
  id: string;
  lieu: LieuData;
  statut: LieuStatus;
  version: number;
  provenance: Record<string, { source: string; sourceId: string; dateMaj: string } | undefined>;
  enregistrements: SourceRecord[];
}

export interface HistoryEntry {
  id: number;
  date: string;
  acteur: { type: string; id: string | null };
  /** 'lieu' (the public lieu) or 'source_record' (one source's record, key `source:id`). */
  entite: string;
  cle: string;
  action: string;
  avant: unknown;
  apres: unknown;
  source: string;
}

export interface ImportReport {
  importId: string | null;
  simulation: boolean;
  format: string;
  source: string;
  fileName: string | null;
  full: boolean;
  total: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  absent: number;
  reappeared: number;
  rejects: Array<{ line: number; sourceId: string | null; field: string; value: string; reason: string }>;
  warnings: FieldIssue[];
  lieux: { created: number; updated: number; removed: number };
  departements: string[];
  /** Values brought for fields people changed in Maillage: kept, listed on /gestion/conflits (absent in older reports). */
  conflits?: number;
}

export interface ImportRun {
  id: string;
  source: string;
  format: string;
  fichier: string | null;
  complet: boolean;
  date: string;
  acteur: { type: string; id: string | null };
  total: number;
  acceptes: number;
  rejetes: number;
  crees: number;
  modifies: number;
  inchanges: number;
  absents: number;
}

export interface DedupSide {
  cle: string;
  source: string;
  sourceId: string;
  /** Null when the record is gone since the pair was found. */
  lieu: LieuData | null;
}

export interface DedupPair {
  a: DedupSide;
  b: DedupSide;
  score: number;
  verdict: 'duplicate' | 'review';
  explication: string;
  criteres: Array<{ feature: string; score: number | null; detail: string }>;
}
