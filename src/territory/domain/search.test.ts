import { describe, expect, it } from 'vitest';
import { allowedEdits, buildCommuneSearchIndex, normalizeWords, searchKey, type SearchableCommune } from './search';

const commune = (code: string, nom: string, population: number | null, codesPostaux: string[]): SearchableCommune => ({
  code,
  nom,
  departement: code.startsWith('2A') ? '2A' : code.slice(0, 2),
  codesPostaux,
  population,
});

// A small, hand-made set: each case below names the communes it expects, so a wrong ranking fails.
const fixture = [
  commune('86066', 'Châtellerault', 31003, ['86100']),
  commune('86014', 'Availles-en-Châtellerault', 1730, ['86530']),
  commune('86194', 'Poitiers', 89916, ['86000']),
  commune('86225', 'Saint-Jean-de-Sauves', 1281, ['86330']),
  commune('31488', 'Saint-Jean', 11261, ['31240']),
  commune('64483', 'Saint-Jean-de-Luz', 14857, ['64500']),
  commune('86214', 'Saint-Benoît', 7375, ['86280']),
  commune('86078', 'Civray', 2522, ['86400']),
  commune('86255', 'Savigné', 1256, ['86400']),
  commune('86029', 'Blanzay', 819, ['86400']),
  commune('72181', 'Le Mans', 146249, ['72000', '72100']),
  commune('16206', 'Mansle-les-Fontaines', 2088, ['16230']),
  commune('32160', "L'Isle-Jourdain", 9537, ['32600']),
  commune('86112', "L'Isle-Jourdain", 1126, ['86150']),
  commune('2A004', 'Ajaccio', 76320, ['20000', '20090']),
  commune('91001', 'Sainte-Geneviève-des-Bois', 36000, ['91700']),
  commune('05001', 'Poitou-Test', null, ['05000']),
  // Made-up populations, to test ranking across tiers.
  commune('17108', 'Cirières', 50000, ['17000']),
  commune('99002', 'Jeansville', 10, ['99000']),
];
const index = buildCommuneSearchIndex(fixture);
const codes = (query: string, limit?: number) => index.search(query, { limit }).map((r) => r.code);

describe('normalisation', () => {
  it('removes accents, case, punctuation and expands st/ste', () => {
    expect(normalizeWords("  L'Isle-Jourdain ")).toEqual(['l', 'isle', 'jourdain']);
    expect(normalizeWords('ST-JEAN')).toEqual(['saint', 'jean']);
    expect(normalizeWords('Ste. Geneviève')).toEqual(['sainte', 'genevieve']);
    expect(searchKey('Œuilly')).toBe('oeuilly');
    expect(searchKey('Saint-Jean-de-Sauves')).toBe(searchKey('saint jean de sauves'));
  });

  it('allows 1 edit from 4 characters and 2 from 8', () => {
    expect([3, 4, 7, 8, 12].map(allowedEdits)).toEqual([0, 1, 1, 2, 2]);
  });
});

