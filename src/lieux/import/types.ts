import type { FieldIssue, Lieu, LocationFlags, RawLieu } from '../domain/lieu';

export const IMPORT_FORMATS = [
  'standard-v1-csv',
  'standard-v1-json',
  'v0-json',
  'v0-csv',
  'france-services-csv',
  'data-inclusion-json',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The whole file cannot be read: a value, never an exception. `reason` is French, for the person importing. */
export interface ImportFileError {
  kind: 'file-error';
  reason: string;
}

export function fileError(reason: string): ImportFileError {
  return { kind: 'file-error', reason };
}

export function isFileError(value: unknown): value is ImportFileError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'file-error';
}

/**
 * One record of the file, mapped onto the standard's text shape (`raw`), ready to be located and validated.
 * `line`: for CSV the physical line where the record starts (header = line 1); for JSON the record's 1-based position
 * in the array. `original` is the record as the file gave it (shown back when the row is rejected).
 */
export interface ReadRow {
  line: number;
  sourceId: string;
  raw: RawLieu;
  warnings: FieldIssue[];
  original?: Record<string, string>;
}

/** A record rejected by the reader itself, before validation (no id, unreadable CSV, not an object…). */
export interface PreRejectedRow {
  line: number;
  sourceId: string | null;
  issues: FieldIssue[];
  raw: Record<string, string>;
}

export type SourceRow = ReadRow | PreRejectedRow;

export function isPreRejected(row: SourceRow): row is PreRejectedRow {
  return 'issues' in row;
}

/** What a reader returns: the rows, plus file-level warnings (unknown columns, date of the day used…). */
export interface ReadResult {
  rows: SourceRow[];
  warnings: FieldIssue[];
}

export interface ReadOptions {
  /** Import source (who sent the file), used as the lieu's `source` when the record has none. */
  source: string;
  /** YYYY-MM-DD used for records without date_maj (France Services has none). */
  defaultDateMaj?: string;
  /** Today's date, YYYY-MM-DD (injectable for tests). */
  today?: string;
}

export interface AcceptedRow {
  line: number;
  sourceId: string;
  lieu: Lieu;
  flags: LocationFlags;
  warnings: FieldIssue[];
  hash: string;
}

export interface RejectedRow {
  line: number;
  sourceId: string | null;
  /** The first field in error, its value and the reason (French). */
  field: string;
  value: string;
  reason: string;
  errors: FieldIssue[];
  raw: Record<string, string>;
}

export interface ImportAnalysis {
  format: ImportFormat;
  source: string;
  /** Always accepted.length + rejected.length. */
  total: number;
  accepted: AcceptedRow[];
  rejected: RejectedRow[];
  /** File-level warnings (encoding, separator, unknown columns…). */
  warnings: FieldIssue[];
}

export interface AnalyseOptions {
  source: string;
  format?: ImportFormat;
  fileName?: string;
  defaultDateMaj?: string;
  /** Today's date, YYYY-MM-DD; defaults to the system date (Europe/Paris not assumed: UTC date). */
  today?: string;
}
