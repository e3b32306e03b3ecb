import { describe, expect, it } from 'vitest';
import { canonicalLieuJson, lieuHash } from './hash.js';
import { LIEU_FIELDS, type Lieu } from './lieu.js';
import { validateLieu } from './validate.js';

const base = (): Lieu => {
  const result = validateLieu({
    id: 'lieu-1',
    pivot: '21860194500013',
    nom: 'Médiathèque',
    commune: 'Poitiers',
    code_postal: '86000',
    adresse: '4 rue de la Université',
    date_maj: '2024-05-02',
    services: 'Aide aux démarches administratives|Utilisation sécurisée du numérique',
    modalites_acces: 'Se présenter|Téléphoner',
  });
  if (!result.ok) throw new Error('fixture invalide');
  return result.lieu;
};

describe('lieuHash', () => {
  it('is a sha256 hex digest, stable for the same lieu', () => {
    expect(lieuHash(base())).toMatch(/^[0-9a-f]{64}$/);
    expect(lieuHash(base())).toBe(lieuHash(base()));
  });
  it('ignores list order and object key order', () => {
    const reordered = base();
    reordered.services = [...reordered.services].reverse();
    reordered.modalites_acces = [...reordered.modalites_acces].reverse();
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse()) as unknown as Lieu;
    expect(lieuHash(shuffled)).toBe(lieuHash(base()));
  });
  it.each([
    ['nom', 'Médiathèque centrale'],
    ['latitude', 46.58],
    ['pivot', null],
    ['date_maj', '2024-05-03'],
    ['courriels', ['a@b.fr']],
    ['horaires', 'Mo 09:00-12:00'],
  ] as const)('changes when %s changes', (field, value) => {
    const changed = { ...base(), [field]: value } as Lieu;
    expect(lieuHash(changed)).not.toBe(lieuHash(base()));
  });
  it('tells null from empty string', () => {
    expect(lieuHash({ ...base(), source: '' })).not.toBe(lieuHash({ ...base(), source: null }));
  });
  it('writes keys in the standard order and does not sort the caller’s arrays', () => {
    const lieu = base();
    const before = [...lieu.services];
    lieu.services.reverse();
    const json = JSON.parse(canonicalLieuJson(lieu)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([...LIEU_FIELDS]);
    expect(lieu.services).toEqual([...before].reverse());
  });
});
