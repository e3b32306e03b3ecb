import type { FieldIssue, LieuField, RawLieu } from '../domain/lieu';
import { LIEU_FIELDS, LIST_FIELDS, UNKNOWN_PIVOT } from '../domain/lieu';
import { DISPOSITIFS, PUBLICS, frenchDayRangesToOsm, mapV0ToV1 } from '../domain/index';
import type { CsvItem, ParsedCsv } from './csv';
import { normaliseColumnName } from './detect';
import type { PreRejectedRow, ReadOptions, ReadResult, SourceRow } from './types';
import { plainDecimal } from '../domain/decimal';

const FIELD_SET: ReadonlySet<string> = new Set(LIEU_FIELDS);
/** Longest text shown back in a reason or a rejected row's value. */
const SHOWN = 200;

const FILE = '(fichier)';
const LINE = '(ligne)';

export const todayIso = (): string => new Date().toISOString().slice(0, 10);

const clip = (s: string) => (s.length > SHOWN ? `${s.slice(0, SHOWN)}…` : s);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as the text a CSV cell would hold; arrays become `|`-lists. Objects are not a value: null + issue. */
function jsonCell(field: string, value: unknown): { text: string | null; issue?: FieldIssue } {
  if (value === null || value === undefined) return { text: null };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? plainDecimal(value) : String(value) };
  if (typeof value === 'boolean') return { text: String(value) };
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (const item of value) {
      if (item === null || item === undefined) continue;
      if (typeof item === 'object') {
        return { text: null, issue: { field, value: clip(JSON.stringify(value)), reason: 'Liste inattendue : elle contient des objets' } };
      }
      parts.push(String(item));
    }
    return { text: parts.join('|') };
  }
  return { text: null, issue: { field, value: clip(JSON.stringify(value) ?? ''), reason: 'Valeur inattendue : un objet au lieu d’un texte' } };
}

/** Every value of a record as text, for showing a rejected row back as the file gave it. */
export function originalOf(record: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v === null || v === undefined) out[k] = '';
    else if (typeof v === 'string') out[k] = v;
    else out[k] = typeof v === 'object' ? (JSON.stringify(v) ?? '') : String(v);
  }
  return out;
}

/** `;`-separated lists (v0 rule, or a v1 file written with the old README) are read as `|`-lists, with a warning. */
function fixSemicolonLists(raw: RawLieu, warnings: FieldIssue[]): void {
  for (const field of LIST_FIELDS) {
    const value = raw[field];
    if (value && value.includes(';') && !value.includes('|')) {
      raw[field] = value
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .join('|');
      warnings.push({
        field,
        value: clip(value),
        reason: 'Liste séparée par « ; » (ancienne règle du standard) : lue comme une liste séparée par « | »',
      });
    }
  }
}

function withSource(raw: RawLieu, options: ReadOptions): RawLieu {
  if (!raw.source || raw.source.trim() === '') raw.source = options.source;
  return raw;
}

const missingId = (line: number, raw: Record<string, string>, field = 'id'): PreRejectedRow => ({
  line,
  sourceId: null,
  issues: [{ field, value: '', reason: 'Identifiant absent : chaque lieu doit avoir un identifiant dans le fichier' }],
  raw,
});

function badCsvRecord(item: Extract<CsvItem, { error: string }>): PreRejectedRow {
  return { line: item.line, sourceId: null, issues: [{ field: LINE, value: clip(item.text), reason: item.error }], raw: { ligne: item.text } };
}

/** Header-keyed record of a CSV row, plus a warning when the row has non-empty cells beyond the header. */
function csvRecord(header: string[], cells: string[], warnings: FieldIssue[]): Record<string, string> {
  const record: Record<string, string> = {};
  header.forEach((name, i) => {
    if (!(name in record)) record[name] = cells[i] ?? '';
  });
  const extra = cells.slice(header.length).filter((c) => c.trim() !== '');
  if (extra.length > 0) {
    warnings.push({ field: LINE, value: clip(extra.join(' | ')), reason: `${extra.length} cellule(s) au-delà des colonnes de l’en-tête, ignorée(s)` });
  }
  return record;
}

function unknownColumnsWarning(columns: string[], known: (c: string) => boolean): FieldIssue[] {
  const unknown = [...new Set(columns.filter((c) => c !== '' && !known(c)))];
  if (unknown.length === 0) return [];
  return [{ field: FILE, value: clip(unknown.join(', ')), reason: `Colonne(s) inconnue(s) ignorée(s) : ${clip(unknown.join(', '))}` }];
}

