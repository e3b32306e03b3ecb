import { labeller, valuesOf, type VocabularyEntry } from './vocabulary.js';

/** `itinerance`. */
export const ITINERANCES = [
  { value: 'Itinérant', label: 'Itinérant' },
  { value: 'Fixe', label: 'Fixe' },
] as const satisfies readonly VocabularyEntry[];

export type Itinerance = (typeof ITINERANCES)[number]['value'];
export const ITINERANCE_VALUES = valuesOf(ITINERANCES);
export const itineranceLabel = labeller(ITINERANCES);
