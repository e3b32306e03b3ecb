import type { FieldIssue, LieuField, RawLieu } from './lieu.js';
import { DISPOSITIF_VALUES } from './dispositifs.js';
import { FRAIS_VALUES } from './frais.js';
import { MODALITE_ACCOMPAGNEMENT_VALUES } from './modalites-accompagnement.js';
import { SERVICE_VALUES } from './services.js';
import { looseKey } from './validate.js';

/**
 * The standard v0.1 (2022) → v1 mapping, as the national cartography's aggregation tool does it for the Conseiller
 * numérique data (mednum-cli `conseiller-numerique.config.json`, summarised in the reference §1.4). v0 lists use `;`.
 */

type Target = Partial<Record<LieuField, readonly string[]>>;

/** v0 `services` (15 values) → v1 `services` (9). */
export const V0_SERVICES: ReadonlyMap<string, string> = new Map([
  ['Devenir autonome dans les démarches administratives', 'Aide aux démarches administratives'],
  ['Réaliser des démarches administratives avec un accompagnement', 'Aide aux démarches administratives'],
  ['Accompagner les démarches de santé', 'Aide aux démarches administratives'],
  ['Prendre en main un smartphone ou une tablette', 'Maîtrise des outils numériques du quotidien'],
  ['Prendre en main un ordinateur', 'Maîtrise des outils numériques du quotidien'],
  ['Utiliser le numérique au quotidien', 'Maîtrise des outils numériques du quotidien'],
  ['Approfondir ma culture numérique', 'Compréhension du monde numérique'],
  ['Promouvoir la citoyenneté numérique', 'Compréhension du monde numérique'],
  ['Favoriser mon insertion professionnelle', 'Insertion professionnelle via le numérique'],
  ['Créer et développer mon entreprise', 'Insertion professionnelle via le numérique'],
  ['Accéder à une connexion internet', 'Accès internet et matériel informatique'],
  ['Accéder à du matériel', 'Accès internet et matériel informatique'],
  ["S'équiper en matériel informatique", 'Acquisition de matériel informatique à prix solidaire'],
  ['Créer avec le numérique', 'Loisirs et créations numériques'],
  ["Soutenir la parentalité et l'éducation avec le numérique", 'Parentalité et éducation avec le numérique'],
]);

/** v0 `publics_accueillis` → v1 publics or prise en charge; `null`: no v1 equivalent (dropped, reported). */
export const V0_PUBLICS: ReadonlyMap<string, Target | null> = new Map<string, Target | null>([
  ['Seniors (+ 65 ans)', { publics_specifiquement_adresses: ['Seniors'] }],
  ['Familles/enfants', { publics_specifiquement_adresses: ['Familles et/ou enfants'] }],
  ['Adultes', null],
  ['Jeunes (16-26 ans)', { publics_specifiquement_adresses: ['Jeunes'] }],
  ['Uniquement femmes', { publics_specifiquement_adresses: ['Femmes'] }],
  ['Public langues étrangères', { prise_en_charge_specifique: ['Langues étrangères (anglais)', 'Langues étrangères (autres)'] }],
  ['Déficience visuelle', { prise_en_charge_specifique: ['Déficience visuelle'] }],
  ['Surdité', { prise_en_charge_specifique: ['Surdité'] }],
  ['Handicaps psychiques', { prise_en_charge_specifique: ['Handicaps mentaux'] }],
  ['Handicaps mentaux', { prise_en_charge_specifique: ['Handicaps mentaux'] }],
  ["Personnes en situation d'illettrisme", { prise_en_charge_specifique: ['Illettrisme'] }],
]);

/** v0 `conditions_acces` (label before « : ») → v1 `frais_a_charge`. */
export const V0_CONDITIONS_ACCES: ReadonlyMap<string, string | null> = new Map([
  ['Gratuit', 'Gratuit'],
  ['Gratuit sous condition', 'Gratuit sous condition'],
  ['Payant', 'Payant'],
  ['Adhésion', 'Payant'],
  ['Accepte le Pass numérique', null],
]);

/** v0 `modalites_accompagnement` (label before « : ») → v1. */
export const V0_MODALITES_ACCOMPAGNEMENT: ReadonlyMap<string, string> = new Map([
  ['Seul', 'En autonomie'],
  ["Avec de l'aide", 'Accompagnement individuel'],
  ['A ma place', 'Accompagnement individuel'],
  ['Dans un atelier', 'Dans un atelier collectif'],
]);

