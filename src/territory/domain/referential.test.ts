import { describe, expect, it } from 'vitest';
import type { TerritoryRef } from '../../platform/auth/principal';
import { contains, containsIn, type Commune, type Departement, type Epci, type ReferentialMaps } from './referential';

const commune = (code: string, departement: string, region: string, epci: string | null): Commune => ({
  code,
  nom: code,
  departement,
  region,
  epci,
  population: 1,
  codesPostaux: [],
  lat: 0,
  lon: 0,
});
const epci = (siren: string, communes: Commune[]): Epci => ({
  siren,
  nom: siren,
  type: 'CC',
  communes: communes.map((c) => c.code),
  departements: [...new Set(communes.map((c) => c.departement))].sort(),
  population: communes.length,
});
const departement = (code: string, region: string): Departement => ({
  code,
  nom: code,
  region,
  epci: [],
  communes: [],
  population: 0,
});

// Région 75: départements 86 and 79; région 24: 37. EPCI A inside 86; B straddles 86/79 (same région);
// C straddles 86/37 (two régions). Commune 86999 has no EPCI.
const c1 = commune('86001', '86', '75', '200000001');
const c2 = commune('86002', '86', '75', '200000002');
const c3 = commune('79001', '79', '75', '200000002');
const c4 = commune('86003', '86', '75', '200000003');
const c5 = commune('37001', '37', '24', '200000003');
const c6 = commune('86999', '86', '75', null);
const maps: ReferentialMaps = {
  communes: new Map([c1, c2, c3, c4, c5, c6].map((c) => [c.code, c])),
  epci: new Map([
    ['200000001', epci('200000001', [c1])],
    ['200000002', epci('200000002', [c2, c3])],
    ['200000003', epci('200000003', [c4, c5])],
  ]),
  departements: new Map([
    ['86', departement('86', '75')],
    ['79', departement('79', '75')],
    ['37', departement('37', '24')],
  ]),
};

const ref = (kind: TerritoryRef['kind'], code: string): TerritoryRef => ({ kind, code });
const inside = (outer: TerritoryRef, inner: TerritoryRef) => contains(maps, outer, inner);

describe('territory containment', () => {
  it('anything contains itself, and only its own code', () => {
    for (const t of [ref('commune', '86001'), ref('epci', '200000002'), ref('departement', '86'), ref('region', '75')]) {
      expect(inside(t, t)).toBe(true);
    }
    expect(inside(ref('departement', '86'), ref('departement', '79'))).toBe(false);
  });

  it('a commune is in its EPCI, département and région, not in others', () => {
    expect(inside(ref('epci', '200000001'), ref('commune', '86001'))).toBe(true);
    expect(inside(ref('departement', '86'), ref('commune', '86001'))).toBe(true);
    expect(inside(ref('region', '75'), ref('commune', '86001'))).toBe(true);
    expect(inside(ref('epci', '200000002'), ref('commune', '86001'))).toBe(false);
    expect(inside(ref('departement', '79'), ref('commune', '86001'))).toBe(false);
    expect(inside(ref('region', '24'), ref('commune', '86001'))).toBe(false);
    expect(inside(ref('epci', '200000001'), ref('commune', '86999'))).toBe(false);
  });

  it('an EPCI is in a département only when all its communes are', () => {
    expect(inside(ref('departement', '86'), ref('epci', '200000001'))).toBe(true);
    expect(inside(ref('departement', '86'), ref('epci', '200000002'))).toBe(false);
    expect(inside(ref('departement', '79'), ref('epci', '200000002'))).toBe(false);
  });

  it('an EPCI is in a région only when all its communes are', () => {
    expect(inside(ref('region', '75'), ref('epci', '200000002'))).toBe(true);
    expect(inside(ref('region', '75'), ref('epci', '200000003'))).toBe(false);
    expect(inside(ref('region', '24'), ref('epci', '200000003'))).toBe(false);
  });

  it('a département is in its région; bigger territories are never inside smaller ones', () => {
    expect(inside(ref('region', '75'), ref('departement', '86'))).toBe(true);
    expect(inside(ref('region', '24'), ref('departement', '86'))).toBe(false);
    expect(inside(ref('commune', '86001'), ref('departement', '86'))).toBe(false);
    expect(inside(ref('epci', '200000001'), ref('departement', '86'))).toBe(false);
    expect(inside(ref('departement', '86'), ref('region', '75'))).toBe(false);
    expect(inside(ref('commune', '86001'), ref('epci', '200000001'))).toBe(false);
  });

  it('unknown codes are inside nothing else', () => {
    expect(inside(ref('departement', '86'), ref('commune', '86404'))).toBe(false);
    expect(inside(ref('region', '75'), ref('epci', '999999999'))).toBe(false);
    expect(inside(ref('region', '75'), ref('departement', '99'))).toBe(false);
  });

  it('containsIn binds the referential', () => {
    const fn = containsIn(maps);
    expect(fn(ref('departement', '86'), ref('commune', '86002'))).toBe(true);
    expect(fn(ref('departement', '79'), ref('commune', '86002'))).toBe(false);
  });
});
