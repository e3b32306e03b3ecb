/**
 * The orientation engine: which published lieux answer a need, near a point, open at a time, ranked by estimated travel
 * time. Pure: built from plain lieux, no database, no clock (the query carries `now`).
 *
 * Matching rules (the same in the index and in `bruteForce`):
 * - published at the reference time (`ouvertA`, else `now`): not fermé définitivement, not fermé temporairement on that
 *   Paris date (du ≤ date ≤ au, `au` null = until further notice); lieux without coordinates cannot be placed: excluded;
 * - within `rayonKm` (haversine from the territory module, the same distance the ranking uses);
 * - `services`: ANY of the asked services (a person needs one kind of help; a lieu offering one of them fits);
 * - `publics`, `priseEnCharge`, `modalitesAcces`: ALL of the asked values (they are needs of the person: a lieu must
 *   meet every one of them);
 * - `frais`: ANY of the asked values (the costs the person accepts, e.g. Gratuit or Gratuit sous condition);
 * - `ouvertA`: open at that instant (hours evaluated in Europe/Paris with French public holidays); lieux whose hours are
 *   unknown are excluded then, and shown with `ouvert: null` otherwise.
 * Ranking: estimated travel time (`estimateTravelFromDistance` §4.1), ties by distance then id. `total` counts every
 * match; `resultats` holds the first `limite`.
 */
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import { FRAIS_VALUES, MODALITE_ACCES_VALUES, PRISE_EN_CHARGE_VALUES, PUBLIC_VALUES, SERVICES } from '../../lieux/domain';
import type { Lieu, LieuStatus } from '../../lieux/domain';
import type { TravelTimeParameters } from '../../platform/config';
import { EARTH_RADIUS_KM, estimateTravelFromDistance, haversineKm, type GeoPoint } from '../../territory/domain/travel-time';
import { nextOpeningPhrase, openAt, parseHours, type ParsedHours } from './opening';
import { parisDate, wallClockDate } from './paris-time';

/** What the engine needs of a lieu. */
export interface OrientationLieu {
  id: string;
  nom: string;
  adresse: string;
  code_insee: string | null;
  commune: string;
  lat: number | null;
  lon: number | null;
  services: string[];
  publics_specifiquement_adresses: string[];
  prise_en_charge_specifique: string[];
  modalites_acces: string[];
  frais_a_charge: string[];
  itinerance: string[];
  horaires: string | null;
  status: LieuStatus;
}

/** From a registry row (the lieu's own coordinates win; the row's located ones otherwise). */
export function orientationLieu(lieu: Lieu, status: LieuStatus, lat?: number | null, lon?: number | null): OrientationLieu {
  return {
    id: lieu.id,
    nom: lieu.nom,
    adresse: lieu.adresse,
    code_insee: lieu.code_insee,
    commune: lieu.commune,
    lat: lat ?? lieu.latitude,
    lon: lon ?? lieu.longitude,
    services: lieu.services,
    publics_specifiquement_adresses: lieu.publics_specifiquement_adresses,
    prise_en_charge_specifique: lieu.prise_en_charge_specifique,
    modalites_acces: lieu.modalites_acces,
    frais_a_charge: lieu.frais_a_charge,
    itinerance: lieu.itinerance,
    horaires: lieu.horaires,
    status,
  };
}

export interface OrientationQuery {
  lat: number;
  lon: number;
  rayonKm: number;
  services?: readonly string[];
  publics?: readonly string[];
  priseEnCharge?: readonly string[];
  modalitesAcces?: readonly string[];
  frais?: readonly string[];
  /** Only lieux open at this instant. */
  ouvertA?: Date;
  /** The reference time when `ouvertA` is absent (open now, next opening). */
  now: Date;
  /** How many results to detail (total counts them all). */
  limite: number;
}

