import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Referential } from '../../territory/index';
import { getReferential } from '../../territory/index';
import type { Lieu } from '../domain/index';
import { LIEU_FIELDS, LIST_FIELDS } from '../domain/index';
import { analyseImport } from './analyse';
import type { ImportAnalysis } from './types';
import { isFileError } from './types';
import { seededRandom } from '../../platform/seeded-random';


const root = new URL('../../../', import.meta.url);
const LISTS: ReadonlySet<string> = new Set(LIST_FIELDS);

/** Real rows: the Vienne demo files analysed, turned back into standard text records. */
function realRows(referential: Referential): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const [file, options] of [
    ['data/demo/cnfs-permanences-86.json', { source: 'cnfs' }],
    ['data/demo/france-services-86.csv', { source: 'fs', defaultDateMaj: '2022-12-01' }],
  ] as const) {
    const a = analyseImport(readFileSync(new URL(file, root)), options, referential) as ImportAnalysis;
    for (const r of a.accepted) {
      const rec: Record<string, unknown> = {};
      for (const f of LIEU_FIELDS) {
        const v = (r.lieu as Lieu)[f];
        if (v === null) continue;
        rec[f] = Array.isArray(v) ? v.join('|') : v;
      }
      out.push(rec);
    }
  }
  return out;
}

function mutate(base: Record<string, unknown>, rnd: () => number, i: number): Record<string, unknown> {
  const rec: Record<string, unknown> = { ...base, id: `fuzz-${i}` };
  const fields = [...LIEU_FIELDS];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const n = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) {
    const f = pick(fields);
    switch (Math.floor(rnd() * 12)) {
      case 0:
        delete rec[f];
        break;
      case 1: {
        const g = pick(fields);
        [rec[f], rec[g]] = [rec[g], rec[f]];
        break;
      }
      case 2:
        rec[f] = String.fromCharCode(...Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 0xd7ff)));
        break;
      case 3:
        rec[f] = pick([42, -1.5, true, null, [1, 'a'], { a: 1 }, [{ x: 1 }], NaN, '']);
        break;
      case 4:
        rec[f] = 'x'.repeat(1000 + Math.floor(rnd() * 200_000));
        break;
      case 5:
        [rec.latitude, rec.longitude] = [rec.longitude, rec.latitude];
        break;
      case 6:
        rec.date_maj = pick(['31/12/2022', '2022-13-45', '12/31/2022', '2022-02-30', 'hier']);
        break;
      case 7:
        rec.pivot = pick(['218 601 947 00013', '21860194700013 ', 'W123456789', '123', '0000']);
        break;
      case 8:
        rec[f] = pick(['"', '""', '\n', '\r\n', ',', ';', '|', '"a"b"', 'a\nb\nc', '\u0000', '\uFEFF']);
        break;
      case 9:
        rec.code_insee = pick(['86999', '2A004', '75115', '1033', '', 'ABCDE', '97411']);
        break;
      case 10:
        if (LISTS.has(f)) rec[f] = pick(['Gratuit;Payant', 'inconnu|Gratuit', '|||', 'Jeunes;Seniors']);
        break;
      default:
        rec.latitude = pick(['abc', '91', '-200', '0', '46,58', '1e308']);
    }
  }
  if (rnd() < 0.02) rec.id = 'fuzz-dup';
  return rec;
}

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return `"${s.replace(/"/g, '""')}"`;
};

function expectInvariant(a: ImportAnalysis) {
  expect(a.total).toBe(a.accepted.length + a.rejected.length);
  for (const r of a.rejected) {
    expect(r.line).toBeGreaterThan(0);
    expect(typeof r.field).toBe('string');
    expect(r.field.length).toBeGreaterThan(0);
    expect(r.reason.length).toBeGreaterThan(0);
  }
  const ids = a.accepted.map((r) => r.sourceId);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('analyseImport fuzz: 10,000 mutated real rows', { timeout: 300_000 }, () => {
  let referential: Referential;
  let rows: Array<Record<string, unknown>>;
  beforeAll(() => {
    referential = getReferential();
    const base = realRows(referential);
    const rnd = seededRandom(20240601);
    rows = Array.from({ length: 10_000 }, (_, i) => mutate(base[i % base.length] as Record<string, unknown>, rnd, i));
  });

  it('as standard JSON: every element is counted, accepted or rejected with line, field and reason', () => {
    const result = analyseImport(new TextEncoder().encode(JSON.stringify(rows)), { source: 'fuzz', format: 'standard-v1-json' }, referential);
    expect(isFileError(result) ? result : null).toBeNull();
    const a = result as ImportAnalysis;
    expect(a.total).toBe(rows.length);
    expectInvariant(a);
    expect(a.accepted.length).toBeGreaterThan(0);
    expect(a.rejected.length).toBeGreaterThan(0);
    expect(a.rejected.some((r) => /double/.test(r.reason))).toBe(true);
  });

  it('as standard CSV (with raw quotes, line breaks and garbage in cells): no throw, the invariant holds', () => {
    const text = [LIEU_FIELDS.join(','), ...rows.map((r) => LIEU_FIELDS.map((f) => csvCell(r[f])).join(','))].join('\n');
    const a = analyseImport(new TextEncoder().encode(text), { source: 'fuzz' }, referential) as ImportAnalysis;
    expect(isFileError(a) ? a : null).toBeNull();
    expectInvariant(a);
    // Properly quoted: every row is a record (blank-looking rows aside).
    expect(a.total).toBeLessThanOrEqual(rows.length);
    expect(a.total).toBeGreaterThan(rows.length * 0.95);
  });

  it('as broken CSV (cells written without quoting): no throw, the invariant holds', () => {
    const text = [LIEU_FIELDS.join(','), ...rows.slice(0, 1000).map((r) => LIEU_FIELDS.map((f) => String(r[f] ?? '')).join(','))].join('\n');
    const a = analyseImport(new TextEncoder().encode(text), { source: 'fuzz' }, referential) as ImportAnalysis;
    expect(isFileError(a) ? a : null).toBeNull();
    expectInvariant(a);
  });
});
