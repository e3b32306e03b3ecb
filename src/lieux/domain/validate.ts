import {
  LIEU_FIELDS,
  LIST_FIELDS,
  UNKNOWN_PIVOT,
  type FieldIssue,
  type Lieu,
  type LieuField,
  type LieuValidation,
  type ListField,
  type RawLieu,
} from './lieu.js';
import { DISPOSITIF_VALUES } from './dispositifs.js';
import { FORMATION_LABEL_ALIASES, FORMATION_LABEL_VALUES } from './formations-labels.js';
import { FRAIS_VALUES } from './frais.js';
import { parseOpeningHours } from './horaires.js';
import { ITINERANCE_VALUES } from './itinerance.js';
import { MODALITE_ACCES_VALUES, NO_PUBLIC_RECEPTION } from './modalites-acces.js';
import { MODALITE_ACCOMPAGNEMENT_VALUES } from './modalites-accompagnement.js';
import { PRISE_EN_CHARGE_VALUES } from './prise-en-charge.js';
import { PUBLIC_VALUES } from './publics.js';
import { SERVICE_ALIASES, SERVICE_VALUES } from './services.js';
import { TYPOLOGIE_VALUES } from './typologies.js';

export interface ValidateOptions {
  /** The reader found `;` used as the list separator (a v0 habit) in a v1 file: split on it too, with a warning. */
  listSeparatorSemicolon?: boolean;
}

export const REQUIRED_FIELDS = ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'] as const;
export const PRESENTATION_RESUME_MAX = 280;

export const PIVOT_PATTERN = /^[a-zA-Z0-9]{9,14}$/;
export const CODE_POSTAL_PATTERN = /^\d{5}$/;
export const CODE_INSEE_PATTERN = /^([013-9]\d|2[AB1-9])\d{3}$/;
export const TELEPHONE_PATTERN = /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$/;
const EMAIL_PATTERN = /^[^\s@<>(),;:|"]+@[^\s@<>(),;:|"]+\.[^\s@<>(),;:|".]{2,}$/;

/** The enumerated list fields, with their exact values and accepted alternative spellings. */
const ENUM_FIELDS: Partial<Record<ListField, { values: ReadonlySet<string>; aliases?: ReadonlyMap<string, string> }>> = {
  services: { values: SERVICE_VALUES, aliases: SERVICE_ALIASES },
  publics_specifiquement_adresses: { values: PUBLIC_VALUES },
  prise_en_charge_specifique: { values: PRISE_EN_CHARGE_VALUES },
  frais_a_charge: { values: FRAIS_VALUES },
  itinerance: { values: ITINERANCE_VALUES },
  dispositif_programmes_nationaux: { values: DISPOSITIF_VALUES },
  formations_labels: { values: FORMATION_LABEL_VALUES, aliases: FORMATION_LABEL_ALIASES },
  modalites_acces: { values: MODALITE_ACCES_VALUES },
  modalites_accompagnement: { values: MODALITE_ACCOMPAGNEMENT_VALUES },
};

/**
 * A loose key to recognise a vocabulary value written slightly differently: case, accents, typographic apostrophes,
 * spaces (including before a parenthesis, the schema's `Étapes numériques(La Poste)` quirk).
 */
export function looseKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/[«»"]/g, '')
    .toLowerCase()
    .replace(/\s+/g, '');
}

const looseIndexes = new Map<ReadonlySet<string>, Map<string, string>>();
function looseIndex(values: ReadonlySet<string>): Map<string, string> {
  let index = looseIndexes.get(values);
  if (!index) {
    index = new Map([...values].map((value) => [looseKey(value), value]));
    looseIndexes.set(values, index);
  }
  return index;
}

/** Resolves a value of a vocabulary: exact, a known alias, or a loose match (the last two are reported). */
export function resolveVocabularyValue(
  value: string,
  values: ReadonlySet<string>,
  aliases?: ReadonlyMap<string, string>,
): { value: string; normalised: boolean } | null {
  if (values.has(value)) return { value, normalised: false };
  const alias = aliases?.get(value);
  if (alias !== undefined) return { value: alias, normalised: true };
  const loose = looseIndex(values).get(looseKey(value));
  return loose === undefined ? null : { value: loose, normalised: true };
}

/** A plausible box around each French territory (WGS84): mainland and Corsica, overseas départements and collectivités. */
const FRENCH_BOXES: readonly [latMin: number, latMax: number, lonMin: number, lonMax: number][] = [
  [41.3, 51.2, -5.3, 9.7], // métropole et Corse
  [15.8, 16.6, -61.9, -60.9], // Guadeloupe
  [17.8, 18.2, -63.2, -62.7], // Saint-Martin, Saint-Barthélemy
  [14.3, 14.95, -61.3, -60.75], // Martinique
  [2.0, 6.0, -54.7, -51.5], // Guyane
  [-21.45, -20.85, 55.2, 55.9], // La Réunion
  [-13.1, -12.6, 44.95, 45.35], // Mayotte
  [46.7, 47.2, -56.5, -56.1], // Saint-Pierre-et-Miquelon
  [-23.0, -19.5, 163.5, 168.5], // Nouvelle-Calédonie
  [-28.0, -7.5, -155.0, -134.0], // Polynésie française
  [-14.5, -13.1, -178.3, -176.0], // Wallis-et-Futuna
];
export function isInFrance(latitude: number, longitude: number): boolean {
  return FRENCH_BOXES.some(([a, b, c, d]) => latitude >= a && latitude <= b && longitude >= c && longitude <= d);
}

/** Overseas prefixes of French national numbers (0 + 3 digits) → international code. */
const OVERSEAS_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['0590', '+590'], ['0690', '+590'], ['0691', '+590'],
  ['0594', '+594'], ['0694', '+594'],
  ['0262', '+262'], ['0263', '+262'], ['0692', '+262'], ['0693', '+262'], ['0269', '+262'], ['0639', '+262'],
  ['0596', '+596'], ['0696', '+596'], ['0697', '+596'],
]);

