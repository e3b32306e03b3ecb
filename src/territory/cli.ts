import type { Command } from 'commander';
import { isCommuneCode, isDepartementCode, isEpciSiren } from './domain/codes';
import type { Commune, Referential } from './domain/referential';
import { getReferential } from './referential-loader';

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 4, maximumFractionDigits: 4 });

const inhabitants = (population: number | null) =>
  population === null ? 'non renseignée' : `${integer.format(population)} habitant${population > 1 ? 's' : ''}`;

function communeLines(referential: Referential, c: Commune): string[] {
  const departement = referential.departements.get(c.departement);
  const region = referential.regions.get(c.region);
  const epci = c.epci ? referential.epci.get(c.epci) : undefined;
  return [
    `${c.nom} — commune, code INSEE ${c.code}`,
    `  Département   : ${departement?.nom ?? '?'} (${c.departement})`,
    `  Région        : ${region?.nom ?? '?'} (${c.region})`,
    `  EPCI          : ${epci ? `${epci.nom} (SIREN ${epci.siren})` : 'aucun'}`,
    `  Population    : ${inhabitants(c.population)}`,
    `  Codes postaux : ${c.codesPostaux.length ? c.codesPostaux.join(', ') : 'aucun'}`,
    `  Centre        : latitude ${decimal.format(c.lat)}, longitude ${decimal.format(c.lon)}`,
  ];
}

export interface TerritoryDescription {
  found: boolean;
  text: string;
}

/**
 * What `maillage territoire <code|nom>` prints: a commune (INSEE code), an EPCI (SIREN), a département (2–3
 * characters), or the best commune matching a name or postcode with up to 4 alternatives.
 */
export function describeTerritory(referential: Referential, input: string): TerritoryDescription {
  const query = input.trim();
  const upper = query.toUpperCase();

  if (isCommuneCode(upper)) {
    const c = referential.communes.get(upper);
    if (c) return { found: true, text: communeLines(referential, c).join('\n') };
  }

  if (isEpciSiren(query)) {
    const e = referential.epci.get(query);
    if (!e) return { found: false, text: `Aucun EPCI ne porte le SIREN ${query}.` };
    const deps = e.departements.map((code) => `${referential.departements.get(code)?.nom ?? '?'} (${code})`);
    const members = e.communes.map((code) => {
      const c = referential.communes.get(code)!;
      return `    - ${c.nom} (${c.code}) : ${inhabitants(c.population)}`;
    });
    return {
      found: true,
      text: [
        `${e.nom} — EPCI (${e.type}), SIREN ${e.siren}`,
        `  Département${deps.length > 1 ? 's' : ' '}  : ${deps.join(', ')}`,
        `  Population    : ${inhabitants(e.population)}`,
        `  Communes (${e.communes.length}) :`,
        ...members,
      ].join('\n'),
    };
  }

  if (query.length <= 3 && isDepartementCode(upper)) {
    const d = referential.departements.get(upper);
    if (!d) return { found: false, text: `Aucun département ne porte le code ${upper}.` };
    const region = referential.regions.get(d.region);
    const epci = d.epci.map((siren) => {
      const e = referential.epci.get(siren)!;
      const straddles = e.departements.length > 1 ? ', à cheval sur plusieurs départements' : '';
      return `    - ${e.nom} (SIREN ${e.siren}) : ${e.communes.length} communes, ${inhabitants(e.population)}${straddles}`;
    });
    return {
      found: true,
      text: [
        `${d.nom} — département ${d.code}`,
        `  Région        : ${region?.nom ?? '?'} (${d.region})`,
        `  Communes      : ${integer.format(d.communes.length)}`,
        `  Population    : ${inhabitants(d.population)}`,
        `  EPCI (${d.epci.length}) :`,
        ...epci,
      ].join('\n'),
    };
  }

  const [best, ...others] = referential.searchIndex.search(query, { limit: 5 });
  if (!best) return { found: false, text: `Aucune commune ne correspond à « ${query} ».` };
  const lines = [`Meilleure correspondance pour « ${query} » :`, '', ...communeLines(referential, referential.communes.get(best.code)!)];
  if (others.length) {
    lines.push('', 'Autres communes possibles :');
    for (const o of others) {
      const dep = referential.departements.get(o.departement)?.nom ?? o.departement;
      lines.push(`  - ${o.nom} (${o.code}), ${dep} : ${inhabitants(o.population)}`);
    }
  }
  return { found: true, text: lines.join('\n') };
}

export interface TerritoryCommandOptions {
  /** Defaults to the process referential (built on first use). */
  referential?: () => Referential;
  /** Defaults to console.log / console.error. */
  out?: (text: string) => void;
  err?: (text: string) => void;
}

/** Adds `maillage territoire <code|nom>`; needs no database, only the in-memory referential. */
export function registerTerritoryCommands(program: Command, options: TerritoryCommandOptions = {}): Command {
  const out = options.out ?? ((text: string) => console.log(text));
  const err = options.err ?? ((text: string) => console.error(text));
  program
    .command('territoire')
    .description(
      'Affiche une commune (code INSEE), un EPCI (SIREN), un département (code) ou cherche une commune par nom ou code postal',
    )
    .argument('<code|nom...>', 'code INSEE, SIREN, code de département, nom de commune ou code postal')
    .action((words: string[]) => {
      const referential = (options.referential ?? getReferential)();
      const result = describeTerritory(referential, words.join(' '));
      if (result.found) {
        out(result.text);
      } else {
        err(result.text);
        process.exitCode = 1;
      }
    });
  return program;
}
