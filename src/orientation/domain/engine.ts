/**
 * The orientation engine: which published lieux answer a need, near a point, open at a time, ranked by estimated travel
 * time. Pure: built from plain lieux, no database, no clock (the query carries `now`).
 *
 * Matching rules (the same in the index and in `bruteForce`):
 * - published at the reference time (`ouvertA`, else `now`): not fermé temporairement on that Paris date (du ≤ date ≤ au,
 *   `au` null = until further notice), not fermé définitivement on or after its `depuis` date (a closure announced for a
 *   later date leaves the lieu in the results until then); lieux without coordinates cannot be placed: excluded;
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
import { nextOpeningPhrase, openAt, parseHours, phraseOf, type ParsedHours } from './opening';
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
  telephone: string | null;
  prise_rdv: string | null;
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
    telephone: lieu.telephone,
    prise_rdv: lieu.prise_rdv,
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
  /** How to go, so a list can say it without fetching each lieu. */
  modalites_acces: string[];
  frais_a_charge: string[];
  telephone: string | null;
  prise_rdv: string | null;
  /** Where the lieu is (for the map). */
  latitude: number;
  longitude: number;
}

export interface OrientationAnswer {
  total: number;
  resultats: OrientationHit[];
}

// ---------------------------------------------------------------------------------------------------------------------
// Shared predicates

/** Published on that Paris date (`YYYY-MM-DD`). */
export function publishedOn(status: LieuStatus, date: string): boolean {
  if (status.kind === 'ferme_definitivement') return date < status.depuis;
  if (status.kind === 'ferme_temporairement') return !(status.du <= date && (status.au === null || date <= status.au));
  return true;
}

/** The Paris dates [from, to] a status keeps the lieu out of the results, or null. */
function closureOf(status: LieuStatus): [string, string] | null {
  if (status.kind === 'ferme_temporairement') return [status.du, status.au ?? '9999-12-31'];
  if (status.kind === 'ferme_definitivement') return [status.depuis, '9999-12-31'];
  return null;
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

/** The point on the unit sphere. */
function unitVector(lat: number, lon: number): [number, number, number] {
  const phi = toRadians(lat);
  const lambda = toRadians(lon);
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

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
    modalites_acces: lieu.modalites_acces,
    frais_a_charge: lieu.frais_a_charge,
    telephone: lieu.telephone,
    prise_rdv: lieu.prise_rdv,
    latitude: lieu.lat!,
    longitude: lieu.lon!,
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

/**
 * Relative margin around the cheap chord test: far above its rounding error (~1e-12), so a lieu is decided by the cheap
 * test only when the exact haversine would decide the same; lieux within the margin get the exact computation.
 */
const CHORD_MARGIN = 1e-9;

/** Open states as stored per distinct hours during a query. */
const OPEN = 1;
const CLOSED = 0;
const UNKNOWN = -1;

/**
 * A kd-tree over some of the lieux (one per service, one for all). `lieuAt[k]` is the lieu at the tree's sorted position
 * k: one monomorphic array instead of kdbush's ids (Uint16Array or Uint32Array depending on size: measured slower).
 */
interface SpatialIndex {
  /** null when no lieu is in it. */
  kd: KDBush | null;
  lieuAt: Uint32Array;
  /** The lieu of item k in insertion order (what geokdbush returns). */
  members: Uint32Array;
}

function spatialIndex(lieux: readonly OrientationLieu[], members: number[]): SpatialIndex {
  if (members.length === 0) return { kd: null, lieuAt: new Uint32Array(0), members: new Uint32Array(0) };
  const kd = new KDBush(members.length, 64, Float64Array);
  for (const i of members) kd.add(lieux[i]!.lon!, lieux[i]!.lat!);
  kd.finish();
  return { kd, lieuAt: Uint32Array.from(kd.ids, (item) => members[item]!), members: Uint32Array.from(members) };
}

/** sin²(d / 2R): the haversine term of a distance (monotonic: a ≤ term(d) ⇔ distance ≤ d). */
const haversineTerm = (km: number) => Math.sin(Math.min(km, Math.PI * EARTH_RADIUS_KM) / (2 * EARTH_RADIUS_KM)) ** 2;

interface TravelPiece {
  from: number;
  to: number;
  minutesPerKm: number;
}

/** Bands as [lower, upper) intervals (the first from 0). */
const intervalsOf = (bands: ReadonlyArray<readonly [number, number]>) =>
  bands.map(([upper, value], k) => ({ lower: k === 0 ? 0 : bands[k - 1]![0], upper, value }));

/** Where `estimateTravelFromDistance` is linear: a detour band crossed with a speed band (on road km = factor × km). */
function travelPieces(travel: TravelTimeParameters): TravelPiece[] {
  const pieces: TravelPiece[] = [];
  for (const detour of intervalsOf(travel.detourBands)) {
    for (const speed of intervalsOf(travel.speedBands)) {
      const from = Math.max(detour.lower, speed.lower / detour.value);
      const to = Math.min(detour.upper, speed.upper / detour.value);
      if (from < to) pieces.push({ from, to, minutesPerKm: (60 * detour.value) / speed.value });
    }
  }
  return pieces;
}

/** The k-th smallest value (0-based) of `values`, which it reorders (quickselect, middle pivot). */
function kthSmallest(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k]!;
  }
  return values[k]!;
}

