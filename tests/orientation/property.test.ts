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
