import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getReferential } from './referential-loader';
import { atMostOneTerritory, exactlyOneTerritory, ONE_TERRITORY_MESSAGE, selectedTerritory, territoryFields } from './selection';

const schema = z.object(territoryFields(getReferential())).refine(exactlyOneTerritory, ONE_TERRITORY_MESSAGE);
const issues = (input: unknown) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the territory of a request', () => {
  it('accepts a known département, EPCI or commune, leading zeros and Corsica included', () => {
    expect(issues({ departement: '86' })).toEqual([]);
    expect(issues({ departement: '2A' })).toEqual([]);
    expect(issues({ epci: '200069854' })).toEqual([]);
    expect(issues({ commune: '01001' })).toEqual([]);
  });

  it('names the parameter at fault in French: malformed, unknown, none or several', () => {
    expect(issues({ departement: '860' })).toEqual([expect.stringMatching(/^departement: code de département invalide/)]);
    expect(issues({ commune: '99999' })).toEqual(['commune: commune inconnue : « 99999 » n’est pas dans le référentiel.']);
    expect(issues({ epci: '123456789' })).toEqual(['epci: intercommunalité inconnue : « 123456789 » n’est pas dans le référentiel.']);
    expect(issues({})).toEqual(['departement: précisez un seul territoire : departement, epci ou commune.']);
    expect(issues({ departement: '86', commune: '86194' })).toEqual(['departement: précisez un seul territoire : departement, epci ou commune.']);
  });

  it('at most one: none means the whole country (for those allowed everywhere)', () => {
    expect(atMostOneTerritory({})).toBe(true);
    expect(atMostOneTerritory({ epci: '200069854' })).toBe(true);
    expect(atMostOneTerritory({ epci: '200069854', departement: '86' })).toBe(false);
  });

  it('gives the access check the most precise territory, before any validation', () => {
    expect(selectedTerritory({ departement: '86', commune: '86194' })).toEqual({ kind: 'commune', code: '86194' });
    expect(selectedTerritory({ epci: '200069854' })).toEqual({ kind: 'epci', code: '200069854' });
    expect(selectedTerritory({ departement: 86, commune: '' })).toBeUndefined();
    expect(selectedTerritory(undefined)).toBeUndefined();
  });
});
