import { labeller, valuesOf, type VocabularyEntry } from './vocabulary.js';

export interface ServiceEntry extends VocabularyEntry {
  /** data·inclusion v1 thématiques (mapping used by data·inclusion for the standard, `_map_mediation_numerique__*`). */
  readonly dataInclusion: readonly string[];
}

/** `services`: the 9 values of the standard v1. */
export const SERVICES = [
  {
    value: 'Aide aux démarches administratives',
    label: 'Aide aux démarches administratives',
    dataInclusion: [
      'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
      'numerique--acceder-a-des-services-en-ligne',
    ],
  },
  {
    value: 'Maîtrise des outils numériques du quotidien',
    label: 'Maîtrise des outils numériques du quotidien',
    dataInclusion: ['numerique--maitriser-les-fondamentaux-du-numerique', 'numerique--acceder-a-des-services-en-ligne'],
  },
  {
    value: 'Insertion professionnelle via le numérique',
    label: 'Insertion professionnelle via le numérique',
    dataInclusion: [
      'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi',
      'numerique--maitriser-les-fondamentaux-du-numerique',
    ],
  },
  {
    value: 'Utilisation sécurisée du numérique',
    label: 'Utilisation sécurisée du numérique',
    dataInclusion: ['numerique--maitriser-les-fondamentaux-du-numerique'],
  },
  {
    value: 'Parentalité et éducation avec le numérique',
    label: 'Parentalité et éducation avec le numérique',
    dataInclusion: [
      'famille--soutien-a-la-parentalite-et-a-leducation',
      'numerique--maitriser-les-fondamentaux-du-numerique',
    ],
  },
  {
    value: 'Loisirs et créations numériques',
    label: 'Loisirs et créations numériques',
    dataInclusion: ['remobilisation--activites-sportives-et-culturelles', 'numerique--maitriser-les-fondamentaux-du-numerique'],
  },
  {
    value: 'Compréhension du monde numérique',
    label: 'Compréhension du monde numérique',
    dataInclusion: ['numerique--maitriser-les-fondamentaux-du-numerique'],
  },
  {
    value: 'Accès internet et matériel informatique',
    label: 'Accès internet et matériel informatique',
    dataInclusion: ['numerique--acceder-a-une-connexion-internet', 'numerique--acquerir-un-equipement'],
  },
  {
    value: 'Acquisition de matériel informatique à prix solidaire',
    label: 'Acquisition de matériel informatique à prix solidaire',
    dataInclusion: ['numerique--acquerir-un-equipement'],
  },
] as const satisfies readonly ServiceEntry[];

export type Service = (typeof SERVICES)[number]['value'];
export const SERVICE_VALUES = valuesOf(SERVICES);
export const serviceLabel = labeller(SERVICES);

/** Alternative spellings met in the wild, normalised to the exact value (the schema's description says "Comprehension"). */
export const SERVICE_ALIASES: ReadonlyMap<string, Service> = new Map([
  ['Comprehension du monde numérique', 'Compréhension du monde numérique'],
]);
