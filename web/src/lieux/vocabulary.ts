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

/** `modalites_accompagnement`. */
export const MODALITES_ACCOMPAGNEMENT = [
  'En autonomie',
  'Accompagnement individuel',
  'Dans un atelier collectif',
  'À distance',
] as const;

/** `frais_a_charge`. */
export const FRAIS = [
  'Gratuit',
  'Gratuit sous condition',
  'Payant',
] as const;

/** `itinerance`. */
export const ITINERANCES = [
  'Itinérant',
  'Fixe',
] as const;

/** `publics_specifiquement_adresses`. */
export const PUBLICS = [
  'Jeunes',
  'Étudiants',
  'Familles et/ou enfants',
  'Seniors',
  'Femmes',
] as const;

/** `prise_en_charge_specifique`. */
export const PRISES_EN_CHARGE = [
  'Surdité',
  'Handicaps moteurs',
  'Handicaps mentaux',
  'Illettrisme',
  'Langues étrangères (anglais)',
  'Langues étrangères (autres)',
  'Déficience visuelle',
] as const;

/** `modalites_acces`. */
export const MODALITES_ACCES = [
  'Se présenter',
  'Téléphoner',
  'Contacter par mail',
  'Prendre un RDV en ligne',
  "Ce lieu n'accueille pas de public",
  'Envoyer un mail avec une fiche de prescription',
] as const;

