/** Shapes of the orientation and territory APIs used by the public finder. */

export interface OrientationResult {
  id: string;
  nom: string;
  adresse: string;
  code_insee: string | null;
  commune: string;
  distance_km: number;
  duree_estimee_min: number;
  ouvert: boolean | null;
  prochaine_ouverture: string | null;
  services: string[];
  itinerance: string[] | string | null;
  /** Not in the contract yet: shown when the engine gives them. */
  telephone?: string | null;
  prise_rdv?: string | null;
  modalites_acces?: string[] | null;
  frais_a_charge?: string[] | null;
}

export interface OrientationAnswer {
  total: number;
  resultats: OrientationResult[];
}

export interface Commune {
  code: string;
  nom: string;
  departement: string;
  codesPostaux: string[];
  population: number | null;
}
