import type { TravelTimeParameters } from '../../platform/config';

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface TravelEstimate {
  /** Straight-line (great-circle) distance, km. */
  distanceKm: number;
  /** Estimated road distance: straight-line km × detour factor of its band, km. */
  roadKm: number;
  /** Estimated car time, minutes: 60 · roadKm / speed of the road-km band. */
  minutes: number;
}

/** IUGG mean Earth radius, km (the "R1" radius). */
export const EARTH_RADIUS_KM = 6371.0088;

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine formula) on a sphere of radius EARTH_RADIUS_KM, in km. */
export function haversineKm(from: GeoPoint, to: GeoPoint): number {
  const dLat = toRadians(to.lat - from.lat);
  const dLon = toRadians(to.lon - from.lon);
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(from.lat)) * Math.cos(toRadians(to.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Value of the first band whose (exclusive) upper bound is above `x`; the last band is the catch-all. */
function bandValue(bands: ReadonlyArray<readonly [number, number]>, x: number): number {
  for (const [upper, value] of bands) if (x < upper) return value;
  const last = bands.at(-1);
  if (!last) throw new Error('Paramètres de temps de trajet : aucune tranche définie');
  return last[1];
}

/**
 * §4.1 of the travel-time reference, from a straight-line distance:
 * rd = f(d) · d with f the detour factor of d's band, then t = 60 · rd / v(rd) with v the speed of rd's band.
 * Bands are half-open: d < upper bound.
 */
export function estimateTravelFromDistance(distanceKm: number, params: TravelTimeParameters): TravelEstimate {
  if (!Number.isFinite(distanceKm) || distanceKm < 0) throw new Error(`Distance invalide : ${distanceKm}`);
  if (distanceKm === 0) return { distanceKm: 0, roadKm: 0, minutes: 0 };
  const roadKm = bandValue(params.detourBands, distanceKm) * distanceKm;
  const minutes = (60 * roadKm) / bandValue(params.speedBands, roadKm);
  return { distanceKm, roadKm, minutes };
}

/** Car travel estimate between two points without a road graph (§4.1). */
export function estimateTravel(from: GeoPoint, to: GeoPoint, params: TravelTimeParameters): TravelEstimate {
  return estimateTravelFromDistance(haversineKm(from, to), params);
}
