import { describe, expect, it } from 'vitest';
import { assignClusterIds, defaultDedupConfig, mergeCluster, randomLieuId, runDedup, scoreCandidates } from './index';
import { makeRecord } from './testing';
import type { DedupRecord } from './types';

const POITIERS = { commune: 'Poitiers', code_postal: '86000', code_insee: '86194' };

function fs(id: string, fields: Parameters<typeof makeRecord>[2] = {}) {
  return makeRecord('france-services', id, { ...POITIERS, ...fields });
}
function cnfs(id: string, fields: Parameters<typeof makeRecord>[2] = {}) {
  return makeRecord('conseiller-numerique', id, { ...POITIERS, ...fields });
}

describe('blocking and scoring', () => {
  it('never treats records without coordinates as close', () => {
    const a = cnfs('a', { nom: 'Médiathèque François-Mitterrand', adresse: '4 rue de l’Université' });
    const b = fs('b', { nom: 'Centre social des Trois Cités', adresse: '7 rue de la Vallée Monnaie' });
    const [pair] = scoreCandidates([a, b]);
    const distance = pair!.features.find((f) => f.feature === 'distance')!;
    expect(distance.score).toBeNull();
    expect(distance.weight).toBe(0);
    expect(pair!.verdict).toBe('distinct');
  });

  it('pairs records of different communes only when both points are near', () => {
    const here = { latitude: 46.58, longitude: 0.34 };
    const a = cnfs('a', { nom: 'Espace numérique Jean Moulin', adresse: '1 rue Jean Moulin', ...here });
    const b = makeRecord('france-services', 'b', {
      nom: 'Espace numérique Jean Moulin',
      adresse: '1 rue Jean Moulin',
      commune: 'Buxerolles',
      code_postal: '86180',
      code_insee: '86041',
      latitude: 46.5805,
      longitude: 0.3405,
    });
    const noPoint = makeRecord('france-services', 'c', {
      nom: 'Espace numérique Jean Moulin',
      adresse: '1 rue Jean Moulin',
      commune: 'Buxerolles',
      code_postal: '86180',
      code_insee: '86041',
    });
    const pairs = scoreCandidates([a, b, noPoint]).map((p) => `${p.a}|${p.b}`);
    expect(pairs).toContain('conseiller-numerique:a|france-services:b');
    expect(pairs).not.toContain('conseiller-numerique:a|france-services:c');
    expect(pairs).toContain('france-services:b|france-services:c'); // same commune
  });

  it('explains a duplicate in French with its features', () => {
    const a = cnfs('a', { nom: 'Espace France Services de Pleumartin', adresse: '32 avenue des Acacias', latitude: 46.7, longitude: 0.76, telephone: '+33549237088' });
    const b = fs('b', { nom: 'France services Pleumartin', adresse: '32 Rue des Acacias', latitude: 46.7003, longitude: 0.7601, telephone: '+33549237088' });
    const { pairs, clusters } = runDedup([a, b], []);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.verdict).toBe('duplicate');
    expect(pairs[0]!.explanation).toMatch(/^Probablement le même lieu/);
    expect(pairs[0]!.features.find((f) => f.feature === 'telephone')!.detail).toBe('même téléphone');
    expect(pairs[0]!.features.find((f) => f.feature === 'distance')!.detail).toMatch(/^à \d+ m$/);
    expect(clusters).toEqual([['conseiller-numerique:a', 'france-services:b']]);
  });

  it('a different street number is strong evidence against', () => {
    const a = cnfs('a', { nom: 'Centre social Saint-Éloi', adresse: '12 rue de la Fraternité' });
    const b = fs('b', { nom: 'Centre social Saint-Eloi', adresse: '14 rue de la Fraternité' });
    const [pair] = scoreCandidates([a, b]);
    expect(pair!.features.find((f) => f.feature === 'adresse')!.score).toBe(0);
    expect(pair!.verdict).not.toBe('duplicate');
  });

  it('does not block records whose typologies are incompatible', () => {
    const a = cnfs('a', { nom: 'Médiathèque', adresse: '1 place du Marché', typologie: ['BIB'] });
    const b = fs('b', { nom: 'Médiathèque', adresse: '1 place du Marché', typologie: ['CCAS'] });
    const c = fs('c', { nom: 'PIMMS', adresse: '1 place du Marché', typologie: ['PIMMS'] });
    const d = cnfs('d', { nom: 'PIMMS', adresse: '1 place du Marché', dispositif_programmes_nationaux: ['France Services'] });
    const keys = scoreCandidates([a, b, c, d]).map((p) => `${p.a}|${p.b}`);
    expect(keys).not.toContain('conseiller-numerique:a|france-services:b');
    expect(keys).toContain('conseiller-numerique:d|france-services:c');
  });

  it('judges two records of one source with the stricter threshold', () => {
    const base = { nom: 'Maison de quartier des Couronneries', adresse: '37 rue de Slovénie', latitude: 46.59, longitude: 0.36 };
    const other = { ...base, nom: 'Maison quartier Couronneries annexe', latitude: 46.5912, longitude: 0.36 };
    const config = { ...defaultDedupConfig, duplicateThreshold: 0.75, sameSourceThreshold: 0.995 };
    const across = runDedup([cnfs('a', base), fs('b', other)], [], config).pairs[0];
    const within = runDedup([cnfs('a', base), cnfs('b', other)], [], config).pairs[0];
    expect(across?.total).toBeCloseTo(within?.total ?? -1);
    expect(across!.total).toBeGreaterThanOrEqual(0.75);
    expect(across!.total).toBeLessThan(0.995);
    expect(across!.verdict).toBe('duplicate');
    expect(within!.verdict).toBe('review');
  });
});

