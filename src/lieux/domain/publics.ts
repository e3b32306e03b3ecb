import { labeller, valuesOf, type VocabularyEntry } from './vocabulary.js';

export interface PublicEntry extends VocabularyEntry {
  /** data·inclusion v1 `publics` value. */
  readonly dataInclusion: string;
}

/** `publics_specifiquement_adresses`. */
export const PUBLICS = [
  { value: 'Jeunes', label: 'Jeunes', dataInclusion: 'jeunes' },
  { value: 'Étudiants', label: 'Étudiants', dataInclusion: 'etudiants' },
  { value: 'Familles et/ou enfants', label: 'Familles et/ou enfants', dataInclusion: 'familles' },
  { value: 'Seniors', label: 'Seniors', dataInclusion: 'seniors' },
  { value: 'Femmes', label: 'Femmes', dataInclusion: 'femmes' },
] as const satisfies readonly PublicEntry[];

export type Public = (typeof PUBLICS)[number]['value'];
export const PUBLIC_VALUES = valuesOf(PUBLICS);
export const publicLabel = labeller(PUBLICS);
