import { describe, expect, it } from 'vitest';
import { LIEU_FIELDS, UNKNOWN_PIVOT } from '../domain/lieu';
import { formatNumber, sanitizeTerritoire, standardFileName, toStandardCsv, toStandardCsvChunks } from './csv';
import { parseCsv } from './csv-parse';
import { lieu, variedLieux } from './test-lieux';

const rowsOf = (csv: string) => parseCsv(csv).records.map((r) => r.cells);

describe('toStandardCsv', () => {
  it('writes the 32 standard columns in order, then one line per lieu, CRLF-terminated, no BOM', () => {
    const csv = toStandardCsv([lieu(), lieu({ id: 'lieu-2' })]);
    expect(csv.startsWith('\uFEFF')).toBe(false);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(LIEU_FIELDS.join(','));
    expect(lines).toHaveLength(4); // header, 2 rows, '' after the final CRLF
    expect(lines[3]).toBe('');
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('prepends a BOM only when asked', () => {
    expect(toStandardCsv([lieu()], { bom: true }).startsWith('\uFEFF' + 'id,pivot,')).toBe(true);
  });

  it('quotes only cells holding a comma, a quote or a line break, doubling quotes', () => {
    const csv = toStandardCsv([
      lieu({ id: 'a"b', nom: 'Espace, numérique', adresse: 'sans rien', complement_adresse: 'ligne\nsuivante' }),
    ]);
    const row = csv.split('\r\n').slice(1).join('\r\n');
    expect(row.startsWith('"a""b",')).toBe(true);
    expect(row).toContain(',"Espace, numérique",');
    expect(row).toContain(',sans rien,');
    expect(row).toContain(',"ligne\nsuivante",');
  });

  it('writes the unknown pivot as the placeholder, lists with |, numbers with a point and no exponent', () => {
    const [, row] = rowsOf(
      toStandardCsv([
        lieu({ pivot: null, services: ['Aide aux démarches administratives', 'Loisirs et créations numériques'], latitude: -21.5, longitude: 1e-7 }),
      ]),
    );
    const cell = (field: (typeof LIEU_FIELDS)[number]) => row![LIEU_FIELDS.indexOf(field)];
    expect(cell('pivot')).toBe(UNKNOWN_PIVOT);
    expect(cell('services')).toBe('Aide aux démarches administratives|Loisirs et créations numériques');
    expect(cell('latitude')).toBe('-21.5');
    expect(cell('longitude')).toBe('0.0000001');
    expect(Number(cell('longitude'))).toBe(1e-7);
    expect(cell('complement_adresse')).toBe('');
  });

  it('reads back cell for cell with an RFC 4180 reader', () => {
    const lieux = variedLieux();
    const rows = rowsOf(toStandardCsv(lieux));
    expect(rows).toHaveLength(lieux.length + 1);
    const second = rows[2]!;
    expect(second[LIEU_FIELDS.indexOf('id')]).toBe('b"2');
    expect(second[LIEU_FIELDS.indexOf('complement_adresse')]).toBe('Bâtiment B\r\n2e étage');
    expect(second[LIEU_FIELDS.indexOf('presentation_detail')]).toBe('Ligne 1\nLigne 2, avec virgule\n"citée"');
    expect(second[LIEU_FIELDS.indexOf('autres_formations_labels')]).toBe('QPV|Label, avec virgule');
    for (const r of rows) expect(r).toHaveLength(32);
  });

  it('refuses a list item that the | split could not give back', () => {
    expect(() => toStandardCsv([lieu({ autres_formations_labels: ['A|B'] })])).toThrow(/autres_formations_labels/);
    expect(() => toStandardCsv([lieu({ courriels: [''] })])).toThrow(/vide/);
  });

  it('refuses a coordinate that is not a finite number', () => {
    expect(() => toStandardCsv([lieu({ latitude: Number.NaN })])).toThrow(/latitude/);
  });

  it('streams the same text in chunks', () => {
    const many = Array.from({ length: 4500 }, (_, i) => lieu({ id: `l${i}` }));
    const chunks = [...toStandardCsvChunks(many, { bom: true })];
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe(toStandardCsv(many, { bom: true }));
  });
});

describe('formatNumber', () => {
  it('never uses an exponent and reads back the same number', () => {
    for (const n of [0, -0.5, 46.580234, 1e-7, -3.2e-9, 1.2345678901234567e-12, 1e21, -2.5e22, 123456789]) {
      const s = formatNumber(n);
      expect(s).not.toMatch(/e/i);
      expect(Number(s)).toBe(n);
    }
  });
});

describe('standardFileName', () => {
  it('follows the standard recommended pattern', () => {
    expect(standardFileName({ date: '2024-05-02', pivot: '21860194400013', territoire: 'Vienne' })).toBe(
      '2024-05-02_21860194400013_lieux-de-mediation-numerique_Vienne.csv',
    );
  });
  it('uses the placeholder pivot when none is given and cleans the territory to ASCII without spaces', () => {
    expect(standardFileName({ date: '2024-05-02', territoire: "Provence-Alpes-Côte d'Azur" })).toBe(
      '2024-05-02_00000000000000_lieux-de-mediation-numerique_Provence-Alpes-Cote-d-Azur.csv',
    );
    expect(sanitizeTerritoire('  Cœur de Lozère ')).toBe('Coeur-de-Lozere');
  });
  it('refuses an impossible date, a malformed pivot or an empty territory', () => {
    expect(() => standardFileName({ date: '2023-02-29', territoire: 'Vienne' })).toThrow(/Date/);
    expect(() => standardFileName({ date: '2024-05-02', pivot: '12 34', territoire: 'Vienne' })).toThrow(/SIRET/);
    expect(() => standardFileName({ date: '2024-05-02', territoire: '—' })).toThrow(/territoire/);
  });
});
