import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICE_VALUES } from './services.js';
import { mapV0ToV1, V0_SERVICES } from './v0.js';
import { validateLieu } from './validate.js';

const CNFS = JSON.parse(readFileSync(new URL('./__fixtures__/cnfs-v0-sample.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>[];

const BASE = {
  id: 'v0-1',
  pivot: '21860194500013',
  nom: 'Espace numérique',
  commune: 'Poitiers',
  code_postal: '86000',
  adresse: '1 place du Maréchal Leclerc',
  date_maj: '2022-06-02',
  services: 'Prendre en main un ordinateur',
};

describe('v0 services', () => {
  it('maps each of the 15 v0 services to one of the 9 v1 services', () => {
    expect(V0_SERVICES.size).toBe(15);
    for (const target of V0_SERVICES.values()) expect(SERVICE_VALUES.has(target)).toBe(true);
  });
  it.each([
    ['Devenir autonome dans les démarches administratives', 'Aide aux démarches administratives'],
    ['Accompagner les démarches de santé', 'Aide aux démarches administratives'],
    ['Prendre en main un smartphone ou une tablette', 'Maîtrise des outils numériques du quotidien'],
    ['Promouvoir la citoyenneté numérique', 'Compréhension du monde numérique'],
    ['Créer et développer mon entreprise', 'Insertion professionnelle via le numérique'],
    ['Accéder à du matériel', 'Accès internet et matériel informatique'],
    ["S'équiper en matériel informatique", 'Acquisition de matériel informatique à prix solidaire'],
    ['S’équiper en matériel informatique', 'Acquisition de matériel informatique à prix solidaire'],
    ['Créer avec le numérique', 'Loisirs et créations numériques'],
    ["Soutenir la parentalité et l'éducation avec le numérique", 'Parentalité et éducation avec le numérique'],
  ])('%s → %s', (v0, v1) => {
    const { raw, warnings } = mapV0ToV1({ ...BASE, services: v0 });
    expect(raw.services).toBe(v1);
    expect(warnings).toEqual([]);
  });
  it('merges v0 services that map to the same v1 value, and joins lists with |', () => {
    const { raw } = mapV0ToV1({
      ...BASE,
      services: 'Prendre en main un ordinateur;Utiliser le numérique au quotidien;Accéder à une connexion internet',
    });
    expect(raw.services).toBe('Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique');
  });
  it('reports a value with no v1 equivalent', () => {
    const { raw, warnings } = mapV0ToV1({ ...BASE, services: 'Prendre en main un ordinateur;Jardiner' });
    expect(raw.services).toBe('Maîtrise des outils numériques du quotidien');
    expect(warnings).toMatchObject([{ field: 'services', value: 'Jardiner' }]);
  });
});

describe('v0 publics_accueillis', () => {
  it('splits into publics and prise en charge', () => {
    const { raw, warnings } = mapV0ToV1({
      ...BASE,
      publics_accueillis:
        "Seniors (+ 65 ans);Familles/enfants;Jeunes (16-26 ans);Uniquement femmes;Public langues étrangères;Déficience visuelle;Surdité;Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales;Handicaps mentaux : déficiences limitant les activités d'une personne;Personnes en situation d'illettrisme",
    });
    expect(raw.publics_specifiquement_adresses).toBe('Seniors|Familles et/ou enfants|Jeunes|Femmes');
    expect(raw.prise_en_charge_specifique).toBe(
      'Langues étrangères (anglais)|Langues étrangères (autres)|Déficience visuelle|Surdité|Handicaps mentaux|Illettrisme',
    );
    expect(warnings).toEqual([]);
  });
  it('drops "Adultes" with a warning naming it', () => {
    const { raw, warnings } = mapV0ToV1({ ...BASE, publics_accueillis: 'Adultes;Seniors (+ 65 ans)' });
    expect(raw.publics_specifiquement_adresses).toBe('Seniors');
    expect(warnings).toMatchObject([{ field: 'publics_accueillis', value: 'Adultes' }]);
  });
});

describe('v0 conditions_acces → frais_a_charge', () => {
  it('maps the four paying conditions and reports the Pass numérique', () => {
    const { raw, warnings } = mapV0ToV1({
      ...BASE,
      conditions_acces:
        "Gratuit : Je peux accéder gratuitement au lieu et à ses services;Gratuit sous condition : La gratuité est conditionnée à des critères (situation familiale, convention avec un organisme social...);Payant : L'accès au lieu et/ou à ses services est payant;Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer;Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu",
    });
    expect(raw.frais_a_charge).toBe('Gratuit|Gratuit sous condition|Payant');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.reason).toContain('Pass numérique');
  });
  it('reads the typo conditions_access too', () => {
    expect(mapV0ToV1({ ...BASE, conditions_access: 'Adhésion : …' }).raw.frais_a_charge).toBe('Payant');
  });
});

describe('v0 modalites_accompagnement, labels, renamed fields', () => {
  it('maps the modalités', () => {
    const { raw } = mapV0ToV1({
      ...BASE,
      modalites_accompagnement:
        "Seul : j'ai accès à du matériel et une connexion;Avec de l'aide : je suis accompagné seul dans l'usage du numérique;A ma place : une personne habilitée fait les démarches à ma place;Dans un atelier : j'apprends collectivement à utiliser le numérique",
    });
    expect(raw.modalites_accompagnement).toBe('En autonomie|Accompagnement individuel|Dans un atelier collectif');
  });
  it('maps national labels to dispositifs and formations labels; others go to autres_formations_labels with a warning', () => {
    const { raw, warnings } = mapV0ToV1({
      ...BASE,
      labels_nationaux: 'CNFS;France Services;Aidants Connect;Point numérique CAF;Fabriques de Territoire;APTIC',
      labels_autres: 'SudLabs;Nièvre médiation numérique',
    });
    expect(raw.dispositif_programmes_nationaux).toBe(
      "Conseillers numériques|France Services|Aidants Connect|Point d'accès numérique CAF",
    );
    expect(raw.formations_labels).toBe('Fabriques de Territoire');
    expect(raw.autres_formations_labels).toBe('SudLabs|Nièvre médiation numérique|APTIC');
    expect(warnings).toMatchObject([{ field: 'labels_nationaux', value: 'APTIC' }]);
  });
  it('renames courriel, accessibilite, and reports cle_ban and fields outside the standard', () => {
    const { raw, warnings } = mapV0ToV1({
      ...BASE,
      courriel: 'a@b.fr;c@d.fr',
      accessibilite: 'https://acceslibre.beta.gouv.fr/x',
      cle_ban: '86194_1234_00001',
      typologie: 'TIERS_LIEUX;ASSO',
      site_web: 'https://a.fr;https://b.fr',
      structureId: 'abc',
    });
    expect(raw).toMatchObject({
      courriels: 'a@b.fr|c@d.fr',
      fiche_acces_libre: 'https://acceslibre.beta.gouv.fr/x',
      typologie: 'TIERS_LIEUX|ASSO',
      site_web: 'https://a.fr|https://b.fr',
    });
    expect(raw).not.toHaveProperty('courriel');
    expect(warnings.map((w) => w.field)).toEqual(['cle_ban', 'structureId']);
  });
});

describe('real Conseiller numérique rows (2022-12)', () => {
  it.each(CNFS.map((row) => [row.id as string, row] as const))('%s maps to a valid v1 lieu', (_id, row) => {
    const { raw, warnings } = mapV0ToV1(row);
    expect(warnings.map((w) => w.field)).toEqual(['structureId']);
    expect(raw.services).toBe('Maîtrise des outils numériques du quotidien|Compréhension du monde numérique');
    expect(raw.frais_a_charge).toBe('Gratuit');
    expect(raw.dispositif_programmes_nationaux?.split('|')).toContain('Conseillers numériques');
    const result = validateLieu(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.lieu.id).toBe(row.id);
    expect(result.lieu.pivot).toBe(row.pivot === '00000000000000' ? null : row.pivot);
    expect(result.lieu.latitude).toBe((row.latitude as number | undefined) ?? null);
    expect(result.lieu.telephone).toBe((row.telephone as string | undefined) ?? null);
  });
  it('keeps France Services and Aidants Connect labels', () => {
    const row = CNFS.find((r) => String(r.labels_nationaux).includes('Aidants Connect'))!;
    expect(mapV0ToV1(row).raw.dispositif_programmes_nationaux?.split('|').sort()).toEqual(
      ['Aidants Connect', 'Conseillers numériques', 'France Services'],
    );
  });
});