/** Standard-v1 text from a record keyed by (normalised) column names. Returns the issues of non-text values. */
function standardRaw(record: Record<string, unknown>): { raw: RawLieu; issues: FieldIssue[] } {
  const raw: RawLieu = {};
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(record)) {
    const field = normaliseColumnName(key);
    if (!FIELD_SET.has(field)) continue;
    const cell = jsonCell(field, value);
    if (cell.issue) issues.push(cell.issue);
    const text = cell.text?.trim();
    if (text) raw[field as LieuField] = text;
  }
  return { raw, issues };
}

function readStandardRecord(line: number, record: Record<string, unknown>, original: Record<string, string>, options: ReadOptions, warnings: FieldIssue[]): SourceRow {
  const { raw, issues } = standardRaw(record);
  const sourceId = raw.id ?? null;
  if (issues.length > 0) return { line, sourceId, issues, raw: original };
  if (!sourceId) return missingId(line, original);
  fixSemicolonLists(raw, warnings);
  return { line, sourceId, raw: withSource(raw, options), warnings, original };
}

export function readStandardCsv(csv: ParsedCsv, options: ReadOptions): ReadResult {
  const header = csv.header.map(normaliseColumnName);
  const rows: SourceRow[] = csv.records.map((item) => {
    if ('error' in item) return badCsvRecord(item);
    const warnings: FieldIssue[] = [];
    const original = csvRecord(csv.header, item.cells, warnings);
    const record = csvRecord(header, item.cells, []);
    return readStandardRecord(item.line, record, original, options, warnings);
  });
  return { rows, warnings: unknownColumnsWarning(header, (c) => FIELD_SET.has(c)) };
}

function jsonItems(json: unknown): unknown[] {
  return Array.isArray(json) ? json : [];
}

const notAnObject = (line: number, item: unknown): PreRejectedRow => ({
  line,
  sourceId: null,
  issues: [{ field: LINE, value: clip(JSON.stringify(item) ?? String(item)), reason: 'Élément du tableau qui n’est pas un objet : ce n’est pas un lieu' }],
  raw: { element: clip(JSON.stringify(item) ?? String(item)) },
});

export function readStandardJson(json: unknown, options: ReadOptions): ReadResult {
  const rows = jsonItems(json).map((item, i): SourceRow => {
    if (!isObject(item)) return notAnObject(i + 1, item);
    return readStandardRecord(i + 1, item, originalOf(item), options, []);
  });
  return { rows, warnings: [] };
}

function readV0Record(line: number, record: Record<string, unknown>, original: Record<string, string>, options: ReadOptions): SourceRow {
  const id = record.id;
  const sourceId = typeof id === 'string' ? id.trim() : typeof id === 'number' ? String(id) : '';
  if (!sourceId) return missingId(line, original);
  try {
    const { raw, warnings } = mapV0ToV1(record);
    raw.id = sourceId;
    return { line, sourceId, raw: withSource(raw, options), warnings: [...warnings], original };
  } catch (error) {
    return { line, sourceId, issues: [{ field: LINE, value: '', reason: `Ligne v0 illisible : ${error instanceof Error ? error.message : String(error)}` }], raw: original };
  }
}

export function readV0Json(json: unknown, options: ReadOptions): ReadResult {
  const rows = jsonItems(json).map((item, i): SourceRow => {
    if (!isObject(item)) return notAnObject(i + 1, item);
    return readV0Record(i + 1, item, originalOf(item), options);
  });
  return { rows, warnings: [] };
}

export function readV0Csv(csv: ParsedCsv, options: ReadOptions): ReadResult {
  const header = csv.header.map(normaliseColumnName);
  const rows = csv.records.map((item): SourceRow => {
    if ('error' in item) return badCsvRecord(item);
    const original = csvRecord(csv.header, item.cells, []);
    return readV0Record(item.line, csvRecord(header, item.cells, []), original, options);
  });
  return { rows, warnings: [] };
}

function defaultDate(options: ReadOptions, what: string): { date: string; warnings: FieldIssue[] } {
  if (options.defaultDateMaj) return { date: options.defaultDateMaj, warnings: [] };
  const date = options.today ?? todayIso();
  return {
    date,
    warnings: [{ field: 'date_maj', value: date, reason: `${what} ne donne pas de date de mise à jour : date du jour (${date}) utilisée pour toutes les lignes` }],
  };
}

