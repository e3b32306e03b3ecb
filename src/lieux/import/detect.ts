import type { FieldIssue } from '../domain/lieu';
import { parseCsvHeader } from './csv';
import type { ImportFileError, ImportFormat } from './types';
import { fileError, isFileError } from './types';

/** How much of the file is inspected to tell text from binary and to find the header (the rest is never scanned here). */
const SNIFF_BYTES = 64 * 1024;

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  warnings: FieldIssue[];
}

/** windows-1252 code points for bytes 0x80–0x9F (undefined bytes keep their C1 value, as the WHATWG decoder does). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];

/**
 * windows-1252 by hand: Node's TextDecoder('windows-1252') decodes 0x80–0x9F as latin-1 control characters
 * (measured on Node 20: 0x80 gives U+0080, not €), which would garble € ’ œ « … in Excel exports.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = new TextDecoder('latin1').decode(bytes);
  return latin1.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c.charCodeAt(0)));
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

/** Known binary containers people send instead of a CSV: a precise French message for each. */
function binaryKind(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'un document PDF';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
    return 'une archive ZIP (un classeur Excel .xlsx ou OpenDocument .ods en est une : enregistrez-le au format CSV UTF-8)';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'un classeur Excel ancien format (.xls : enregistrez-le au format CSV UTF-8)';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'une archive gzip';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'une image PNG';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'une image JPEG';
  return null;
}

/**
 * More than 1 % of control characters (NUL included; tab, line feed, carriage return and form feed excepted) or U+FFFD in
 * the first SNIFF_BYTES of the text: binary. A stray NUL in one cell of a real CSV does not make it binary.
 */
function looksBinary(text: string): boolean {
  const sample = text.length > SNIFF_BYTES ? text.slice(0, SNIFF_BYTES) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
  }
  return control > Math.max(2, sample.length / 100);
}

function controlBytesShare(head: Uint8Array): number {
  let control = 0;
  for (const b of head) if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  return head.length === 0 ? 0 : control / head.length;
}

