// Round trip: what Maillage exports, Maillage reads back with no loss (import → export → import gives the same lieux).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lieu } from '../../src/lieux/domain/lieu';
import { toStandardCsv, toStandardJson, validateStandardCsv } from '../../src/lieux/export';
import { variedLieux } from '../../src/lieux/export/test-lieux';
import { analyseImport, isFileError, type ImportAnalysis } from '../../src/lieux/import';
import { loadReferential, type Referential } from '../../src/territory';

const encoder = new TextEncoder();
const TODAY = '2025-01-15';

let referential: Referential;
beforeAll(async () => {
  referential = await loadReferential();
});

function analyse(bytes: Uint8Array, fileName: string): ImportAnalysis {
  const result = analyseImport(bytes, { source: 'test-aller-retour', fileName, today: TODAY }, referential);
  if (isFileError(result)) throw new Error(result.reason);
  return result;
}

/** Imports, then exports and imports again in `format`; returns both lists of lieux. */
function roundTrip(first: Lieu[], format: 'csv' | 'json'): { before: Lieu[]; after: ImportAnalysis } {
  const text = format === 'csv' ? toStandardCsv(first) : toStandardJson(first);
  const after = analyse(encoder.encode(text), `export.${format}`);
  return { before: first, after };
}

/** The varied lieu whose longitude is 1e-7 (a point a few centimetres from the Greenwich meridian). */
const TINY_ID = 'tout-petit-6';

const demo = (name: string) => new Uint8Array(readFileSync(new URL(`../../data/demo/${name}`, import.meta.url)));

describe('export then import', () => {
  const sources: Array<[string, () => Uint8Array, string]> = [
    ['the Vienne CNFS permanences (v0 JSON)', () => demo('cnfs-permanences-86.json'), 'cnfs-permanences-86.json'],
    ['the Vienne France Services (raw CSV)', () => demo('france-services-86.csv'), 'france-services-86.csv'],
    [
      'varied lieux (quotes, line breaks, every list)',
      () => encoder.encode(toStandardCsv(variedLieux().filter((l) => l.id !== TINY_ID))),
      'varies.csv',
    ],
  ];

  for (const [label, bytes, fileName] of sources) {
    for (const format of ['csv', 'json'] as const) {
      it(`gives back ${label} unchanged through the standard ${format.toUpperCase()}`, () => {
        const imported = analyse(bytes(), fileName);
        expect(imported.accepted.length).toBeGreaterThan(0);
        const first = imported.accepted.map((row) => row.lieu);
        const { before, after } = roundTrip(first, format);
        expect(after.rejected).toEqual([]);
        expect(after.accepted.map((row) => row.lieu)).toEqual(before);
        // and a second export is byte-identical to the first
        const again = after.accepted.map((row) => row.lieu);
        const text = (lieux: Lieu[]) => (format === 'csv' ? toStandardCsv(lieux) : toStandardJson(lieux));
        expect(text(again)).toBe(text(before));
      });
    }
  }

  // JSON.stringify writes every |n| < 1e-6 in exponent form: the JSON reader must turn it back into a plain decimal.
  it('keeps a longitude a few centimetres from the meridian through both formats', () => {
    const first = analyse(encoder.encode(toStandardCsv(variedLieux().filter((l) => l.id === TINY_ID))), 'petit.csv');
    const lieux = first.accepted.map((row) => row.lieu);
    expect(lieux[0]!.longitude).toBe(1e-7);
    for (const format of ['csv', 'json'] as const) {
      const { before, after } = roundTrip(lieux, format);
      expect(after.accepted.map((row) => row.lieu)).toEqual(before);
    }
  });

  it('produces CSV files that pass the schema check, once imported', () => {
    const lieux = analyse(demo('cnfs-permanences-86.json'), 'cnfs.json').accepted.map((row) => row.lieu);
    expect(validateStandardCsv(toStandardCsv(lieux)).errors).toEqual([]);
  });
});