/**
 * The open intervals of every distinct hours over one wall-clock week, flattened into typed arrays (measured: one small
 * object per hours made the open filter three times slower through cache misses). Filled lazily, hours by hours.
 */
class WeekStates {
  /** Where hours h's spans start in `bounds` (-1: not computed yet) and how many there are. */
  private readonly offsets: Int32Array;
  private readonly lengths: Int32Array;
  /** bounds[k] starts a span of state states[k] (OPEN, CLOSED, UNKNOWN). */
  private bounds = new Float64Array(4096);
  private states = new Int8Array(4096);
  private used = 0;

  constructor(
    private readonly from: Date,
    private readonly to: Date,
    private readonly hours: readonly ParsedHours[],
  ) {
    this.offsets = new Int32Array(hours.length).fill(-1);
    this.lengths = new Int32Array(hours.length);
  }

  /** The state of hours h at wall-clock instant t (within the week). */
  stateAt(h: number, t: number): number {
    return this.states[this.spanAt(h, t)]!;
  }

  /**
   * The state at t, the instant of its next change (as a wall-clock time) and the state it changes to, read in the
   * table; undefined when the change is not inside this week (the caller asks the rules).
   */
  nextChange(h: number, t: number): { state: number; change: number; after: number } | undefined {
    const k = this.spanAt(h, t);
    const { bounds, states } = this;
    const end = this.offsets[h]! + this.lengths[h]!;
    const state = states[k]!;
    for (let j = k + 1; j < end; j++) {
      // A span of no length (two intervals touching) changes nothing.
      if (states[j] === state || (j + 1 < end && bounds[j + 1] === bounds[j])) continue;
      // A span cut by the end of the week may go on: only the rules know.
      return bounds[j]! < this.to.getTime() ? { state, change: bounds[j]!, after: states[j]! } : undefined;
    }
    return undefined;
  }