/** Normalises a French phone number written nationally or with spaces to the standard's form (`+33549000000`). */
export function normaliseTelephone(value: string): string {
  let compact = value.replace(/\(0\)/g, '').replace(/[\s.\-()/]/g, ''); // +33 (0)5 49…
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  compact = compact.replace(/^\+330(\d{9})$/, '+33$1'); // +33 05 49…
  if (/^0\d{9}$/.test(compact)) {
    const overseas = OVERSEAS_PREFIXES.get(compact.slice(0, 4));
    return `${overseas ?? '+33'}${compact.slice(1)}`;
  }
  return compact;
}

/** Parses `YYYY-MM-DD`, a French `DD/MM/YYYY` or an ISO timestamp; null when no real date. */
export function parseDateMaj(value: string): { date: string; converted: boolean } | null {
  let year: number, month: number, day: number;
  let converted = false;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value))) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    converted = true;
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value))) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    converted = true;
  } else {
    return null;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, converted };
}

/** Accepts http(s) URLs only; a bare `www.…` gets `https://` (reported). */
export function normaliseUrl(value: string): { url: string; added: boolean } | null {
  let candidate = value;
  let added = false;
  if (/^www\.[^\s]+\.[a-z]{2,}/i.test(candidate)) {
    candidate = `https://${candidate}`;
    added = true;
  }
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname.includes('.') || /\s/.test(candidate)) return null;
    return { url: candidate, added };
  } catch {
    return null;
  }
}

const quote = (value: string): string => `« ${value} »`;

class Collector {
  readonly errors: FieldIssue[] = [];
  readonly warnings: FieldIssue[] = [];
  error(field: string, value: string, reason: string): void {
    this.errors.push({ field, value, reason });
  }
  warn(field: string, value: string, reason: string): void {
    this.warnings.push({ field, value, reason });
  }
}

