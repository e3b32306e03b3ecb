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
  itinerance: string[];
  modalites_acces: string[];
  frais_a_charge: string[];
  telephone: string | null;
  prise_rdv: string | null;
  latitude: number;
  longitude: number;
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