  /** Index of hours h's span at t: the last whose start is ≤ t (the table is computed on first use). */
  private spanAt(h: number, t: number): number {
    if (this.offsets[h]! < 0) this.compute(h);
    const { bounds } = this;
    let lo = this.offsets[h]!;
    let hi = lo + this.lengths[h]! - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private compute(h: number): void {
    const spans: Array<[number, number]> = [[this.from.getTime(), CLOSED]];
    for (const [start, end, unknown] of this.hours[h]!.getOpenIntervals(this.from, this.to)) {
      spans.push([start.getTime(), unknown ? UNKNOWN : OPEN], [end.getTime(), CLOSED]);
    }
    if (this.used + spans.length > this.bounds.length) {
      const size = Math.max(this.bounds.length * 2, this.used + spans.length);
      const bounds = new Float64Array(size);
      bounds.set(this.bounds);
      const states = new Int8Array(size);
      states.set(this.states);
      this.bounds = bounds;
      this.states = states;
    }
    this.offsets[h] = this.used;
    this.lengths[h] = spans.length;
    for (const [bound, state] of spans) {
      this.bounds[this.used] = bound;
      this.states[this.used++] = state;
    }
  }
}

export class OrientationEngine {
  private readonly lieux: OrientationLieu[];
  private readonly lats: Float64Array;
  private readonly lons: Float64Array;
  /** cos(lat in radians), computed exactly as haversineKm does. */
  private readonly cosLats: Float64Array;
  /** Unit vectors (x, y, z) of the lieux: the chord to a point costs no trigonometry. */
  private readonly unit: Float64Array;
  private readonly hours: Array<ParsedHours | null>;
  /** Number of the lieu's distinct hours (-1 without hours): open states are computed once per query and hours. */
  private readonly hoursIds: Int32Array;
  private readonly distinctHours: ParsedHours[];
  private readonly services: Int32Array;
  private readonly publics: Int32Array;
  private readonly prises: Int32Array;
  private readonly modalites: Int32Array;
  private readonly frais: Int32Array;
  /** [from, to] of a closure (to '9999-12-31' when open-ended or for good), else null. */
  private readonly closures: Array<[string, string] | null>;
  /** Every lieu, then one index per service (bit order): a query reads only the trees of the services it asks. */
  private readonly all: SpatialIndex;
  private readonly byService: SpatialIndex[];
  /** The travel estimate as linear pieces of straight-line distance: [from, to) at a constant pace. */
  private readonly travelPieces: TravelPiece[];
  // Per-query scratch, reused (a query is synchronous): visit stamps, candidates, open states per distinct hours.
  private stamp = 0;
  private readonly seen: Uint32Array;
  private readonly buffer: Uint32Array;
  private readonly terms: Float64Array;
  private readonly scratch: Float64Array;
  private readonly stateStamps: Uint32Array;
  private readonly states: Int8Array;

