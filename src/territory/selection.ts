/**
 * The territory a request is about: `departement=`, `epci=` or `commune=` (in a query string or a body), validated the
 * same way on every route — French messages naming the parameter, codes known to the referential — and turned into the
 * access layer's TerritoryRef.
 */
import { z } from 'zod';
import { COMMUNE_CODE_PATTERN, DEPARTEMENT_CODE_PATTERN, EPCI_SIREN_PATTERN } from './domain/codes';
import type { Referential } from './domain/referential';
import { territoryName } from './storage';

export type SelectableKind = 'departement' | 'epci' | 'commune';
/** The most precise first: when several are given, the access check and the selection take the commune. */
const KINDS: readonly SelectableKind[] = ['commune', 'epci', 'departement'];

export type TerritorySelection = Partial<Record<SelectableKind, string>>;
/** The territory chosen (a TerritoryRef the access layer understands). */
export interface SelectedTerritory {
  kind: SelectableKind;
  code: string;
}

const FIELDS: Record<SelectableKind, { pattern: RegExp; invalid: string; unknown: string; describe: string }> = {
  departement: {
    pattern: DEPARTEMENT_CODE_PATTERN,
    invalid: 'code de département invalide : 2 chiffres, 2A, 2B ou 3 chiffres pour l’outre-mer attendus (ex. 86, 2A, 974).',
    unknown: 'département inconnu',
    describe: 'Code du département (ex. 86)',
  },
  epci: {
    pattern: EPCI_SIREN_PATTERN,
    invalid: 'SIREN d’EPCI invalide : 9 chiffres attendus (ex. 200069854).',
    unknown: 'intercommunalité inconnue',
    describe: 'SIREN de l’intercommunalité (EPCI)',
  },
  commune: {
    pattern: COMMUNE_CODE_PATTERN,
    invalid: 'code INSEE de commune invalide : 5 caractères attendus (ex. 86194).',
    unknown: 'commune inconnue',
    describe: 'Code INSEE de la commune',
  },
};

function field(kind: SelectableKind, referential: Referential) {
  const f = FIELDS[kind];
  return z
    .string()
    .regex(f.pattern, { error: f.invalid })
    // A malformed code gets only the message about its form.
    .refine((code) => !f.pattern.test(code) || territoryName(referential, { kind, code }) !== undefined, {
      error: (issue) => `${f.unknown} : « ${String(issue.input)} » n’est pas dans le référentiel.`,
    })
    .optional()
    .describe(f.describe);
}

/** The three optional parameters, to spread into a route's zod object. */
export function territoryFields(referential: Referential) {
  return { departement: field('departement', referential), epci: field('epci', referential), commune: field('commune', referential) };
}

const chosen = (s: TerritorySelection) => KINDS.filter((k) => s[k]).length;

/** At most one territory (none: the whole country, for those allowed everywhere). */
export const atMostOneTerritory = (s: TerritorySelection) => chosen(s) <= 1;
/** Exactly one territory. */
export const exactlyOneTerritory = (s: TerritorySelection) => chosen(s) === 1;
/** The refinement message of both checks (on `departement`). */
export const ONE_TERRITORY_MESSAGE = { error: 'précisez un seul territoire : departement, epci ou commune.', path: ['departement'] };

/**
 * The territory of a request's parameters, for the access check (which runs before validation, hence `unknown`) and for
 * the handler: the most precise given; undefined when none.
 */
export function selectedTerritory(params: unknown): SelectedTerritory | undefined {
  const s = (params ?? {}) as Record<string, unknown>;
  for (const kind of KINDS) {
    const code = s[kind];
    if (typeof code === 'string' && code !== '') return { kind, code };
  }
  return undefined;
}
