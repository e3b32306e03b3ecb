import { describe, expect, it } from 'vitest';
import { OrientationEngine, bruteForce } from '../../src/orientation';
import { defaultTravelTimeParameters } from '../../src/platform/config';
import { seededRandom } from '../../src/platform/seeded-random';
import { randomQuery, syntheticLieux } from './support';

const travel = defaultTravelTimeParameters;

describe('orientation engine = brute force', () => {
  it('gives the same total and the same ordered results for 3,000 random queries over 3,000 lieux', () => {
    const lieux = syntheticLieux(3000, 20261201);
    const engine = new OrientationEngine(lieux, travel);
    const rand = seededRandom(42);
    let withResults = 0;
    let openFiltered = 0;
    for (let q = 0; q < 3000; q++) {
      const query = randomQuery(rand);
      const expected = bruteForce(query, lieux, travel);
      const actual = engine.search(query);
      expect(actual, `query ${q}: ${JSON.stringify(query)}`).toEqual(expected);
      if (expected.total > 0) withResults++;
      if (query.ouvertA && expected.total > 0) openFiltered++;
    }
    // The random queries must exercise the engine (not all empty answers).
    expect(withResults).toBeGreaterThan(1500);
    expect(openFiltered).toBeGreaterThan(300);
  }, 120_000);

  it('stays exact with a travel model that is far from monotonic, over a dense cluster', () => {
    // Odd bands: a longer trip may reach a much faster band, so the nearest lieux are not always the quickest; the
    // engine's pruning by reachable distance must still keep every lieu that can enter the results.
    const odd = {
      detourBands: [[0.8, 2.2], [2.5, 1.05], [6, 1.7], [Infinity, 1.2]] as Array<[number, number]>,
      speedBands: [[1.5, 12], [4, 90], [9, 25], [Infinity, 70]] as Array<[number, number]>,
    };
    const lieux = syntheticLieux(2500, 99).map((l, i) =>
      // Squeeze the lieux around Poitiers: hundreds of them within the bands' first kilometres.
      l.lat === null || l.lon === null ? l : { ...l, lat: 46.58 + (l.lat - 46.58) / 12, lon: 0.34 + (l.lon - 0.34) / 12, id: `${l.id}-${i}` },
    );
    const engine = new OrientationEngine(lieux, odd);
    const rand = seededRandom(5);
    for (let q = 0; q < 600; q++) {
      const query = { ...randomQuery(rand), lat: 46.58 + (rand() - 0.5) * 0.2, lon: 0.34 + (rand() - 0.5) * 0.3, rayonKm: 1 + rand() * 15 };
      expect(engine.search(query), `query ${q}`).toEqual(bruteForce(query, lieux, odd));
    }
  }, 60_000);

  it('counts like the search', () => {
    const lieux = syntheticLieux(500, 7);
    const engine = new OrientationEngine(lieux, travel);
    const rand = seededRandom(8);
    for (let q = 0; q < 200; q++) {
      const query = randomQuery(rand);
      expect(engine.count(query)).toBe(bruteForce(query, lieux, travel).total);
    }
  });
});