/**
 * Bytes → text. A BOM decides (UTF-8, UTF-16 LE/BE); else UTF-8 when the bytes are valid UTF-8; else windows-1252
 * (what Excel writes on French Windows) with a warning. Empty files, known binary formats and text full of control
 * characters are file errors.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText | ImportFileError {
  if (bytes.length === 0) return fileError('Le fichier est vide');
  const kind = binaryKind(bytes);
  if (kind) return fileError(`Le fichier n'est pas du texte : c'est ${kind}`);

  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  // Before decoding anything: control bytes in the head of a non-UTF-16 file mean binary (50 MB of garbage stops here).
  if (!utf16 && controlBytesShare(bytes.subarray(0, SNIFF_BYTES)) > 0.01) {
    return fileError("Le fichier n'est pas du texte (caractères de contrôle ou octets nuls)");
  }

  let decoded: DecodedText;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    decoded = { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', warnings: [] };
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    decoded = { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', warnings: [] };
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    decoded = { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', warnings: [] };
  } else {
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', warnings: [] };
    } catch {
      decoded = {
        text: decodeWindows1252(bytes),
        encoding: 'windows-1252',
        warnings: [
          {
            field: '(fichier)',
            value: 'windows-1252',
            reason:
              "Le fichier n'est pas en UTF-8 : il a été lu comme du Windows-1252 (Excel). Vérifiez les accents ; préférez l'enregistrement « CSV UTF-8 ».",
          },
        ],
      };
    }
  }
  if (decoded.text.trim() === '') return fileError('Le fichier est vide');
  if (looksBinary(decoded.text)) return fileError("Le fichier n'est pas du texte (caractères de contrôle ou octets nuls)");
  return decoded;
}

export type CsvSeparator = ',' | ';' | '\t';

/** The first line (up to SNIFF_BYTES characters), without its line end. */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  const line = end < 0 ? text.slice(0, SNIFF_BYTES) : text.slice(0, Math.min(end, SNIFF_BYTES));
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The separator seen most often outside quotes on the header line; `,` (the standard's) when none is seen. */
export function detectSeparator(headerLine: string): CsvSeparator {
  const counts: Record<CsvSeparator, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  let best: CsvSeparator = ',';
  for (const sep of [';', '\t'] as const) if (counts[sep] > counts[best]) best = sep;
  return best;
}

/** Columns only the v1 standard has. */
const V1_ONLY = new Set([
  'courriels',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'modalites_acces',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'formations_labels',
  'autres_formations_labels',
  'fiche_acces_libre',
  'itinerance',
  'structure_parente',
  'typologie',
]);
/** Columns only the v0.1 layout has (`conditions_access` is the CNFS spelling). */
const V0_ONLY = new Set([
  'courriel',
  'publics_accueillis',
  'conditions_acces',
  'conditions_access',
  'labels_nationaux',
  'labels_autres',
  'accessibilite',
  'cle_ban',
]);
/** Columns both layouts share; at least one must be there for the file to be recognised as the standard. */
const STANDARD_COMMON = new Set(['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj', 'services']);
const DATA_INCLUSION_ONLY = new Set(['siret', 'reseaux_porteurs', 'horaires_accueil', 'accessibilite_lieu', 'lien_source']);

export function normaliseColumnName(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase();
}

/** Standard v1 or v0 from the column names; null when nothing standard is there. */
function standardVersion(columns: Iterable<string>): 'v1' | 'v0' | null {
  let v1 = 0;
  let v0 = 0;
  let common = 0;
  for (const c of columns) {
    if (V1_ONLY.has(c)) v1++;
    if (V0_ONLY.has(c)) v0++;
    if (STANDARD_COMMON.has(c)) common++;
  }
  if (v0 > v1) return 'v0';
  if (v1 > 0 || common > 0) return 'v1';
  return null;
}

const KNOWN_EXAMPLES = 'id, nom, adresse, code_postal, commune… (standard des lieux de médiation numérique) ou id_fs, lib_fs… (France Services)';

export interface DetectedInput {
  format: ImportFormat;
  text: string;
  /** The parsed JSON when the format is a JSON one. */
  json?: unknown;
  separator?: CsvSeparator;
  warnings: FieldIssue[];
}

function parseJson(text: string): unknown | ImportFileError {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 200) : String(error);
    return fileError(`Le fichier n'est pas un JSON valide : ${detail}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The keys of the first objects of an array (enough to recognise the layout without scanning everything). */
function sampleKeys(items: unknown[]): Set<string> {
  const keys = new Set<string>();
  let seen = 0;
  for (const item of items) {
    if (!isObject(item)) continue;
    for (const k of Object.keys(item)) keys.add(normaliseColumnName(k));
    if (++seen >= 50) break;
  }
  return keys;
}

function detectJson(json: unknown): ImportFormat | ImportFileError {
  if (isObject(json)) {
    if (Array.isArray(json.structures)) return 'data-inclusion-json';
    return fileError("Le JSON n'est pas un tableau de lieux (ni un objet { structures, services } de data·inclusion)");
  }
  if (!Array.isArray(json)) return fileError("Le JSON n'est pas un tableau de lieux");
  if (json.length === 0) return 'standard-v1-json';
  if (!json.some(isObject)) return fileError("Le JSON n'est pas un tableau de lieux : ses éléments ne sont pas des objets");
  const keys = sampleKeys(json);
  let di = 0;
  for (const k of keys) if (DATA_INCLUSION_ONLY.has(k)) di++;
  if (di > 0 && !keys.has('pivot')) return 'data-inclusion-json';
  const version = standardVersion(keys);
  if (version === 'v0') return 'v0-json';
  if (version === 'v1') return 'standard-v1-json';
  return fileError(`Format non reconnu : les objets du JSON n'ont aucun champ connu (attendus : ${KNOWN_EXAMPLES})`);
}

function detectCsv(columns: string[]): ImportFormat | ImportFileError {
  if (columns.includes('id_fs') || columns.includes('lib_fs')) return 'france-services-csv';
  const version = standardVersion(columns);
  if (version === 'v0') return 'v0-csv';
  if (version === 'v1') return 'standard-v1-csv';
  const shown = columns.slice(0, 5).map((c) => c.slice(0, 40)).join(', ');
  return fileError(`Format non reconnu : la première ligne (${shown}${columns.length > 5 ? '…' : ''}) ne contient aucune colonne connue (attendues : ${KNOWN_EXAMPLES})`);
}

/** Required columns per CSV format, checked on the header before reading any row. */
const REQUIRED_COLUMNS: Partial<Record<ImportFormat, string[]>> = {
  'standard-v1-csv': ['nom', 'id'],
  'v0-csv': ['nom', 'id'],
  'france-services-csv': ['lib_fs', 'id_fs'],
};

const JSON_FORMATS: ReadonlySet<ImportFormat> = new Set(['standard-v1-json', 'v0-json', 'data-inclusion-json']);

/**
 * Decides the format from the content (or takes the explicit one), parses JSON once, finds the CSV separator and checks
 * the required columns. Never scans the whole text for CSV: garbage fails on its first line.
 */
export function detectInput(decoded: DecodedText, explicit?: ImportFormat): DetectedInput | ImportFileError {
  const { text } = decoded;
  const warnings = [...decoded.warnings];
  const head = text.trimStart();
  const looksJson = head.startsWith('[') || head.startsWith('{');

  if ((explicit && JSON_FORMATS.has(explicit)) || (!explicit && looksJson)) {
    const json = parseJson(text);
    if (isFileError(json)) return json;
    const detected = detectJson(json);
    if (isFileError(detected)) return detected;
    // An explicit standard format wins over the v0/v1 guess; a data·inclusion shape cannot be read as the standard.
    if (explicit && (explicit === 'data-inclusion-json') !== (detected === 'data-inclusion-json')) {
      return fileError(`Format non reconnu : le contenu ne correspond pas au format demandé (${explicit})`);
    }
    return { format: explicit ?? detected, text, json, warnings };
  }
  if (explicit === undefined && looksJson === false && /^\s*</.test(head)) {
    return fileError('Format non reconnu : le fichier ressemble à du HTML ou du XML, pas à un CSV ni à un JSON');
  }

  const header = firstLine(text);
  if (header.length >= SNIFF_BYTES) return fileError('Format non reconnu : la première ligne est anormalement longue (pas un en-tête CSV)');
  const separator = detectSeparator(header);
  const parsedHeader = parseCsvHeader(header, separator);
  if (isFileError(parsedHeader)) return parsedHeader;
  const columns = parsedHeader.map(normaliseColumnName);
  const format = explicit ?? detectCsv(columns);
  if (isFileError(format)) return format;
  for (const required of REQUIRED_COLUMNS[format] ?? []) {
    if (!columns.includes(required)) return fileError(`Colonne obligatoire absente : ${required}`);
  }
  if (separator !== ',' && (format === 'standard-v1-csv' || format === 'v0-csv')) {
    warnings.push({
      field: '(fichier)',
      value: separator === '\t' ? 'tabulation' : separator,
      reason: `Séparateur « ${separator === '\t' ? 'tabulation' : separator} » au lieu de la virgule du standard : fichier lu quand même`,
    });
  }
  return { format, text, separator, warnings };
}
