import { seededRandom } from '../../src/platform/seeded-random';
import { FRAIS_VALUES, MODALITE_ACCES_VALUES, PRISE_EN_CHARGE_VALUES, PUBLIC_VALUES, SERVICES } from '../../src/lieux/domain';
import type { LieuStatus } from '../../src/lieux/domain';
import type { OrientationLieu, OrientationQuery } from '../../src/orientation';

export const HOURS = [
  'Mo-Fr 09:00-12:00,14:00-17:00',
  'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
  'Tu,Th 08:30-12:30',
  'Mo-Sa 10:00-19:00',
  '24/7',
  'Mo 14:00-18:00; We 09:00-12:00',
  'Sa 09:00-12:00',
  'Mo-Fr 09:30-17:00; Dec 24-Jan 02 off',
  'Mo-Fr 09:00-12:00 unknown',
  'We 13:30-17:30; PH off',
  'off',
  'ceci n’est pas un horaire',
  // Touching intervals, and hours running over the turn of the week (Sunday night to Monday).
  'Mo-Fr 09:00-12:00 open "accueil libre", Mo-Fr 12:00-14:00 open "sur rendez-vous"; Sa 10:00-12:00',
  'Su 20:00-02:00',
  'Mo 00:00-03:00; Su 22:00-24:00',
];

const pick = <T>(rand: () => number, values: readonly T[]): T => values[Math.floor(rand() * values.length)]!;
const subset = (rand: () => number, values: readonly string[], max: number, p = 0.5): string[] => {
  const out: string[] = [];
  for (const v of values) if (out.length < max && rand() < p) out.push(v);
  return out;
};

const SERVICE_VALUES = SERVICES.map((s) => s.value);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const YEAR_START = Date.UTC(2026, 0, 1);
const YEAR_MS = 365 * 86_400_000;

/** Varied synthetic lieux around Poitiers: hours, services, statuses, missing coordinates or hours, shared points. */
export function syntheticLieux(count: number, seed: number): OrientationLieu[] {
  const rand = seededRandom(seed);
  const out: OrientationLieu[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    let status: LieuStatus = { kind: 'ouvert' };
    // Closed for good since last year, or from a date of this year (before it, still in the results).
    if (r < 0.05) status = { kind: 'ferme_definitivement', depuis: rand() < 0.5 ? '2025-01-01' : isoDay(YEAR_START + rand() * YEAR_MS) };
    else if (r < 0.15) {
      const du = YEAR_START + rand() * YEAR_MS;
      status = { kind: 'ferme_temporairement', du: isoDay(du), au: rand() < 0.3 ? null : isoDay(du + rand() * 60 * 86_400_000) };
    }
    // Some lieux share a point with the previous one (ties in distance, broken by id).
    const previous = out.at(-1);
    const shared = previous && rand() < 0.05;
    const located = rand() > 0.03;
    out.push({
      id: `L${String(Math.floor(rand() * 1e6)).padStart(6, '0')}-${i}`,
      nom: `Lieu ${i}`,
      adresse: `${i} rue de la République`,
      code_insee: '86194',
      commune: 'Poitiers',
      lat: !located ? null : shared ? previous.lat : 46.58 + (rand() - 0.5) * 1.6,
      lon: !located ? null : shared ? previous.lon : 0.34 + (rand() - 0.5) * 2.2,
      services: subset(rand, SERVICE_VALUES, 4, 0.3),
      publics_specifiquement_adresses: subset(rand, [...PUBLIC_VALUES], 3, 0.3),
      prise_en_charge_specifique: subset(rand, [...PRISE_EN_CHARGE_VALUES], 3, 0.25),
      modalites_acces: subset(rand, [...MODALITE_ACCES_VALUES], 3, 0.4),
      frais_a_charge: subset(rand, [...FRAIS_VALUES], 1, 0.7),
      itinerance: rand() < 0.1 ? ['Itinérant'] : [],
      telephone: rand() < 0.7 ? `+3354900${String(i % 10000).padStart(4, '0')}` : null,
      prise_rdv: rand() < 0.2 ? `https://rdv.example/${i}` : null,
      horaires: rand() < 0.15 ? null : pick(rand, HOURS),
      status,
    });
  }
  return out;
}

/** A random query near the lieux (sometimes far), with random filters and times through 2026 (both DST changes). */
export function randomQuery(rand: () => number): OrientationQuery {
  const instant = () => new Date(YEAR_START + Math.floor(rand() * YEAR_MS / 60_000) * 60_000);
  return {
    lat: 46.58 + (rand() - 0.5) * 2.4,
    lon: 0.34 + (rand() - 0.5) * 3,
    rayonKm: rand() < 0.2 ? 100 : 1 + Math.floor(rand() * 60),
    services: rand() < 0.7 ? subset(rand, SERVICES.map((s) => s.value), 3, 0.2) : undefined,
    publics: rand() < 0.2 ? subset(rand, [...PUBLIC_VALUES], 2, 0.2) : undefined,
    priseEnCharge: rand() < 0.15 ? subset(rand, [...PRISE_EN_CHARGE_VALUES], 1, 0.2) : undefined,
    modalitesAcces: rand() < 0.2 ? subset(rand, [...MODALITE_ACCES_VALUES], 2, 0.2) : undefined,
    frais: rand() < 0.2 ? subset(rand, [...FRAIS_VALUES], 2, 0.5) : undefined,
    ouvertA: rand() < 0.4 ? instant() : undefined,
    now: instant(),
    limite: rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 25),
  };
}
