import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIEU_FIELDS } from '../domain/lieu';
import { toStandardCsv } from './csv';
import { SCHEMA_FIELD_NAMES, validateStandardCsv } from './validate';
import { lieu, variedLieux } from './test-lieux';

const example = readFileSync(new URL('../../../data/standard-lieux-v1.0.2/exemple-valide.csv', import.meta.url), 'utf8');

/** Replaces one cell of data line `row` (1-based among data rows) in a CSV we produced (no multi-line cells). */
function withCell(csv: string, row: number, field: string, raw: string): string {
  const lines = csv.split('\r\n');
  const cells = lines[row]!.split(',');
  cells[SCHEMA_FIELD_NAMES.indexOf(field)] = raw;
  lines[row] = cells.join(',');
  return lines.join('\r\n');
}

const simple = () => toStandardCsv([lieu({ id: 'a' }), lieu({ id: 'b' }), lieu({ id: 'c' })]);

describe('validateStandardCsv', () => {
  it('reads the column list from schema.json, which matches the Lieu type', () => {
    expect(SCHEMA_FIELD_NAMES).toEqual([...LIEU_FIELDS]);
  });

  it('accepts the standard valid example', () => {
    expect(validateStandardCsv(example)).toEqual({ errors: [], rows: 1 });
  });

  it('accepts our export of varied lieux, with or without BOM', () => {
    const lieux = variedLieux();
    expect(validateStandardCsv(toStandardCsv(lieux))).toEqual({ errors: [], rows: lieux.length });
    expect(validateStandardCsv(toStandardCsv(lieux, { bom: true })).errors).toEqual([]);
  });

  it('reports a broken cell with its line and field', () => {
    const { errors } = validateStandardCsv(withCell(simple(), 2, 'code_postal', '8600'));
    expect(errors).toEqual([{ line: 3, field: 'code_postal', reason: expect.stringContaining('8600') }]);
  });

  it('checks required, patterns, enumerations, maxLength, numbers, dates and uniqueness', () => {
    let csv = simple();
    csv = withCell(csv, 1, 'nom', '');
    csv = withCell(csv, 1, 'telephone', '05 49 52 32 00');
    csv = withCell(csv, 1, 'services', 'Aide aux démarches administratives|Cuisine');
    csv = withCell(csv, 2, 'pivot', '123');
    csv = withCell(csv, 2, 'latitude', '46;58');
    csv = withCell(csv, 2, 'date_maj', '2023-02-29');
    csv = withCell(csv, 3, 'id', 'a');
    csv = withCell(csv, 3, 'presentation_resume', 'x'.repeat(281));
    csv = withCell(csv, 3, 'code_insee', '20004');
    csv = withCell(csv, 3, 'frais_a_charge', 'gratuit');
    const found = validateStandardCsv(csv).errors.map((e) => `${e.line}:${e.field}`);
    expect(found.sort()).toEqual(
      [
        '2:nom',
        '2:telephone',
        '2:services',
        '3:pivot',
        '3:latitude',
        '3:date_maj',
        '4:id',
        '4:presentation_resume',
        '4:code_insee',
        '4:frais_a_charge',
      ].sort(),
    );
  });

  it('counts lines of multi-line cells to place the error on the right line', () => {
    const csv = toStandardCsv([lieu({ id: 'a', complement_adresse: 'un\ndeux\ntrois' }), lieu({ id: 'b', code_postal: 'ABCDE' })]);
    expect(validateStandardCsv(csv).errors).toEqual([{ line: 5, field: 'code_postal', reason: expect.any(String) }]);
  });

  it('reports a missing column, a column out of order and a short line', () => {
    const csv = simple();
    const lines = csv.split('\r\n');
    const swapped = lines[0]!.replace('commune,code_postal', 'code_postal,commune');
    const disordered = validateStandardCsv([swapped, ...lines.slice(1)].join('\r\n')).errors;
    expect(disordered).toContainEqual({ line: 1, field: 'code_postal', reason: expect.stringContaining('désordre') });
    // cells are read by the header's names: the swapped values are then wrong for their column
    expect(disordered).toContainEqual({ line: 2, field: 'code_postal', reason: expect.stringContaining('Poitiers') });
    const dropped = lines.map((l) => l.split(',').slice(0, 31).join(',')).join('\r\n');
    const errors = validateStandardCsv(dropped).errors;
    expect(errors).toContainEqual({ line: 1, field: 'prise_rdv', reason: expect.stringContaining('absente') });
    const short = [lines[0], lines[1]!.split(',').slice(0, 30).join(','), ...lines.slice(2)].join('\r\n');
    expect(validateStandardCsv(short).errors).toContainEqual({ line: 2, field: '', reason: expect.stringContaining('30 cellules') });
  });

  it('reports quoting mistakes and an empty file', () => {
    const bad = simple().replace('Poitiers', 'Poi"tiers');
    expect(validateStandardCsv(bad).errors).toContainEqual({ line: 2, field: '', reason: expect.stringContaining('Guillemet') });
    expect(validateStandardCsv('').errors).toEqual([{ line: 1, field: '', reason: expect.stringContaining('vide') }]);
  });
});
