/**
 * Checks a standard CSV against every rule of the standard's `schema.json` (v1.0.2, Frictionless Table Schema):
 * all columns present in the schema's order and nothing else, `required`, `unique` (and the primary key), `pattern`
 * (anchored on the whole cell, as Frictionless does), `maxLength` (in characters), `type: number`, `type: date`
 * (`YYYY-MM-DD`, a real day). Also the file's syntax (RFC 4180 quoting, same number of cells on every line).
 * Messages are in French; `line` is the physical line where the record starts (the header is line 1).
 */
import schema from '../../../data/standard-lieux-v1.0.2/schema.json' with { type: 'json' };
import { parseCsv } from './csv-parse';
import { isIsoDate } from './iso-date';

export interface StandardCsvError {
  line: number;
  /** The column name, or '' for a problem with the whole line. */
  field: string;
  reason: string;
}

export interface StandardCsvValidation {
  errors: StandardCsvError[];
  /** Data rows read (header excluded). */
  rows: number;
}

interface SchemaField {
  name: string;
  type: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean; pattern?: string; maxLength?: number };
}

interface CompiledField {
  name: string;
  type: string;
  required: boolean;
  unique: boolean;
  pattern: RegExp | null;
  patternText: string | null;
  maxLength: number | null;
}

const FIELDS: CompiledField[] = (schema.fields as SchemaField[]).map((f) => ({
  name: f.name,
  type: f.type,
  required: f.constraints?.required === true || f.name === schema.primaryKey,
  unique: f.constraints?.unique === true || f.name === schema.primaryKey,
  pattern: f.constraints?.pattern ? new RegExp(`^(?:${f.constraints.pattern})$`, 'u') : null,
  patternText: f.constraints?.pattern ?? null,
  maxLength: f.constraints?.maxLength ?? null,
}));

/** The schema's column names, in order. */
export const SCHEMA_FIELD_NAMES: readonly string[] = FIELDS.map((f) => f.name);

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function describePattern(field: CompiledField): string {
  return field.name === 'telephone'
    ? 'format international attendu (+33 puis 6 à 9 chiffres, sans espace)'
    : `valeur non conforme au motif du standard (${field.patternText})`;
}

function checkHeader(header: string[], errors: StandardCsvError[]): void {
  const expected = SCHEMA_FIELD_NAMES;
  const present = new Set(header);
  for (const name of expected) {
    if (!present.has(name)) errors.push({ line: 1, field: name, reason: `Colonne « ${name} » absente` });
  }
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (!expected.includes(name)) errors.push({ line: 1, field: name, reason: `Colonne ${i + 1} « ${name} » inconnue du standard` });
    else if (seen.has(name)) errors.push({ line: 1, field: name, reason: `Colonne « ${name} » en double` });
    seen.add(name);
  });
  const known = header.filter((h) => expected.includes(h));
  const order = expected.filter((e) => present.has(e));
  const firstOff = known.findIndex((h, i) => h !== order[i]);
  if (firstOff >= 0) {
    errors.push({
      line: 1,
      field: known[firstOff]!,
      reason: `Colonnes dans le désordre : « ${order[firstOff]} » attendue en position ${header.indexOf(known[firstOff]!) + 1}, « ${known[firstOff]} » trouvée`,
    });
  }
}

export function validateStandardCsv(text: string): StandardCsvValidation {
  const { records, errors: syntax } = parseCsv(text);
  const errors: StandardCsvError[] = syntax.map((e) => ({ line: e.line, field: '', reason: e.reason }));
  const header = records[0];
  if (!header || (header.cells.length === 1 && header.cells[0] === '')) {
    errors.push({ line: 1, field: '', reason: 'Fichier vide : la ligne d’en-tête manque' });
    return { errors, rows: 0 };
  }
  checkHeader(header.cells, errors);
  const columns = FIELDS.map((f) => ({ field: f, index: header.cells.indexOf(f.name) })).filter((c) => c.index >= 0);
  const firstSeen = new Map<string, Map<string, number>>(FIELDS.filter((f) => f.unique).map((f) => [f.name, new Map()]));

  let rows = 0;
  for (let r = 1; r < records.length; r++) {
    const { line, cells } = records[r]!;
    if (cells.length === 1 && cells[0] === '') continue; // blank line
    rows++;
    if (cells.length !== header.cells.length) {
      errors.push({
        line,
        field: '',
        reason: `${cells.length} cellules au lieu de ${header.cells.length} (séparateur « , » ou guillemets à vérifier)`,
      });
    }
    for (const { field, index } of columns) {
      const value = cells[index] ?? '';
      if (value === '') {
        if (field.required) errors.push({ line, field: field.name, reason: 'Valeur obligatoire manquante' });
        continue;
      }
      if (field.type === 'number' && !(NUMBER.test(value) && Number.isFinite(Number(value)))) {
        errors.push({ line, field: field.name, reason: `Nombre attendu avec un point décimal, trouvé « ${value} »` });
      }
      if (field.type === 'date' && !isIsoDate(value)) {
        errors.push({ line, field: field.name, reason: `Date attendue au format AAAA-MM-JJ, trouvé « ${value} »` });
      }
      if (field.pattern && !field.pattern.test(value)) {
        errors.push({ line, field: field.name, reason: `${describePattern(field)} : « ${value} »` });
      }
      if (field.maxLength !== null) {
        const length = [...value].length;
        if (length > field.maxLength) {
          errors.push({ line, field: field.name, reason: `${length} caractères, au plus ${field.maxLength} permis` });
        }
      }
      const seen = firstSeen.get(field.name);
      if (seen) {
        const first = seen.get(value);
        if (first !== undefined) {
          errors.push({ line, field: field.name, reason: `Valeur « ${value} » déjà présente ligne ${first} (doit être unique)` });
        } else seen.set(value, line);
      }
    }
  }
  return { errors, rows };
}
