/**
 * A synthetic national set of lieux for the benchmarks, built from the REAL rows we hold:
 * the Conseiller numérique permanences (standard v0) and the France Services list — the national files in
 * /work/shared/data when present, else the Vienne subsets in data/demo.
 *
 * Each row is a real lieu moved to another commune of France (referential centre + jitter, with that commune's
 * postcode, name and INSEE code), its commune-specific texts rewritten (name, e-mail and web domains, street number,
 * SIRET). A share of the rows are KNOWN DUPLICATES: the same lieu again, under another id and another source, with small
 * perturbations (typos, abbreviations, casing, accents, address spelling, 0–60 m jitter, phone format, missing values).
 * Deterministic for a given seed. Output: the standard v1 CSV (`toStandardCsv`); phones are deliberately written in
 * assorted national formats (the import normalises them), so the file is "as received", not a validated export.
 *
 * `npx tsx bench/lieux-synthetic.ts [count] [out.csv]` writes a file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { frenchDayRangesToOsm, mapV0ToV1, validateLieu, type FrenchWeek, type Lieu, type RawLieu } from '../src/lieux/domain';
import { parseCsv, toStandardCsv } from '../src/lieux/export';
import { loadReferential, type Commune, type Referential } from '../src/territory';
import { seededRandom } from '../src/platform/seeded-random';

export interface SyntheticOptions {
  count?: number;
  seed?: number;
  /** Share of the rows that duplicate another row (0–0.5). Default 0.05. */
  duplicateRate?: number;
  referential?: Referential;
  /** Real rows to start from (default: loadRealLieux()). */
  bases?: Lieu[];
}

export interface SyntheticSet {
  csv: string;
  /** [original id, duplicate id] */
  knownDuplicates: Array<[string, string]>;
  /** The same rows as objects (phones as written in the CSV, not normalised). */
  lieux: Lieu[];
  /** How many real rows the set was built from, and where they came from. */
  baseCount: number;
  baseOrigin: string;
}


const SHARED = '/work/shared/data';
const REPO = new URL('../', import.meta.url);

function validated(raw: RawLieu): Lieu | null {
  const result = validateLieu(raw);
  return result.ok ? result.lieu : null;
}

function fromV0(records: Array<Record<string, unknown>>): Lieu[] {
  const out: Lieu[] = [];
  for (const record of records) {
    try {
      const { raw } = mapV0ToV1(record);
      raw.id = String(record.id);
      const lieu = validated(raw);
      if (lieu) out.push(lieu);
    } catch {
      // unreadable v0 row: not a base
    }
  }
  return out;
}

function fromFranceServices(text: string): Lieu[] {
  const { records } = parseCsv(text);
  const header = records[0]?.cells ?? [];
  const out: Lieu[] = [];
  for (const { cells } of records.slice(1)) {
    const get = (name: string) => cells[header.indexOf(name)]?.trim() ?? '';
    const week: FrenchWeek = {
      lundi: get('h_lundi'),
      mardi: get('h_mardi'),
      mercredi: get('h_mercredi'),
      jeudi: get('h_jeudi'),
      vendredi: get('h_vendredi'),
      samedi: get('h_samedi'),
    };
    const raw: RawLieu = {
      id: `fs-${get('id_fs')}`,
      nom: get('lib_fs'),
      adresse: get('adresse'),
      complement_adresse: get('complement_adresse'),
      code_insee: get('insee_com'),
      code_postal: get('code_postal'),
      commune: get('lib_com'),
      latitude: get('latitude'),
      longitude: get('longitude'),
      courriels: get('mail'),
      telephone: get('telephone'),
      horaires: frenchDayRangesToOsm(week).osm ?? '',
      itinerance: get('itinerance') === 'Oui' ? 'Itinérant' : 'Fixe',
      typologie: 'RFS',
      dispositif_programmes_nationaux: 'France Services',
      services: 'Aide aux démarches administratives|Accès internet et matériel informatique',
      frais_a_charge: 'Gratuit',
      modalites_acces: 'Se présenter|Téléphoner',
      modalites_accompagnement: 'Accompagnement individuel',
      date_maj: '2022-12-01',
      source: 'France Services',
    };
    const lieu = validated(raw);
    if (lieu) out.push(lieu);
  }
  return out;
}

