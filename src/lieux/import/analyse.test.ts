import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Referential } from '../../territory/index';
import { getReferential } from '../../territory/index';
import { TELEPHONE_PATTERN } from '../domain/index';
import { analyseImport } from './analyse';
import type { AnalyseOptions, ImportAnalysis, ImportFileError } from './types';
import { isFileError } from './types';

const root = new URL('../../../', import.meta.url);
const demoCnfs = readFileSync(new URL('data/demo/cnfs-permanences-86.json', root));
const demoFs = readFileSync(new URL('data/demo/france-services-86.csv', root));
const exampleV1 = readFileSync(new URL('data/standard-lieux-v1.0.2/exemple-valide.csv', root));

let referential: Referential;
beforeAll(() => {
  referential = getReferential();
});

const enc = new TextEncoder();
function analyse(input: string | Uint8Array, options: Partial<AnalyseOptions> = {}): ImportAnalysis {
  const bytes = typeof input === 'string' ? enc.encode(input) : input;
  const result = analyseImport(bytes, { source: 'test', today: '2024-06-01', ...options }, referential);
  if (isFileError(result)) throw new Error(`file error: ${result.reason}`);
  return result;
}
function expectWellFormed(a: ImportAnalysis) {
  expect(a.total).toBe(a.accepted.length + a.rejected.length);
  for (const r of a.rejected) {
    expect(r.line).toBeGreaterThan(0);
    expect(r.field).not.toBe('');
    expect(r.reason).not.toBe('');
    expect(r.errors.length).toBeGreaterThan(0);
  }
  for (const r of a.accepted) expect(r.lieu.id).toBe(r.sourceId);
}

const HEADER = 'id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,telephone,courriels,date_maj,services';
const row = (id: string, extra: Partial<Record<string, string>> = {}) => {
  const v = {
    pivot: '21860194700013',
    nom: `Médiathèque ${id}`,
    commune: 'Poitiers',
    code_postal: '86000',
    code_insee: '86194',
    adresse: '4 rue de l’Université',
    latitude: '46.58',
    longitude: '0.34',
    telephone: '+33549000000',
    courriels: 'contact@example.fr',
    date_maj: '2024-05-02',
    services: 'Aide aux démarches administratives',
    ...extra,
  };
  return [id, v.pivot, v.nom, v.commune, v.code_postal, v.code_insee, v.adresse, v.latitude, v.longitude, v.telephone, v.courriels, v.date_maj, v.services]
    .map((s) => `"${(s ?? '').replace(/"/g, '""')}"`)
    .join(',');
};

describe('analyseImport: real data (Vienne)', () => {
  it('CNFS permanences (v0 JSON): every record accounted for, code_insee derived, no phone rejected', () => {
    const records = JSON.parse(demoCnfs.toString('utf-8')) as Array<{ id: string }>;
    const a = analyse(demoCnfs, { source: 'conseiller-numerique' });
    expect(a.format).toBe('v0-json');
    expect(a.total).toBe(records.length);
    expectWellFormed(a);
    expect(a.rejected.filter((r) => r.field === 'telephone')).toEqual([]);
    expect(a.accepted.length).toBeGreaterThanOrEqual(records.length * 0.9);
    const fileIds = new Set(records.map((r) => r.id));
    const acceptedIds = a.accepted.map((r) => r.sourceId);
    expect(new Set(acceptedIds).size).toBe(acceptedIds.length);
    for (const id of acceptedIds) expect(fileIds.has(id)).toBe(true);
    for (const r of a.accepted) {
      expect(r.lieu.code_insee).toMatch(/^86\d{3}$/);
      expect(r.flags.codeInseeDerived).not.toBeNull();
      expect(r.lieu.dispositif_programmes_nationaux).toContain('Conseillers numériques');
      expect(r.hash).toMatch(/\S/);
    }
  });

  it('France Services (CSV): lines, ids, hours, itinérance, phones normalised with a warning', () => {
    const records = parse(demoFs, { columns: true }) as Array<Record<string, string>>;
    const a = analyse(demoFs, { source: 'france-services', defaultDateMaj: '2022-12-01' });
    expect(a.format).toBe('france-services-csv');
    expect(a.total).toBe(records.length);
    expectWellFormed(a);
    expect(a.rejected.filter((r) => r.field === 'telephone')).toEqual([]);
    const byId = new Map(records.map((r) => [r.id_fs, r]));
    for (const r of a.accepted) {
      const source = byId.get(r.sourceId) as Record<string, string>;
      expect(r.lieu.nom).toBe(source.lib_fs?.trim());
      expect(r.lieu.code_insee).toBe(source.insee_com);
      expect(r.lieu.date_maj).toBe('2022-12-01');
      expect(r.lieu.source).toBe('france-services');
      expect(r.lieu.dispositif_programmes_nationaux).toEqual(['France Services']);
      // What the national cartography gives every France Services: a person needing help online finds them.
      expect(r.lieu.services).toEqual(['Aide aux démarches administratives', 'Insertion professionnelle via le numérique']);
      expect(r.lieu.frais_a_charge).toEqual(['Gratuit']);
      expect(r.lieu.itinerance).toEqual([source.itinerance === 'Oui' ? 'Itinérant' : 'Fixe']);
      if (source.telephone) {
        expect(r.lieu.telephone).toMatch(TELEPHONE_PATTERN);
        if (source.telephone !== r.lieu.telephone) expect(r.warnings.some((w) => w.field === 'telephone')).toBe(true);
      }
      if (source.h_lundi) expect(r.lieu.horaires).toMatch(/Mo/);
    }
    // Physical lines: the record of each accepted row starts with its id on that line.
    const lines = demoFs.toString('utf-8').split('\n');
    for (const r of a.accepted) expect(lines[r.line - 1]?.startsWith(`"${r.sourceId}",`)).toBe(true);
  });
});

