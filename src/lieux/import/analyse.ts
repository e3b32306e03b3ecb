import type { FieldIssue, LocationFlags, RawLieu } from '../domain/lieu';
import { lieuHash, validateLieu } from '../domain/index';
import type { Referential } from '../../territory/index';
import { parseCsv } from './csv';
import { decodeBytes, detectInput } from './detect';
import type { Locator } from './locate';
import { createLocator } from './locate';
import { readDataInclusionJson, readFranceServicesCsv, readStandardCsv, readStandardJson, readV0Csv, readV0Json, todayIso } from './readers';
import type { AcceptedRow, AnalyseOptions, ImportAnalysis, ImportFileError, ReadOptions, ReadResult, RejectedRow, SourceRow } from './types';
import { isFileError, isPreRejected } from './types';

/** One locator per referential: its indexes are built once, not once per import. */
const locators = new WeakMap<object, Locator>();
export function locatorFor(referential: Pick<Referential, 'communes'>): Locator {
  let locator = locators.get(referential);
  if (!locator) {
    locator = createLocator(referential);
    locators.set(referential, locator);
  }
  return locator;
}

/**
 * Bounds checked before any parsing: a lieu's text never needs more, and the OSM hours parser gets slow on long input
 * (measured: 0.2 s for 2,000 characters of garbage, 90 s for 100,000), so an oversized value is rejected up front.
 */
export const MAX_FIELD_CHARS = 10_000;
export const MAX_HORAIRES_CHARS = 500;

function oversized(raw: RawLieu): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field in raw) {
    const value = raw[field as keyof RawLieu];
    if (typeof value !== 'string' || value.length <= MAX_HORAIRES_CHARS) continue;
    const max = field === 'horaires' ? MAX_HORAIRES_CHARS : MAX_FIELD_CHARS;
    if (value.length > max) {
      issues.push({ field, value: `${value.slice(0, 100)}…`, reason: `Valeur anormalement longue : ${value.length.toLocaleString('fr-FR')} caractères (maximum ${max.toLocaleString('fr-FR')})` });
    }
  }
  return issues;
}

const NO_FLAGS: LocationFlags = { approximate: false, outsideDepartement: false, codeInseeDerived: null };

function rawAsRecord(raw: RawLieu): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Same field + same reason once (a bad code_insee may be reported by both the locator and the validator). */
function uniqueIssues(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field}\u0000${i.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function rejected(line: number, sourceId: string | null, errors: FieldIssue[], raw: Record<string, string>): RejectedRow {
  const list = errors.length > 0 ? uniqueIssues(errors) : [{ field: '(ligne)', value: '', reason: 'Ligne refusée sans motif précis' }];
  const first = list[0] as FieldIssue;
  return { line, sourceId, field: first.field, value: first.value, reason: first.reason, errors: list, raw };
}

function read(format: ImportAnalysis['format'], text: string, json: unknown, separator: string, options: ReadOptions): ReadResult {
  switch (format) {
    case 'standard-v1-csv':
      return readStandardCsv(parseCsv(text, separator), options);
    case 'v0-csv':
      return readV0Csv(parseCsv(text, separator), options);
    case 'france-services-csv':
      return readFranceServicesCsv(parseCsv(text, separator), options);
    case 'standard-v1-json':
      return readStandardJson(json, options);
    case 'v0-json':
      return readV0Json(json, options);
    case 'data-inclusion-json':
      return readDataInclusionJson(json, options);
  }
}

/**
 * The whole analysis of an import file, without touching any database: decode → detect → read → locate → validate.
 * Every record ends up either accepted or rejected (`total === accepted.length + rejected.length`, always), each reject
 * with its line, field and French reason. The second record with an id already seen in the file is rejected.
 */
export function analyseImport(
  bytes: Uint8Array,
  options: AnalyseOptions,
  referential: Pick<Referential, 'communes'>,
): ImportAnalysis | ImportFileError {
  const decoded = decodeBytes(bytes);
  if (isFileError(decoded)) return decoded;
  const input = detectInput(decoded, options.format);
  if (isFileError(input)) return input;

  const readOptions: ReadOptions = { source: options.source, today: options.today ?? todayIso() };
  if (options.defaultDateMaj) readOptions.defaultDateMaj = options.defaultDateMaj;
  const { rows, warnings: readWarnings } = read(input.format, input.text, input.json, input.separator ?? ',', readOptions);
  const locate = locatorFor(referential);

  const accepted: AcceptedRow[] = [];
  const rejectedRows: RejectedRow[] = [];
  const firstLineOfId = new Map<string, number>();

  for (const row of rows) {
    try {
      analyseRow(row);
    } catch (error) {
      // A bug must not lose a row: it is rejected with the cause, and the invariant holds.
      const raw = isPreRejected(row) ? row.raw : (row.original ?? rawAsRecord(row.raw));
      const reason = `Erreur interne pendant l'analyse de la ligne : ${error instanceof Error ? error.message : String(error)}`;
      rejectedRows.push(rejected(row.line, row.sourceId, [{ field: '(ligne)', value: '', reason }], raw));
    }
  }

  function analyseRow(row: SourceRow): void {
    if (row.sourceId !== null) {
      const first = firstLineOfId.get(row.sourceId);
      if (first !== undefined) {
        const raw = isPreRejected(row) ? row.raw : (row.original ?? rawAsRecord(row.raw));
        const reason = `Identifiant en double : « ${row.sourceId} » est déjà utilisé ${first > 0 ? `ligne ${first}` : 'plus haut'} dans ce fichier`;
        rejectedRows.push(rejected(row.line, row.sourceId, [{ field: 'id', value: row.sourceId, reason }], raw));
        return;
      }
      firstLineOfId.set(row.sourceId, row.line);
    }
    if (isPreRejected(row)) {
      rejectedRows.push(rejected(row.line, row.sourceId, row.issues, row.raw));
      return;
    }
    const original = row.original ?? rawAsRecord(row.raw);
    const tooLong = oversized(row.raw);
    if (tooLong.length > 0) {
      rejectedRows.push(rejected(row.line, row.sourceId, tooLong, original));
      return;
    }
    const location = locate(row.raw);
    const validation = validateLieu(location.raw);
    const errors = [...location.errors, ...(validation.ok ? [] : validation.errors)];
    if (!validation.ok || errors.length > 0) {
      rejectedRows.push(rejected(row.line, row.sourceId, errors, original));
      return;
    }
    const lieu = { ...validation.lieu, id: row.sourceId };
    accepted.push({
      line: row.line,
      sourceId: row.sourceId,
      lieu,
      flags: location.flags ?? NO_FLAGS,
      warnings: uniqueIssues([...row.warnings, ...location.warnings, ...validation.warnings]),
      hash: lieuHash(lieu),
    });
  }

  return {
    format: input.format,
    source: options.source,
    total: accepted.length + rejectedRows.length,
    accepted,
    rejected: rejectedRows,
    warnings: [...input.warnings, ...readWarnings],
  };
}
