import { normalizeWords } from '../../territory/index';
import type { DedupRecord } from './types';

/** Words carrying no identity in a lieu's name. */
const STOP_WORDS = new Set(['le', 'la', 'les', 'l', 'de', 'du', 'des', 'd', 'et', 'a', 'au', 'aux', 'en', 'sur', 'sous', 'pour', 'par', 'un', 'une']);

/**
 * Words that say what KIND of place it is, shared by many unrelated lieux ("Espace France Services de …",
 * "Mairie de …", "Point numérique …"). They are dropped from the "core" of a name; the full name keeps them.
 */
export const GENERIC_NAME_WORDS = new Set([
  'espace',
  'france',
  'services',
  'service',
  'maison',
  'msap',
  'msp',
  'fs',
  'public',
  'publics',
  'publique',
  'point',
  'numerique',
  'numeriques',
  'conseiller',
  'conseillers',
  'cnfs',
  'permanence',
  'permanences',
  'mairie',
  'commune',
  'ville',
  'annexe',
  'antenne',
  'site',
  'principal',
  'multi',
  'sites',
  'accueil',
  'bureau',
  'centre',
  'social',
  'sociale',
  'socio',
  'culturel',
  'pimms',
  'mediation',
  'communaute',
  'communes',
  'agglomeration',
  'cc',
  'ca',
]);

const STREET_TYPES: Record<string, string> = {
  r: 'rue',
  av: 'avenue',
  ave: 'avenue',
  bd: 'boulevard',
  bld: 'boulevard',
  blvd: 'boulevard',
  boul: 'boulevard',
  pl: 'place',
  pla: 'place',
  ch: 'chemin',
  chem: 'chemin',
  che: 'chemin',
  rte: 'route',
  imp: 'impasse',
  all: 'allee',
  sq: 'square',
  fg: 'faubourg',
  fbg: 'faubourg',
  crs: 'cours',
  qu: 'quai',
  pass: 'passage',
  gr: 'grande rue',
  grde: 'grande',
  res: 'residence',
  lot: 'lotissement',
  za: 'zone',
  zi: 'zone',
  zac: 'zone',
  mal: 'marechal',
  gal: 'general',
  gen: 'general',
  pdt: 'president',
  prom: 'promenade',
  esp: 'esplanade',
  sente: 'sentier',
};
/** Number suffixes: "12 bis rue…", "12B rue…". */
const NUMBER_SUFFIXES = new Set(['bis', 'b', 'ter', 't', 'quater', 'q', 'a', 'c', 'd']);
/** Postal noise after the street ("BP 10227", "CS 30001", "CEDEX"). */
const POSTAL_NOISE = new Set(['bp', 'cs', 'cedex', 'tsa']);

/** Words naming a kind of place; two names with disjoint kinds ("mairie" / "médiathèque") are two places. */
const PLACE_KINDS: Record<string, string> = {
  mairie: 'mairie',
  hotel: 'mairie',
  mediatheque: 'bibliotheque',
  bibliotheque: 'bibliotheque',
  ludotheque: 'ludotheque',
  ccas: 'ccas',
  cias: 'ccas',
  mission: 'mission_locale',
  ecole: 'ecole',
  college: 'ecole',
  lycee: 'ecole',
  caf: 'caf',
  poste: 'poste',
  mjc: 'mjc',
  epn: 'epn',
  cyberbase: 'epn',
  fablab: 'fablab',
};

export interface StreetNumber {
  from: number;
  to: number;
  suffix: string;
}

export interface PreparedRecord {
  record: DedupRecord;
  /** All name words but stop words, in order. */
  nameFull: string;
  /** Name words without generic words and the commune's own words, sorted. */
  nameCore: string;
  /** The words of nameCore. */
  nameCoreWords: Set<string>;
  /** Initials of the name words ("Communauté de communes Vienne et Gartempe" → "ccvg"). */
  nameInitials: string;
  /** Kinds of place the name states (mairie, bibliotheque…); empty for France Services, which live inside others. */
  nameKinds: Set<string>;
  number: StreetNumber | null;
  /** Normalised street (type expanded, no number), '' when none. */
  street: string;
  lat: number | null;
  lon: number | null;
  siret: string | null;
  phone: string | null;
  emails: string[];
  /** Non-generic e-mail domains. */
  emailDomains: string[];
  /** Non-generic web domains. */
  webDomains: string[];
  /** 'Itinérant', 'Fixe' or null when unknown or both. */
  itinerance: 'Itinérant' | 'Fixe' | null;
  /** Canonical typology codes (the France Services family collapsed into one). */
  typologies: Set<string>;
}

/** The France Services family: RFS, PIMMS, MSAP and the France Services dispositif are one kind of place. */
const TYPOLOGY_FAMILY: Record<string, string> = { RFS: 'RFS', PIMMS: 'RFS', MSAP: 'RFS', FRANCE_SERVICES: 'RFS' };

export function canonicalTypologies(typologie: readonly string[], dispositifs: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of typologie) out.add(TYPOLOGY_FAMILY[t.toUpperCase()] ?? t.toUpperCase());
  if (dispositifs.includes('France Services')) out.add('RFS');
  return out;
}

export function compatibleTypologies(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return true;
  for (const t of a) if (b.has(t)) return true;
  return false;
}

function nameWords(text: string): string[] {
  return normalizeWords(text).filter((w) => !STOP_WORDS.has(w));
}

