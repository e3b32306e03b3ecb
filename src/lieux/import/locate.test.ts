import { beforeAll, describe, expect, it } from 'vitest';
import type { Commune, Referential } from '../../territory/index';
import { getReferential, haversineKm } from '../../territory/index';
import type { Locator } from './locate';
import { arrondissementCommune, createLocator, normaliseCommuneName } from './locate';

let referential: Referential;
let locate: Locator;
beforeAll(() => {
  referential = getReferential();
  locate = createLocator(referential);
});

function commune(code: string): Commune {
  const c = referential.communes.get(code);
  if (!c) throw new Error(`commune ${code} absente du référentiel`);
  return c;
}
function byName(nom: string, departement: string): Commune {
  const found = [...referential.communes.values()].filter((c) => c.nom === nom && c.departement === departement);
  if (found.length !== 1 || !found[0]) throw new Error(`${nom} (${departement}) : ${found.length} communes`);
  return found[0];
}

describe('normaliseCommuneName', () => {
  it('folds case, accents, punctuation, saints, CEDEX and arrondissements', () => {
    expect(normaliseCommuneName('Saint-Benoît')).toBe(normaliseCommuneName('ST BENOIT'));
    expect(normaliseCommuneName('Sainte-Radégonde')).toBe(normaliseCommuneName('ste radegonde'));
    expect(normaliseCommuneName("L'Isle-Jourdain")).toBe(normaliseCommuneName('L ISLE JOURDAIN'));
    expect(normaliseCommuneName('POITIERS CEDEX 9')).toBe(normaliseCommuneName('Poitiers'));
    expect(normaliseCommuneName('PARIS 15')).toBe('PARIS');
    expect(normaliseCommuneName('Lyon 3e')).toBe('LYON');
    expect(normaliseCommuneName('Marseille 11ème arrondissement')).toBe('MARSEILLE');
    expect(normaliseCommuneName('Saint-Étienne')).not.toBe(normaliseCommuneName('Saint-Étienne-de-Tinée'));
  });

  it('maps arrondissement codes to their commune', () => {
    expect(arrondissementCommune('75115')).toBe('75056');
    expect(arrondissementCommune('69383')).toBe('69123');
    expect(arrondissementCommune('13211')).toBe('13055');
    expect(arrondissementCommune('75121')).toBeNull();
    expect(arrondissementCommune('86194')).toBeNull();
  });
});

