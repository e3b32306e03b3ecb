/**
 * The territory a back-office page is about, as the API names it (`departement=`, `epci=` or `commune=`, at most one;
 * none: the whole country, for national perimeters), kept in the page's URL under the same names.
 */
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { perimeterLabel, type Role } from './labels';
import { useSession } from './session';

type TerritoryKind = 'departement' | 'epci' | 'commune';
export interface Territory {
  kind: TerritoryKind;
  code: string;
}
/** A territory, or the whole country at once. */
export type TerritoryChoice = Territory | 'france';

/** Coarsest first. */
const TERRITORY_KINDS: readonly TerritoryKind[] = ['departement', 'epci', 'commune'];

/** How each level is named and typed in; `path` is its folder under /api/v1/territoires. */
export const KIND_TEXT: Record<TerritoryKind, { one: string; the: string; code: string; hint: string; path: string }> = {
  departement: {
    one: 'Un département',
    the: 'le département',
    code: 'Code du département',
    hint: '2 chiffres (3 en outre-mer), par exemple 86 pour la Vienne.',
    path: 'departements',
  },
  epci: {
    one: 'Une intercommunalité (EPCI)',
    the: 'l’intercommunalité',
    code: 'SIREN de l’intercommunalité',
    hint: '9 chiffres, par exemple 200069854 pour Grand Poitiers.',
    path: 'epci',
  },
  commune: {
    one: 'Une commune',
    the: 'la commune',
    code: 'Code INSEE de la commune',
    hint: '5 caractères (ce n’est pas le code postal), par exemple 86194 pour Poitiers.',
    path: 'communes',
  },
};

const isKind = (value: string | undefined): value is TerritoryKind => TERRITORY_KINDS.includes(value as TerritoryKind);

/** What a page accepts; the same object is given to useTerritoryChoice and to TerritoryPicker. */
export interface TerritoryOptions {
  /** The levels the page's API takes (default: all three). */
  kinds?: readonly TerritoryKind[];
  /** The page can show the whole country at once (to national perimeters). */
  wholeCountry?: boolean;
  /** Whose perimeters count (default: admin and gestionnaire). */
  roles?: readonly Role[];
}

interface ManagedTerritories {
  /** The person's own départements, EPCI and communes, in the order of their roles. */
  own: Territory[];
  /** A national perimeter: every territory, and the whole country at once. */
  national: boolean;
  /** A national or regional perimeter: any département, EPCI or commune may be typed in. */
  anywhere: boolean;
}

const MANAGERS: readonly Role[] = ['admin', 'gestionnaire'];

/** The territories the signed-in person manages with these roles, from the session. */
export function useManagedTerritories(roles: readonly Role[] = MANAGERS): ManagedTerritories {
  const session = useSession();
  const perimetres = [...new Set((session.user?.roles ?? []).filter((r) => roles.includes(r.role)).map((r) => r.perimetre))];
  const own = perimetres.flatMap((p): Territory[] => {
    const [kind, code] = p.split(':');
    return isKind(kind) && code ? [{ kind, code }] : [];
  });
  const national = perimetres.includes('national');
  return { own, national, anywhere: national || perimetres.some((p) => p.startsWith('region:')) };
}

/** One choice offered by the picker: an own territory, the whole country, or a level whose code is typed in. */
export type Offer = { value: string; label: string } & ({ choice: TerritoryChoice } | { typed: TerritoryKind });

const rank = (kind: TerritoryKind) => TERRITORY_KINDS.indexOf(kind);
export const choiceValue = (choice: TerritoryChoice) => (choice === 'france' ? 'national' : `${choice.kind}:${choice.code}`);

/**
 * The person's own territories first, the whole country (national perimeters, where the page allows it), then the
 * levels they may type a code for: any with a national or regional perimeter, otherwise those finer than one of theirs.
 */
