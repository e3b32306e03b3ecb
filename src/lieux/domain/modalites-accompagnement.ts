import { labeller, valuesOf, type VocabularyEntry } from './vocabulary.js';

export interface ModaliteAccompagnementEntry extends VocabularyEntry {
  /** data·inclusion v1 `modes_accueil` value. */
  readonly dataInclusion: 'a-distance' | 'en-presentiel';
}

/** `modalites_accompagnement`. */
export const MODALITES_ACCOMPAGNEMENT = [
  { value: 'En autonomie', label: 'En autonomie', dataInclusion: 'en-presentiel' },
  { value: 'Accompagnement individuel', label: 'Accompagnement individuel', dataInclusion: 'en-presentiel' },
  { value: 'Dans un atelier collectif', label: 'Dans un atelier collectif', dataInclusion: 'en-presentiel' },
  { value: 'À distance', label: 'À distance', dataInclusion: 'a-distance' },
] as const satisfies readonly ModaliteAccompagnementEntry[];

export type ModaliteAccompagnement = (typeof MODALITES_ACCOMPAGNEMENT)[number]['value'];
export const MODALITE_ACCOMPAGNEMENT_VALUES = valuesOf(MODALITES_ACCOMPAGNEMENT);
export const modaliteAccompagnementLabel = labeller(MODALITES_ACCOMPAGNEMENT);
