/**
 * The national standard's vocabularies (lieux de médiation numérique, schema v1.0.2), kept verbatim.
 * The web app cannot import the server's domain files: these lists mirror src/lieux/domain.
 */

export const SERVICES = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Parentalité et éducation avec le numérique',
  'Loisirs et créations numériques',
  'Compréhension du monde numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
] as const;

export const DISPOSITIFS = [
  'Aidants Connect',
  'Bibliothèques numérique de référence',
  'Certification PIX',
  'Conseillers numériques',
  'Emmaüs Connect',
  'France Services',
  'Grande école du numérique',
  'La Croix Rouge',
  "Point d'accès numérique CAF",
  'Promeneurs du net',
  'Relais numérique (Emmaüs Connect)',
] as const;

/** The 32 fields of the standard, with a plain French label, in display groups. */
export const FIELD_GROUPS: Array<{ id: string; title: string; fields: Array<[field: string, label: string]> }> = [
  {
    id: 'informations-generales',
    title: 'Informations générales',
    fields: [
      ['nom', 'Nom'],
      ['id', 'Identifiant (id)'],
      ['pivot', 'SIRET ou RNA (pivot)'],
      ['typologie', 'Type de structure (typologie)'],
      ['structure_parente', 'Structure parente'],
      ['presentation_resume', 'Présentation courte'],
      ['presentation_detail', 'Présentation détaillée'],
      ['source', 'Source de la donnée'],
      ['date_maj', 'Date de mise à jour'],
    ],
  },
  {
    id: 'adresse',
    title: 'Adresse et localisation',
    fields: [
      ['adresse', 'Adresse'],
      ['complement_adresse', "Complément d'adresse"],
      ['code_postal', 'Code postal'],
      ['commune', 'Commune'],
      ['code_insee', 'Code Insee'],
      ['latitude', 'Latitude'],
      ['longitude', 'Longitude'],
      ['itinerance', 'Itinérance'],
    ],
  },
  {
    id: 'contact',
    title: 'Contact',
    fields: [
      ['telephone', 'Téléphone'],
      ['courriels', 'Adresses e-mail'],
      ['site_web', 'Sites web'],
      ['prise_rdv', 'Prise de rendez-vous en ligne'],
      ['fiche_acces_libre', 'Fiche Acceslibre (accessibilité du lieu)'],
    ],
  },
  { id: 'horaires', title: 'Horaires', fields: [['horaires', "Horaires d'ouverture"]] },
  {
    id: 'services',
    title: 'Services et accompagnement',
    fields: [
      ['services', 'Services proposés'],
      ['modalites_accompagnement', "Modalités d'accompagnement"],
    ],
  },
  {
    id: 'publics',
    title: 'Publics',
    fields: [
      ['publics_specifiquement_adresses', 'Publics spécifiquement accueillis'],
      ['prise_en_charge_specifique', 'Prise en charge spécifique'],
    ],
  },
  {
    id: 'modalites',
    title: 'Modalités',
    fields: [
      ['modalites_acces', "Modalités d'accès"],
      ['frais_a_charge', 'Frais à charge'],
    ],
  },
  {
    id: 'labels',
    title: 'Labels et dispositifs',
    fields: [
      ['dispositif_programmes_nationaux', 'Dispositifs et programmes nationaux'],
      ['formations_labels', 'Formations et labels'],
      ['autres_formations_labels', 'Autres formations et labels'],
    ],
  },
];

export const FIELD_LABELS: Record<string, string> = Object.fromEntries(FIELD_GROUPS.flatMap((g) => g.fields));

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** Export formats offered on the export page. */
export const EXPORT_FORMATS = [
  { value: 'csv', label: 'CSV au format du standard', hint: 'Le fichier attendu par la cartographie nationale, lisible dans un tableur.' },
  { value: 'json', label: 'JSON', hint: 'Les mêmes champs, pour les développeurs.' },
  { value: 'geojson', label: 'GeoJSON', hint: 'Pour les logiciels de cartographie (QGIS, uMap…).' },
  { value: 'data-inclusion', label: 'data·inclusion', hint: 'Au format du schéma data·inclusion (structures et services).' },
] as const;
