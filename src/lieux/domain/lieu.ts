/**
 * A lieu de médiation numérique as the national standard v1 (schema v1.0.2) describes it: 32 fields, in the standard's
 * column order. Lists are arrays here (`|`-joined at the boundary); absent optional values are null or [].
 * The enumerated lists hold the standard's exact values (see the vocabulary files next to this one).
 */
export interface Lieu {
  id: string;
  /** SIRET (14 digits) or RNA (W + 9), null when unknown (exported as the standard's placeholder 00000000000000). */
  pivot: string | null;
  nom: string;
  commune: string;
  code_postal: string;
  code_insee: string | null;
  adresse: string;
  complement_adresse: string | null;
  latitude: number | null;
  longitude: number | null;
  typologie: string[];
  telephone: string | null;
  courriels: string[];
  site_web: string[];
  /** OSM opening_hours. */
  horaires: string | null;
  presentation_resume: string | null;
  presentation_detail: string | null;
  source: string | null;
  itinerance: string[];
  structure_parente: string | null;
  /** YYYY-MM-DD */
  date_maj: string;
  services: string[];
  publics_specifiquement_adresses: string[];
  prise_en_charge_specifique: string[];
  frais_a_charge: string[];
  dispositif_programmes_nationaux: string[];
  formations_labels: string[];
  autres_formations_labels: string[];
  modalites_acces: string[];
  modalites_accompagnement: string[];
  fiche_acces_libre: string | null;
  prise_rdv: string | null;
}

export type LieuField = keyof Lieu;

/** The standard's column order (schema.json `fields`). */
export const LIEU_FIELDS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const satisfies readonly LieuField[];

/** Fields holding `|`-separated lists in the standard. */
export const LIST_FIELDS = [
  'typologie',
  'courriels',
  'site_web',
  'itinerance',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
] as const satisfies readonly LieuField[];
export type ListField = (typeof LIST_FIELDS)[number];

export const UNKNOWN_PIVOT = '00000000000000';

/**
 * A row as it enters: every standard field as text, lists `|`-joined, exactly what a v1 CSV cell holds.
 * Readers of other formats (v0, France Services, data·inclusion) map their rows onto this shape first.
 */
export type RawLieu = Partial<Record<LieuField, string>>;

/** One problem with one field of one row, in French. */
export interface FieldIssue {
  field: string;
  value: string;
  reason: string;
}

export type LieuValidation =
  | { ok: true; lieu: Lieu; warnings: FieldIssue[] }
  | { ok: false; errors: FieldIssue[]; warnings: FieldIssue[] };

/** Where each field's value of a public lieu came from. */
export interface FieldProvenance {
  source: string;
  sourceId: string;
  /** date_maj of the record that gave the value. */
  dateMaj: string;
}
export type Provenance = Partial<Record<LieuField, FieldProvenance>>;

/** Status of a public lieu in the registry (not part of the standard). */
export type LieuStatus =
  | { kind: 'ouvert' }
  | { kind: 'ferme_temporairement'; du: string; au: string | null }
  | { kind: 'ferme_definitivement'; depuis: string };

/** How a row was located; flags are kept with the record and shown to gestionnaires. */
export interface LocationFlags {
  /** Coordinates are the commune centre, not the lieu. */
  approximate: boolean;
  /** The given point lies outside the département of the commune: never silently accepted. */
  outsideDepartement: boolean;
  /** code_insee was derived (from postcode + commune name, or from the coordinates). */
  codeInseeDerived: 'postcode' | 'coordinates' | null;
}
