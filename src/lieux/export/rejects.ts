import { csvCell } from './csv';

/** The column added to a file of rejected rows; the readers ignore it (unknown column, with a warning). */
export const REJECT_REASON_COLUMN = 'motif_du_rejet';

/**
 * The rejected rows of an import as a CSV to fix in a spreadsheet and import again: the row's own columns, in the
 * order the file gave them, then `motif_du_rejet` ("ligne 12 — telephone : …"). UTF-8 with BOM (spreadsheets), CRLF.
 */
export function rejectedRowsCsv(rejects: ReadonlyArray<{ line: number; field: string; reason: string; raw: Record<string, string> }>): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const reject of rejects) {
    for (const column of Object.keys(reject.raw)) {
      if (!seen.has(column)) {
        seen.add(column);
        columns.push(column);
      }
    }
  }
  const lines = [[...columns, REJECT_REASON_COLUMN].map(csvCell).join(',')];
  for (const reject of rejects) {
    const reason = `ligne ${reject.line} — ${reject.field} : ${reject.reason}`;
    lines.push([...columns.map((c) => reject.raw[c] ?? ''), reason].map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