describe('analyseImport: standard v1', () => {
  it('accepts the standard’s own example, and flags its point (Reims address, coordinates near Aix)', () => {
    const a = analyse(exampleV1);
    expect(a.format).toBe('standard-v1-csv');
    expect(a.total).toBe(1);
    expect(a.accepted).toHaveLength(1);
    expect(a.accepted[0]?.lieu.id).toBe('structure-1');
    expect(a.accepted[0]?.flags.outsideDepartement).toBe(true);
  });

  it('reports physical lines, rejects duplicate ids and rows without id', () => {
    const text = [HEADER, row('a'), row('b', { nom: 'Espace\nnumérique' }), '', row('a'), row('', {}), row('c', { code_insee: '86999' })].join('\n');
    const a = analyse(text);
    expectWellFormed(a);
    expect(a.total).toBe(5);
    expect(a.accepted.map((r) => [r.sourceId, r.line])).toEqual([
      ['a', 2],
      ['b', 3],
    ]);
    const rejected = a.rejected.map((r) => ({ line: r.line, field: r.field, sourceId: r.sourceId }));
    expect(rejected).toEqual([
      { line: 6, field: 'id', sourceId: 'a' },
      { line: 7, field: 'id', sourceId: null },
      { line: 8, field: 'code_insee', sourceId: 'c' },
    ]);
    expect(a.rejected[0]?.reason).toMatch(/Identifiant en double.*ligne 2/);
    expect(a.rejected[0]?.raw.nom).toBe('Médiathèque a');
  });

  it('reads `;` lists with a warning, a `;`-separated file, and a JSON array with list arrays', () => {
    const semicolonList = analyse([HEADER, row('a', { services: 'Aide aux démarches administratives;Loisirs et créations numériques' })].join('\n'));
    expect(semicolonList.accepted[0]?.lieu.services).toEqual(['Aide aux démarches administratives', 'Loisirs et créations numériques']);
    expect(semicolonList.accepted[0]?.warnings.some((w) => w.field === 'services' && /« ; »/.test(w.reason))).toBe(true);

    const semicolonFile = analyse('id;nom;commune;code_postal;adresse;date_maj;pivot\n1;Lieu;Poitiers;86000;1 rue A;2024-01-02;00000000000000\n');
    expect(semicolonFile.accepted).toHaveLength(1);
    expect(semicolonFile.warnings.some((w) => /Séparateur/.test(w.reason))).toBe(true);

    const json = JSON.stringify([
      { id: 'x', pivot: '00000000000000', nom: 'Lieu', commune: 'Poitiers', code_postal: '86000', adresse: '1 rue A', date_maj: '2024-01-02', services: ['Aide aux démarches administratives'], latitude: 46.58, longitude: 0.34 },
      { id: 'y', nom: { texte: 'objet' } },
      'pas un objet',
    ]);
    const a = analyse(json);
    expect(a.format).toBe('standard-v1-json');
    expectWellFormed(a);
    expect(a.total).toBe(3);
    expect(a.accepted[0]?.lieu.services).toEqual(['Aide aux démarches administratives']);
    expect(a.accepted[0]?.lieu.latitude).toBe(46.58);
    expect(a.rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'nom'],
      [3, '(ligne)'],
    ]);
  });

  it('reads windows-1252 files with a warning', () => {
    const text = `${HEADER}\n${row('a', { nom: 'Cœur de ville' })}\n`;
    const bytes = Uint8Array.from([...text].map((c) => (c === 'œ' ? 0x9c : c === 'é' ? 0xe9 : c === '’' ? 0x92 : c === 'è' ? 0xe8 : c.charCodeAt(0))));
    const a = analyse(bytes);
    expect(a.accepted[0]?.lieu.nom).toBe('Cœur de ville');
    expect(a.warnings.some((w) => /Windows-1252/.test(w.reason))).toBe(true);
  });

  it('passes file errors through', () => {
    const result = analyseImport(new Uint8Array(), { source: 'test' }, referential) as ImportFileError;
    expect(result).toEqual({ kind: 'file-error', reason: 'Le fichier est vide' });
  });
});

