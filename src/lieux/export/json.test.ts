import { describe, expect, it } from 'vitest';
import { LIEU_FIELDS, LIST_FIELDS, UNKNOWN_PIVOT } from '../domain/lieu';
import { describeGeoJsonSummary, toGeoJson } from './geojson';
import { toStandardJson } from './json';
import { lieu, variedLieux } from './test-lieux';

describe('toStandardJson', () => {
  it('writes an array of objects with the 32 fields in the standard order, lists as arrays', () => {
    const lieux = variedLieux();
    const parsed = JSON.parse(toStandardJson(lieux)) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(lieux.length);
    for (const [i, object] of parsed.entries()) {
      expect(Object.keys(object)).toEqual([...LIEU_FIELDS]);
      for (const field of LIST_FIELDS) expect(object[field]).toEqual(lieux[i]![field]);
    }
    expect(parsed[1]!.pivot).toBe(UNKNOWN_PIVOT);
    expect(parsed[1]!.latitude).toBe(-21.3393);
    expect(parsed[1]!.presentation_detail).toBe('Ligne 1\nLigne 2, avec virgule\n"citée"');
    expect(parsed[2]!.horaires).toBeNull();
  });

  it('gives back the lieux field for field, the unknown pivot aside', () => {
    const lieux = variedLieux();
    const parsed = JSON.parse(toStandardJson(lieux)) as Array<Record<string, unknown>>;
    expect(parsed.map((o) => ({ ...o, pivot: o.pivot === UNKNOWN_PIVOT ? null : o.pivot }))).toEqual(lieux);
  });

  it('indents on request', () => {
    expect(toStandardJson([lieu()], { pretty: true })).toContain('\n  {\n    "id": "lieu-1",');
  });
});

describe('toGeoJson', () => {
  it('makes one Point per located lieu, [longitude, latitude], properties = the standard fields', () => {
    const lieux = variedLieux();
    const { collection, summary } = toGeoJson(lieux);
    expect(collection.type).toBe('FeatureCollection');
    const located = lieux.filter((l) => l.latitude !== null && l.longitude !== null);
    expect(collection.features.map((f) => f.id)).toEqual(located.map((l) => l.id));
    const reunion = collection.features.find((f) => f.id === 'b"2')!;
    expect(reunion.geometry).toEqual({ type: 'Point', coordinates: [55.4781, -21.3393] });
    expect(Object.keys(reunion.properties)).toEqual([...LIEU_FIELDS]);
    expect(reunion.properties.services).toEqual(lieux[1]!.services);
    expect(summary.exported).toBe(located.length);
  });

  it('counts and names the lieux left out for lack of coordinates', () => {
    const { collection, summary } = toGeoJson([
      lieu({ id: 'a' }),
      lieu({ id: 'b', latitude: null, longitude: null }),
      lieu({ id: 'c', longitude: null }),
    ]);
    expect(collection.features).toHaveLength(1);
    expect(summary).toEqual({ exported: 1, withoutCoordinates: 2, withoutCoordinatesIds: ['b', 'c'] });
    expect(describeGeoJsonSummary(summary)).toBe('1 lieu exporté ; 2 lieux sans coordonnées non exportés (à géolocaliser).');
  });
});
