/** Shapes of the lieux API (src/lieux/routes.ts). */

export type LieuStatus =
  | { kind: 'ouvert' }
  | { kind: 'ferme_temporairement'; du: string; au: string | null }
  | { kind: 'ferme_definitivement'; depuis: string };

export interface LieuSummary {
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
  flags: { approximate: boolean; outsideDepartement: boolean; codeInseeDerived: 'postcode' | 'coordinates' | null };
  avertissements: FieldIssue[];
  absentDepuis: string | null;
}

export interface LieuDetail {
  id: string;
  lieu: LieuData;
  statut: LieuStatus;
  version: number;
  provenance: Record<string, { source: string; sourceId: string; dateMaj: string } | undefined>;
  enregistrements: SourceRecord[];
}

export interface HistoryEntry {
  id: string;
  date: string;
  acteur: string | null | { nom?: string | null; email?: string | null; kind?: string };
  action: string;
  avant: Record<string, unknown> | null;
  apres: Record<string, unknown> | null;
  source?: string | null;
}

export interface ImportReport {
  importId?: string;
  format: string;
  source: string;
  total: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  absent: number;
  rejects: Array<{ line: number; field: string; value: string; reason: string }>;
  warnings: unknown;
}

export interface ImportRun {
  id: string;
  source: string;
  format: string;
  fileName?: string | null;
  full?: boolean;
  startedAt?: string;
  total: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  absent?: number;
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