function rawText(raw: RawLieu, field: LieuField): string | undefined {
  const value: unknown = (raw as Record<string, unknown>)[field];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

/**
 * Validates one row against the standard v1.0.2 and returns the typed lieu. Every change made to the data is reported as
 * a warning (French, naming the field); anything the standard forbids and that cannot be repaired without guessing is an
 * error. See README.md for the choices.
 */
export function validateLieu(raw: RawLieu, options: ValidateOptions = {}): LieuValidation {
  const issues = new Collector();

  // 1. Trim every field (reported), and treat blank as absent.
  const text: Partial<Record<LieuField, string>> = {};
  for (const field of LIEU_FIELDS) {
    const value = rawText(raw, field);
    if (value === undefined) continue;
    const trimmed = value.trim();
    if (trimmed !== value && trimmed !== '') issues.warn(field, value, `Champ ${field} : espaces superflus retirés au début ou à la fin.`);
    if (trimmed !== '') text[field] = trimmed;
  }

  // 2. Required fields (pivot is handled with its placeholder below).
  for (const field of REQUIRED_FIELDS) {
    if (field === 'pivot') continue;
    if (text[field] === undefined) issues.error(field, '', `Champ obligatoire ${field} manquant.`);
  }

  const lists = Object.fromEntries(LIST_FIELDS.map((field) => [field, splitList(field, text[field], options, issues)])) as Record<
    ListField,
    string[]
  >;

  // pivot
  let pivot: string | null = null;
  const pivotText = text.pivot;
  if (pivotText === undefined) {
    issues.warn('pivot', '', `Champ pivot vide : SIRET ou RNA inconnu (exporté comme ${UNKNOWN_PIVOT}).`);
  } else {
    const compact = pivotText.replace(/\s+/g, '');
    if (compact !== pivotText) issues.warn('pivot', pivotText, `Champ pivot : espaces retirés du SIRET (${quote(compact)}).`);
    if (/^0+$/.test(compact)) {
      issues.warn('pivot', pivotText, `Champ pivot : ${quote(pivotText)} signifie « SIRET ou RNA inconnu ».`);
    } else if (!PIVOT_PATTERN.test(compact)) {
      issues.error('pivot', pivotText, `Champ pivot : ${quote(pivotText)} n'est ni un SIRET ni un RNA (9 à 14 lettres ou chiffres attendus).`);
    } else {
      pivot = compact;
    }
  }

  // code_postal, code_insee (a leading zero lost by a spreadsheet is restored, reported)
  const codePostal = postalCode('code_postal', text.code_postal, CODE_POSTAL_PATTERN, 'un code postal (5 chiffres)', issues);
  const codeInsee = postalCode('code_insee', text.code_insee, CODE_INSEE_PATTERN, 'un code officiel géographique (code INSEE de commune, 5 caractères)', issues);

  // latitude, longitude
  const { latitude, longitude } = coordinates(text.latitude, text.longitude, issues);

  // typologie: not checked by the schema, so unknown codes are kept (reported)
  const typologie = lists.typologie.map((code) => {
    const resolved = resolveVocabularyValue(code, TYPOLOGIE_VALUES);
    if (!resolved) {
      issues.warn('typologie', code, `Champ typologie : ${quote(code)} n'est pas une typologie data·inclusion connue ; valeur conservée.`);
      return code;
    }
    if (resolved.normalised) issues.warn('typologie', code, `Champ typologie : ${quote(code)} normalisé en ${quote(resolved.value)}.`);
    return resolved.value;
  });

  // telephone
  let telephone: string | null = null;
  if (text.telephone !== undefined) {
    const normalised = normaliseTelephone(text.telephone);
    if (!TELEPHONE_PATTERN.test(normalised)) {
      issues.error(
        'telephone',
        text.telephone,
        `Champ telephone : ${quote(text.telephone)} n'est pas un numéro au format attendu (un seul numéro, indicatif international, ex. +33549000000).`,
      );
    } else {
      if (normalised !== text.telephone) issues.warn('telephone', text.telephone, `Champ telephone : numéro réécrit au format international ${quote(normalised)}.`);
      telephone = normalised;
    }
  }

  // courriels
  for (const email of lists.courriels) {
    if (!EMAIL_PATTERN.test(email)) issues.error('courriels', email, `Champ courriels : ${quote(email)} n'est pas une adresse électronique valide.`);
  }

  // URLs
  const siteWeb = lists.site_web.map((value) => url('site_web', value, issues) ?? value);
  const ficheAccesLibre = text.fiche_acces_libre === undefined ? null : url('fiche_acces_libre', text.fiche_acces_libre, issues);
  const priseRdv = text.prise_rdv === undefined ? null : url('prise_rdv', text.prise_rdv, issues);

  // horaires
  let horaires: string | null = null;
  if (text.horaires !== undefined) {
    const check = parseOpeningHours(text.horaires);
    if (!check.ok) {
      issues.error('horaires', text.horaires, `Champ horaires : ${quote(text.horaires)} n'est pas au format OpenStreetMap opening_hours. Détail : ${check.error}`);
    } else {
      horaires = check.value;
      for (const warning of check.warnings) issues.warn('horaires', text.horaires, `Champ horaires : valeur acceptée, avec une remarque : ${warning}`);
    }
  }

  // presentation_resume: longer than 280 is rejected (truncating would silently change the text)
  const resume = text.presentation_resume ?? null;
  if (resume !== null && [...resume].length > PRESENTATION_RESUME_MAX) {
    issues.error(
      'presentation_resume',
      resume,
      `Champ presentation_resume : ${[...resume].length} caractères, le maximum est ${PRESENTATION_RESUME_MAX}. Raccourcissez le résumé (le détail peut aller dans presentation_detail).`,
    );
  }

  // date_maj
  let dateMaj = '';
  if (text.date_maj !== undefined) {
    const parsed = parseDateMaj(text.date_maj);
    if (!parsed) {
      issues.error('date_maj', text.date_maj, `Champ date_maj : ${quote(text.date_maj)} n'est pas une date valide au format AAAA-MM-JJ.`);
    } else {
      if (parsed.converted) issues.warn('date_maj', text.date_maj, `Champ date_maj : date convertie au format AAAA-MM-JJ (${parsed.date}).`);
      dateMaj = parsed.date;
    }
  }

  // enumerated lists
  const enums = {} as Record<ListField, string[]>;
  for (const [field, vocabulary] of Object.entries(ENUM_FIELDS) as [ListField, NonNullable<(typeof ENUM_FIELDS)[ListField]>][]) {
    const values: string[] = [];
    for (const value of lists[field]) {
      const resolved = resolveVocabularyValue(value, vocabulary.values, vocabulary.aliases);
      if (!resolved) {
        const hint = value.includes(';') ? ' Les valeurs multiples se séparent par « | ».' : '';
        issues.error(field, value, `Champ ${field} : valeur inconnue ${quote(value)}.${hint}`);
        continue;
      }
      if (resolved.normalised) issues.warn(field, value, `Champ ${field} : ${quote(value)} normalisé en ${quote(resolved.value)}, la valeur exacte du standard.`);
      values.push(resolved.value);
    }
    enums[field] = dedupe(field, values, issues);
  }

  // "no services ⇒ not open to the public": the standard's converter forces modalites_acces; we keep the data as given.
  if (enums.services.length === 0 && !enums.modalites_acces.includes(NO_PUBLIC_RECEPTION)) {
    issues.warn(
      'services',
      '',
      `Champ services vide : pour le standard, un lieu sans service n'accueille pas de public (modalites_acces ${quote(NO_PUBLIC_RECEPTION)}). Données conservées telles quelles ; la cartographie nationale n'affichera pas ce lieu.`,
    );
  }

  if (issues.errors.length > 0) return { ok: false, errors: issues.errors, warnings: issues.warnings };

  const lieu: Lieu = {
    id: text.id!,
    pivot,
    nom: text.nom!,
    commune: text.commune!,
    code_postal: codePostal!,
    code_insee: codeInsee,
    adresse: text.adresse!,
    complement_adresse: text.complement_adresse ?? null,
    latitude,
    longitude,
    typologie: dedupe('typologie', typologie, issues),
    telephone,
    courriels: lists.courriels,
    site_web: dedupe('site_web', siteWeb, issues),
    horaires,
    presentation_resume: resume,
    presentation_detail: text.presentation_detail ?? null,
    source: text.source ?? null,
    itinerance: enums.itinerance,
    structure_parente: text.structure_parente ?? null,
    date_maj: dateMaj,
    services: enums.services,
    publics_specifiquement_adresses: enums.publics_specifiquement_adresses,
    prise_en_charge_specifique: enums.prise_en_charge_specifique,
    frais_a_charge: enums.frais_a_charge,
    dispositif_programmes_nationaux: enums.dispositif_programmes_nationaux,
    formations_labels: enums.formations_labels,
    autres_formations_labels: lists.autres_formations_labels,
    modalites_acces: enums.modalites_acces,
    modalites_accompagnement: enums.modalites_accompagnement,
    fiche_acces_libre: ficheAccesLibre,
    prise_rdv: priseRdv,
  };
  return { ok: true, lieu, warnings: issues.warnings };
}

function splitList(field: ListField, value: string | undefined, options: ValidateOptions, issues: Collector): string[] {
  if (value === undefined) return [];
  let parts = value.split('|');
  if (options.listSeparatorSemicolon && value.includes(';')) {
    parts = parts.flatMap((part) => part.split(';'));
    issues.warn(field, value, `Champ ${field} : séparateur « ; » (ancienne version du standard) remplacé par « | ».`);
  }
  const trimmed = parts.map((part) => part.trim());
  if (trimmed.some((part, i) => part !== parts[i] && part !== '')) {
    issues.warn(field, value, `Champ ${field} : espaces superflus retirés autour des valeurs.`);
  }
  const nonEmpty = trimmed.filter((part) => part !== '');
  if (nonEmpty.length !== trimmed.length) issues.warn(field, value, `Champ ${field} : valeurs vides retirées de la liste.`);
  // Enumerated and URL fields are deduplicated after normalisation; the others here.
  if (field in ENUM_FIELDS || field === 'typologie' || field === 'site_web') return nonEmpty;
  return dedupe(field, nonEmpty, issues);
}

function dedupe(field: string, values: string[], issues: Collector): string[] {
  const unique = [...new Set(values)];
  if (unique.length !== values.length) {
    const duplicates = [...new Set(values.filter((value, i) => values.indexOf(value) !== i))];
    issues.warn(field, values.join('|'), `Champ ${field} : valeur(s) en double retirée(s) : ${duplicates.map(quote).join(', ')}.`);
  }
  return unique;
}

function postalCode(field: 'code_postal' | 'code_insee', value: string | undefined, pattern: RegExp, what: string, issues: Collector): string | null {
  if (value === undefined) return null;
  if (pattern.test(value)) return value;
  if (/^\d{4}$/.test(value) && pattern.test(`0${value}`)) {
    issues.warn(field, value, `Champ ${field} : zéro initial rétabli (${quote(`0${value}`)}), sans doute perdu par un tableur.`);
    return `0${value}`;
  }
  issues.error(field, value, `Champ ${field} : ${quote(value)} n'est pas ${what}.`);
  return null;
}

const APPROXIMATE = 'le lieu sera placé au centre de sa commune (position approximative).';

function coordinates(
  latText: string | undefined,
  lonText: string | undefined,
  issues: Collector,
): { latitude: number | null; longitude: number | null } {
  const none = { latitude: null, longitude: null };
  if (latText === undefined && lonText === undefined) return none;
  const both = `${latText ?? ''}, ${lonText ?? ''}`;
  if (latText === undefined || lonText === undefined) {
    const missing = latText === undefined ? 'latitude' : 'longitude';
    issues.warn(missing, both, `Champ ${missing} manquant : coordonnées ignorées, ${APPROXIMATE}`);
    return none;
  }
  const parse = (field: 'latitude' | 'longitude', value: string): number | null => {
    const withDot = value.replace(',', '.');
    const n = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(withDot) ? Number(withDot) : NaN;
    if (Number.isNaN(n)) {
      issues.warn(field, value, `Champ ${field} : ${quote(value)} n'est pas un nombre ; coordonnées ignorées, ${APPROXIMATE}`);
      return null;
    }
    if (withDot !== value) issues.warn(field, value, `Champ ${field} : virgule décimale remplacée par un point.`);
    return n;
  };
  const latitude = parse('latitude', latText);
  const longitude = parse('longitude', lonText);
  if (latitude === null || longitude === null) return none;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    issues.warn('latitude', both, `Champs latitude/longitude hors des bornes (±90, ±180) : coordonnées ignorées, ${APPROXIMATE}`);
    return none;
  }
  if (latitude === 0 && longitude === 0) {
    issues.warn('latitude', both, `Champs latitude/longitude à 0 : coordonnées ignorées, ${APPROXIMATE}`);
    return none;
  }
  if (!isInFrance(latitude, longitude)) {
    const swapped = isInFrance(longitude, latitude);
    issues.warn(
      'latitude',
      both,
      swapped
        ? `Champs latitude/longitude probablement inversés : coordonnées ignorées, ${APPROXIMATE}`
        : `Champs latitude/longitude hors de France : coordonnées ignorées, ${APPROXIMATE}`,
    );
    return none;
  }
  return { latitude, longitude };
}

function url(field: 'site_web' | 'fiche_acces_libre' | 'prise_rdv', value: string, issues: Collector): string | null {
  const normalised = normaliseUrl(value);
  if (!normalised) {
    issues.error(field, value, `Champ ${field} : ${quote(value)} n'est pas une adresse web valide (http:// ou https:// attendu).`);
    return null;
  }
  if (normalised.added) issues.warn(field, value, `Champ ${field} : « https:// » ajouté devant ${quote(value)}.`);
  return normalised.url;
}