export function offers(managed: ManagedTerritories, options: TerritoryOptions): Offer[] {
  const kinds = options.kinds ?? TERRITORY_KINDS;
  const own = managed.own.filter((t) => kinds.includes(t.kind));
  const typed = kinds.filter((kind) => managed.anywhere || managed.own.some((t) => rank(t.kind) < rank(kind)));
  return [
    ...own.map((t) => ({ value: choiceValue(t), label: territoryLabel(t), choice: t })),
    ...(managed.national && options.wholeCountry ? [{ value: 'national', label: territoryLabel('france'), choice: 'france' as const }] : []),
    ...typed.map((kind) => ({ value: `autre:${kind}`, label: KIND_TEXT[kind].one, typed: kind })),
  ];
}

/** « Département 86 », « Toute la France ». */
export function territoryLabel(choice: TerritoryChoice): string {
  return choice === 'france' ? 'Toute la France' : perimeterLabel(choiceValue(choice));
}

/** « la commune 86194 », « le département 86 ». */
export function territoryText(territory: Territory): string {
  return `${KIND_TEXT[territory.kind].the} ${territory.code}`;
}

/** The API's query for a choice: `departement=86`; nothing for the whole country. */
export function territoryQuery(choice: TerritoryChoice): URLSearchParams {
  return new URLSearchParams(choice === 'france' ? {} : { [choice.kind]: choice.code });
}

/** The page's URL for a choice (the whole country is said, since it is not everyone's default). */
export function choiceParams(choice: TerritoryChoice): URLSearchParams {
  return choice === 'france' ? new URLSearchParams({ territoire: 'national' }) : territoryQuery(choice);
}

/** Before: `?territoire=departement:86` (and `?territoire=national`, still used for the whole country). */
const LEGACY = 'territoire';

function choiceInUrl(params: URLSearchParams, kinds: readonly TerritoryKind[]): TerritoryChoice | undefined {
  // The most precise level given wins, as in the API.
  for (const kind of [...kinds].reverse()) {
    const code = params.get(kind)?.trim().toUpperCase();
    if (code) return { kind, code };
  }
  const legacy = params.get(LEGACY);
  if (legacy === 'national') return 'france';
  const [kind, code] = legacy?.split(':') ?? [];
  return isKind(kind) && kinds.includes(kind) && code ? { kind, code } : undefined;
}

/**
 * The page's territory: the one in its URL, else the person's first own territory, else the whole country for a national
 * perimeter where the page allows it; undefined when the person must choose. Old and redundant parameters
 * (`?territoire=departement:86`, `?departement=86&epci=…`) are replaced in the URL by the one the page uses.
 */
export function useTerritoryChoice(options: TerritoryOptions) {
  const [params, setParams] = useSearchParams();
  const managed = useManagedTerritories(options.roles);
  const kinds = options.kinds ?? TERRITORY_KINDS;
  const inUrl = choiceInUrl(params, kinds);
  const wholeCountryAllowed = managed.national && !!options.wholeCountry;
  const choice =
    inUrl && (inUrl !== 'france' || wholeCountryAllowed)
      ? inUrl
      : (managed.own.find((t) => kinds.includes(t.kind)) ?? (wholeCountryAllowed ? ('france' as const) : undefined));

  const canonical = canonicalUrl(params, inUrl);
  useEffect(() => {
    if (canonical !== null) setParams(new URLSearchParams(canonical), { replace: true });
  }, [canonical, setParams]);

  return { choice, params, setParams };
}

/** The URL with only the parameter of the territory read from it, or null when it is already so. */
function canonicalUrl(params: URLSearchParams, inUrl: TerritoryChoice | undefined): string | null {
  if (!inUrl) return null;
  const next = new URLSearchParams(params);
  for (const key of [...TERRITORY_KINDS, LEGACY]) next.delete(key);
  for (const [key, value] of choiceParams(inUrl)) next.set(key, value);
  const sorted = (p: URLSearchParams) => [...p].map(([k, v]) => `${k}=${v}`).sort().join('&');
  return sorted(next) === sorted(params) ? null : next.toString();
}