describe('searchCommunes on a fixture', () => {
  it('returns the result shape', () => {
    expect(index.search('poitiers')[0]).toEqual({
      code: '86194',
      nom: 'Poitiers',
      departement: '86',
      codesPostaux: ['86000'],
      population: 89916,
    });
  });

  it('finds a name whatever accents, case and hyphens', () => {
    for (const q of ['châtellerault', 'CHATELLERAULT', 'Chatellerault', ' chatellerault! ']) expect(codes(q)[0], q).toBe('86066');
    expect(codes('saint jean de sauves')).toEqual(['86225']);
    expect(codes('st-jean-de-sauves')).toEqual(['86225']);
    expect(codes('ste genevieve')).toEqual(['91001']);
  });

  it('ranks the exact name first, then prefixes by population', () => {
    // "st jean" = "saintjean": Saint-Jean is exact; then the prefixes, Saint-Jean-de-Luz (14,857) before Sauves (1,281);
    // then fuzzy: "saintben" is 2 edits from "saintjean" (j→b, drop a), allowed from 8 letters.
    expect(codes('st jean')).toEqual(['31488', '64483', '86225', '86214']);
  });

  it('ranks prefix matches above fuzzy ones even when the fuzzy one is larger', () => {
    // "civr" is a prefix of Civray (2,522); Cirières (50,000) is 1 edit away ("cir" = "civr" without v).
    expect(codes('civr')).toEqual(['86078', '17108']);
    // "poitou" is a prefix of Poitou-Test (population unknown → 0); Poitiers is 2 edits away: too many for 6 letters.
    expect(codes('poitou')).toEqual(['05001']);
  });

  it('ranks name prefixes above later-word prefixes, even smaller ones', () => {
    // Jeansville (10) starts with "jean"; the Saint-Jean communes only have a later word starting with it.
    expect(codes('jean')).toEqual(['99002', '64483', '31488', '86225']);
  });

  it('matches the start of a later word, after name prefixes', () => {
    expect(codes('jean de sauves')).toEqual(['86225']);
    // "chatellerault": Châtellerault is exact; Availles-en-Châtellerault matches through its last word.
    expect(codes('chatellerault')).toEqual(['86066', '86014']);
  });

  it('matches names without their leading article', () => {
    expect(codes('mans')).toEqual(['72181', '16206']);
    expect(codes('isle jourdain')).toEqual(['32160', '86112']);
    expect(codes('lisle jourdain')).toEqual(['32160', '86112']);
  });

  it('tolerates one typo from 4 letters and two from 8, fewer edits first', () => {
    expect(codes('chatelerault')).toEqual(['86066', '86014']);
    expect(codes('poitires')[0]).toBe('86194'); // swap of two letters = 1 edit
    expect(codes('poiteirs')[0]).toBe('86194');
    expect(codes('civrey')).toEqual(['86078']);
    // 6 letters allow 1 edit: swapping "ra" → "ar" counts as one (optimal string alignment), not two.
    expect(codes('civary')).toEqual(['86078']);
    expect(codes('ajacio')).toEqual(['2A004']);
  });

  it('does not accept more edits than allowed', () => {
    expect(codes('civ')).toEqual(['86078']); // prefix only
    expect(codes('cvi')).toEqual([]); // 3 letters: no typo allowed
    expect(codes('czvrzy')).toEqual([]); // 6 letters, 2 edits: too many
    expect(codes('xyzzy')).toEqual([]);
  });

  it('searches postcodes: 5 digits exactly, 2 to 4 digits as a prefix, by population', () => {
    expect(codes('86400')).toEqual(['86078', '86255', '86029']);
    expect(codes('7210')).toEqual(['72181']);
    expect(codes('864')).toEqual(['86078', '86255', '86029']);
    expect(codes('86')).toEqual(['86194', '86066', '86214', '86078', '86014', '86225', '86255', '86112', '86029']);
    expect(codes('8')).toEqual([]);
    expect(codes('99999')).toEqual([]);
  });

  it('finds a commune by its INSEE code too, after postcode matches', () => {
    expect(codes('86066')).toEqual(['86066']);
    expect(codes('2a004')).toEqual(['2A004']);
    expect(codes('20000')).toEqual(['2A004']);
  });

  it('applies the limit (default 10, at most 50, at least 1)', () => {
    expect(codes('86', 2)).toEqual(['86194', '86066']);
    expect(codes('86', 0)).toHaveLength(1);
    expect(codes('86', Number.NaN)).toHaveLength(9); // not a number → default (10)
    const many = buildCommuneSearchIndex(
      Array.from({ length: 80 }, (_, i) => commune(String(10000 + i), `Ville ${i}`, i, ['10000'])),
    );
    expect(many.search('ville')).toHaveLength(10);
    expect(many.search('ville', { limit: 500 })).toHaveLength(50);
    // population desc: Ville 79 first
    expect(many.search('ville', { limit: 3 }).map((r) => r.nom)).toEqual(['Ville 79', 'Ville 78', 'Ville 77']);
  });

  it('returns nothing for an empty or punctuation-only query', () => {
    expect(codes('')).toEqual([]);
    expect(codes(" - ' ")).toEqual([]);
  });
});
