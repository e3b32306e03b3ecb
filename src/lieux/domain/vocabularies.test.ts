import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DISPOSITIFS } from './dispositifs.js';
import { ETAPES_NUMERIQUES, FORMATIONS_LABELS, FORMATION_LABEL_ALIASES } from './formations-labels.js';
import { FRAIS } from './frais.js';
import { ITINERANCES } from './itinerance.js';
import { LIEU_FIELDS } from './lieu.js';
import { MODALITES_ACCES } from './modalites-acces.js';
import { MODALITES_ACCOMPAGNEMENT } from './modalites-accompagnement.js';
import { PRISES_EN_CHARGE } from './prise-en-charge.js';
import { PUBLICS } from './publics.js';
import { SERVICES, SERVICE_ALIASES } from './services.js';
import { TYPOLOGIES, TYPOLOGIE_VALUES, typologieLabel } from './typologies.js';
import type { VocabularyEntry } from './vocabulary.js';

interface SchemaField {
  name: string;
  constraints?: { pattern?: string };
}
const schema = JSON.parse(
  readFileSync(new URL('../../../data/standard-lieux-v1.0.2/schema.json', import.meta.url), 'utf8'),
) as { fields: SchemaField[] };

/** The alternatives of a schema list pattern `(?:(?:^|\|)(A|B|…))+$`, unescaped. */
function patternValues(field: string): string[] {
  const pattern = schema.fields.find((f) => f.name === field)?.constraints?.pattern;
  if (!pattern) throw new Error(`no pattern for ${field}`);
  const match = /^\(\?:\(\?:\^\|\\\|\)\((.*)\)\)\+\$$/.exec(pattern);
  if (!match) throw new Error(`unexpected pattern shape for ${field}: ${pattern}`);
  return match[1]!.split(/(?<!\\)\|/).map((alternative) => alternative.replace(/\\(.)/g, '$1'));
}

const values = (entries: readonly VocabularyEntry[]): string[] => entries.map((entry) => entry.value);

describe('vocabularies equal the schema v1.0.2 patterns', () => {
  const cases: [string, readonly VocabularyEntry[]][] = [
    ['services', SERVICES],
    ['publics_specifiquement_adresses', PUBLICS],
    ['prise_en_charge_specifique', PRISES_EN_CHARGE],
    ['frais_a_charge', FRAIS],
    ['itinerance', ITINERANCES],
    ['dispositif_programmes_nationaux', DISPOSITIFS],
    ['formations_labels', FORMATIONS_LABELS],
    ['modalites_acces', MODALITES_ACCES],
    ['modalites_accompagnement', MODALITES_ACCOMPAGNEMENT],
  ];
  it.each(cases)('%s', (field, entries) => {
    expect(values(entries)).toEqual(patternValues(field));
    for (const entry of entries) expect(entry.label.trim()).not.toBe('');
  });

  it('has 9 services, each with data·inclusion thématiques including a numérique one', () => {
    expect(SERVICES).toHaveLength(9);
    for (const service of SERVICES) expect(service.dataInclusion.some((t) => t.startsWith('numerique--'))).toBe(true);
    expect(SERVICES.find((s) => s.value === 'Aide aux démarches administratives')?.dataInclusion).toContain(
      'numerique--acceder-a-des-services-en-ligne',
    );
  });

  it('frais map to data·inclusion gratuit/payant', () => {
    expect(Object.fromEntries(FRAIS.map((f) => [f.value, f.dataInclusion]))).toEqual({
      Gratuit: 'gratuit',
      'Gratuit sous condition': 'gratuit',
      Payant: 'payant',
    });
  });

  it('keeps the schema spelling of the La Poste label and the accepted aliases point to real values', () => {
    expect(patternValues('formations_labels')).toContain(ETAPES_NUMERIQUES);
    for (const target of FORMATION_LABEL_ALIASES.values()) expect(values(FORMATIONS_LABELS)).toContain(target);
    for (const target of SERVICE_ALIASES.values()) expect(values(SERVICES)).toContain(target);
  });

  it('the schema field order is LIEU_FIELDS', () => {
    expect(schema.fields.map((f) => f.name)).toEqual([...LIEU_FIELDS]);
  });
});

describe('typologies', () => {
  const expected =
    'ACI ACIPHC AFPA AI ASE ASSO ASSO_CHOMEUR Autre AVIP BIB CAARUD CADA CAF CAP_EMPLOI CAVA CC CCAS CCONS CD CDAS CFP CHRS CHU CIAS CIDFF CITMET CMP CMS CPAM CPH CS CSAPA CSC DEETS DEPT DIPLP E2C EA EATT EI EITI ENM EPCI EPI EPIDE EPN ES ESAT ESS ETTI EVS FABLAB FABRIQUE FAIS FT GEIQ HUDA LA_POSTE MDE MDH MDEF MDPH MDS MJC ML MQ MSA MSAP MUNI OACAS ODC OF OIL OPCS PAD PENSION PI PIJ_BIJ PIMMS PJJ PLIE PREF PREVENTION REG RELAIS_LECTURE RESSOURCERIE RFS RS_FJT SCP SPIP TIERS_LIEUX UDAF'.split(
      ' ',
    );
  it('lists the data·inclusion codes of the national model, once each, with a French label', () => {
    expect(values(TYPOLOGIES)).toEqual(expected);
    expect(TYPOLOGIE_VALUES.size).toBe(TYPOLOGIES.length);
    for (const entry of TYPOLOGIES) expect(entry.label.trim()).not.toBe('');
  });
  it('labels the common codes', () => {
    expect(typologieLabel('CCAS')).toBe("Centre communal d'action sociale");
    expect(typologieLabel('MUNI')).toBe('Mairie');
    expect(typologieLabel('BIB')).toBe('Bibliothèque / médiathèque');
    expect(typologieLabel('FT')).toBe('France Travail (ex-Pôle emploi)');
    expect(typologieLabel('INCONNU')).toBe('INCONNU');
  });
});