  /** Builds the index over the lieux that can be placed (located); closures are checked per query date. */
  constructor(
    all: readonly OrientationLieu[],
    private readonly travel: TravelTimeParameters,
  ) {
    this.lieux = all.filter((l) => l.lat !== null && l.lon !== null);
    const n = this.lieux.length;
    this.lats = new Float64Array(n);
    this.lons = new Float64Array(n);
    this.cosLats = new Float64Array(n);
    this.unit = new Float64Array(3 * n);
    // Filled with push: `new Array(n)` beyond 100,000 items is a dictionary in V8 (measured: slower reads).
    this.hours = [];
    this.hoursIds = new Int32Array(n);
    this.distinctHours = [];
    this.services = new Int32Array(n);
    this.publics = new Int32Array(n);
    this.prises = new Int32Array(n);
    this.modalites = new Int32Array(n);
    this.frais = new Int32Array(n);
    this.closures = [];
    const hoursNumbers = new Map<ParsedHours, number>();
    const serviceMembers: number[][] = [...SERVICE_BITS.keys()].map(() => []);
    for (let i = 0; i < n; i++) {
      const l = this.lieux[i]!;
      this.lats[i] = l.lat!;
      this.lons[i] = l.lon!;
      this.cosLats[i] = Math.cos(toRadians(l.lat!));
      this.unit.set(unitVector(l.lat!, l.lon!), 3 * i);
      const hours = parseHours(l.horaires);
      this.hours.push(hours);
      if (hours && !hoursNumbers.has(hours)) {
        hoursNumbers.set(hours, this.distinctHours.length);
        this.distinctHours.push(hours);
      }
      this.hoursIds[i] = hours ? hoursNumbers.get(hours)! : -1;
      this.services[i] = maskOf(SERVICE_BITS, l.services);
      for (let b = 0; b < serviceMembers.length; b++) if (this.services[i]! & (1 << b)) serviceMembers[b]!.push(i);
      this.publics[i] = maskOf(PUBLIC_BITS, l.publics_specifiquement_adresses);
      this.prises[i] = maskOf(PRISE_BITS, l.prise_en_charge_specifique);
      this.modalites[i] = maskOf(MODALITE_BITS, l.modalites_acces);
      this.frais[i] = maskOf(FRAIS_BITS, l.frais_a_charge);
      this.closures.push(closureOf(l.status));
    }
    this.all = spatialIndex(this.lieux, Array.from({ length: n }, (_, i) => i));
    this.byService = serviceMembers.map((members) => spatialIndex(this.lieux, members));
    this.travelPieces = travelPieces(travel);
    this.seen = new Uint32Array(n);
    this.buffer = new Uint32Array(n);
    this.terms = new Float64Array(n);
    this.scratch = new Float64Array(n);
    this.stateStamps = new Uint32Array(this.distinctHours.length);
    this.states = new Int8Array(this.distinctHours.length);
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

  /** haversineKm from a point, with the same operations in the same order (identical results). */
  private exactDistance(i: number, fromLat: number, fromLon: number, fromCos: number): number {
    const dLat = toRadians(this.lats[i]! - fromLat);
    const dLon = toRadians(this.lons[i]! - fromLon);
    const a = Math.sin(dLat / 2) ** 2 + fromCos * this.cosLats[i]! * Math.sin(dLon / 2) ** 2;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** Lieux held (located). */
  get size(): number {
    return this.lieux.length;
  }

  /** A fresh stamp for the visit marks (cleared when the counter wraps). */
  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.stamp = 0;
      this.seen.fill(0);
      this.stateStamps.fill(0);
    }
    return ++this.stamp;
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

    // 1. Candidates: the lieux in the trees of the asked services, within a box around the circle, passing the filters.
    const stamp = this.nextStamp();
    const trees = anyServices ? this.byService.filter((_, bit) => services & (1 << bit)) : [this.all];
    let boxed = 0;
    for (const tree of trees) boxed = this.inBox(tree, query.lat, query.lon, query.rayonKm, stamp, boxed);
    const { buffer, closures } = this;
    const fraisOf = this.frais;
    const publicsOf = this.publics;
    const prisesOf = this.prises;
    const modalitesOf = this.modalites;
    let count = 0;
    for (let c = 0; c < boxed; c++) {
      const i = buffer[c]!;
      if (anyFrais && (fraisOf[i]! & frais) === 0) continue;
      if ((publicsOf[i]! & publics) !== publics) continue;
      if ((prisesOf[i]! & prises) !== prises || (modalitesOf[i]! & modalites) !== modalites) continue;
      const closure = closures[i];
      if (closure && closure[0] <= date && date <= closure[1]) continue;
      buffer[count++] = i;
    }

    // 2. Within the radius and open if asked: counted, kept with their haversine term. The chord between unit vectors
    // decides clear cases without trigonometry (a = chord² / 4); the exact haversine decides the rest.
    const fromLat = query.lat;
    const fromLon = query.lon;
    const fromCos = Math.cos(toRadians(fromLat));
    const [qx, qy, qz] = unitVector(fromLat, fromLon);
    const aRadius = haversineTerm(query.rayonKm);
    const aSurelyIn = aRadius * (1 - CHORD_MARGIN);
    const aSurelyOut = aRadius * (1 + CHORD_MARGIN);
    const { unit, terms, hoursIds, stateStamps, states } = this;
    const openOnly = query.ouvertA !== undefined;
    const week = openOnly ? this.weekOf(wall) : null;
    let total = 0;
    for (let c = 0; c < count; c++) {
      const i = buffer[c]!;
      const dx = unit[3 * i]! - qx;
      const dy = unit[3 * i + 1]! - qy;
      const dz = unit[3 * i + 2]! - qz;
      const a = (dx * dx + dy * dy + dz * dz) / 4;
      if (a > aSurelyOut) continue;
      if (a >= aSurelyIn && this.exactDistance(i, fromLat, fromLon, fromCos) > query.rayonKm) continue;
      if (openOnly) {
        const h = hoursIds[i]!;
        if (h < 0) continue;
        if (stateStamps[h] !== stamp) this.computeState(h, week!, wall, stamp);
        if (states[h] !== OPEN) continue;
      }
      buffer[total] = i;
      terms[total] = a;
      total++;
    }
    const limite = Math.max(0, query.limite);
    if (limite === 0 || total === 0) return { total, resultats: [] };

    // 3. The `limite` best by travel time. The `limite` nearest in straight line are matches: the worst of their times
    // bounds the answer's, so only lieux near enough to reach that time (the travel model's farthest distance within
    // it) get the exact distance and the estimate.
    let aReach = Infinity;
    if (total > limite) {
      const nearest = this.scratch.subarray(0, total);
      nearest.set(terms.subarray(0, total));
      const aLimit = kthSmallest(nearest, limite - 1);
      const times: number[] = [];
      for (let c = 0; c < total; c++) {
        if (terms[c]! <= aLimit) times.push(this.minutesFor(this.exactDistance(buffer[c]!, fromLat, fromLon, fromCos)));
      }
      times.sort((x, y) => x - y);
      aReach = haversineTerm(this.farthestWithin(times[limite - 1]!)) * (1 + CHORD_MARGIN);
    }
    const best: Candidate[] = [];
    for (let c = 0; c < total; c++) {
      if (terms[c]! > aReach) continue;
      const i = buffer[c]!;
      const distance = this.exactDistance(i, fromLat, fromLon, fromCos);
      const candidate: Candidate = { index: i, distance, minutes: this.minutesFor(distance), id: this.lieux[i]!.id };
      if (best.length >= limite && compare(candidate, best[best.length - 1]!) >= 0) continue;
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

  /**
   * The farthest straight-line distance whose estimated time is at most `minutes` (a little more: rounding margins).
   * The estimate is linear on each piece where the detour band and the speed band are fixed; it is not monotonic
   * (a longer trip may reach a faster band), hence the maximum over the pieces.
   */
  private farthestWithin(minutes: number): number {
    const budget = minutes * (1 + CHORD_MARGIN);
    let farthest = 0;
    for (const piece of this.travelPieces) {
      if (piece.from * piece.minutesPerKm > budget) continue;
      farthest = Math.max(farthest, Math.min(piece.to, budget / piece.minutesPerKm));
    }
    return farthest * (1 + CHORD_MARGIN) + 1e-9;
  }

  /** Records the open state of distinct hours h at `wall` for this query (`stamp`). */
  private computeState(h: number, week: WeekStates, wall: Date, stamp: number): void {
    this.stateStamps[h] = stamp;
    this.states[h] = week.stateAt(h, wall.getTime());
  }

  /**
   * A result with its open state and next opening: from the week's table when the next change is inside the week
   * (the same phrase, checked by the property test), else from the rules.
   */
  private hit(c: Candidate, wall: Date): OrientationHit {
    const lieu = this.lieux[c.index]!;
    const h = this.hoursIds[c.index]!;
    const found = h < 0 ? undefined : this.weekOf(wall).nextChange(h, wall.getTime());
    if (!found || found.state === UNKNOWN) return hitOf(lieu, c, this.hours[c.index]!, wall);
    const open = found.state === OPEN;
    const change = new Date(found.change);
    // Closed, then not opening (unknown next): no phrase, as the rules say.
    const phrase = !open && found.after !== OPEN ? null : phraseOf(wall, open, change);
    return { ...hitOf(lieu, c, null, wall), ouvert: open, prochaine_ouverture: phrase };
  }

  /**
   * Appends to `buffer` (from `at`; returns the new end) the lieux of a tree that may be within `radiusKm`, each once
   * per query (`stamp`): a superset, the exact test follows. A latitude/longitude box that surely contains the circle,
   * walked in the kd-tree like kdbush's `range` but into a reused buffer (measured: its arrays cost a third of a query);
   * near the poles or the antimeridian, geokdbush's great-circle search.
   */
  private inBox(tree: SpatialIndex, lat: number, lon: number, radiusKm: number, stamp: number, at: number): number {
    const { kd, lieuAt, members } = tree;
    const { seen, buffer } = this;
    let end = at;
    if (!kd) return end;
    const angle = (radiusKm + SEARCH_MARGIN(radiusKm)) / EARTH_RADIUS_KM;
    const dLat = (angle * 180) / Math.PI;
    const sinLon = Math.sin(angle) / Math.cos((lat * Math.PI) / 180);
    const dLon = sinLon < 1 ? ((Math.asin(sinLon) * 180) / Math.PI) * 1.0001 + 1e-9 : Infinity;
    if (Math.abs(lat) + dLat >= 89 || lon - dLon < -180 || lon + dLon > 180) {
      for (const item of around(kd, lon, lat, Infinity, radiusKm + SEARCH_MARGIN(radiusKm))) {
        const i = members[item]!;
        if (seen[i] !== stamp) {
          seen[i] = stamp;
          buffer[end++] = i;
        }
      }
      return end;
    }
    const minX = lon - dLon;
    const maxX = lon + dLon;
    const minY = lat - dLat * 1.0001 - 1e-9;
    const maxY = lat + dLat * 1.0001 + 1e-9;
    const { coords, nodeSize } = kd;
    const stack = [0, lieuAt.length - 1, 0];
    while (stack.length > 0) {
      const axis = stack.pop()!;
      const right = stack.pop()!;
      const left = stack.pop()!;
      if (right - left <= nodeSize) {
        for (let k = left; k <= right; k++) {
          const x = coords[2 * k]!;
          const y = coords[2 * k + 1]!;
          if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
            const i = lieuAt[k]!;
            if (seen[i] !== stamp) {
              seen[i] = stamp; // a lieu offering two of the asked services is in two trees
              buffer[end++] = i;
            }
          }
        }
        continue;
      }
      const m = (left + right) >> 1;
      const x = coords[2 * m]!;
      const y = coords[2 * m + 1]!;
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
        const i = lieuAt[m]!;
        if (seen[i] !== stamp) {
          seen[i] = stamp;
          buffer[end++] = i;
        }
      }
      if (axis === 0 ? minX <= x : minY <= y) stack.push(left, m - 1, 1 - axis);
      if (axis === 0 ? maxX >= x : maxY >= y) stack.push(m + 1, right, 1 - axis);
    }
    return end;
  }

  /** Open-state tables of the last few wall-clock weeks asked, by the week's first instant. */
  private readonly weeks = new Map<number, WeekStates>();

  /** The tables of the wall-clock week (Monday to Monday) of `wall`. */
  private weekOf(wall: Date): WeekStates {
    const monday = wall.getDate() - ((wall.getDay() + 6) % 7);
    const from = new Date(wall.getFullYear(), wall.getMonth(), monday);
    let week = this.weeks.get(from.getTime());
    if (!week) {
      if (this.weeks.size >= 8) this.weeks.delete(this.weeks.keys().next().value!);
      week = new WeekStates(from, new Date(wall.getFullYear(), wall.getMonth(), monday + 7), this.distinctHours);
      this.weeks.set(from.getTime(), week);
    }
    return week;
  }

  /** How many lieux match (the step counts of the finder). */
  count(query: Omit<OrientationQuery, 'limite'>): number {
    return this.search({ ...query, limite: 0 }).total;
  }
}
