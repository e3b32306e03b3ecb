import { labeller, valuesOf, type VocabularyEntry } from './vocabulary.js';

export interface FraisEntry extends VocabularyEntry {
  /** data·inclusion v1 `frais` (gratuit | payant); "Gratuit sous condition" maps to gratuit, as data·inclusion does. */
  readonly dataInclusion: 'gratuit' | 'payant';
}

/** `frais_a_charge`. */
export const FRAIS = [
  { value: 'Gratuit', label: 'Gratuit', dataInclusion: 'gratuit' },
  { value: 'Gratuit sous condition', label: 'Gratuit sous condition', dataInclusion: 'gratuit' },
  { value: 'Payant', label: 'Payant', dataInclusion: 'payant' },
] as const satisfies readonly FraisEntry[];

export type Frais = (typeof FRAIS)[number]['value'];
export const FRAIS_VALUES = valuesOf(FRAIS);
export const fraisLabel = labeller(FRAIS);