describe('person decisions', () => {
  const twin = { nom: 'Médiathèque de Saint-Éloi', adresse: '15 rue de la Fraternité', latitude: 46.6, longitude: 0.37 };
  it('a distinct decision is never merged, a same decision always is', () => {
    const a = cnfs('a', twin);
    const b = fs('b', twin);
    const c = cnfs('c', { nom: 'Bibliothèque des Couronneries', adresse: '2 rue de Nimègue' });
    const d = fs('d', { nom: 'Centre social de la Blaiserie', adresse: 'Rue des Frères Montgolfier' });
    expect(runDedup([a, b], []).clusters).toHaveLength(1);
    const r = runDedup([a, b, c, d], [
      { a: b.key, b: a.key, decision: 'distinct' },
      { a: c.key, b: d.key, decision: 'same' },
    ]);
    expect(r.clusters).toEqual([[a.key], [c.key, d.key], [b.key]]);
    expect(r.pairs.find((p) => p.a === a.key && p.b === b.key)).toBeUndefined();
    expect(r.pairs.find((p) => p.a === c.key && p.b === d.key)?.verdict).toBe('duplicate');
  });

  it('a chain never joins two records declared distinct: the weakest link is dropped and reported as review', () => {
    const a = cnfs('a', twin);
    const b = fs('b', twin);
    const c = makeRecord('autre', 'c', { ...POITIERS, ...twin, nom: 'Médiathèque Saint-Éloi annexe', latitude: 46.6004 });
    const r = runDedup([a, b, c], [{ a: a.key, b: c.key, decision: 'distinct' }]);
    const together = r.clusters.find((g) => g.includes(a.key))!;
    expect(together).not.toContain(c.key);
    const dropped = r.pairs.filter((p) => p.verdict === 'review' && /déclarés distincts/.test(p.explanation));
    expect(dropped).toHaveLength(1);
    const kept = r.pairs.filter((p) => p.verdict === 'duplicate');
    expect(Math.min(...kept.map((p) => p.total))).toBeGreaterThanOrEqual(dropped[0]!.total);
  });
});

