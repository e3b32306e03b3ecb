import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contains } from './domain/referential';
import { CENTROIDS_CSV_URL, getReferential, loadReferential } from './referential-loader';

const referential = getReferential();
const search = (q: string, limit?: number) => referential.searchIndex.search(q, { limit });

describe('referential from @etalab/decoupage-administratif + data/communes-centroids.csv', () => {
  it('has every current commune, each with a centre, and the counts of the COG', () => {
    const csvRows = readFileSync(CENTROIDS_CSV_URL, 'utf8').trim().split('\n').length - 1;
    expect(referential.communes.size).toBe(34_969);
    expect(referential.communes.size).toBe(csvRows);
    expect(referential.departements.size).toBe(109);
    expect(referential.regions.size).toBe(26);
    expect(referential.epci.size).toBe(1255);
    for (const c of referential.communes.values()) {
      expect(Number.isFinite(c.lat) && Number.isFinite(c.lon), c.code).toBe(true);
      expect(c.code, c.code).toMatch(/^(\d{5}|2[AB]\d{3})$/);
    }
  });

  it('describes Châtellerault (86066)', () => {
    const c = referential.communes.get('86066')!;
    expect(c).toMatchObject({ code: '86066', nom: 'Châtellerault', departement: '86', region: '75', codesPostaux: ['86100'] });
    expect(c.population).toBeGreaterThan(30_000);
    expect(c.lat).toBeCloseTo(46.8, 0);
    expect(c.lon).toBeCloseTo(0.5, 0);
    const epci = referential.epci.get(c.epci!)!;
    expect(epci.nom).toMatch(/Châtellerault/);
    expect(epci.communes).toContain('86066');
  });

  it('keeps leading zeros and Corsican codes as strings', () => {
    expect(referential.communes.get('01001')?.departement).toBe('01');
    expect(referential.communes.get('2A004')?.nom).toBe('Ajaccio');
    expect(referential.departements.get('2A')?.region).toBe('94');
  });

  it('sums EPCI population from its members and lists EPCI in every département where they have communes', () => {
    for (const e of referential.epci.values()) {
      const members = e.communes.map((code) => referential.communes.get(code)!);
      expect(members.every((m) => m.epci === e.siren), e.siren).toBe(true);
      expect(e.population).toBe(members.reduce((s, m) => s + (m.population ?? 0), 0));
      for (const d of new Set(members.map((m) => m.departement))) expect(referential.departements.get(d)!.epci).toContain(e.siren);
    }
    const straddling = [...referential.epci.values()].filter((e) => e.departements.length > 1);
    expect(straddling.length).toBeGreaterThan(0);
    const one = straddling[0]!;
    for (const d of one.departements) {
      expect(contains(referential, { kind: 'departement', code: d }, { kind: 'epci', code: one.siren })).toBe(false);
    }
  });

  it('the Vienne holds its communes and is in Nouvelle-Aquitaine', () => {
    const vienne = referential.departements.get('86')!;
    expect(vienne.nom).toBe('Vienne');
    expect(vienne.region).toBe('75');
    expect(vienne.communes.length).toBe([...referential.communes.values()].filter((c) => c.departement === '86').length);
    expect(contains(referential, { kind: 'region', code: '75' }, { kind: 'departement', code: '86' })).toBe(true);
    expect(contains(referential, { kind: 'departement', code: '86' }, { kind: 'commune', code: '86066' })).toBe(true);
    expect(contains(referential, { kind: 'departement', code: '79' }, { kind: 'commune', code: '86066' })).toBe(false);
  });

  it('has a version made of the package version and the CSV hash, and is loaded once', async () => {
    expect(referential.version).toMatch(/^@etalab\/decoupage-administratif@6\.0\.0\+centres-sha256:[0-9a-f]{16}$/);
    expect(await loadReferential()).toBe(referential);
    expect(referential.loadMs).toBeGreaterThan(0);
  });
});

describe('commune search over the whole referential', () => {
  it('finds Châtellerault first despite a missing letter', () => {
    expect(search('chatelerault')[0]?.code).toBe('86066');
  });

  it('finds Poitiers first', () => {
    expect(search('poitiers')[0]?.code).toBe('86194');
    expect(search('Poitiers')[0]?.code).toBe('86194');
  });

  it('lists exactly the communes of postcode 86400, largest first', () => {
    const expected = [...referential.communes.values()].filter((c) => c.codesPostaux.includes('86400'));
    expect(expected.length).toBeGreaterThan(1);
    const found = search('86400', 50);
    expect(found.map((r) => r.code).sort()).toEqual(expected.map((c) => c.code).sort());
    const populations = found.map((r) => r.population ?? 0);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
  });

  it('finds Saint-Jean-de-Sauves however it is typed', () => {
    for (const q of ['saint jean de sauves', 'St-Jean-de-Sauves', 'st jean de sauves', 'SAINT-JEAN-DE-SAUVES']) {
      expect(search(q)[0]?.code, q).toBe('86225');
    }
  });
});