/** The real rows: national files when present, else the Vienne subsets. */
export function loadRealLieux(options: { national?: boolean } = {}): { lieux: Lieu[]; origin: string } {
  const nationalCnfs = `${SHARED}/cnfs-permanences-2022-12_standard-v0.json`;
  const nationalFs = `${SHARED}/france-services-2022-12-01_liste-officielle.csv`;
  if (options.national !== false && existsSync(nationalCnfs) && existsSync(nationalFs)) {
    const cnfs = fromV0(JSON.parse(readFileSync(nationalCnfs, 'utf8')) as Array<Record<string, unknown>>);
    const fs = fromFranceServices(readFileSync(nationalFs, 'utf8'));
    return { lieux: [...cnfs, ...fs], origin: `fichiers nationaux (${cnfs.length} permanences CNFS, ${fs.length} France Services)` };
  }
  const cnfs = fromV0(JSON.parse(readFileSync(new URL('data/demo/cnfs-permanences-86.json', REPO), 'utf8')) as Array<Record<string, unknown>>);
  const fs = fromFranceServices(readFileSync(new URL('data/demo/france-services-86.csv', REPO), 'utf8'));
  return { lieux: [...cnfs, ...fs], origin: `extraits de la Vienne (${cnfs.length} permanences CNFS, ${fs.length} France Services)` };
}

const SOURCES = ['Conseiller numérique', 'France Services', 'Hub territorial', 'Département', 'Commune', 'Coop numérique'];

const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '');
const slug = (s: string) =>
  stripAccents(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Phrases and their usual short forms (both directions are used). */
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/\bSaint\b/g, 'St'],
  [/\bSainte\b/g, 'Ste'],
  [/\bMédiathèque\b/gi, 'Médiath.'],
  [/\bAssociation\b/gi, 'Asso'],
  [/\bFrance [Ss]ervices?\b/g, 'FS'],
  [/\bCentre communal d'action sociale\b/gi, 'CCAS'],
  [/\bCommunauté de communes\b/gi, 'CC'],
  [/\bMaison\b/g, 'Mais.'],
  [/\bEspace public numérique\b/gi, 'EPN'],
  [/\bMairie de\b/g, 'Mairie'],
];
const STREET_FORMS: Array<[RegExp, string]> = [
  [/\bRUE\b/gi, 'R'],
  [/\bR\b/g, 'rue'],
  [/\bAVENUE\b/gi, 'AV'],
  [/\bAV\b/g, 'avenue'],
  [/\bPLACE\b/gi, 'PL'],
  [/\bPL\b/g, 'place'],
  [/\bBOULEVARD\b/gi, 'BD'],
  [/\bBD\b/g, 'boulevard'],
  [/\bCHEMIN\b/gi, 'CHE'],
  [/\bALLÉE\b/gi, 'ALL'],
];