/** A 4-digit code that lost its leading zero in a spreadsheet (1033 for 01033) gets it back, with a warning. */
function restoreLeadingZero(field: LieuField, value: string, warnings: FieldIssue[]): string {
  if (/^\d{4}$/.test(value)) {
    warnings.push({ field, value, reason: `Zéro initial perdu (tableur ?) : lu « 0${value} »` });
    return `0${value}`;
  }
  return value;
}

const FS_COLUMNS = new Set([
  'id_fs', 'insee_dep', 'lib_fs', 'adresse', 'complement_adresse', 'insee_com', 'code_postal', 'lib_com', 'latitude', 'longitude',
  'mail', 'telephone', 'h_lundi', 'h_mardi', 'h_mercredi', 'h_jeudi', 'h_vendredi', 'h_samedi', 'h_dimanche', 'commentaire',
  'itinerance', 'format_fs', 'groupe', 'labellisation',
]);

/** What every France Services offers (the national cartography's own import, below). */
const FRANCE_SERVICES_OFFER: RawLieu = {
  dispositif_programmes_nationaux: 'France Services',
  services: 'Aide aux démarches administratives|Insertion professionnelle via le numérique',
  frais_a_charge: 'Gratuit',
  publics_specifiquement_adresses: 'Jeunes|Familles et/ou enfants|Seniors',
};

/**
 * The official France Services list (ANCT, data.gouv.fr): one lieu per row, `id_fs` as its id, per-day free-text hours
 * turned into OSM hours, itinerance Oui/Non → Itinérant/Fixe, dispositif « France Services », pivot unknown.
 * The list says nothing of services: every France Services offers what the national cartography's own import gives
 * it (mednum-cli `france-services.config.json`, v0 terms mapped to v1): help with administrative procedures and with
 * professional integration, free of charge, for young people, families and seniors.
 * `commentaire`, `format_fs`, `groupe`, `labellisation` have no place in the standard and are not imported.
 */
export function readFranceServicesCsv(csv: ParsedCsv, options: ReadOptions): ReadResult {
  const header = csv.header.map(normaliseColumnName);
  const { date, warnings: fileWarnings } = defaultDate(options, 'La liste France Services');
  const rows = csv.records.map((item): SourceRow => {
    if ('error' in item) return badCsvRecord(item);
    const original = csvRecord(csv.header, item.cells, []);
    const r = csvRecord(header, item.cells, []);
    const cell = (name: string) => (r[name] ?? '').trim();
    const sourceId = cell('id_fs');
    if (!sourceId) return missingId(item.line, original, 'id_fs');
    const warnings: FieldIssue[] = [];
    const raw: RawLieu = { id: sourceId, pivot: UNKNOWN_PIVOT, date_maj: date, source: options.source, ...FRANCE_SERVICES_OFFER };
    const set = (field: LieuField, value: string) => {
      if (value !== '') raw[field] = value;
    };
    set('nom', cell('lib_fs'));
    set('adresse', cell('adresse'));
    set('complement_adresse', cell('complement_adresse'));
    set('code_insee', restoreLeadingZero('code_insee', cell('insee_com'), warnings));
    set('code_postal', restoreLeadingZero('code_postal', cell('code_postal'), warnings));
    set('commune', cell('lib_com'));
    set('latitude', cell('latitude'));
    set('longitude', cell('longitude'));
    set('telephone', cell('telephone'));
    const mail = cell('mail');
    if (mail) raw.courriels = mail.split(/[;|,\s]+/).filter((m) => m !== '').join('|');
    const itinerance = cell('itinerance').toLowerCase();
    if (itinerance === 'oui') raw.itinerance = 'Itinérant';
    else if (itinerance === 'non') raw.itinerance = 'Fixe';
    else if (itinerance !== '') warnings.push({ field: 'itinerance', value: cell('itinerance'), reason: 'Valeur attendue : Oui ou Non ; ignorée' });
    const days = {
      lundi: cell('h_lundi'),
      mardi: cell('h_mardi'),
      mercredi: cell('h_mercredi'),
      jeudi: cell('h_jeudi'),
      vendredi: cell('h_vendredi'),
      samedi: cell('h_samedi'),
      dimanche: cell('h_dimanche'),
    };
    if (Object.values(days).some((d) => d !== '')) {
      const hours = frenchDayRangesToOsm(days);
      if (hours.osm) raw.horaires = hours.osm;
      for (const reason of hours.warnings) warnings.push({ field: 'horaires', value: clip(Object.values(days).filter(Boolean).join(' ; ')), reason });
    }
    return { line: item.line, sourceId, raw, warnings, original };
  });
  return { rows, warnings: [...fileWarnings, ...unknownColumnsWarning(header, (c) => FS_COLUMNS.has(c))] };
}