/** v0 `labels_nationaux` → v1 dispositifs or formations labels; `null`: no v1 equivalent (kept in autres_formations_labels). */
export const V0_LABELS_NATIONAUX: ReadonlyMap<string, Target | null> = new Map<string, Target | null>([
  ['CNFS', { dispositif_programmes_nationaux: ['Conseillers numériques'] }],
  ['France Services', { dispositif_programmes_nationaux: ['France Services'] }],
  ['Aidants Connect', { dispositif_programmes_nationaux: ['Aidants Connect'] }],
  ['Grandes écoles du numérique', { dispositif_programmes_nationaux: ['Grande école du numérique'] }],
  ['Point numérique CAF', { dispositif_programmes_nationaux: ["Point d'accès numérique CAF"] }],
  ['Fabriques de Territoire', { formations_labels: ['Fabriques de Territoire'] }],
  ['APTIC', null],
  ['Point relais CAF', null],
  ['Relais pôle emploi', null],
  ['French Tech', null],
  ['Campus connecté', null],
]);

/** v0 fields copied as they are (same name in v1). */
const SAME_FIELDS = [
  'id', 'pivot', 'nom', 'commune', 'code_postal', 'code_insee', 'adresse', 'complement_adresse', 'latitude', 'longitude',
  'telephone', 'horaires', 'presentation_resume', 'presentation_detail', 'source', 'structure_parente', 'date_maj', 'prise_rdv',
] as const satisfies readonly LieuField[];

const V0_FIELDS = new Set<string>([
  ...SAME_FIELDS, 'cle_ban', 'typologie', 'courriel', 'site_web', 'services', 'publics_accueillis', 'conditions_acces',
  'conditions_access', 'labels_nationaux', 'labels_autres', 'modalites_accompagnement', 'accessibilite',
]);

function loose<V>(map: ReadonlyMap<string, V>): Map<string, V> {
  return new Map([...map].map(([key, value]) => [looseKey(key), value]));
}
const SERVICES_LOOSE = loose(V0_SERVICES);
const PUBLICS_LOOSE = loose(V0_PUBLICS);
const CONDITIONS_LOOSE = loose(V0_CONDITIONS_ACCES);
const MODALITES_LOOSE = loose(V0_MODALITES_ACCOMPAGNEMENT);
const LABELS_LOOSE = loose(V0_LABELS_NATIONAUX);

/** The short label of a v0 value: v0 values often read `Label : explanation`. */
const shortLabel = (value: string): string => value.split(/\s:\s/)[0]!.trim();

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(';');
  const text = typeof value === 'string' ? value : String(value);
  return text.trim() === '' ? undefined : text;
}

