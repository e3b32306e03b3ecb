import { describe, expect, it } from 'vitest';
import * as server from '../../src/lieux';
import * as web from '../../web/src/lieux/vocabulary';

/** The web app cannot import the server's domain: its copies of the standard's lists must stay equal to them. */
describe('vocabularies of the edit form = the standard (server lists)', () => {
  const values = (list: readonly { value: string }[]) => list.map((e) => e.value);
  it.each([
    ['services', web.SERVICES, server.SERVICES],
    ['dispositif_programmes_nationaux', web.DISPOSITIFS, server.DISPOSITIFS],
    ['modalites_accompagnement', web.MODALITES_ACCOMPAGNEMENT, server.MODALITES_ACCOMPAGNEMENT],
    ['frais_a_charge', web.FRAIS, server.FRAIS],
    ['itinerance', web.ITINERANCES, server.ITINERANCES],
    ['publics_specifiquement_adresses', web.PUBLICS, server.PUBLICS],
    ['prise_en_charge_specifique', web.PRISES_EN_CHARGE, server.PRISES_EN_CHARGE],
    ['modalites_acces', web.MODALITES_ACCES, server.MODALITES_ACCES],
  ] as const)('%s', (_field, mirror, standard) => {
    expect([...mirror]).toEqual(values(standard));
  });
  it('typologie (codes and names)', () => {
    expect(web.TYPOLOGIES.map((t) => ({ ...t }))).toEqual(server.TYPOLOGIES.map((t) => ({ value: t.value, label: t.label })));
  });
});
