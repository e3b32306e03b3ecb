import { labeller, valuesOf, type VocabularyEntry } from './vocabulary.js';

export interface DispositifEntry extends VocabularyEntry {
  /** data·inclusion v1 `reseaux_porteurs` value, when one is known. */
  readonly dataInclusion: string | null;
}

/** `dispositif_programmes_nationaux`. */
export const DISPOSITIFS = [
  { value: 'Aidants Connect', label: 'Aidants Connect', dataInclusion: 'aidants-connect' },
  { value: 'Bibliothèques numérique de référence', label: 'Bibliothèques numériques de référence', dataInclusion: null },
  { value: 'Certification PIX', label: 'Certification PIX', dataInclusion: null },
  { value: 'Conseillers numériques', label: 'Conseillers numériques', dataInclusion: 'conseillers-numeriques' },
  { value: 'Emmaüs Connect', label: 'Emmaüs Connect', dataInclusion: null },
  { value: 'France Services', label: 'France Services', dataInclusion: 'france-service' },
  { value: 'Grande école du numérique', label: 'Grande école du numérique', dataInclusion: null },
  { value: 'La Croix Rouge', label: 'La Croix-Rouge', dataInclusion: null },
  { value: "Point d'accès numérique CAF", label: "Point d'accès numérique CAF", dataInclusion: null },
  { value: 'Promeneurs du net', label: 'Promeneurs du net', dataInclusion: null },
  { value: 'Relais numérique (Emmaüs Connect)', label: 'Relais numérique (Emmaüs Connect)', dataInclusion: null },
] as const satisfies readonly DispositifEntry[];

export type Dispositif = (typeof DISPOSITIFS)[number]['value'];
export const DISPOSITIF_VALUES = valuesOf(DISPOSITIFS);
export const dispositifLabel = labeller(DISPOSITIFS);
