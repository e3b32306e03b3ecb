/**
 * A small RFC 4180 reader for checking our own files: `,` separator, `"` quoting with doubled quotes, CRLF or LF line
 * ends, cells spanning lines. Each record keeps the physical line where it starts, for error messages.
 */
export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
}

export interface CsvSyntaxError {
  line: number;
  reason: string;
}

export interface ParsedCsv {
  records: CsvRecord[];
  errors: CsvSyntaxError[];
  /** The text started with a UTF-8 byte order mark (removed before parsing). */
  bom: boolean;
}

export function parseCsv(input: string): ParsedCsv {
  const bom = input.startsWith('\uFEFF');
  const text = bom ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            cell += text.slice(i);
            i = n;
            break;
          }
          cell += text.slice(i, q);
          i = q + 1;
          if (text[i] === '"') {
            cell += '"';
            i++;
          } else {
            closed = true;
            break;
          }
        }
        for (let k = 0; k < cell.length; k++) if (cell.charCodeAt(k) === 10) line++;
        if (!closed) errors.push({ line: start, reason: 'Guillemet ouvrant sans guillemet fermant' });
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          errors.push({ line, reason: 'Caractère après un guillemet fermant (les guillemets doivent être doublés)' });
          while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        cell = text.slice(i, j);
        if (cell.includes('"')) errors.push({ line, reason: 'Guillemet dans une cellule non entourée de guillemets' });
        i = j;
      }
      cells.push(cell);
      if (i >= n) break;
      if (text[i] === ',') {
        i++;
        if (i >= n) cells.push('');
        else continue;
        break;
      }
      // end of record
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    records.push({ line: start, cells });
  }
  return { records, errors, bom };
}
