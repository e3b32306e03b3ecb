import { labeller, valuesOf, type VocabularyEntry } from './vocabulary.js';

export interface ModaliteAccesEntry extends VocabularyEntry {
  /** data·inclusion v1 `modes_mobilisation` value, when there is one. */
  readonly dataInclusion: string | null;
}

export const NO_PUBLIC_RECEPTION = "Ce lieu n'accueille pas de public";

/** `modalites_acces`. */
export const MODALITES_ACCES = [
  { value: 'Se présenter', label: 'Se présenter', dataInclusion: 'se-presenter' },
  { value: 'Téléphoner', label: 'Téléphoner', dataInclusion: 'telephoner' },
  { value: 'Contacter par mail', label: 'Contacter par mail', dataInclusion: 'envoyer-un-courriel' },
  { value: 'Prendre un RDV en ligne', label: 'Prendre un RDV en ligne', dataInclusion: 'utiliser-lien-mobilisation' },
  { value: NO_PUBLIC_RECEPTION, label: "Ce lieu n'accueille pas de public", dataInclusion: null },
  {
    value: 'Envoyer un mail avec une fiche de prescription',
    label: 'Envoyer un mail avec une fiche de prescription',
    dataInclusion: 'envoyer-un-courriel',
  },
] as const satisfies readonly ModaliteAccesEntry[];

export type ModaliteAcces = (typeof MODALITES_ACCES)[number]['value'];
export const MODALITE_ACCES_VALUES = valuesOf(MODALITES_ACCES);
export const modaliteAccesLabel = labeller(MODALITES_ACCES);
