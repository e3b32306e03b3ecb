import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reports the physical line where each record starts (header = 1), across multi-line cells and blank lines', () => {
    const text = 'id,nom\n1,"Maison\nde la\nsolidarité"\n\n2,Médiathèque\n3,"dit ""Le Lab"""\n';
    const { header, records } = parseCsv(text, ',');
    expect(header).toEqual(['id', 'nom']);
    expect(records).toEqual([
      { line: 2, cells: ['1', 'Maison\nde la\nsolidarité'] },
      { line: 6, cells: ['2', 'Médiathèque'] },
      { line: 7, cells: ['3', 'dit "Le Lab"'] },
    ]);
  });

  it('counts CRLF line ends as one line', () => {
    const { records } = parseCsv('id,nom\r\n1,"a\r\nb"\r\n2,c\r\n', ',');
    expect(records.map((r) => r.line)).toEqual([2, 4]);
  });

  it('turns a broken record into one bad record and keeps reading the rest with the right lines', () => {
    const text = 'id;nom\n1;ok\n2;"mal"fermé\n3;"multi\nligne"\n4;"jamais fermé\n5;fin\n';
    const { records } = parseCsv(text, ';');
    const summary = records.map((r) => ('error' in r ? { line: r.line, bad: true } : { line: r.line, id: r.cells[0] }));
    expect(summary).toContainEqual({ line: 2, id: '1' });
    // A stray quote after a closing one is read leniently (relax_quotes), as spreadsheets write it.
    expect(records).toContainEqual({ line: 3, cells: ['2', '"mal"fermé'] });
    expect(summary).toContainEqual({ line: 4, id: '3' });
    // The quote never closed spoils its own line only (not the rest of the file).
    expect(summary).toContainEqual({ line: 6, bad: true });
    expect(summary).toContainEqual({ line: 7, id: '5' });
    const bad = records.filter((r) => 'error' in r);
    for (const r of bad) expect((r as { error: string }).error).toMatch(/^Ligne CSV illisible/);
    // Lines only go forward, and each physical line belongs to at most one record.
    const lines = records.map((r) => r.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(new Set(lines).size).toBe(lines.length);
  });
});