function makeTools(rnd: () => number) {
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const typo = (text: string): string => {
    const chars = [...text];
    const positions = chars.map((c, i) => (/\p{L}/u.test(c) ? i : -1)).filter((i) => i >= 0);
    if (positions.length < 4) return text;
    const i = pick(positions);
    const op = int(4);
    if (op === 0) chars.splice(i, 1);
    else if (op === 1) chars.splice(i, 0, pick([...letters]));
    else if (op === 2) chars[i] = pick([...letters]);
    else if (i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
    return chars.join('');
  };
  const casing = (text: string): string => {
    const r = int(3);
    if (r === 0) return text.toUpperCase();
    if (r === 1) return text.toLowerCase();
    return text.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
  };
  const abbreviate = (text: string, forms: Array<[RegExp, string]>): string => {
    const applicable = forms.filter(([re]) => {
      re.lastIndex = 0;
      return re.test(text);
    });
    if (applicable.length === 0) return text;
    const [re, short] = pick(applicable);
    re.lastIndex = 0;
    return text.replace(re, short);
  };
  /** Metres → degrees at a latitude. */
  const jitter = (lat: number, lon: number, maxMetres: number, minMetres = 0): [number, number] => {
    const distance = minMetres + Math.sqrt(rnd()) * (maxMetres - minMetres);
    const angle = rnd() * 2 * Math.PI;
    const dLat = (distance * Math.cos(angle)) / 111_320;
    const dLon = (distance * Math.sin(angle)) / (111_320 * Math.cos((lat * Math.PI) / 180));
    return [Math.round((lat + dLat) * 1e6) / 1e6, Math.round((lon + dLon) * 1e6) / 1e6];
  };
  const digits = (n: number) => Array.from({ length: n }, () => int(10)).join('');
  /** The same number in another common written form. */
  const phoneForm = (e164: string): string => {
    const m = /^\+33(\d{9})$/.exec(e164);
    if (!m) return e164;
    const national = `0${m[1]}`;
    const pairs = national.match(/../g)!;
    const r = rnd();
    if (r < 0.45) return e164;
    if (r < 0.7) return pairs.join(' ');
    if (r < 0.8) return pairs.join('.');
    if (r < 0.9) return national;
    return `+33 ${m[1]![0]} ${m[1]!.slice(1).match(/../g)!.join(' ')}`;
  };
  return { int, pick, typo, casing, abbreviate, jitter, digits, phoneForm };
}

/** Communes drawn half uniformly (every commune of France can get lieux), half by population. */
function communePicker(referential: Referential, rnd: () => number): () => Commune {
  // Communes without a postcode (uninhabited territories) cannot hold a lieu of the standard.
  const communes = [...referential.communes.values()]
    .filter((c) => c.codesPostaux.length > 0)
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  const cumulative: number[] = [];
  let total = 0;
  for (const c of communes) {
    total += c.population ?? 0;
    cumulative.push(total);
  }
  return () => {
    if (rnd() < 0.5) return communes[Math.floor(rnd() * communes.length)]!;
    const target = rnd() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return communes[lo]!;
  };
}

/** A real lieu moved to `commune`: its own texts rewritten so that two copies are two different lieux. */
function relocate(base: Lieu, commune: Commune, id: string, source: string, tools: ReturnType<typeof makeTools>): Lieu {
  const { int, pick, jitter, digits } = tools;
  const oldCommune = base.commune;
  const renamed = oldCommune
    ? base.nom.replace(new RegExp(escapeRegExp(oldCommune), 'gi'), commune.nom)
    : base.nom;
  const nom = renamed === base.nom && !base.nom.includes(commune.nom) ? `${base.nom} – ${commune.nom}` : renamed;
  const street = base.adresse.replace(/^\d+\s*(bis|ter)?\s*,?\s*/i, '') || base.adresse;
  const adresse = int(10) < 8 ? `${1 + int(150)} ${street}` : street;
  // Radius grows with the commune's population (a city's lieux are spread over its area).
  const radius = Math.min(5000, 300 + 6 * Math.sqrt(commune.population ?? 0));
  const [latitude, longitude] = jitter(commune.lat, commune.lon, radius, 50);
  const domain = `${slug(commune.nom)}.fr`;
  return {
    ...base,
    id,
    pivot: base.pivot === null ? null : `${digits(9)}${digits(5)}`,
    nom,
    commune: commune.nom,
    code_postal: pick(commune.codesPostaux),
    // A fifth of the rows come without code_insee (as in the CNFS file): the import derives it.
    code_insee: int(5) === 0 ? null : commune.code,
    adresse,
    latitude,
    longitude,
    telephone: base.telephone ? `+33${pick(['1', '2', '3', '4', '5'])}${digits(8)}` : null,
    courriels: base.courriels.map((c) => `${c.split('@')[0]}@${domain}`),
    site_web: base.site_web.map(() => `https://www.${domain}/`),
    source,
    date_maj: `${2022 + int(4)}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`,
  };
}

/** The same lieu as another source describes it. */
function perturb(original: Lieu, id: string, source: string, tools: ReturnType<typeof makeTools>): Lieu {
  const { int, typo, casing, abbreviate, jitter, phoneForm } = tools;
  let nom = original.nom;
  const nameOps = 1 + int(2);
  for (let k = 0; k < nameOps; k++) {
    const op = int(4);
    if (op === 0) nom = typo(nom);
    else if (op === 1) nom = abbreviate(nom, ABBREVIATIONS);
    else if (op === 2) nom = casing(nom);
    else nom = stripAccents(nom);
  }
  let adresse = original.adresse;
  const r = int(4);
  if (r === 0) adresse = abbreviate(adresse, STREET_FORMS);
  else if (r === 1) adresse = casing(adresse);
  else if (r === 2) adresse = adresse.replace(/^(\d+)\s+/, '$1, ');
  const located = original.latitude !== null && original.longitude !== null && int(20) > 0;
  const [latitude, longitude] = located ? jitter(original.latitude!, original.longitude!, 60) : [null, null];
  return {
    ...original,
    id,
    pivot: int(2) === 0 ? original.pivot : null,
    nom: nom.trim() || original.nom,
    adresse: adresse.trim() || original.adresse,
    code_insee: int(3) === 0 ? null : original.code_insee,
    latitude,
    longitude,
    telephone: original.telephone && int(5) > 0 ? phoneForm(original.telephone) : null,
    courriels: int(4) === 0 ? [] : original.courriels,
    site_web: int(3) === 0 ? [] : original.site_web,
    source,
    date_maj: `${2022 + int(4)}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`,
  };
}

export async function generateSyntheticLieux(options: SyntheticOptions = {}): Promise<SyntheticSet> {
  const count = options.count ?? 100_000;
  const seed = options.seed ?? 4;
  const duplicateRate = options.duplicateRate ?? 0.05;
  if (!(duplicateRate >= 0 && duplicateRate <= 0.5)) throw new Error('duplicateRate doit être entre 0 et 0,5');
  const referential = options.referential ?? (await loadReferential());
  const real = options.bases ? { lieux: options.bases, origin: 'lignes fournies' } : loadRealLieux();
  const bases = real.lieux;
  if (bases.length === 0) throw new Error('Aucune ligne réelle lisible pour construire le jeu synthétique');

  const rnd = seededRandom(seed);
  const tools = makeTools(rnd);
  const pickCommune = communePicker(referential, rnd);
  const duplicates = Math.round(count * duplicateRate);
  const originals = count - duplicates;
  const idOf = (n: number) => `syn-${n.toString(36).padStart(5, '0')}`;

  // Ids are drawn from a shuffled range so that a duplicate's id says nothing about its original.
  const ids = Array.from({ length: count }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = tools.int(i + 1);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }

  const rows: Lieu[] = [];
  const used = new Set<string>();
  for (let i = 0; i < originals; i++) {
    let base: Lieu;
    let commune: Commune;
    let attempts = 0;
    do {
      base = tools.pick(bases);
      commune = pickCommune();
    } while (used.has(`${base.id}@${commune.code}`) && ++attempts < 20);
    used.add(`${base.id}@${commune.code}`);
    rows.push(relocate(base, commune, idOf(ids[i]!), tools.pick(SOURCES), tools));
  }

  const knownDuplicates: Array<[string, string]> = [];
  const taken = new Set<number>();
  for (let k = 0; k < duplicates; k++) {
    let index: number;
    do index = tools.int(originals);
    while (taken.has(index));
    taken.add(index);
    const original = rows[index]!;
    const others = SOURCES.filter((s) => s !== original.source);
    const duplicate = perturb(original, idOf(ids[originals + k]!), tools.pick(others), tools);
    rows.push(duplicate);
    knownDuplicates.push([original.id, duplicate.id]);
  }

  // Shuffle the file order: duplicates are not at the end of a real file.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = tools.int(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return { csv: toStandardCsv(rows), knownDuplicates, lieux: rows, baseCount: bases.length, baseOrigin: real.origin };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 100_000);
  const out = process.argv[3] ?? 'var/lieux-synthetic.csv';
  const started = performance.now();
  const set = await generateSyntheticLieux({ count });
  writeFileSync(out, set.csv);
  console.log(
    `${set.lieux.length} lieux (${set.knownDuplicates.length} doublons connus) à partir de ${set.baseCount} lignes réelles, ${set.baseOrigin} → ${out} (${(set.csv.length / 1e6).toFixed(1)} M caractères, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
