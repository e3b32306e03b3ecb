/**
 * Standard CSV export (standard des lieux de médiation numérique v1.0.2).
 *
 * Format, fixed here and checked by `validateStandardCsv`:
 * - UTF-8; no byte order mark by default (`bom: true` prepends U+FEFF for spreadsheet users);
 * - a header line with the 32 field names, in the standard's order (`LIEU_FIELDS`);
 * - `,` separator; RFC 4180 quoting: a cell is quoted only when it holds `,`, `"`, CR or LF, and its quotes are doubled;
 * - lines end with CRLF (RFC 4180), the last line included;
 * - lists are `|`-joined; numbers use `.` and never an exponent; null and empty lists give an empty cell;
 * - an unknown `pivot` (null) is written as the standard's placeholder `00000000000000`.
 */
import { LIEU_FIELDS, LIST_FIELDS, UNKNOWN_PIVOT, type Lieu, type LieuField } from '../domain/lieu';
import { isIsoDate } from './iso-date';
import { plainDecimal } from '../domain/decimal';

export const CSV_LINE_ENDING = '\r\n';
export const CSV_BOM = '\uFEFF';
export const LIST_SEPARATOR = '|';

export interface CsvOptions {
  /** Prepend a UTF-8 byte order mark (Excel opens the file as UTF-8). Default false. */
  bom?: boolean;
}

const LIST_FIELD_SET: ReadonlySet<LieuField> = new Set(LIST_FIELDS);
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 cell: quoted only when needed. */
export function csvCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A decimal with `.`, never in exponent notation; refuses what would not read back. */
export function formatNumber(n: number, field = 'nombre'): string {
  if (!Number.isFinite(n)) throw new Error(`Export impossible : ${field} n'est pas un nombre fini (${n})`);
  return plainDecimal(n);
}

/** Joins a list, refusing items that would not survive the `|` split (an empty item or one holding `|`). */
export function joinList(items: readonly string[], field: string, id: string): string {
  for (const item of items) {
    if (item === '' || item.includes(LIST_SEPARATOR)) {
      throw new Error(
        `Export impossible : le lieu « ${id} » a dans ${field} une valeur ${item === '' ? 'vide' : `contenant « | » (${item})`}`,
      );
    }
  }
  return items.join(LIST_SEPARATOR);
}

/** The text of one field as the standard writes it (before CSV quoting). */
export function standardText(lieu: Lieu, field: LieuField): string {
  const value = lieu[field];
  if (field === 'pivot') return (value as string | null) ?? UNKNOWN_PIVOT;
  if (value === null || value === undefined) return '';
  if (LIST_FIELD_SET.has(field)) return joinList(value as string[], field, lieu.id);
  if (typeof value === 'number') return formatNumber(value, field);
  return value as string;
}

export const STANDARD_CSV_HEADER = LIEU_FIELDS.join(',');

/** One CSV line (without line ending). */
export function toStandardCsvRow(lieu: Lieu): string {
  let line = '';
  for (let i = 0; i < LIEU_FIELDS.length; i++) {
    if (i > 0) line += ',';
    line += csvCell(standardText(lieu, LIEU_FIELDS[i]!));
  }
  return line;
}

const CHUNK_ROWS = 2000;

/** Streaming variant: yields the header, then blocks of rows, each ending with CRLF; concatenated = toStandardCsv. */
export function* toStandardCsvChunks(lieux: Iterable<Lieu>, options: CsvOptions = {}): Generator<string> {
  yield (options.bom ? CSV_BOM : '') + STANDARD_CSV_HEADER + CSV_LINE_ENDING;
  let block: string[] = [];
  for (const lieu of lieux) {
    block.push(toStandardCsvRow(lieu));
    if (block.length === CHUNK_ROWS) {
      yield block.join(CSV_LINE_ENDING) + CSV_LINE_ENDING;
      block = [];
    }
  }
  if (block.length > 0) yield block.join(CSV_LINE_ENDING) + CSV_LINE_ENDING;
}

/** The whole file as one string. */
export function toStandardCsv(lieux: Iterable<Lieu>, options: CsvOptions = {}): string {
  let out = '';
  for (const chunk of toStandardCsvChunks(lieux, options)) out += chunk;
  return out;
}

export interface StandardFileNameParts {
  /** YYYY-MM-DD */
  date: string;
  /** SIRET or RNA of the publisher; the placeholder 00000000000000 when absent. */
  pivot?: string | null;
  territoire: string;
}

/** Territory name as ASCII letters, digits and `-`: accents removed, spaces and punctuation → `-`. */
export function sanitizeTerritoire(territoire: string): string {
  return territoire
    .replaceAll('œ', 'oe')
    .replaceAll('Œ', 'OE')
    .replaceAll('æ', 'ae')
    .replaceAll('Æ', 'AE')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The standard's recommended name: `YYYY-MM-DD_<SIRET|RNA>_lieux-de-mediation-numerique_<Territoire>.csv`. */
export function standardFileName({ date, pivot, territoire }: StandardFileNameParts): string {
  if (!isIsoDate(date)) {
    throw new Error(`Date de fichier invalide : « ${date} » (attendu AAAA-MM-JJ)`);
  }
  const p = pivot ?? UNKNOWN_PIVOT;
  if (!/^[A-Za-z0-9]{9,14}$/.test(p)) throw new Error(`SIRET ou RNA invalide pour le nom de fichier : « ${p} »`);
  const t = sanitizeTerritoire(territoire);
  if (t === '') throw new Error(`Nom de territoire vide après nettoyage : « ${territoire} »`);
  return `${date}_${p}_lieux-de-mediation-numerique_${t}.csv`;
}