/** `typologie`: data·inclusion codes (value) with their French name (label). */
export const TYPOLOGIES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'ACI', label: "Atelier et chantier d'insertion" },
  { value: 'ACIPHC', label: "Atelier chantier d'insertion premières heures en chantier" },
  { value: 'AFPA', label: 'Agence nationale pour la formation professionnelle des adultes (AFPA)' },
  { value: 'AI', label: 'Association intermédiaire' },
  { value: 'ASE', label: "Aide sociale à l'enfance" },
  { value: 'ASSO', label: 'Association' },
  { value: 'ASSO_CHOMEUR', label: 'Association de chômeurs' },
  { value: 'Autre', label: 'Autre' },
  { value: 'AVIP', label: "Crèche à vocation d'insertion professionnelle" },
  { value: 'BIB', label: 'Bibliothèque / médiathèque' },
  { value: 'CAARUD', label: "Centre d'accueil et d'accompagnement à la réduction des risques pour usagers de drogues" },
  { value: 'CADA', label: "Centre d'accueil de demandeurs d'asile" },
  { value: 'CAF', label: "Caisse d'allocations familiales" },
  { value: 'CAP_EMPLOI', label: 'Cap emploi' },
  { value: 'CAVA', label: "Centre d'adaptation à la vie active" },
  { value: 'CC', label: 'Communauté de communes' },
  { value: 'CCAS', label: "Centre communal d'action sociale" },
  { value: 'CCONS', label: 'Chambre consulaire (CCI, CMA, chambre d’agriculture)' },
  { value: 'CD', label: 'Conseil départemental' },
  { value: 'CDAS', label: "Centre départemental d'action sociale" },
  { value: 'CFP', label: 'Centre des finances publiques' },
  { value: 'CHRS', label: "Centre d'hébergement et de réinsertion sociale" },
  { value: 'CHU', label: "Centre d'hébergement d'urgence" },
  { value: 'CIAS', label: "Centre intercommunal d'action sociale" },
  { value: 'CIDFF', label: "Centre d'information sur les droits des femmes et des familles" },
  { value: 'CITMET', label: 'Cité des métiers' },
  { value: 'CMP', label: 'Centre médico-psychologique' },
  { value: 'CMS', label: 'Centre médico-social' },
  { value: 'CPAM', label: "Caisse primaire d'assurance maladie" },
  { value: 'CPH', label: "Centre provisoire d'hébergement" },
  { value: 'CS', label: 'Centre social' },
  { value: 'CSAPA', label: "Centre de soins, d'accompagnement et de prévention en addictologie" },
  { value: 'CSC', label: 'Centre socioculturel' },
  { value: 'DEETS', label: "Direction de l'économie, de l'emploi, du travail et des solidarités" },
  { value: 'DEPT', label: 'Services sociaux du conseil départemental' },
  { value: 'DIPLP', label: 'Délégation interministérielle à la prévention et à la lutte contre la pauvreté' },
  { value: 'E2C', label: 'École de la deuxième chance' },
  { value: 'EA', label: 'Entreprise adaptée' },
  { value: 'EATT', label: 'Entreprise adaptée de travail temporaire' },
  { value: 'EI', label: "Entreprise d'insertion" },
  { value: 'EITI', label: "Entreprise d'insertion par le travail indépendant" },
  { value: 'ENM', label: 'Espace numérique mobile' },
  { value: 'EPCI', label: 'Intercommunalité (EPCI)' },
  { value: 'EPI', label: 'Espace public internet' },
  { value: 'EPIDE', label: "Établissement pour l'insertion dans l'emploi (EPIDE)" },
  { value: 'EPN', label: 'Espace public numérique' },
  { value: 'ES', label: 'Épicerie solidaire' },
  { value: 'ESAT', label: "Établissement ou service d'aide par le travail" },
  { value: 'ESS', label: "Entreprise de l'économie sociale et solidaire" },
  { value: 'ETTI', label: "Entreprise de travail temporaire d'insertion" },
  { value: 'EVS', label: 'Espace de vie sociale' },
  { value: 'FABLAB', label: 'Fablab' },
  { value: 'FABRIQUE', label: 'Fabrique de territoire' },
  { value: 'FAIS', label: "Fédération d'acteurs de l'insertion et de la solidarité" },
  { value: 'FT', label: 'France Travail (ex-Pôle emploi)' },
  { value: 'GEIQ', label: "Groupement d'employeurs pour l'insertion et la qualification" },
  { value: 'HUDA', label: "Hébergement d'urgence pour demandeurs d'asile" },
  { value: 'LA_POSTE', label: 'La Poste' },
  { value: 'MDE', label: "Maison de l'emploi" },
  { value: 'MDH', label: 'Maison des habitants' },
  { value: 'MDEF', label: "Maison de l'emploi et de la formation" },
  { value: 'MDPH', label: 'Maison départementale des personnes handicapées' },
  { value: 'MDS', label: 'Maison départementale des solidarités' },
  { value: 'MJC', label: 'Maison des jeunes et de la culture' },
  { value: 'ML', label: 'Mission locale' },
  { value: 'MQ', label: 'Maison de quartier' },
  { value: 'MSA', label: 'Mutualité sociale agricole' },
  { value: 'MSAP', label: 'Maison de services au public' },
  { value: 'MUNI', label: 'Mairie' },
  { value: 'OACAS', label: "Organisme d'accueil communautaire et d'activité solidaire" },
  { value: 'ODC', label: "Organisation délégataire d'un conseil départemental" },
  { value: 'OF', label: 'Organisme de formation' },
  { value: 'OIL', label: "Opérateur d'intermédiation locative" },
  { value: 'OPCS', label: 'Organisation porteuse de la clause sociale' },
  { value: 'PAD', label: "Point d'accès au droit" },
  { value: 'PENSION', label: 'Pension de famille / résidence accueil' },
  { value: 'PI', label: 'Point info' },
  { value: 'PIJ_BIJ', label: 'Point ou bureau information jeunesse' },
  { value: 'PIMMS', label: "Point d'information médiation multi-services (PIMMS)" },
  { value: 'PJJ', label: 'Protection judiciaire de la jeunesse' },
  { value: 'PLIE', label: "Plan local pour l'insertion et l'emploi" },
  { value: 'PREF', label: 'Préfecture, sous-préfecture' },
  { value: 'PREVENTION', label: 'Service ou club de prévention' },
  { value: 'REG', label: 'Région' },
  { value: 'RELAIS_LECTURE', label: 'Relais lecture' },
  { value: 'RESSOURCERIE', label: 'Ressourcerie' },
  { value: 'RFS', label: 'Réseau France Services' },
  { value: 'RS_FJT', label: 'Résidence sociale / foyer de jeunes travailleurs' },
  { value: 'SCP', label: 'Services et clubs de prévention' },
  { value: 'SPIP', label: "Service pénitentiaire d'insertion et de probation" },
  { value: 'TIERS_LIEUX', label: 'Tiers-lieu et coworking' },
  { value: 'UDAF', label: 'Union départementale des associations familiales' },
];

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
