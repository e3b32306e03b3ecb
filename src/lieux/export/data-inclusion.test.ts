import { describe, expect, it } from 'vitest';
import { toDataInclusion } from './data-inclusion';
import { lieu, variedLieux } from './test-lieux';

const THEMATIQUE = /^[a-z-]+--[a-z-]+$|^[a-z-]+$/;

describe('toDataInclusion', () => {
  it('makes one structure and one service per lieu, ids prefixed by the source', () => {
    const lieux = variedLieux();
    const { structures, services, report } = toDataInclusion(lieux, { source: 'vienne-numerique' });
    expect(structures.map((s) => s.id)).toEqual(lieux.map((l) => `vienne-numerique--${l.id}`));
    expect(services.map((s) => s.structure_id)).toEqual(structures.map((s) => s.id));
    expect(new Set(structures.map((s) => s.source))).toEqual(new Set(['vienne-numerique']));
    expect(report).toEqual({ exported: lieux.length, skipped: [], adjusted: [] });
    expect(toDataInclusion([lieu()]).structures[0]!.id).toBe('maillage--lieu-1');
  });

  it('keeps the SIRET only when the pivot is one', () => {
    const { structures } = toDataInclusion([
      lieu({ id: 'siret', pivot: '21860194400013' }),
      lieu({ id: 'rna', pivot: 'W861000123' }),
      lieu({ id: 'inconnu', pivot: null }),
      lieu({ id: 'zeros', pivot: '00000000000000' }),
    ]);
    expect(structures.map((s) => s.siret)).toEqual(['21860194400013', null, null, null]);
  });

  it('maps services, frais, modalités, publics and dispositifs onto the data·inclusion vocabularies', () => {
    const [, rich] = variedLieux();
    const { structures, services } = toDataInclusion([rich!]);
    const structure = structures[0]!;
    const service = services[0]!;
    expect(structure.reseaux_porteurs).toEqual(['conseillers-numeriques', 'france-service', 'aidants-connect']);
    expect(service.thematiques).toContain('numerique--acceder-a-des-services-en-ligne');
    expect(service.thematiques).toContain('numerique--acquerir-un-equipement');
    expect(service.thematiques).toContain('numerique--maitriser-les-fondamentaux-du-numerique');
    for (const t of service.thematiques!) expect(t).toMatch(THEMATIQUE);
    expect(service.frais).toBe('gratuit');
    expect(service.frais_precisions).toBe('Gratuit sous condition, Payant');
    expect(service.modes_accueil).toEqual(['a-distance', 'en-presentiel']);
    expect(service.modes_mobilisation).toEqual(['telephoner', 'utiliser-lien-mobilisation', 'envoyer-un-courriel']);
    expect(service.mobilisable_par).toEqual(['usagers', 'professionnels']);
    expect(service.lien_mobilisation).toBe(rich!.prise_rdv);
    expect(service.publics).toEqual(['jeunes', 'etudiants', 'familles', 'seniors', 'femmes', 'personnes-en-situation-de-handicap']);
    expect(structure.horaires_accueil).toBe(rich!.horaires);
    expect(structure.courriel).toBe('contact@lien.re');
    expect(structure.accessibilite_lieu).toBe(rich!.fiche_acces_libre);
  });

  it('says payant only when every frais is Payant, en-presentiel unless only À distance', () => {
    const { services } = toDataInclusion([
      lieu({ id: 'p', frais_a_charge: ['Payant'], modalites_accompagnement: ['À distance'] }),
      lieu({ id: 'g', frais_a_charge: ['Gratuit'], modalites_accompagnement: [] }),
      lieu({ id: 'n', frais_a_charge: [] }),
    ]);
    expect(services.map((s) => [s.frais, s.frais_precisions])).toEqual([
      ['payant', null],
      ['gratuit', null],
      [null, null],
    ]);
    expect(services.map((s) => s.modes_accueil)).toEqual([['a-distance'], ['en-presentiel'], ['en-presentiel']]);
  });

  it('reports long names cut at 150 characters, final points removed, and too-short names left out', () => {
    const long = 'Espace public numérique de la communauté de communes '.repeat(4).trim();
    const { structures, report } = toDataInclusion([
      lieu({ id: 'long', nom: long }),
      lieu({ id: 'point', nom: 'Mairie de Lusignan.' }),
      lieu({ id: 'court', nom: 'X' }),
    ]);
    expect(structures.map((s) => s.id)).toEqual(['maillage--long', 'maillage--point']);
    expect([...structures[0]!.nom].length).toBeLessThanOrEqual(150);
    expect(structures[0]!.nom.endsWith('…')).toBe(true);
    expect(long.startsWith(structures[0]!.nom.slice(0, -1))).toBe(true);
    expect(structures[1]!.nom).toBe('Mairie de Lusignan');
    expect(report.exported).toBe(2);
    expect(report.skipped).toEqual([{ id: 'court', field: 'nom', reason: expect.stringContaining('trop court') }]);
    expect(report.adjusted.map((a) => a.id).sort()).toEqual(['long', 'point']);
  });

  it('uses the presentation as description, or composes one of at least 5 characters', () => {
    const { structures, services, report } = toDataInclusion([
      lieu({ id: 'a', presentation_detail: 'Un lieu chaleureux au cœur du bourg.' }),
      lieu({ id: 'b', presentation_resume: null, presentation_detail: null }),
      lieu({ id: 'c', presentation_resume: 'Bof' }),
    ]);
    expect(structures[0]!.description).toBe('Un lieu chaleureux au cœur du bourg.');
    expect(structures[1]!.description).toBe(
      'Lieu de médiation numérique à Poitiers. Services proposés : Maîtrise des outils numériques du quotidien.',
    );
    for (const s of [...structures, ...services]) expect([...s.description].length).toBeGreaterThanOrEqual(5);
    expect(report.adjusted).toEqual([{ id: 'c', field: 'description', reason: expect.stringContaining('trop courte') }]);
  });

  it('refuses a source that would make ambiguous ids', () => {
    expect(() => toDataInclusion([lieu()], { source: 'a--b' })).toThrow(/Source/);
  });
});