describe('locate', () => {
  it('derives code_insee from postcode and commune name, saints and case included', () => {
    const target = byName('Saint-Benoît', '86');
    const postcode = target.codesPostaux[0] as string;
    const result = locate({ commune: 'ST BENOIT', code_postal: postcode, latitude: String(target.lat), longitude: String(target.lon) });
    expect(result.raw.code_insee).toBe(target.code);
    expect(result.flags.codeInseeDerived).toBe('postcode');
    expect(result.warnings.some((w) => w.field === 'code_insee' && /code postal et du nom/.test(w.reason))).toBe(true);
    expect(result.errors).toEqual([]);
  });

  it('finds the commune of a CEDEX postcode by name within the département', () => {
    const poitiers = byName('Poitiers', '86');
    expect(poitiers.codesPostaux).not.toContain('86035');
    const result = locate({ commune: 'POITIERS CEDEX 9', code_postal: '86035' });
    expect(result.raw.code_insee).toBe(poitiers.code);
    expect(result.flags.codeInseeDerived).toBe('postcode');
  });

  it('folds Paris, Lyon and Marseille arrondissements into the commune', () => {
    expect(locate({ commune: 'PARIS 15', code_postal: '75015' }).raw.code_insee).toBe('75056');
    expect(locate({ commune: 'Lyon 3e', code_postal: '69003' }).raw.code_insee).toBe('69123');
    expect(locate({ commune: 'MARSEILLE 11', code_postal: '13011' }).raw.code_insee).toBe('13055');
    const arr = locate({ code_insee: '75115', commune: 'Paris', code_postal: '75015' });
    expect(arr.raw.code_insee).toBe('75056');
    expect(arr.errors).toEqual([]);
    expect(arr.warnings.some((w) => w.field === 'code_insee' && w.value === '75115')).toBe(true);
  });

  it('derives code_insee from the coordinates when the name does not match', () => {
    // A point 1 km from the centre of a commune whose postcode is shared with other communes, with a wrong name.
    const shared = [...referential.communes.values()].find((c) => {
      const cp = c.codesPostaux[0];
      return c.departement === '86' && cp && [...referential.communes.values()].filter((o) => o.codesPostaux.includes(cp)).length > 3;
    }) as Commune;
    const point = { lat: shared.lat + 0.009, lon: shared.lon };
    const result = locate({ commune: 'Lieu-dit inconnu', code_postal: shared.codesPostaux[0], latitude: String(point.lat), longitude: String(point.lon) });
    // The expected commune is the nearest centre among the postcode's communes, computed here independently.
    const candidates = [...referential.communes.values()].filter((c) => c.codesPostaux.includes(shared.codesPostaux[0] as string));
    const nearest = candidates.reduce((a, b) => (haversineKm(point, a) <= haversineKm(point, b) ? a : b));
    expect(result.raw.code_insee).toBe(nearest.code);
    expect(result.flags.codeInseeDerived).toBe('coordinates');
    expect(result.warnings.some((w) => /déduit des coordonnées/.test(w.reason))).toBe(true);
  });

  it('derives from coordinates alone with a global nearest-centre search', () => {
    const target = byName('Châtellerault', '86');
    const point = { lat: target.lat + 0.002, lon: target.lon - 0.002 };
    const all = [...referential.communes.values()];
    const nearest = all.reduce((a, b) => (haversineKm(point, a) <= haversineKm(point, b) ? a : b));
    const result = locate({ latitude: String(point.lat), longitude: String(point.lon) });
    expect(result.raw.code_insee).toBe(nearest.code);
    expect(result.raw.commune).toBe(nearest.nom);
  });

  it('rejects a code_insee that the referential does not know', () => {
    const result = locate({ code_insee: '86999', commune: 'Nulle part', code_postal: '86000' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ field: 'code_insee', value: '86999' });
    expect(result.errors[0]?.reason).toMatch(/inconnu du référentiel/);
  });

  it('flags a point far away in another département, without rejecting it', () => {
    const poitiers = byName('Poitiers', '86');
    const bordeaux = byName('Bordeaux', '33');
    const result = locate({ code_insee: poitiers.code, commune: 'Poitiers', code_postal: '86000', latitude: String(bordeaux.lat), longitude: String(bordeaux.lon) });
    expect(result.flags.outsideDepartement).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings.some((w) => /hors du département/.test(w.reason) && /Bordeaux/.test(w.reason))).toBe(true);
  });

  it('does not flag a point a few km from its commune centre', () => {
    const poitiers = byName('Poitiers', '86');
    const result = locate({ code_insee: poitiers.code, latitude: String(poitiers.lat + 0.03), longitude: String(poitiers.lon) });
    expect(result.flags.outsideDepartement).toBe(false);
    expect(result.warnings.filter((w) => w.field === 'latitude')).toEqual([]);
  });

  it('puts swapped latitude and longitude back', () => {
    const poitiers = byName('Poitiers', '86');
    const result = locate({ code_insee: poitiers.code, latitude: String(poitiers.lon), longitude: String(poitiers.lat) });
    expect(result.raw.latitude).toBe(String(poitiers.lat));
    expect(result.raw.longitude).toBe(String(poitiers.lon));
    expect(result.flags.outsideDepartement).toBe(false);
    expect(result.warnings.some((w) => /inversées/.test(w.reason))).toBe(true);
  });

  it('uses the commune centre, flagged approximate, when coordinates are missing or 0,0', () => {
    const c = commune('86194');
    for (const coords of [{}, { latitude: '0', longitude: '0' }, { latitude: '46.5' }]) {
      const result = locate({ code_insee: c.code, commune: c.nom, ...coords });
      expect(result.flags.approximate).toBe(true);
      expect(Number(result.raw.latitude)).toBe(c.lat);
      expect(Number(result.raw.longitude)).toBe(c.lon);
      expect(result.warnings.some((w) => /centre de la commune/.test(w.reason))).toBe(true);
    }
  });

  it('fills a missing commune name from the code, and leaves an underivable row alone', () => {
    const c = commune('86194');
    expect(locate({ code_insee: c.code, latitude: String(c.lat), longitude: String(c.lon) }).raw.commune).toBe(c.nom);
    const lost = locate({ commune: 'Atlantide', code_postal: '99999' });
    expect(lost.raw.code_insee).toBeUndefined();
    expect(lost.errors).toEqual([]);
    expect(lost.warnings.some((w) => /impossible à déduire/.test(w.reason))).toBe(true);
  });

  it('does not modify its input', () => {
    const input = { commune: 'PARIS 15', code_postal: '75015' };
    locate(input);
    expect(input).toEqual({ commune: 'PARIS 15', code_postal: '75015' });
  });
});
