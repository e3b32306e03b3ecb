import { describe, expect, it } from 'vitest';
import { OrientationEngine, type OrientationLieu, type OrientationQuery } from '../../src/orientation';
import { defaultTravelTimeParameters } from '../../src/platform/config';

const base: Omit<OrientationLieu, 'id' | 'lat' | 'lon'> = {
  nom: 'Lieu',
  adresse: '1 place du Marché',
  code_insee: '86194',
  commune: 'Poitiers',
  services: ['Aide aux démarches administratives'],
  publics_specifiquement_adresses: [],
  prise_en_charge_specifique: [],
  modalites_acces: ['Se présenter'],
  frais_a_charge: ['Gratuit'],
  itinerance: [],
  telephone: null,
  prise_rdv: null,
  horaires: 'Mo-Fr 09:00-12:00',
  status: { kind: 'ouvert' },
};
const lieu = (id: string, lat: number | null, lon: number | null, extra: Partial<OrientationLieu> = {}): OrientationLieu => ({
  ...base,
  id,
  lat,
  lon,
  ...extra,
});

// 0.01° of latitude ≈ 1.11 km.
const LIEUX = [
  lieu('c', 46.62, 0.34), // ~4.4 km
  lieu('a', 46.59, 0.34), // ~1.1 km
  lieu('b', 46.59, 0.34), // same point as a: tie broken by id
  lieu('far', 46.9, 0.34), // ~35 km
  lieu('nocoords', null, null),
  lieu('closed', 46.581, 0.34, { status: { kind: 'ferme_definitivement', depuis: '2026-01-01' } }),
  lieu('holiday', 46.582, 0.34, { status: { kind: 'ferme_temporairement', du: '2026-12-01', au: '2026-12-10' } }),
  lieu('nohours', 46.583, 0.34, { horaires: null }),
  lieu('seniors', 46.584, 0.34, {
    publics_specifiquement_adresses: ['Seniors', 'Jeunes'],
    services: ['Maîtrise des outils numériques du quotidien'],
    frais_a_charge: ['Payant'],
  }),
];
const engine = new OrientationEngine(LIEUX, defaultTravelTimeParameters);
const q = (extra: Partial<OrientationQuery> = {}): OrientationQuery => ({
  lat: 46.58,
  lon: 0.34,
  rayonKm: 30,
  now: new Date('2026-12-01T10:00:00+01:00'),
  limite: 20,
  ...extra,
});
const ids = (query: OrientationQuery) => engine.search(query).resultats.map((r) => r.id);

describe('orientation engine, hand-checked', () => {
  it('ranks by travel time, ties by distance then id, and leaves out unplaced, closed and temporarily closed lieux', () => {
    expect(ids(q())).toEqual(['nohours', 'seniors', 'a', 'b', 'c']);
    expect(ids(q({ now: new Date('2026-12-11T10:00:00+01:00') }))).toEqual(['holiday', 'nohours', 'seniors', 'a', 'b', 'c']);
    expect(ids(q({ rayonKm: 40 }))).toContain('far');
    const [first] = engine.search(q({ now: new Date('2026-12-11T10:00:00+01:00') })).resultats;
    expect(first).toMatchObject({ id: 'holiday', distance_km: 0.2, duree_estimee_min: 1, ouvert: true, prochaine_ouverture: "Ouvert jusqu'à 12 h" });
  });

  it('a closure for good announced for a later date leaves the lieu in the results until that date', () => {
    const closing = new OrientationEngine([lieu('closing', 46.59, 0.34, { status: { kind: 'ferme_definitivement', depuis: '2026-12-05' } })], defaultTravelTimeParameters);
    const found = (now: string) => closing.search(q({ now: new Date(now) })).resultats.map((r) => r.id);
    expect(found('2026-12-04T23:30:00+01:00')).toEqual(['closing']);
    expect(found('2026-12-05T00:30:00+01:00')).toEqual([]);
    expect(closing.search(q({ ouvertA: new Date('2026-12-07T10:00:00+01:00'), now: new Date('2026-12-01T10:00:00+01:00') })).total).toBe(0);
  });

  it('counts every match and details the first `limite`', () => {
    const answer = engine.search(q({ limite: 2 }));
    expect(answer.total).toBe(5);
    expect(answer.resultats.map((r) => r.id)).toEqual(['nohours', 'seniors']);
    expect(engine.count(q())).toBe(5);
  });

  it('services and frais: any of; publics and other needs: all of', () => {
    expect(ids(q({ services: ['Maîtrise des outils numériques du quotidien'] }))).toEqual(['seniors']);
    expect(ids(q({ services: ['Maîtrise des outils numériques du quotidien', 'Aide aux démarches administratives'] }))).toHaveLength(5);
    expect(ids(q({ publics: ['Seniors'] }))).toEqual(['seniors']);
    expect(ids(q({ publics: ['Seniors', 'Jeunes'] }))).toEqual(['seniors']);
    expect(ids(q({ publics: ['Seniors', 'Femmes'] }))).toEqual([]);
    expect(ids(q({ frais: ['Gratuit', 'Gratuit sous condition'] }))).not.toContain('seniors');
    expect(ids(q({ modalitesAcces: ['Se présenter', 'Téléphoner'] }))).toEqual([]);
  });

  it('with ouvert_a: only lieux open then; unknown hours are left out', () => {
    expect(ids(q({ ouvertA: new Date('2026-12-01T10:00:00+01:00') }))).toEqual(['seniors', 'a', 'b', 'c']);
    expect(ids(q({ ouvertA: new Date('2026-12-01T15:00:00+01:00') }))).toEqual([]);
    const [unknown] = engine.search(q()).resultats;
    expect(unknown).toMatchObject({ id: 'nohours', ouvert: null, prochaine_ouverture: null });
  });

  it('finds lieux across the antimeridian and near a pole (great-circle search)', () => {
    const pacific = new OrientationEngine(
      [lieu('east', -14.3, 179.95), lieu('west', -14.3, -179.95), lieu('north', 89.5, 10), lieu('other', 89.5, -170)],
      defaultTravelTimeParameters,
    );
    const around = (lat: number, lon: number, rayonKm: number) => pacific.search(q({ lat, lon, rayonKm })).resultats.map((r) => r.id);
    expect(around(-14.3, -179.99, 20)).toEqual(['west', 'east']);
    expect(around(89.9, 0, 100)).toEqual(['north', 'other']);
  });
});
