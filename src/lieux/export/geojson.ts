/**
 * GeoJSON export (RFC 7946): a FeatureCollection of Points `[longitude, latitude]` (WGS84), one per located lieu.
 * `properties` hold the 32 standard fields exactly as the standard JSON export writes them; the feature `id` is the lieu id.
 * Lieux without coordinates cannot be placed: they are left out and counted in the returned summary, never silently.
 */
import type { Lieu } from '../domain/lieu';
import { toStandardJsonObject, type StandardJsonLieu } from './json';

export interface LieuFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: StandardJsonLieu;
}

export interface LieuFeatureCollection {
  type: 'FeatureCollection';
  features: LieuFeature[];
}

export interface GeoJsonSummary {
  /** Features written. */
  exported: number;
  /** Lieux left out because latitude or longitude is missing. */
  withoutCoordinates: number;
  /** Their ids, in input order. */
  withoutCoordinatesIds: string[];
}

export interface GeoJsonExport {
  collection: LieuFeatureCollection;
  summary: GeoJsonSummary;
}

export function toGeoJson(lieux: Iterable<Lieu>): GeoJsonExport {
  const features: LieuFeature[] = [];
  const withoutCoordinatesIds: string[] = [];
  for (const lieu of lieux) {
    if (lieu.latitude === null || lieu.longitude === null) {
      withoutCoordinatesIds.push(lieu.id);
      continue;
    }
    features.push({
      type: 'Feature',
      id: lieu.id,
      geometry: { type: 'Point', coordinates: [lieu.longitude, lieu.latitude] },
      properties: toStandardJsonObject(lieu),
    });
  }
  return {
    collection: { type: 'FeatureCollection', features },
    summary: { exported: features.length, withoutCoordinates: withoutCoordinatesIds.length, withoutCoordinatesIds },
  };
}

/** The summary in French, for the export screen and the CLI. */
export function describeGeoJsonSummary(summary: GeoJsonSummary): string {
  const n = summary.withoutCoordinates;
  const lieux = (k: number) => `${k.toLocaleString('fr-FR')} lieu${k > 1 ? 'x' : ''}`;
  return n === 0
    ? `${lieux(summary.exported)} exporté${summary.exported > 1 ? 's' : ''} sur la carte.`
    : `${lieux(summary.exported)} exporté${summary.exported > 1 ? 's' : ''} ; ${lieux(n)} sans coordonnées non exporté${n > 1 ? 's' : ''} (à géolocaliser).`;
}