function splitV0(value: string): string[] {
  return value
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Maps one v0.1 record to a v1 raw row (`|` lists); every value without a v1 equivalent is reported. */
export function mapV0ToV1(record: Record<string, unknown>): { raw: RawLieu; warnings: FieldIssue[] } {
  const warnings: FieldIssue[] = [];
  const out = new Map<LieuField, string[]>();
  const add = (field: LieuField, values: readonly string[]): void => {
    const list = out.get(field) ?? [];
    for (const value of values) if (!list.includes(value)) list.push(value);
    out.set(field, list);
  };
  const raw: RawLieu = {};

  for (const field of SAME_FIELDS) {
    const value = asText(record[field]);
    if (value !== undefined) raw[field] = value;
  }

  const typologie = asText(record.typologie);
  if (typologie !== undefined) add('typologie', splitV0(typologie));

  const courriel = asText(record.courriel);
  if (courriel !== undefined) add('courriels', splitV0(courriel));

  const siteWeb = asText(record.site_web);
  if (siteWeb !== undefined) add('site_web', siteWeb.split(/;|,(?=\s*(?:https?:|www\.))/).map((s) => s.trim()).filter(Boolean));

  const labelsAutres = asText(record.labels_autres);
  if (labelsAutres !== undefined) add('autres_formations_labels', splitV0(labelsAutres));

  const accessibilite = asText(record.accessibilite);
  if (accessibilite !== undefined) raw.fiche_acces_libre = accessibilite;

  const cleBan = asText(record.cle_ban);
  if (cleBan !== undefined) {
    warnings.push({ field: 'cle_ban', value: cleBan, reason: "Champ cle_ban (v0) : n'existe plus dans le standard v1 ; valeur ignorée." });
  }

  // services
  const services = asText(record.services);
  if (services !== undefined) {
    for (const value of splitV0(services)) {
      const mapped = SERVICE_VALUES.has(value) ? value : SERVICES_LOOSE.get(looseKey(value));
      if (mapped === undefined) {
        warnings.push({ field: 'services', value, reason: `Champ services (v0) : ${q(value)} n'a pas d'équivalent en v1 ; valeur ignorée.` });
      } else add('services', [mapped]);
    }
  }

  // publics_accueillis → publics / prise en charge
  const publics = asText(record.publics_accueillis);
  if (publics !== undefined) {
    for (const value of splitV0(publics)) {
      const key = looseKey(shortLabel(value));
      if (!PUBLICS_LOOSE.has(key)) {
        warnings.push({ field: 'publics_accueillis', value, reason: `Champ publics_accueillis (v0) : valeur inconnue ${q(value)} ; ignorée.` });
        continue;
      }
      const target = PUBLICS_LOOSE.get(key);
      if (!target) {
        warnings.push({
          field: 'publics_accueillis',
          value,
          reason: `Champ publics_accueillis (v0) : ${q(value)} n'a pas d'équivalent en v1 (tout public par défaut) ; valeur ignorée.`,
        });
        continue;
      }
      for (const [field, values] of Object.entries(target) as [LieuField, string[]][]) add(field, values);
    }
  }

  // conditions_acces (also the typo conditions_access) → frais_a_charge
  const conditions = [asText(record.conditions_acces), asText(record.conditions_access)].filter((v): v is string => v !== undefined);
  for (const value of conditions.flatMap(splitV0)) {
    const key = looseKey(shortLabel(value));
    const mapped = FRAIS_VALUES.has(value) ? value : (CONDITIONS_LOOSE.get(key) ?? undefined);
    if (mapped === undefined) {
      const known = CONDITIONS_LOOSE.has(key);
      warnings.push({
        field: 'conditions_acces',
        value,
        reason: known
          ? `Champ conditions_acces (v0) : ${q(shortLabel(value))} n'a pas d'équivalent dans frais_a_charge (v1) ; valeur ignorée.`
          : `Champ conditions_acces (v0) : valeur inconnue ${q(value)} ; ignorée.`,
      });
    } else add('frais_a_charge', [mapped]);
  }

  // modalites_accompagnement
  const modalites = asText(record.modalites_accompagnement);
  if (modalites !== undefined) {
    for (const value of splitV0(modalites)) {
      const mapped = MODALITE_ACCOMPAGNEMENT_VALUES.has(value) ? value : MODALITES_LOOSE.get(looseKey(shortLabel(value)));
      if (mapped === undefined) {
        warnings.push({
          field: 'modalites_accompagnement',
          value,
          reason: `Champ modalites_accompagnement (v0) : ${q(value)} n'a pas d'équivalent en v1 ; valeur ignorée.`,
        });
      } else add('modalites_accompagnement', [mapped]);
    }
  }

  // labels_nationaux → dispositifs / formations labels
  const labels = asText(record.labels_nationaux);
  if (labels !== undefined) {
    for (const value of splitV0(labels)) {
      const key = looseKey(value);
      if (DISPOSITIF_VALUES.has(value)) {
        add('dispositif_programmes_nationaux', [value]);
        continue;
      }
      const target = LABELS_LOOSE.get(key);
      if (target) {
        for (const [field, values] of Object.entries(target) as [LieuField, string[]][]) add(field, values);
        continue;
      }
      add('autres_formations_labels', [value]);
      warnings.push({
        field: 'labels_nationaux',
        value,
        reason: LABELS_LOOSE.has(key)
          ? `Champ labels_nationaux (v0) : ${q(value)} n'a pas d'équivalent dans les dispositifs v1 ; reporté dans autres_formations_labels.`
          : `Champ labels_nationaux (v0) : label inconnu ${q(value)} ; reporté dans autres_formations_labels.`,
      });
    }
  }

  const ignored = Object.keys(record).filter((key) => !V0_FIELDS.has(key) && asText(record[key]) !== undefined);
  if (ignored.length > 0) {
    warnings.push({
      field: ignored.join(', '),
      value: '',
      reason: `Champ(s) hors du standard v0 ignoré(s) : ${ignored.join(', ')}.`,
    });
  }

  for (const [field, values] of out) if (values.length > 0) raw[field] = values.join('|');
  return { raw, warnings };
}

const q = (value: string): string => `« ${value} »`;