export interface OrientationHit {
  id: string;
  nom: string;
  adresse: string;
  code_insee: string | null;
  commune: string;
  /** Straight-line distance, km, rounded to 0.1. */
  distance_km: number;
  /** Estimated car travel time, whole minutes. */
  duree_estimee_min: number;
  /** Open at the reference time; null when the hours are unknown. */
  ouvert: boolean | null;
  prochaine_ouverture: string | null;
  services: string[];
  itinerance: string[];
}

export interface OrientationAnswer {
  total: number;
  resultats: OrientationHit[];
}

// ---------------------------------------------------------------------------------------------------------------------
// Shared predicates

/** Published on that Paris date (`YYYY-MM-DD`). */
export function publishedOn(status: LieuStatus, date: string): boolean {
  if (status.kind === 'ferme_definitivement') return false;
  if (status.kind === 'ferme_temporairement') return !(status.du <= date && (status.au === null || date <= status.au));
  return true;
}

const anyOf = (offered: readonly string[], asked: readonly string[] | undefined) =>
  !asked || asked.length === 0 || asked.some((v) => offered.includes(v));
const allOf = (offered: readonly string[], asked: readonly string[] | undefined) =>
  !asked || asked.every((v) => offered.includes(v));

interface Candidate {
  index: number;
  distance: number;
  minutes: number;
  id: string;
}