/**
 * data·inclusion thématiques → standard services. The v1 numérique family has 4 thématiques (coarser than the 9
 * services: each maps to the closest one); the older `numerique--…` thématiques (one per v0 service) follow the v0 → v1
 * mapping of the standard. Thématiques of other families are ignored, except the administrative one.
 */
const THEMATIQUE_TO_SERVICE: Record<string, string> = {
  'numerique--acceder-a-des-services-en-ligne': 'Aide aux démarches administratives',
  'numerique--acceder-a-une-connexion-internet': 'Accès internet et matériel informatique',
  'numerique--acquerir-un-equipement': 'Acquisition de matériel informatique à prix solidaire',
  'numerique--maitriser-les-fondamentaux-du-numerique': 'Maîtrise des outils numériques du quotidien',
  'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives': 'Aide aux démarches administratives',
  'numerique--devenir-autonome-dans-les-demarches-administratives': 'Aide aux démarches administratives',
  'numerique--realiser-des-demarches-administratives-avec-un-accompagnement': 'Aide aux démarches administratives',
  'numerique--accompagner-les-demarches-de-sante': 'Aide aux démarches administratives',
  'numerique--prendre-en-main-un-smartphone-ou-une-tablette': 'Maîtrise des outils numériques du quotidien',
  'numerique--prendre-en-main-un-ordinateur': 'Maîtrise des outils numériques du quotidien',
  'numerique--utiliser-le-numerique-au-quotidien': 'Maîtrise des outils numériques du quotidien',
  'numerique--approfondir-ma-culture-numerique': 'Compréhension du monde numérique',
  'numerique--promouvoir-la-citoyennete-numerique': 'Compréhension du monde numérique',
  'numerique--favoriser-mon-insertion-professionnelle': 'Insertion professionnelle via le numérique',
  'numerique--creer-et-developper-mon-entreprise': 'Insertion professionnelle via le numérique',
  'numerique--acceder-a-du-materiel': 'Accès internet et matériel informatique',
  'numerique--s-equiper-en-materiel-informatique': 'Acquisition de matériel informatique à prix solidaire',
  'numerique--creer-avec-le-numerique': 'Loisirs et créations numériques',
  'numerique--soutenir-la-parentalite-et-l-education-avec-le-numerique': 'Parentalité et éducation avec le numérique',
};
const FRAIS: Record<string, string> = {
  gratuit: 'Gratuit',
  'gratuit-sous-conditions': 'Gratuit sous condition',
  payant: 'Payant',
  adhesion: 'Payant',
};
const MODES_MOBILISATION: Record<string, string> = {
  'se-presenter': 'Se présenter',
  telephoner: 'Téléphoner',
  'envoyer-un-courriel': 'Contacter par mail',
  'utiliser-lien-mobilisation': 'Prendre un RDV en ligne',
};
const SERVICE_TYPES: Record<string, string> = {
  atelier: 'Dans un atelier collectif',
  accompagnement: 'Accompagnement individuel',
};
const PUBLIC_BY_DI = new Map<string, string>(PUBLICS.map((p) => [p.dataInclusion, p.value]));
const DISPOSITIF_BY_DI = new Map<string, string>(
  DISPOSITIFS.flatMap((d): Array<[string, string]> => (d.dataInclusion ? [[d.dataInclusion, d.value]] : [])),
);
DISPOSITIF_BY_DI.set('france-services', 'France Services');

const asStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v !== '' ? v.split(/[|;,]/).map((s) => s.trim()) : [];
const asText = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? plainDecimal(v) : '';

class ListSet {
  private values = new Set<string>();
  add(value: string | undefined) {
    if (value) this.values.add(value);
  }
  text(): string | undefined {
    return this.values.size > 0 ? [...this.values].join('|') : undefined;
  }
}

/**
 * data·inclusion v1: `{ structures, services }` or an array of structures. One lieu per structure; the services of the
 * structure (by `structure_id`) give the standard's services, frais, publics, modalités. Structure ids keep their
 * `<source>--` prefix (they are the record's id in its file).
 */
