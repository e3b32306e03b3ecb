import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIEU_FIELDS, LIST_FIELDS, type FieldIssue, type Lieu, type LieuValidation, type RawLieu } from './lieu.js';
import { normaliseTelephone, parseDateMaj, validateLieu } from './validate.js';

/** Minimal RFC 4180 reader for the example file (quoted and unquoted cells). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endRow = (): void => {
    row.push(cell);
    rows.push(row);
    row = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows.filter((r) => r.some((c) => c !== ''));
}

const [header, exampleRow] = parseCsv(
  readFileSync(new URL('../../../data/standard-lieux-v1.0.2/exemple-valide.csv', import.meta.url), 'utf8'),
) as [string[], string[]];
const EXAMPLE: RawLieu = Object.fromEntries(header.map((name, i) => [name, exampleRow[i]!]));

const MINIMAL: RawLieu = {
  id: 'lieu-1',
  pivot: '21860194500013',
  nom: 'Médiathèque François-Mitterrand',
  commune: 'Poitiers',
  code_postal: '86000',
  adresse: '4 rue de l’Université',
  date_maj: '2024-05-02',
  services: 'Aide aux démarches administratives',
};

function ok(result: LieuValidation): { lieu: Lieu; warnings: FieldIssue[] } {
  if (!result.ok) throw new Error(`attendu valide : ${JSON.stringify(result.errors)}`);
  return result;
}
function errors(result: LieuValidation): FieldIssue[] {
  if (result.ok) throw new Error('attendu rejeté');
  return result.errors;
}
const fields = (issues: FieldIssue[]): string[] => issues.map((i) => i.field);
const validate = (patch: RawLieu, options?: Parameters<typeof validateLieu>[1]) => validateLieu({ ...MINIMAL, ...patch }, options);

describe('the standard example', () => {
  it('passes unchanged, without warnings', () => {
    const { lieu, warnings } = ok(validateLieu(EXAMPLE));
    expect(warnings).toEqual([]);
    for (const field of LIEU_FIELDS) {
      const value = lieu[field];
      const asText = Array.isArray(value) ? value.join('|') : value === null ? '' : String(value);
      expect(asText, field).toBe(EXAMPLE[field] ?? '');
    }
    expect(lieu.latitude).toBe(43.52609);
    expect(lieu.typologie).toEqual(['TIERS_LIEUX', 'ASSO']);
  });
  it('a minimal row passes without warnings', () => {
    const { lieu, warnings } = ok(validateLieu(MINIMAL));
    expect(warnings).toEqual([]);
    expect(lieu.code_insee).toBeNull();
    expect(lieu.courriels).toEqual([]);
  });
});

describe('required fields', () => {
  it.each(['id', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'] as const)('%s missing or blank is rejected', (field) => {
    expect(fields(errors(validate({ [field]: '' })))).toContain(field);
    const { [field]: _, ...rest } = MINIMAL;
    const issue = errors(validateLieu(rest)).find((e) => e.field === field);
    expect(issue?.reason).toContain(field);
  });
  it('every message is French and names its field', () => {
    const result = validate({ code_postal: 'abc', telephone: 'xx', date_maj: '2024-02-30', horaires: 'lundi 9h' });
    for (const issue of errors(result)) expect(issue.reason).toContain(`Champ ${issue.field}`);
  });
});

describe('pivot', () => {
  it('accepts a SIRET and an RNA', () => {
    expect(ok(validate({ pivot: 'W862001234' })).lieu.pivot).toBe('W862001234');
  });
  it.each(['00000000000000', ''])('%j means unknown: null with a warning', (pivot) => {
    const { lieu, warnings } = ok(validate({ pivot }));
    expect(lieu.pivot).toBeNull();
    expect(fields(warnings)).toEqual(['pivot']);
  });
  it('strips spaces from a SIRET, with a warning', () => {
    const { lieu, warnings } = ok(validate({ pivot: '218 601 945 00013' }));
    expect(lieu.pivot).toBe('21860194500013');
    expect(warnings[0]?.reason).toContain('espaces');
  });
  it.each(['1234', '2186019450001345', '218-601-945'])('rejects %j', (pivot) => {
    expect(fields(errors(validate({ pivot })))).toEqual(['pivot']);
  });
});

describe('codes', () => {
  it('rejects a bad code_postal', () => {
    const [issue] = errors(validate({ code_postal: '860' }));
    expect(issue).toMatchObject({ field: 'code_postal', value: '860' });
  });
  it('restores a leading zero lost by a spreadsheet, with a warning', () => {
    const { lieu, warnings } = ok(validate({ code_postal: '1000', code_insee: '1053' }));
    expect([lieu.code_postal, lieu.code_insee]).toEqual(['01000', '01053']);
    expect(fields(warnings)).toEqual(['code_postal', 'code_insee']);
  });
  it.each(['86194', '2A004', '2B033', '97411'])('accepts code_insee %s', (code_insee) => {
    expect(ok(validate({ code_insee })).lieu.code_insee).toBe(code_insee);
  });
  it.each(['20004', '2C004', '8619'])('rejects code_insee %s', (code_insee) => {
    if (code_insee === '8619') {
      // 4 digits: "08619" would be valid (a lost zero) — restored with a warning instead.
      expect(ok(validate({ code_insee })).lieu.code_insee).toBe('08619');
      return;
    }
    expect(fields(errors(validate({ code_insee })))).toEqual(['code_insee']);
  });
});

describe('coordinates', () => {
  it('keeps coordinates in France, mainland and overseas', () => {
    expect(ok(validate({ latitude: '46.58', longitude: '0.34' })).lieu).toMatchObject({ latitude: 46.58, longitude: 0.34 });
    expect(ok(validate({ latitude: '-20.9478', longitude: '55.5244' })).warnings).toEqual([]);
    expect(ok(validate({ latitude: '4.0628', longitude: '-53.9624' })).warnings).toEqual([]);
  });
  it('drops swapped coordinates with a warning saying the lieu goes to the commune centre', () => {
    const { lieu, warnings } = ok(validate({ latitude: '0.34', longitude: '46.58' }));
    expect([lieu.latitude, lieu.longitude]).toEqual([null, null]);
    expect(warnings[0]?.reason).toMatch(/inversés.*centre de sa commune.*approximative/);
  });
  it.each([
    ['95', '2'],
    ['46.5', '200'],
    ['40.7', '-74'],
    ['0', '0'],
    ['abc', '2'],
  ])('drops %s, %s with a warning', (latitude, longitude) => {
    const { lieu, warnings } = ok(validate({ latitude, longitude }));
    expect(lieu.latitude).toBeNull();
    expect(lieu.longitude).toBeNull();
    expect(warnings.some((w) => w.reason.includes('approximative'))).toBe(true);
  });
  it('drops a lone latitude with a warning', () => {
    const { lieu, warnings } = ok(validate({ latitude: '46.5' }));
    expect(lieu.latitude).toBeNull();
    expect(fields(warnings)).toEqual(['longitude']);
  });
  it('accepts a decimal comma, with a warning', () => {
    const { lieu, warnings } = ok(validate({ latitude: '46,58', longitude: '0,34' }));
    expect(lieu.latitude).toBe(46.58);
    expect(warnings).toHaveLength(2);
  });
});

describe('typologie', () => {
  it('keeps an unknown code with a warning (the schema does not check the field)', () => {
    const { lieu, warnings } = ok(validate({ typologie: 'CCAS|COMMUNE' }));
    expect(lieu.typologie).toEqual(['CCAS', 'COMMUNE']);
    expect(warnings).toMatchObject([{ field: 'typologie', value: 'COMMUNE' }]);
  });
  it('normalises the case of a known code, with a warning', () => {
    const { lieu, warnings } = ok(validate({ typologie: 'ccas' }));
    expect(lieu.typologie).toEqual(['CCAS']);
    expect(warnings).toHaveLength(1);
  });
});

describe('telephone', () => {
  it.each([
    ['05 49 00 00 00', '+33549000000'],
    ['0549000000', '+33549000000'],
    ['+33 5 49 00 00 00', '+33549000000'],
    ['+33 (0)5 49 00 00 00', '+33549000000'],
    ['05.49.00.00.00', '+33549000000'],
    ['0033549000000', '+33549000000'],
    ['+33 05 49 00 00 00', '+33549000000'],
    ['0590 12 34 56', '+590590123456'],
    ['0692 12 34 56', '+262692123456'],
  ])('%s → %s with a warning', (telephone, expected) => {
    const { lieu, warnings } = ok(validate({ telephone }));
    expect(lieu.telephone).toBe(expected);
    expect(fields(warnings)).toEqual(['telephone']);
  });
  it('accepts the standard form silently', () => {
    expect(ok(validate({ telephone: '+33549000000' })).warnings).toEqual([]);
    expect(normaliseTelephone('+590590123456')).toBe('+590590123456');
  });
  it.each(['05 49 00 00 00 / 06 00 00 00 00', '12345', '+44 20 7946 0958', 'standard'])('rejects %j', (telephone) => {
    expect(fields(errors(validate({ telephone })))).toEqual(['telephone']);
  });
});

describe('courriels and URLs', () => {
  it('accepts several e-mails and rejects a bad one naming it', () => {
    expect(ok(validate({ courriels: 'a@b.fr|contact@mairie-poitiers.fr' })).lieu.courriels).toHaveLength(2);
    const [issue] = errors(validate({ courriels: 'a@b.fr|pas-un-courriel' }));
    expect(issue).toMatchObject({ field: 'courriels', value: 'pas-un-courriel' });
  });
  it('accepts http(s) only', () => {
    expect(ok(validate({ site_web: 'https://a.fr|http://b.fr/x' })).lieu.site_web).toEqual(['https://a.fr', 'http://b.fr/x']);
    expect(fields(errors(validate({ site_web: 'ftp://a.fr' })))).toEqual(['site_web']);
    expect(fields(errors(validate({ prise_rdv: 'javascript:alert(1)' })))).toEqual(['prise_rdv']);
    expect(fields(errors(validate({ fiche_acces_libre: 'acceslibre' })))).toEqual(['fiche_acces_libre']);
  });
  it('adds https:// to a bare www address, with a warning', () => {
    const { lieu, warnings } = ok(validate({ site_web: 'www.poitiers.fr' }));
    expect(lieu.site_web).toEqual(['https://www.poitiers.fr']);
    expect(fields(warnings)).toEqual(['site_web']);
  });
});

describe('horaires', () => {
  it('accepts OSM opening_hours', () => {
    const { lieu, warnings } = ok(validate({ horaires: 'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off' }));
    expect(lieu.horaires).toBe('Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off');
    expect(warnings).toEqual([]);
  });
  it('rejects invalid hours with the library explanation in French', () => {
    const [issue] = errors(validate({ horaires: 'lundi au vendredi 9h-12h' }));
    expect(issue?.field).toBe('horaires');
    expect(issue?.reason).toMatch(/opening_hours\. Détail : .+/);
    expect(issue?.reason).toMatch(/Veuillez|inattendu|reconnue/);
  });
  it('keeps a value the library accepts with a remark, and reports the remark', () => {
    const { lieu, warnings } = ok(validate({ horaires: 'Mo-Fr 9-12' }));
    expect(lieu.horaires).toBe('Mo-Fr 9-12');
    expect(fields(warnings)).toEqual(['horaires']);
  });
});

describe('presentation_resume', () => {
  it('accepts 280 characters', () => {
    expect(ok(validate({ presentation_resume: 'é'.repeat(280) })).lieu.presentation_resume).toHaveLength(280);
  });
  it('rejects 281 characters, giving the length', () => {
    const [issue] = errors(validate({ presentation_resume: 'a'.repeat(281) }));
    expect(issue?.field).toBe('presentation_resume');
    expect(issue?.reason).toContain('281');
  });
});

describe('date_maj', () => {
  it('converts a French date with a warning', () => {
    const { lieu, warnings } = ok(validate({ date_maj: '31/12/2022' }));
    expect(lieu.date_maj).toBe('2022-12-31');
    expect(fields(warnings)).toEqual(['date_maj']);
  });
  it('takes the date of an ISO timestamp with a warning', () => {
    expect(ok(validate({ date_maj: '2022-05-09T10:00:00Z' })).lieu.date_maj).toBe('2022-05-09');
  });
  it.each(['31/02/2022', '2022-13-01', '2023-02-29', 'hier', '2022/05/09'])('rejects %s', (date_maj) => {
    expect(fields(errors(validate({ date_maj })))).toEqual(['date_maj']);
  });
  it('knows leap years', () => {
    expect(parseDateMaj('2024-02-29')).toEqual({ date: '2024-02-29', converted: false });
  });
});

describe('enumerated lists', () => {
  it.each([
    ['services', 'Cours de cuisine'],
    ['publics_specifiquement_adresses', 'Tout public'],
    ['prise_en_charge_specifique', 'Autisme'],
    ['frais_a_charge', 'Gratuit pour tous'],
    ['itinerance', 'Mobile'],
    ['dispositif_programmes_nationaux', 'CNFS'],
    ['formations_labels', 'Label inconnu'],
    ['modalites_acces', 'Écrire une lettre'],
    ['modalites_accompagnement', 'Seul'],
  ] as const)('%s: unknown value %j is rejected, naming field and value', (field, value) => {
    const [issue] = errors(validate({ [field]: value }));
    expect(issue).toMatchObject({ field, value });
    expect(issue?.reason).toContain(field);
    expect(issue?.reason).toContain(value);
  });
  it('accepts both spellings of the La Poste label and keeps the schema value', () => {
    for (const spelling of ['Étapes numériques (La Poste)', 'Étapes numériques(La Poste)']) {
      const { lieu, warnings } = ok(validate({ formations_labels: spelling }));
      expect(lieu.formations_labels).toEqual(['Étapes numériques(La Poste)']);
      expect(warnings).toHaveLength(spelling.includes(' (') ? 1 : 0);
    }
  });
  it('normalises "Comprehension" (the schema description spelling), with a warning', () => {
    const { lieu, warnings } = ok(validate({ services: 'Comprehension du monde numérique' }));
    expect(lieu.services).toEqual(['Compréhension du monde numérique']);
    expect(fields(warnings)).toEqual(['services']);
  });
  it('normalises a typographic apostrophe, with a warning', () => {
    const { lieu, warnings } = ok(validate({ dispositif_programmes_nationaux: 'Point d’accès numérique CAF' }));
    expect(lieu.dispositif_programmes_nationaux).toEqual(["Point d'accès numérique CAF"]);
    expect(warnings).toHaveLength(1);
  });
  it('removes duplicates with a warning', () => {
    const { lieu, warnings } = ok(validate({ modalites_acces: 'Se présenter|Téléphoner|Se présenter', courriels: 'a@b.fr|a@b.fr' }));
    expect(lieu.modalites_acces).toEqual(['Se présenter', 'Téléphoner']);
    expect(lieu.courriels).toEqual(['a@b.fr']);
    expect(fields(warnings).sort()).toEqual(['courriels', 'modalites_acces']);
  });
  it('rejects ";" lists by default, hinting at "|"', () => {
    const [issue] = errors(validate({ services: 'Aide aux démarches administratives;Utilisation sécurisée du numérique' }));
    expect(issue?.reason).toContain('« | »');
  });
  it('splits ";" lists when the reader says so, with a warning', () => {
    const result = validate(
      { services: 'Aide aux démarches administratives;Utilisation sécurisée du numérique', courriels: 'a@b.fr;c@d.fr' },
      { listSeparatorSemicolon: true },
    );
    const { lieu, warnings } = ok(result);
    expect(lieu.services).toEqual(['Aide aux démarches administratives', 'Utilisation sécurisée du numérique']);
    expect(lieu.courriels).toEqual(['a@b.fr', 'c@d.fr']);
    expect(fields(warnings).sort()).toEqual(['courriels', 'services']);
  });
  it('trims list values and drops empty ones, with warnings', () => {
    const { lieu, warnings } = ok(validate({ publics_specifiquement_adresses: ' Jeunes | Seniors ||' }));
    expect(lieu.publics_specifiquement_adresses).toEqual(['Jeunes', 'Seniors']);
    expect(warnings.length).toBeGreaterThanOrEqual(2);
  });
});

describe('whitespace and the "no services" rule', () => {
  it('trims scalar fields with a warning', () => {
    const { lieu, warnings } = ok(validate({ nom: '  Médiathèque  ' }));
    expect(lieu.nom).toBe('Médiathèque');
    expect(fields(warnings)).toEqual(['nom']);
  });
  it('keeps a lieu without services as given, with a warning', () => {
    const { lieu, warnings } = ok(validate({ services: '', modalites_acces: 'Se présenter' }));
    expect(lieu.services).toEqual([]);
    expect(lieu.modalites_acces).toEqual(['Se présenter']);
    expect(warnings).toMatchObject([{ field: 'services' }]);
  });
  it('does not warn when the lieu says it does not receive the public', () => {
    expect(ok(validate({ services: '', modalites_acces: "Ce lieu n'accueille pas de public" })).warnings).toEqual([]);
  });
  it('returns empty arrays for every absent list', () => {
    const { lieu } = ok(validate({}));
    for (const field of LIST_FIELDS) expect(Array.isArray(lieu[field])).toBe(true);
  });
});