function compare(a: Candidate, b: Candidate): number {
  return a.minutes - b.minutes || a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function bandValue(bands: ReadonlyArray<readonly [number, number]>, x: number): number {
  for (const [upper, value] of bands) if (x < upper) return value;
  return bands[bands.length - 1]![1];
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

function hitOf(lieu: OrientationLieu, c: Candidate, hours: ParsedHours | null, wall: Date): OrientationHit {
  return {
    id: lieu.id,
    nom: lieu.nom,
    adresse: lieu.adresse,
    code_insee: lieu.code_insee,
    commune: lieu.commune,
    distance_km: round1(c.distance),
    duree_estimee_min: Math.round(c.minutes),
    ouvert: openAt(hours, wall),
    prochaine_ouverture: nextOpeningPhrase(hours, wall),
    services: lieu.services,
    itinerance: lieu.itinerance,
  };
}

/**
 * The reference: a plain linear filter over every lieu with the same predicates, no index, no bitmask, no cache of
 * states. The property test checks the engine against it.
 */
export function bruteForce(query: OrientationQuery, lieux: readonly OrientationLieu[], travel: TravelTimeParameters): OrientationAnswer {
  const reference = query.ouvertA ?? query.now;
  const date = parisDate(reference);
  const wall = wallClockDate(reference);
  const from: GeoPoint = { lat: query.lat, lon: query.lon };
  const matches: Candidate[] = [];
  lieux.forEach((lieu, index) => {
    if (lieu.lat === null || lieu.lon === null) return;
    if (!publishedOn(lieu.status, date)) return;
    if (!anyOf(lieu.services, query.services)) return;
    if (!allOf(lieu.publics_specifiquement_adresses, query.publics)) return;
    if (!allOf(lieu.prise_en_charge_specifique, query.priseEnCharge)) return;
    if (!allOf(lieu.modalites_acces, query.modalitesAcces)) return;
    if (!anyOf(lieu.frais_a_charge, query.frais)) return;
    const distance = haversineKm(from, { lat: lieu.lat, lon: lieu.lon });
    if (distance > query.rayonKm) return;
    if (query.ouvertA && openAt(parseHours(lieu.horaires), wall) !== true) return;
    matches.push({ index, distance, minutes: estimateTravelFromDistance(distance, travel).minutes, id: lieu.id });
  });
  matches.sort(compare);
  return {
    total: matches.length,
    resultats: matches.slice(0, Math.max(0, query.limite)).map((c) => {
      const lieu = lieux[c.index]!;
      return hitOf(lieu, c, parseHours(lieu.horaires), wall);
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The index

/** Bit positions of a vocabulary's values; values outside it get no bit. */
function bitsOf(values: Iterable<string>): Map<string, number> {
  const bits = new Map<string, number>();
  for (const value of values) bits.set(value, 1 << bits.size);
  if (bits.size > 31) throw new Error('Vocabulaire trop grand pour un masque de 31 bits');
  return bits;
}
const SERVICE_BITS = bitsOf(SERVICES.map((s) => s.value));
const PUBLIC_BITS = bitsOf(PUBLIC_VALUES);
const PRISE_BITS = bitsOf(PRISE_EN_CHARGE_VALUES);
const MODALITE_BITS = bitsOf(MODALITE_ACCES_VALUES);
const FRAIS_BITS = bitsOf(FRAIS_VALUES);

function maskOf(bits: Map<string, number>, values: readonly string[]): number {
  let mask = 0;
  for (const v of values) mask |= bits.get(v) ?? 0;
  return mask;
}

/** A query's mask for an "all of" filter; null when a value can never be met (outside the vocabulary). */
function requiredMask(bits: Map<string, number>, values: readonly string[] | undefined): number | null {
  let mask = 0;
  for (const v of values ?? []) {
    const bit = bits.get(v);
    if (bit === undefined) return null;
    mask |= bit;
  }
  return mask;
}

/** Extra km handed to geokdbush (its Earth radius differs slightly): the exact radius test is ours. */
const SEARCH_MARGIN = (radiusKm: number) => radiusKm * 1e-5 + 0.01;

export class OrientationEngine {
  private readonly lieux: OrientationLieu[];
  private readonly lats: Float64Array;
  private readonly lons: Float64Array;
  /** cos(lat in radians), computed exactly as haversineKm does. */
  private readonly cosLats: Float64Array;
  private readonly hours: Array<ParsedHours | null>;
  private readonly services: Int32Array;
  private readonly publics: Int32Array;
  private readonly prises: Int32Array;
  private readonly modalites: Int32Array;
  private readonly frais: Int32Array;
  /** [du, au] of a temporary closure (au '9999-12-31' when open-ended), else null. */
  private readonly closures: Array<[string, string] | null>;
  private readonly kd: KDBush;

  /** Builds the index over the lieux that can ever be published (located, not closed for good). */
  constructor(
    all: readonly OrientationLieu[],
    private readonly travel: TravelTimeParameters,
  ) {
    this.lieux = all.filter((l) => l.lat !== null && l.lon !== null && l.status.kind !== 'ferme_definitivement');
    const n = this.lieux.length;
    this.lats = new Float64Array(n);
    this.lons = new Float64Array(n);
    this.cosLats = new Float64Array(n);
    this.hours = new Array(n);
    this.services = new Int32Array(n);
    this.publics = new Int32Array(n);
    this.prises = new Int32Array(n);
    this.modalites = new Int32Array(n);
    this.frais = new Int32Array(n);
    this.closures = new Array(n);
    this.kd = new KDBush(Math.max(n, 1), 64, Float64Array);
    for (let i = 0; i < n; i++) {
      const l = this.lieux[i]!;
      this.lats[i] = l.lat!;
      this.lons[i] = l.lon!;
      this.cosLats[i] = Math.cos(toRadians(l.lat!));
      this.hours[i] = parseHours(l.horaires);
      this.services[i] = maskOf(SERVICE_BITS, l.services);
      this.publics[i] = maskOf(PUBLIC_BITS, l.publics_specifiquement_adresses);
      this.prises[i] = maskOf(PRISE_BITS, l.prise_en_charge_specifique);
      this.modalites[i] = maskOf(MODALITE_BITS, l.modalites_acces);
      this.frais[i] = maskOf(FRAIS_BITS, l.frais_a_charge);
      this.closures[i] = l.status.kind === 'ferme_temporairement' ? [l.status.du, l.status.au ?? '9999-12-31'] : null;
      this.kd.add(l.lon!, l.lat!);
    }
    if (n === 0) this.kd.add(0, 0);
    this.kd.finish();
  }

  /**
   * `estimateTravelFromDistance(distance).minutes` without allocating: the same operations in the same order (identical
   * results, checked against the territory's function by the property test through bruteForce).
   */
  private minutesFor(distance: number): number {
    if (distance === 0) return 0;
    const roadKm = bandValue(this.travel.detourBands, distance) * distance;
    return (60 * roadKm) / bandValue(this.travel.speedBands, roadKm);
  }

  /** Lieux held (located, not closed for good). */
  get size(): number {
    return this.lieux.length;
  }

  search(query: OrientationQuery): OrientationAnswer {
    const reference = query.ouvertA ?? query.now;
    const date = parisDate(reference);
    const wall = wallClockDate(reference);
    const publics = requiredMask(PUBLIC_BITS, query.publics);
    const prises = requiredMask(PRISE_BITS, query.priseEnCharge);
    const modalites = requiredMask(MODALITE_BITS, query.modalitesAcces);
    if (publics === null || prises === null || modalites === null || this.lieux.length === 0) return { total: 0, resultats: [] };
    // "Any of": asked values outside the vocabulary match nothing; asking only such values matches nothing.
    const anyServices = !!query.services?.length;
    const anyFrais = !!query.frais?.length;
    const services = anyServices ? maskOf(SERVICE_BITS, query.services!) : 0;
    const frais = anyFrais ? maskOf(FRAIS_BITS, query.frais!) : 0;
    if ((anyServices && services === 0) || (anyFrais && frais === 0)) return { total: 0, resultats: [] };

    const predicate = (i: number): boolean => {
      if (anyServices && (this.services[i]! & services) === 0) return false;
      if (anyFrais && (this.frais[i]! & frais) === 0) return false;
      if ((this.publics[i]! & publics) !== publics) return false;
      if ((this.prises[i]! & prises) !== prises || (this.modalites[i]! & modalites) !== modalites) return false;
      const closure = this.closures[i];
      return !closure || !(closure[0] <= date && date <= closure[1]);
    };
    const ids = this.candidates(query.lat, query.lon, query.rayonKm, predicate);

    // haversineKm, inlined with the same operations in the same order (identical results, checked by the property test).
    const fromLat = query.lat;
    const fromLon = query.lon;
    const fromCos = Math.cos(toRadians(fromLat));
    const states = new Map<ParsedHours, boolean | null>();
    const limite = Math.max(0, query.limite);
    const best: Candidate[] = [];
    let total = 0;
    for (const i of ids) {
      const dLat = toRadians(this.lats[i]! - fromLat);
      const dLon = toRadians(this.lons[i]! - fromLon);
      const a = Math.sin(dLat / 2) ** 2 + fromCos * this.cosLats[i]! * Math.sin(dLon / 2) ** 2;
      const distance = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
      if (distance > query.rayonKm) continue;
      if (query.ouvertA) {
        const hours = this.hours[i]!;
        if (!hours) continue;
        let state = states.get(hours);
        if (state === undefined) {
          state = this.openAtCached(hours, wall);
          states.set(hours, state);
        }
        if (state !== true) continue;
      }
      total++;
      if (limite === 0) continue;
      const minutes = this.minutesFor(distance);
      const worst = best[best.length - 1];
      if (best.length >= limite && worst && (minutes > worst.minutes || (minutes === worst.minutes && distance > worst.distance))) {
        continue;
      }
      const candidate: Candidate = { index: i, distance, minutes, id: this.lieux[i]!.id };
      if (best.length >= limite && compare(candidate, worst!) >= 0) continue;
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(best[mid]!, candidate) <= 0) lo = mid + 1;
        else hi = mid;
      }
      best.splice(lo, 0, candidate);
      if (best.length > limite) best.pop();
    }
    return { total, resultats: best.map((c) => this.hit(c, wall)) };
  }

  /** Open state and phrase per (hours, wall-clock instant), for the last few instants asked (often "now" to the minute). */
  private readonly phrases = new Map<number, Map<ParsedHours, [boolean | null, string | null]>>();

  private hit(c: Candidate, wall: Date): OrientationHit {
    const lieu = this.lieux[c.index]!;
    const hours = this.hours[c.index]!;
    if (!hours) return hitOf(lieu, c, null, wall);
    let atTime = this.phrases.get(wall.getTime());
    if (!atTime) {
      if (this.phrases.size >= 64) this.phrases.delete(this.phrases.keys().next().value!);
      atTime = new Map();
      this.phrases.set(wall.getTime(), atTime);
    }
    let known = atTime.get(hours);
    if (!known) {
      known = [openAt(hours, wall), nextOpeningPhrase(hours, wall)];
      atTime.set(hours, known);
    }
    return { ...hitOf(lieu, c, null, wall), ouvert: known[0], prochaine_ouverture: known[1] };
  }

  /**
   * Indexes of the lieux that may be within `radiusKm` and pass `predicate` (a superset: the exact haversine test
   * follows). A latitude/longitude box that surely contains the circle, read with kdbush's range query; near the poles
   * or the antimeridian, geokdbush's great-circle search.
   */
  private candidates(lat: number, lon: number, radiusKm: number, predicate: (i: number) => boolean): number[] {
    const angle = (radiusKm + SEARCH_MARGIN(radiusKm)) / EARTH_RADIUS_KM;
    const dLat = (angle * 180) / Math.PI;
    const sinLon = Math.sin(angle) / Math.cos((lat * Math.PI) / 180);
    if (Math.abs(lat) + dLat >= 89 || sinLon >= 1) {
      return around(this.kd, lon, lat, Infinity, radiusKm + SEARCH_MARGIN(radiusKm), predicate);
    }
    const dLon = ((Math.asin(sinLon) * 180) / Math.PI) * 1.0001 + 1e-9;
    if (lon - dLon < -180 || lon + dLon > 180) {
      return around(this.kd, lon, lat, Infinity, radiusKm + SEARCH_MARGIN(radiusKm), predicate);
    }
    const out: number[] = [];
    for (const i of this.kd.range(lon - dLon, lat - dLat * 1.0001 - 1e-9, lon + dLon, lat + dLat * 1.0001 + 1e-9)) {
      if (predicate(i)) out.push(i);
    }
    return out;
  }

  /** Week-long interval tables per parsed hours: open state by binary search instead of re-running the rules. */
  private readonly weeks = new Map<ParsedHours, { from: number; to: number; bounds: number[]; states: Array<boolean | null> }>();

  /** The same answer as `openAt`, from a cached table of the wall-clock week (Monday to Monday) of `wall`. */
  private openAtCached(hours: ParsedHours, wall: Date): boolean | null {
    const t = wall.getTime();
    let week = this.weeks.get(hours);
    if (!week || t < week.from || t >= week.to) {
      // The wall-clock week, Monday to Monday.
      const monday = wall.getDate() - ((wall.getDay() + 6) % 7);
      const from = new Date(wall.getFullYear(), wall.getMonth(), monday);
      const to = new Date(wall.getFullYear(), wall.getMonth(), monday + 7);
      // bounds[k] starts a span of state states[k]; spans not listed are closed.
      const bounds: number[] = [from.getTime()];
      const states: Array<boolean | null> = [false];
      for (const [start, end, unknown] of hours.getOpenIntervals(from, to)) {
        bounds.push(start.getTime(), end.getTime());
        states.push(unknown ? null : true, false);
      }
      week = { from: from.getTime(), to: to.getTime(), bounds, states };
      if (this.weeks.size > 200_000) this.weeks.clear();
      this.weeks.set(hours, week);
    }
    // Last bound ≤ t.
    const { bounds, states } = week;
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return states[lo]!;
  }

  /** How many lieux match (the step counts of the finder). */
  count(query: Omit<OrientationQuery, 'limite'>): number {
    return this.search({ ...query, limite: 0 }).total;
  }
}