export function readDataInclusionJson(json: unknown, options: ReadOptions): ReadResult {
  const structures = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.structures) ? json.structures : [];
  const services = isObject(json) && Array.isArray(json.services) ? json.services.filter(isObject) : [];
  const byStructure = new Map<string, Array<Record<string, unknown>>>();
  for (const s of services) {
    const key = asText(s.structure_id);
    const list = byStructure.get(key);
    if (list) list.push(s);
    else byStructure.set(key, [s]);
  }
  const fileWarnings: FieldIssue[] = [];
  const unknownThematiques = new Set<string>();
  const seenStructures = new Set<string>();

  const rows = structures.map((item: unknown, i: number): SourceRow => {
    const line = i + 1;
    if (!isObject(item)) return notAnObject(line, item);
    const original = originalOf(item);
    const sourceId = asText(item.id);
    if (!sourceId) return missingId(line, original);
    seenStructures.add(sourceId);
    const warnings: FieldIssue[] = [];
    const raw: RawLieu = { id: sourceId };
    const set = (field: LieuField, value: unknown) => {
      const text = asText(value);
      if (text !== '') raw[field] = text;
    };
    set('nom', item.nom);
    set('pivot', item.siret);
    if (!raw.pivot) raw.pivot = UNKNOWN_PIVOT;
    set('adresse', item.adresse);
    set('complement_adresse', item.complement_adresse);
    set('code_postal', item.code_postal);
    set('code_insee', item.code_insee);
    set('commune', item.commune);
    set('latitude', item.latitude);
    set('longitude', item.longitude);
    set('telephone', item.telephone);
    set('courriels', item.courriel);
    set('site_web', item.site_web);
    set('horaires', item.horaires_accueil);
    set('source', item.source);
    if (!raw.source) raw.source = options.source;
    const dateMaj = asText(item.date_maj);
    if (dateMaj) raw.date_maj = /^\d{4}-\d{2}-\d{2}T/.test(dateMaj) ? dateMaj.slice(0, 10) : dateMaj;
    const description = asText(item.description);
    if (description) {
      if (description.length <= 280) raw.presentation_resume = description;
      else raw.presentation_detail = description;
    }
    const typologie = asText(item.typologie);
    if (typologie) raw.typologie = typologie;
    const fiche = asText(item.accessibilite_lieu);
    if (fiche) raw.fiche_acces_libre = fiche;

    const dispositifs = new ListSet();
    for (const reseau of asStrings(item.reseaux_porteurs)) dispositifs.add(DISPOSITIF_BY_DI.get(reseau));
    const servicesSet = new ListSet();
    const frais = new ListSet();
    const publics = new ListSet();
    const acces = new ListSet();
    const accompagnement = new ListSet();
    for (const service of byStructure.get(sourceId) ?? []) {
      for (const t of asStrings(service.thematiques)) {
        const mapped = THEMATIQUE_TO_SERVICE[t];
        if (mapped) servicesSet.add(mapped);
        else if (t.startsWith('numerique--')) unknownThematiques.add(t);
      }
      for (const f of asStrings(service.frais)) frais.add(FRAIS[f]);
      for (const p of asStrings(service.publics)) publics.add(PUBLIC_BY_DI.get(p));
      for (const m of asStrings(service.modes_mobilisation)) acces.add(MODES_MOBILISATION[m]);
      for (const m of asStrings(service.modes_accueil)) if (m === 'a-distance') accompagnement.add('À distance');
      for (const t of asStrings(service.types ?? service.type)) accompagnement.add(SERVICE_TYPES[t]);
      const lien = asText(service.lien_mobilisation);
      if (lien && !raw.prise_rdv) raw.prise_rdv = lien;
    }
    const put = (field: LieuField, list: ListSet) => {
      const text = list.text();
      if (text) raw[field] = text;
    };
    put('dispositif_programmes_nationaux', dispositifs);
    put('services', servicesSet);
    put('frais_a_charge', frais);
    put('publics_specifiquement_adresses', publics);
    put('modalites_acces', acces);
    put('modalites_accompagnement', accompagnement);
    return { line, sourceId, raw, warnings, original };
  });

  if (unknownThematiques.size > 0) {
    fileWarnings.push({ field: 'services', value: clip([...unknownThematiques].join(', ')), reason: 'Thématique(s) numérique inconnue(s) de la correspondance avec le standard : ignorée(s)' });
  }
  const orphans = [...byStructure.keys()].filter((k) => !seenStructures.has(k)).length;
  if (orphans > 0) {
    fileWarnings.push({ field: FILE, value: String(orphans), reason: `${orphans} structure(s) citée(s) par des services mais absente(s) du fichier : services ignorés` });
  }
  return { rows, warnings: fileWarnings };
}