describe('analyseImport: other formats', () => {
  it('France Services: leading zeros kept, today’s date with a file warning when no default date', () => {
    const header = '"id_fs","insee_dep","lib_fs","adresse","complement_adresse","insee_com","code_postal","lib_com","latitude","longitude","mail","telephone","h_lundi","h_mardi","h_mercredi","h_jeudi","h_vendredi","h_samedi","commentaire","itinerance","format_fs","groupe","labellisation"';
    const line = '"1","01","France services de Valserhône","5-9 Rue des Papetiers",,"01033","01200","Valserhône",46.1060711578546,5.8260084241619,"franceservices@ccpb01.fr","04 50 56 87 49","09:00 - 12:00 / 13:30 - 17:00","09:00 - 12:00",,,,,,"Oui","Site principal",,""';
    const a = analyse(`${header}\n${line}\n`, { today: '2024-06-01' });
    expect(a.accepted).toHaveLength(1);
    const lieu = a.accepted[0]?.lieu;
    expect(lieu).toMatchObject({ id: '1', code_insee: '01033', code_postal: '01200', date_maj: '2024-06-01', telephone: '+33450568749', pivot: null });
    expect(lieu?.itinerance).toEqual(['Itinérant']);
    expect(lieu?.courriels).toEqual(['franceservices@ccpb01.fr']);
    expect(lieu?.horaires).toContain('09:00-12:00');
    expect(a.warnings.some((w) => w.field === 'date_maj' && /2024-06-01/.test(w.reason))).toBe(true);
  });

  it('v0 CSV through the v0 mapping', () => {
    const text = 'id,nom,commune,code_postal,adresse,date_maj,pivot,services,courriel,conditions_acces,labels_nationaux\n' +
      'v0-1,Espace numérique,Poitiers,86000,1 rue A,2022-05-01,00000000000000,Prendre en main un ordinateur;Accéder à une connexion internet,a@b.fr,Gratuit : Je peux accéder gratuitement au lieu et à ses services,CNFS\n';
    const a = analyse(text);
    expect(a.format).toBe('v0-csv');
    expect(a.accepted).toHaveLength(1);
    expect(a.accepted[0]?.lieu.services.sort()).toEqual(['Accès internet et matériel informatique', 'Maîtrise des outils numériques du quotidien']);
    expect(a.accepted[0]?.lieu.frais_a_charge).toEqual(['Gratuit']);
    expect(a.accepted[0]?.lieu.courriels).toEqual(['a@b.fr']);
  });

  it('data·inclusion: one lieu per structure, services mapped back from thématiques', () => {
    const json = JSON.stringify({
      structures: [
        { source: 'dora', id: 'dora--s1', nom: 'Centre social', siret: '21860194700013', adresse: '1 rue A', code_postal: '86000', code_insee: '86194', commune: 'Poitiers', latitude: 46.58, longitude: 0.34, date_maj: '2024-03-01T10:00:00Z', reseaux_porteurs: ['france-service'], courriel: 'cs@example.fr' },
        { source: 'dora', id: 'dora--s2', nom: 'Sans service', adresse: '2 rue B', code_postal: '86000', commune: 'Poitiers', date_maj: '2024-03-01' },
      ],
      services: [
        { id: 'svc1', structure_id: 'dora--s1', thematiques: ['numerique--acceder-a-des-services-en-ligne', 'famille--garde-denfants'], frais: ['gratuit'], publics: ['seniors'], modes_accueil: ['a-distance'], modes_mobilisation: ['telephoner'] },
        { id: 'svc2', structure_id: 'dora--s1', thematiques: ['numerique--acquerir-un-equipement'] },
        { id: 'svc3', structure_id: 'ailleurs--x', thematiques: [] },
      ],
    });
    const a = analyse(json);
    expect(a.format).toBe('data-inclusion-json');
    expectWellFormed(a);
    expect(a.total).toBe(2);
    const s1 = a.accepted.find((r) => r.sourceId === 'dora--s1')?.lieu;
    expect(s1?.services.sort()).toEqual(['Acquisition de matériel informatique à prix solidaire', 'Aide aux démarches administratives']);
    expect(s1).toMatchObject({ pivot: '21860194700013', date_maj: '2024-03-01', source: 'dora' });
    expect(s1?.frais_a_charge).toEqual(['Gratuit']);
    expect(s1?.publics_specifiquement_adresses).toEqual(['Seniors']);
    expect(s1?.modalites_acces).toEqual(['Téléphoner']);
    expect(s1?.modalites_accompagnement).toEqual(['À distance']);
    expect(s1?.dispositif_programmes_nationaux).toEqual(['France Services']);
    expect(a.warnings.some((w) => /absente\(s\) du fichier/.test(w.reason))).toBe(true);
  });
});

describe('analyseImport: size guards', () => {
  it('rejects an oversized value before parsing it', () => {
    const a = analyse([HEADER + ',horaires', `${row('a')},"${'Mo-Fr 09:00-12:00; '.repeat(40)}"`, `${row('b', { nom: 'n'.repeat(20_000) })},`].join('\n'));
    expectWellFormed(a);
    expect(a.rejected.map((r) => [r.sourceId, r.field])).toEqual([
      ['a', 'horaires'],
      ['b', 'nom'],
    ]);
    expect(a.rejected[0]?.reason).toMatch(/anormalement longue/);
  });
});
