// The benchmark's synthetic set: deterministic, located in real communes, with the duplicates it announces.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRealLieux, generateSyntheticLieux } from '../../bench/lieux-synthetic';
import type { Lieu } from '../../src/lieux/domain/lieu';
import { parseCsv } from '../../src/lieux/export';
import { haversineKm, loadReferential, type Referential } from '../../src/territory';

let referential: Referential;
let bases: Lieu[];
beforeAll(async () => {
  referential = await loadReferential();
  bases = loadRealLieux({ national: false }).lieux; // the Vienne subsets: quick to read
});

describe('generateSyntheticLieux', () => {
  it('gives the same file for the same seed, another for another seed', async () => {
    const a = await generateSyntheticLieux({ count: 1500, seed: 7, referential, bases });
    const b = await generateSyntheticLieux({ count: 1500, seed: 7, referential, bases });
    const c = await generateSyntheticLieux({ count: 1500, seed: 8, referential, bases });
    expect(b.csv).toBe(a.csv);
    expect(b.knownDuplicates).toEqual(a.knownDuplicates);
    expect(c.csv).not.toBe(a.csv);
  });

  it('writes count rows with unique ids, the announced share of known duplicates among them', async () => {
    const set = await generateSyntheticLieux({ count: 2000, seed: 3, duplicateRate: 0.1, referential, bases });
    const records = parseCsv(set.csv).records;
    expect(records).toHaveLength(2001);
    const ids = records.slice(1).map((r) => r.cells[0]!);
    expect(new Set(ids).size).toBe(2000);
    expect(set.knownDuplicates).toHaveLength(200);
    const byId = new Map(set.lieux.map((l) => [l.id, l]));
    for (const [a, b] of set.knownDuplicates) {
      const [x, y] = [byId.get(a)!, byId.get(b)!];
      expect(x.id).not.toBe(y.id);
      expect(y.commune).toBe(x.commune);
      expect(y.source).not.toBe(x.source);
      if (x.latitude !== null && y.latitude !== null) {
        expect(haversineKm({ lat: x.latitude, lon: x.longitude! }, { lat: y.latitude, lon: y.longitude! })).toBeLessThanOrEqual(0.061);
      }
    }
  });

  it('places every row in a real commune with its own name and postcode, spread over France', async () => {
    const set = await generateSyntheticLieux({ count: 3000, seed: 5, duplicateRate: 0, referential, bases });
    const communes = [...referential.communes.values()];
    const byName = new Map<string, typeof communes>();
    for (const c of communes) byName.set(c.nom, [...(byName.get(c.nom) ?? []), c]);
    const departements = new Set<string>();
    for (const lieu of set.lieux) {
      const candidates = lieu.code_insee ? [referential.communes.get(lieu.code_insee)!] : byName.get(lieu.commune)!;
      const commune = candidates.find((c) => c.nom === lieu.commune && c.codesPostaux.includes(lieu.code_postal));
      expect(commune, `${lieu.id} ${lieu.commune} ${lieu.code_postal}`).toBeDefined();
      departements.add(commune!.departement);
    }
    expect(departements.size).toBeGreaterThan(80);
  });
});
