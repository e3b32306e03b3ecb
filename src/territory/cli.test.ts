import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { describeTerritory, registerTerritoryCommands } from './cli';
import { getReferential } from './referential-loader';

const referential = getReferential();

describe('maillage territoire', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('prints a commune by INSEE code', () => {
    const { found, text } = describeTerritory(referential, '86066');
    expect(found).toBe(true);
    const epci = referential.epci.get(referential.communes.get('86066')!.epci!)!;
    expect(text).toContain('Châtellerault — commune, code INSEE 86066');
    expect(text).toContain('Département   : Vienne (86)');
    expect(text).toContain(`EPCI          : ${epci.nom} (SIREN ${epci.siren})`);
    expect(text).toContain('Codes postaux : 86100');
    expect(text).toMatch(/Centre {8}: latitude 46,\d{4}, longitude 0,\d{4}/);
    expect(text).toMatch(/Population {4}: 31\s?\d{3} habitants/);
  });

  it('accepts lower-case Corsican codes', () => {
    expect(describeTerritory(referential, '2a004').text).toContain('Ajaccio — commune, code INSEE 2A004');
  });

  it('prints an EPCI by SIREN with its communes', () => {
    const siren = referential.communes.get('86066')!.epci!;
    const { text } = describeTerritory(referential, siren);
    expect(text).toContain(`SIREN ${siren}`);
    expect(text).toContain(`Communes (${referential.epci.get(siren)!.communes.length}) :`);
    expect(text).toMatch(/- Châtellerault \(86066\)/);
  });

  it('prints a département with its région and EPCI', () => {
    const { text } = describeTerritory(referential, '86');
    expect(text).toContain('Vienne — département 86');
    expect(text).toContain('Région        : Nouvelle-Aquitaine (75)');
    expect(text).toContain(`EPCI (${referential.departements.get('86')!.epci.length}) :`);
    expect(describeTerritory(referential, '2b').text).toContain('Haute-Corse — département 2B');
  });

  it('searches a name and prints the best commune plus alternatives', () => {
    const { text } = describeTerritory(referential, 'chatelerault');
    expect(text.split('\n')[0]).toBe('Meilleure correspondance pour « chatelerault » :');
    expect(text).toContain('Châtellerault — commune, code INSEE 86066');
    expect(text).toContain('Autres communes possibles :');
    expect(text).toContain('Availles-en-Châtellerault (86014), Vienne');
  });

  it('treats an unknown 5-digit code as a postcode', () => {
    const { text } = describeTerritory(referential, '86400');
    expect(text).toContain('Meilleure correspondance pour « 86400 »');
    expect(text).toContain('Civray — commune');
  });

  it('says in French when nothing matches', () => {
    expect(describeTerritory(referential, 'xqzwv')).toEqual({ found: false, text: 'Aucune commune ne correspond à « xqzwv ».' });
    expect(describeTerritory(referential, '999999999')).toEqual({ found: false, text: 'Aucun EPCI ne porte le SIREN 999999999.' });
    expect(describeTerritory(referential, '96').found).toBe(false);
  });

  it('registers on a bare commander program and runs without a database', async () => {
    const printed: string[] = [];
    const errors: string[] = [];
    const program = registerTerritoryCommands(new Command().exitOverride(), {
      out: (t) => printed.push(t),
      err: (t) => errors.push(t),
    });
    await program.parseAsync(['node', 'maillage', 'territoire', 'saint', 'jean', 'de', 'sauves']);
    expect(printed.join('\n')).toContain('Saint-Jean-de-Sauves — commune, code INSEE 86225');
    await program.parseAsync(['node', 'maillage', 'territoire', 'xqzwv']);
    expect(errors).toEqual(['Aucune commune ne correspond à « xqzwv ».']);
    expect(process.exitCode).toBe(1);
  });
});