const communeWordsCache = new Map<string, Set<string>>();
function communeWordsOf(commune: string): Set<string> {
  let words = communeWordsCache.get(commune);
  if (!words) {
    if (communeWordsCache.size > 50_000) communeWordsCache.clear();
    words = new Set(nameWords(commune));
    communeWordsCache.set(commune, words);
  }
  return words;
}

export function normalizeName(nom: string, commune: string): { full: string; core: string } {
  const words = nameWords(nom);
  const communeWords = communeWordsOf(commune);
  const core = words.filter((w) => !GENERIC_NAME_WORDS.has(w) && !communeWords.has(w) && !/^\d{5}$/.test(w));
  return { full: words.join(' '), core: [...new Set(core)].sort().join(' ') };
}

/** Splits "5-9 Rue des Papetiers" into the number range 5–9 and the street "rue papetiers". */
export function normalizeAddress(adresse: string): { number: StreetNumber | null; street: string } {
  const spaced = adresse.replace(/(\d)([a-zA-Z])/g, '$1 $2');
  let words = normalizeWords(spaced);
  let number: StreetNumber | null = null;
  const first = words[0];
  if (first !== undefined && /^\d{1,5}$/.test(first)) {
    let i = 1;
    let to = Number(first);
    if (words[i] !== undefined && /^\d{1,5}$/.test(words[i]!) && Number(words[i]) > to && Number(words[i]) - to < 40) {
      to = Number(words[i]);
      i += 1;
    }
    let suffix = '';
    const next = words[i];
    if (next !== undefined && NUMBER_SUFFIXES.has(next) && words.length > i + 1) {
      suffix = next[0]!;
      i += 1;
    }
    number = { from: Number(first), to, suffix };
    words = words.slice(i);
  }
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (POSTAL_NOISE.has(w)) {
      if (/^\d+$/.test(words[i + 1] ?? '')) i += 1;
      continue;
    }
    if (STOP_WORDS.has(w)) continue;
    out.push(STREET_TYPES[w] ?? w);
  }
  return { number, street: out.join(' ') };
}

/** National phone digits (0 + 9 digits), from +33…, 0033… or spaced forms; null when not a phone. */
export function normalizePhone(telephone: string | null): string | null {
  if (!telephone) return null;
  let digits = telephone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) digits = `00${digits.slice(1)}`;
  if (digits.startsWith('0033')) digits = `0${digits.slice(4)}`;
  else if (/^00(590|594|262|596|269|687|689|508|681)/.test(digits)) digits = `0${digits.slice(5)}`;
  return /^0\d{9}$/.test(digits) ? digits : digits.length >= 6 ? digits : null;
}

export function webDomain(url: string): string | null {
  const m = /^(?:[a-z]+:\/\/)?([^/?#:\s]+)/i.exec(url.trim());
  if (!m) return null;
  const host = m[1]!.toLowerCase().replace(/^www\d?\./, '');
  return host.includes('.') ? host : null;
}

/** Is `domain` (or a parent of it) in the generic list? */
export function isGenericDomain(domain: string, generic: ReadonlySet<string>): boolean {
  let d = domain;
  for (;;) {
    if (generic.has(d)) return true;
    const dot = d.indexOf('.');
    if (dot < 0 || d.indexOf('.', dot + 1) < 0) return false;
    d = d.slice(dot + 1);
  }
}

export function prepareRecord(record: DedupRecord, genericDomains: ReadonlySet<string>): PreparedRecord {
  const { lieu } = record;
  const name = normalizeName(lieu.nom, lieu.commune);
  const address = normalizeAddress(lieu.adresse ?? '');
  const pivot = lieu.pivot && /^\d{14}$/.test(lieu.pivot) && !/^0+$/.test(lieu.pivot) ? lieu.pivot : null;
  const emails = [...new Set(lieu.courriels.map((c) => c.trim().toLowerCase()).filter((c) => c.includes('@')))];
  const emailDomains = [...new Set(emails.map((e) => e.slice(e.indexOf('@') + 1)))].filter(
    (d) => !isGenericDomain(d, genericDomains),
  );
  const webDomains = [
    ...new Set(lieu.site_web.map(webDomain).filter((d): d is string => d !== null && !isGenericDomain(d, genericDomains))),
  ];
  const hasPoint =
    typeof lieu.latitude === 'number' &&
    typeof lieu.longitude === 'number' &&
    Number.isFinite(lieu.latitude) &&
    Number.isFinite(lieu.longitude);
  return {
    record,
    nameFull: name.full,
    nameCore: name.core,
    nameCoreWords: new Set(name.core.split(' ').filter((w) => w !== '')),
    nameInitials: name.full
      .split(' ')
      .filter((w) => w !== '')
      .map((w) => w[0])
      .join(''),
    nameKinds: /\bfrance services?\b/.test(name.full)
      ? new Set()
      : new Set(name.full.split(' ').flatMap((w) => (PLACE_KINDS[w] ? [PLACE_KINDS[w]] : []))),
    number: address.number,
    street: address.street,
    lat: hasPoint ? lieu.latitude : null,
    lon: hasPoint ? lieu.longitude : null,
    siret: pivot,
    phone: normalizePhone(lieu.telephone),
    emails,
    emailDomains,
    webDomains,
    itinerance:
      lieu.itinerance.length === 1 && (lieu.itinerance[0] === 'Itinérant' || lieu.itinerance[0] === 'Fixe')
        ? lieu.itinerance[0]
        : /\b(bus|itinerant|itinerante)\b/.test(name.full)
          ? 'Itinérant'
          : null,
    typologies: canonicalTypologies(lieu.typologie, lieu.dispositif_programmes_nationaux),
  };
}
