import { labeller, valuesOf, type VocabularyEntry } from './vocabulary.js';

/** `prise_en_charge_specifique`. */
export const PRISES_EN_CHARGE = [
  { value: 'Surdité', label: 'Surdité' },
  { value: 'Handicaps moteurs', label: 'Handicaps moteurs' },
  { value: 'Handicaps mentaux', label: 'Handicaps mentaux' },
  { value: 'Illettrisme', label: 'Illettrisme' },
  { value: 'Langues étrangères (anglais)', label: 'Langues étrangères (anglais)' },
  { value: 'Langues étrangères (autres)', label: 'Langues étrangères (autres)' },
  { value: 'Déficience visuelle', label: 'Déficience visuelle' },
] as const satisfies readonly VocabularyEntry[];

export type PriseEnCharge = (typeof PRISES_EN_CHARGE)[number]['value'];
export const PRISE_EN_CHARGE_VALUES = valuesOf(PRISES_EN_CHARGE);
export const priseEnChargeLabel = labeller(PRISES_EN_CHARGE);
