import { labeller, valuesOf, type VocabularyEntry } from './vocabulary.js';

/**
 * The schema's exact value for the La Poste label: its pattern reads `Étapes numériques\(La Poste\)`, with no space
 * (the TS model of the national cartography writes it with a space). We keep the schema's spelling so exports validate.
 */
export const ETAPES_NUMERIQUES = 'Étapes numériques(La Poste)';

/** `formations_labels`. */
export const FORMATIONS_LABELS = [
  { value: 'Formé à « Mon Espace Santé »', label: 'Formé à « Mon Espace Santé »' },
  { value: 'Formé à « DUPLEX » (illettrisme)', label: 'Formé à « DUPLEX » (illettrisme)' },
  { value: 'Arnia/MedNum BFC (Bourgogne-Franche-Comté)', label: 'Arnia/MedNum BFC (Bourgogne-Franche-Comté)' },
  {
    value: 'Collectif ressources et acteurs réemploi (Normandie)',
    label: 'Collectif ressources et acteurs réemploi (Normandie)',
  },
  { value: ETAPES_NUMERIQUES, label: 'Étapes numériques (La Poste)' },
  { value: 'Fabriques de Territoire', label: 'Fabriques de Territoire' },
  { value: 'Les Éclaireurs du numérique (Drôme)', label: 'Les Éclaireurs du numérique (Drôme)' },
  { value: 'Mes Papiers (Métropole de Lyon)', label: 'Mes Papiers (Métropole de Lyon)' },
  { value: 'ORDI 3.0', label: 'ORDI 3.0' },
  { value: 'SUD LABS (PACA)', label: 'SUD LABS (PACA)' },
] as const satisfies readonly VocabularyEntry[];

export type FormationLabel = (typeof FORMATIONS_LABELS)[number]['value'];
export const FORMATION_LABEL_VALUES = valuesOf(FORMATIONS_LABELS);
export const formationLabelLabel = labeller(FORMATIONS_LABELS);

/** Alternative spellings accepted on input and normalised to the schema's value. */
export const FORMATION_LABEL_ALIASES: ReadonlyMap<string, FormationLabel> = new Map([
  ['Étapes numériques (La Poste)', ETAPES_NUMERIQUES],
]);