describe('stable cluster ids', () => {
  const records = (): DedupRecord[] => [
    cnfs('a', { nom: 'Espace numérique Jean Moulin', adresse: '1 rue Jean Moulin', latitude: 46.58, longitude: 0.34 }),
    fs('b', { nom: 'Espace numérique Jean-Moulin', adresse: '1 rue Jean Moulin', latitude: 46.5801, longitude: 0.3401 }),
    cnfs('c', { nom: 'Ludothèque des Trois Cités', adresse: '3 place des Trois Cités', latitude: 46.57, longitude: 0.35 }),
  ];
  let counter = 0;
  const newId = () => `new${String(++counter).padStart(7, '0')}`;

  it('keeps ids across a re-run with the same input and with one added record', () => {
    const first = assignClusterIds(runDedup(records(), []).clusters, new Map(), newId);
    const again = assignClusterIds(runDedup(records(), []).clusters, first, newId);
    expect(again).toEqual(first);
    expect(first.get('conseiller-numerique:a')).toBe(first.get('france-services:b'));
    const added = [...records(), fs('d', { nom: 'Espace numérique Jean Moulin', adresse: '1 rue Jean Moulin', latitude: 46.58, longitude: 0.34 })];
    const third = assignClusterIds(runDedup(added, []).clusters, again, newId);
    for (const [key, id] of again) expect(third.get(key)).toBe(id);
    expect(third.get('france-services:d')).toBe(again.get('conseiller-numerique:a'));
  });

  it('gives the id to the part with most former holders, a new id to the split-off part; ties → smallest id', () => {
    const previous = new Map([
      ['s:1', 'aaaa'],
      ['s:2', 'aaaa'],
      ['s:3', 'aaaa'],
      ['s:4', 'zzzz'],
      ['s:5', 'bbbb'],
    ]);
    const ids = assignClusterIds([['s:1', 's:2'], ['s:3'], ['s:4', 's:5']], previous, () => 'fresh00000');
    expect(ids.get('s:1')).toBe('aaaa');
    expect(ids.get('s:3')).toBe('fresh00000');
    expect(ids.get('s:4')).toBe('bbbb');
    expect(ids.get('s:5')).toBe('bbbb');
  });

  it('random ids are 10 Crockford base32 characters', () => {
    const ids = new Set(Array.from({ length: 200 }, randomLieuId));
    for (const id of ids) expect(id).toMatch(/^[0-9abcdefghjkmnpqrstvwxyz]{10}$/);
    expect(ids.size).toBe(200);
  });
});

describe('mergeCluster', () => {
  it('newest with a value wins single fields; lists are unioned; provenance names the giver', () => {
    const old = fs('old', { nom: 'France services', telephone: '+33549000000', horaires: 'Mo-Fr 09:00-12:00', services: ['A', 'B'], pivot: '12345678900012', date_maj: '2022-01-01' });
    const recent = cnfs('new', { nom: 'France services de Poitiers', telephone: null, services: ['C', 'A'], pivot: null, date_maj: '2023-06-01' });
    const { lieu, provenance } = mergeCluster([old, recent]);
    expect(lieu.nom).toBe('France services de Poitiers');
    expect(provenance.nom).toEqual({ source: 'conseiller-numerique', sourceId: 'new', dateMaj: '2023-06-01' });
    expect(lieu.telephone).toBe('+33549000000');
    expect(provenance.telephone?.sourceId).toBe('old');
    expect(lieu.services).toEqual(['C', 'A', 'B']);
    expect(provenance.services?.sourceId).toBe('new');
    expect(lieu.pivot).toBe('12345678900012');
    expect(provenance.pivot?.sourceId).toBe('old');
    expect(lieu.date_maj).toBe('2023-06-01');
  });

  it('an edition beats any older import, lists included; a newer import still updates', () => {
    const imp = fs('imp', { nom: 'Nom importé', horaires: 'Mo 09:00-12:00', services: ['A', 'B'], date_maj: '2023-01-01' });
    const edit = makeRecord('maillage', 'e1', { ...POITIERS, nom: 'Nom saisi par la structure', horaires: null, services: ['C'], date_maj: '2023-03-01' }, { kind: 'edition' });
    const later = cnfs('later', { nom: '', telephone: '+33549111111', services: ['D'], date_maj: '2023-05-01' });
    const { lieu, provenance } = mergeCluster([imp, edit, later]);
    expect(lieu.nom).toBe('Nom saisi par la structure');
    expect(provenance.nom?.source).toBe('maillage');
    expect(lieu.horaires).toBeNull();
    expect(lieu.services).toEqual(['D', 'C']);
    expect(lieu.telephone).toBe('+33549111111');
    expect(provenance.telephone?.sourceId).toBe('later');
    const alone = mergeCluster([imp, edit]);
    expect(alone.lieu.services).toEqual(['C']);
    expect(alone.provenance.services?.sourceId).toBe('e1');
  });

  it('takes the address and the point each from one record', () => {
    const a = fs('a', { adresse: '1 rue A', code_postal: '86000', latitude: 46.1, longitude: 0.1, date_maj: '2022-01-01' });
    const b = cnfs('b', { adresse: '2 rue B', code_postal: '86000', latitude: null, longitude: null, date_maj: '2023-01-01' });
    const { lieu, provenance } = mergeCluster([a, b]);
    expect(lieu.adresse).toBe('2 rue B');
    expect(lieu.latitude).toBe(46.1);
    expect(provenance.latitude?.sourceId).toBe('a');
    expect(provenance.longitude?.sourceId).toBe('a');
  });
});
