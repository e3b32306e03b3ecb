import { describe, expect, it } from 'vitest';
import { defaultTravelTimeParameters, type TravelTimeParameters } from '../../platform/config';
import { EARTH_RADIUS_KM, estimateTravel, estimateTravelFromDistance, haversineKm } from './travel-time';

const params = defaultTravelTimeParameters;

/** Checks the three figures at once, to 1e-9. */
function expectEstimate(d: number, roadKm: number, minutes: number, p: TravelTimeParameters = params) {
  const e = estimateTravelFromDistance(d, p);
  expect(e.distanceKm).toBeCloseTo(d, 9);
  expect(e.roadKm).toBeCloseTo(roadKm, 9);
  expect(e.minutes).toBeCloseTo(minutes, 9);
}

describe('haversine', () => {
  it('one degree of latitude along a meridian is R·π/180', () => {
    // 6371.0088 × 0.017453292519943 = 111.19508023 km
    expect(haversineKm({ lat: 46, lon: 0 }, { lat: 47, lon: 0 })).toBeCloseTo(111.19508023, 6);
    expect(EARTH_RADIUS_KM).toBe(6371.0088);
  });

  it('one degree of longitude on the equator is also R·π/180, and on 60°N half of it', () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111.19508023, 6);
    // cos 60° = 0.5 → chord almost exactly half: 2R·asin(0.5·sin(0.5°)) = 55.59701 km
    expect(haversineKm({ lat: 60, lon: 0 }, { lat: 60, lon: 1 })).toBeCloseTo(55.59701, 4);
  });

  it('is symmetric', () => {
    const a = { lat: 46.5802, lon: 0.3404 };
    const b = { lat: 46.8178, lon: 0.5461 };
    expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 12);
  });
});

describe('estimateTravel (§4.1, default bands)', () => {
  it('identical points → 0 km and 0 minute', () => {
    const p = { lat: 46.58, lon: 0.34 };
    expect(estimateTravel(p, p, params)).toEqual({ distanceKm: 0, roadKm: 0, minutes: 0 });
  });

  it('short trip: d=1 → f=1.6, rd=1.6 < 3 → 30 km/h, t=60·1.6/30=3.2', () => {
    expectEstimate(1, 1.6, 3.2);
  });

  it('d=1.9 (still < 2) → f=1.6, rd=3.04 ≥ 3 → 45 km/h, t=60·3.04/45=4.05333…', () => {
    expectEstimate(1.9, 3.04, (60 * 3.04) / 45);
    expect(estimateTravelFromDistance(1.9, params).minutes).toBeCloseTo(4.053333333, 6);
  });

  it('d=2 (bound, not < 2) → f=1.45, rd=2.9 < 3 → 30 km/h, t=60·2.9/30=5.8', () => {
    expectEstimate(2, 2.9, 5.8);
  });

  it('d=4.9 → f=1.45, rd=7.105 → 45 km/h, t=60·7.105/45=9.47333…', () => {
    expectEstimate(4.9, 7.105, 9.473333333);
  });

  it('d=5 (bound) → f=1.35, rd=6.75 → 45 km/h, t=60·6.75/45=9', () => {
    expectEstimate(5, 6.75, 9);
  });

  it('d=8 → f=1.35, rd=10.8 ≥ 10 → 60 km/h, t=60·10.8/60=10.8', () => {
    expectEstimate(8, 10.8, 10.8);
  });

  it('d=14.9 → f=1.35, rd=20.115 → 60 km/h, t=20.115', () => {
    expectEstimate(14.9, 20.115, 20.115);
  });

  it('d=15 (bound) → f=1.25, rd=18.75 → 60 km/h, t=18.75', () => {
    expectEstimate(15, 18.75, 18.75);
  });

  it('d=23.9 → f=1.25, rd=29.875 < 30 → 60 km/h, t=29.875', () => {
    expectEstimate(23.9, 29.875, 29.875);
  });

  it('d=24 → f=1.25, rd=30 (bound, not < 30) → 75 km/h, t=60·30/75=24', () => {
    expectEstimate(24, 30, 24);
  });

  it('d=100 → rd=125 → 75 km/h, t=60·125/75=100', () => {
    expectEstimate(100, 125, 100);
  });

  it('from coordinates: 1° of latitude = 111.19508 km → rd=138.99385, t=60·138.99385/75=111.19508', () => {
    const e = estimateTravel({ lat: 46, lon: 0.5 }, { lat: 47, lon: 0.5 }, params);
    expect(e.distanceKm).toBeCloseTo(111.19508023, 6);
    expect(e.roadKm).toBeCloseTo(111.19508023 * 1.25, 6);
    expect(e.minutes).toBeCloseTo((60 * 111.19508023 * 1.25) / 75, 6);
  });

  it('rejects a negative distance', () => {
    expect(() => estimateTravelFromDistance(-1, params)).toThrow(/Distance invalide/);
  });
});

describe('estimateTravel with custom parameters', () => {
  it('no detour and 60 km/h everywhere → minutes equal straight km', () => {
    const flat: TravelTimeParameters = { detourBands: [[Infinity, 1]], speedBands: [[Infinity, 60]] };
    expectEstimate(7.5, 7.5, 7.5, flat);
  });

  it('uses the given bands, not the defaults: d=3 → f=2 (d<10), rd=6 → 20 km/h (rd<8), t=18', () => {
    const custom: TravelTimeParameters = {
      detourBands: [
        [10, 2],
        [Infinity, 1.1],
      ],
      speedBands: [
        [8, 20],
        [Infinity, 90],
      ],
    };
    expectEstimate(3, 6, 18, custom);
    // d=10 → f=1.1, rd=11 → 90 km/h, t=60·11/90=7.3333…
    expectEstimate(10, 11, 7.333333333, custom);
  });
});
