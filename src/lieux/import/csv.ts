import { CsvError, parse } from 'csv-parse/sync';
import type { ImportFileError } from './types';
import { fileError } from './types';

/** A CSV record and the physical line where it starts (header = line 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}
/** A record the CSV parser could not read (stray or unclosed quote…), with a French reason. */
export interface CsvBadRecord {
  line: number;
  error: string;
  text: string;
}
export type CsvItem = CsvRecord | CsvBadRecord;

export interface ParsedCsv {
  header: string[];
  /** The records after the header; blank lines are skipped and never counted. */
  records: CsvItem[];
}

/** One cell may not exceed this many characters (a 50 MB cell is garbage, not a lieu). */
const MAX_RECORD_CHARS = 1_000_000;
/** In the recovery path, a quoted cell may span at most this many lines before the record is declared broken. */
const MAX_RECORD_LINES = 50;

const baseOptions = (delimiter: string) => ({
  delimiter,
  relax_column_count: true,
  relax_quotes: true,
  max_record_size: MAX_RECORD_CHARS,
  skip_empty_lines: false,
});

/** French reasons for csv-parse error codes. */
function frenchCsvError(error: unknown): string {
  if (error instanceof CsvError) {
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return 'Ligne CSV illisible : guillemet ouvert jamais fermé';
      case 'CSV_INVALID_CLOSING_QUOTE':
        return 'Ligne CSV illisible : guillemet fermant suivi de caractères (doublez les guillemets à l’intérieur d’une cellule)';
      case 'CSV_MAX_RECORD_SIZE':
        return `Ligne CSV illisible : cellule de plus de ${MAX_RECORD_CHARS.toLocaleString('fr-FR')} caractères`;
      default:
        return `Ligne CSV illisible (${error.code})`;
    }
  }
  return 'Ligne CSV illisible';
}

export function parseCsvHeader(line: string, delimiter: string): string[] | ImportFileError {
  try {
    const rows = parse(line, baseOptions(delimiter)) as string[][];
    const header = rows[0];
    if (!header || header.every((c) => c.trim() === '')) return fileError('Le fichier est vide');
    return header;
  } catch (error) {
    return fileError(`Format non reconnu : en-tête CSV illisible (${frenchCsvError(error)})`);
  }
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

function countNewlines(cells: string[]): number {
  let n = 0;
  for (const cell of cells) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The whole file with csv-parse; when it stops on an error, the recovery path re-reads the file record by record so
 * that one broken line becomes one rejected row instead of failing (or silently truncating) the file.
 */
export function parseCsv(text: string, delimiter: string): ParsedCsv {
  // csv-parse counts a CRLF as two lines: line ends are made LF first (also inside quoted cells, harmless).
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  try {
    const out = parse(lf, { ...baseOptions(delimiter), info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    let header: string[] | null = null;
    const records: CsvItem[] = [];
    for (const { record, info } of out) {
      if (isBlank(record)) continue;
      // info.lines is the line where the record ENDS; its embedded line breaks give its first line.
      const line = info.lines - countNewlines(record);
      if (header === null) header = record;
      else records.push({ line, cells: record });
    }
    return { header: header ?? [], records };
  } catch {
    return parseCsvRecovering(lf, delimiter);
  }
}

function parseCsvRecovering(text: string, delimiter: string): ParsedCsv {
  const lines = text.split('\n');
  let header: string[] | null = null;
  const records: CsvItem[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    let chunk = lines[i] ?? '';
    let result: string[] | { error: string };
    for (let span = 1; ; span++) {
      try {
        const rows = parse(chunk, baseOptions(delimiter)) as string[][];
        result = rows[0] ?? [];
        break;
      } catch (error) {
        const unclosed = error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED';
        if (!unclosed || span >= MAX_RECORD_LINES || start + span >= lines.length) {
          result = { error: frenchCsvError(error) };
          break;
        }
        chunk += '\n' + (lines[start + span] ?? '');
      }
    }
    const consumed = Array.isArray(result) ? chunk.split('\n').length : 1;
    if (Array.isArray(result)) {
      if (!isBlank(result)) {
        if (header === null) header = result;
        else records.push({ line: start + 1, cells: result });
      }
    } else {
      const lineText = lines[start] ?? '';
      if (header === null) header = [];
      records.push({ line: start + 1, error: result.error, text: lineText.slice(0, 1000) });
    }
    i = start + consumed;
  }
  return { header: header ?? [], records };
}
